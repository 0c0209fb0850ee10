import Eligibility
import IntakeRegister
import PostgresNIO

extension PostgresRegister {
    package func storeRuleSet(_ ruleSet: RuleSet) async throws {
        let hash = ruleSet.contentHash, title = ruleSet.title, storedAt = Self.timestamp()
        guard try await !hasRuleSet(hash: hash) else { return }
        let files = ruleSet.hashedFiles
        try await transaction { connection, logger in
            // Two desks storing the same rule set at once: the second waits for the first's row, then
            // inserts nothing.
            let inserted = try await connection.query("""
                INSERT INTO rule_sets (hash, title, stored_at) VALUES (\(hash), \(title), \(storedAt))
                ON CONFLICT (hash) DO NOTHING RETURNING hash
                """, logger: logger).collect()
            guard !inserted.isEmpty else { return }
            for file in files {
                try await connection.query("""
                    INSERT INTO rule_set_files (rule_set_hash, path, source) VALUES (\(hash), \(file.path), \(ByteBuffer(bytes: file.bytes)))
                    """, logger: logger)
            }
        }
    }

    package func ruleSetFiles(hash: String) async throws -> [(path: String, source: String)] {
        try await query("SELECT path, source FROM rule_set_files WHERE rule_set_hash = \(hash) ORDER BY path").map { row in
            let (path, source) = try row.decode((String, ByteBuffer).self)
            // A rule set loads only from UTF-8 files: the bytes read back as the text they were.
            return (path: path, source: String(buffer: source))
        }
    }

    package func hasRuleSet(hash: String) async throws -> Bool {
        try await !query("SELECT 1 FROM rule_sets WHERE hash = \(hash)").isEmpty
    }
}
