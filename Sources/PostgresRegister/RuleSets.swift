import Eligibility
import Foundation
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

// MARK: The running rule set

extension PostgresRegister {
    package func takeRuleSet(_ taking: RuleSetTaking) async throws -> RunningRuleSet {
        let takenAt = Self.timestamp()
        return try await transaction { connection, logger in
            let stored = try await connection.query("SELECT 1 FROM rule_sets WHERE hash = \(taking.hash)", logger: logger).collect()
            guard !stored.isEmpty else { throw RunningRuleSetError.notStored(taking.hash) }
            let rows = try await connection.query("""
                INSERT INTO running_rule_sets (rule_set_hash, taken_at, taken_by, source, origin)
                VALUES (\(taking.hash), \(takenAt), \(taking.takenBy), \(taking.source.rawValue), \(taking.origin))
                RETURNING \(unescaped: Self.runningColumns)
                """, logger: logger).collect()
            return try Self.runningRuleSet(rows[0])
        }
    }

    package func runningRuleSet() async throws -> RunningRuleSet? {
        try await query("SELECT \(unescaped: Self.runningColumns) FROM running_rule_sets ORDER BY id DESC LIMIT 1").first.map(Self.runningRuleSet)
    }

    package func runningRuleSetHistory(limit: Int?) async throws -> [RunningRuleSet] {
        // LIMIT NULL is no limit.
        try await query("SELECT \(unescaped: Self.runningColumns) FROM running_rule_sets ORDER BY id DESC LIMIT \(limit.map(Int64.init))")
            .map(Self.runningRuleSet)
    }

    static let runningColumns = "id, rule_set_hash, taken_at, taken_by, source, origin"

    static func runningRuleSet(_ row: PostgresRow) throws -> RunningRuleSet {
        let (id, hash, takenAt, takenBy, source, origin) = try row.decode((Int64, String, String, String, String, String).self)
        guard let since = try? Date(takenAt, strategy: .iso8601) else { throw UnreadableStoredValue(column: "running_rule_sets.taken_at", value: takenAt) }
        guard let source = RuleSetSource(rawValue: source) else { throw UnreadableStoredValue(column: "running_rule_sets.source", value: source) }
        return RunningRuleSet(id: id, taking: RuleSetTaking(hash: hash, takenBy: takenBy, source: source, origin: origin), since: since)
    }
}
