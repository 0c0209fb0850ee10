import Eligibility
import Foundation
import GRDB

/// The intake desk's durable register: every assessment made through the server, the rule sets they
/// were made under (by hash, with the files' contents, so a decision can be replayed), accounts and API
/// tokens. SQLite in WAL mode with `synchronous = FULL`: a write that returned is on disk, so an answered
/// assessment survives `kill -9` of the server (and a power cut).
public final class Register: Sendable {
    let pool: DatabasePool

    /// Opens the register at `path`, creating it and migrating it to the current schema.
    public init(path: String) throws {
        var configuration = Configuration()
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
        }
        configuration.foreignKeysEnabled = true
        configuration.busyMode = .timeout(5)
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        pool = try DatabasePool(path: path, configuration: configuration) // DatabasePool uses WAL
        try Self.migrator.migrate(pool)
    }

    /// The journal mode SQLite reports (`wal`), for tests and the health check.
    public func journalMode() throws -> String {
        try pool.read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") ?? "" }
    }

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.create(table: "rule_sets") { t in
                t.primaryKey("hash", .text)
                t.column("title", .text).notNull()
                t.column("stored_at", .text).notNull()
            }
            try db.create(table: "rule_set_files") { t in
                t.column("rule_set_hash", .text).notNull().references("rule_sets", onDelete: .cascade)
                t.column("path", .text).notNull()
                t.column("source", .text).notNull()
                t.primaryKey(["rule_set_hash", "path"])
            }
            try db.create(table: "accounts") { t in
                t.primaryKey("name", .text)
                t.column("role", .text).notNull().check { ["intake", "officer", "auditor"].contains($0) }
                t.column("password_hash", .text).notNull()
                t.column("created_at", .text).notNull()
            }
            try db.create(table: "api_tokens") { t in
                t.primaryKey("id", .text)
                t.column("account_name", .text).notNull().references("accounts", onDelete: .cascade)
                t.column("secret_hash", .text).notNull()
                t.column("created_at", .text).notNull()
            }
            try db.create(table: "assessments") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("created_at", .text).notNull()
                t.column("actor", .text).notNull().indexed()
                t.column("applicant_name", .text).indexed()
                t.column("applicant_id", .text).indexed()
                t.column("assessment_date", .text).notNull().indexed()
                t.column("rule_set_hash", .text).notNull().references("rule_sets")
                t.column("profile_json", .text).notNull()
                t.column("decision_json", .text).notNull()
            }
            // One row per programme decided, so the register can be searched by programme and outcome
            // without parsing the stored decision.
            try db.create(table: "assessment_outcomes") { t in
                t.column("assessment_id", .integer).notNull().references("assessments", onDelete: .cascade)
                t.column("programme", .text).notNull()
                t.column("outcome", .text).notNull()
                t.primaryKey(["assessment_id", "programme"])
            }
            try db.create(index: "assessment_outcomes_by_programme", on: "assessment_outcomes", columns: ["programme", "outcome"])
        }
        registerSessionsMigration(&migrator)
        return migrator
    }

    static func timestamp(_ date: Date = Date()) -> String {
        date.formatted(.iso8601)
    }
}

// MARK: Rule sets

extension Register {
    /// Keeps a rule set's files under its hash (once; storing it again changes nothing): the very bytes
    /// it was loaded from, so that loading them back gives the same rule set.
    public func storeRuleSet(_ ruleSet: RuleSet) throws {
        guard try !hasRuleSet(hash: ruleSet.contentHash) else { return }
        try pool.write { db in
            guard try !Self.hasRuleSet(ruleSet.contentHash, db) else { return }
            try db.execute(sql: "INSERT INTO rule_sets (hash, title, stored_at) VALUES (?, ?, ?)",
                           arguments: [ruleSet.contentHash, ruleSet.title, Self.timestamp()])
            for file in ruleSet.hashedFiles {
                // A rule set loads only from UTF-8 files, so the text column keeps the bytes exactly.
                try db.execute(sql: "INSERT INTO rule_set_files (rule_set_hash, path, source) VALUES (?, ?, ?)",
                               arguments: [ruleSet.contentHash, file.path, String(decoding: file.bytes, as: UTF8.self)])
            }
        }
    }

    /// The files a rule set was made of, by path relative to its folder, as they were stored.
    public func ruleSetFiles(hash: String) throws -> [(path: String, source: String)] {
        try pool.read { db in
            try Row.fetchAll(db, sql: "SELECT path, source FROM rule_set_files WHERE rule_set_hash = ? ORDER BY path", arguments: [hash])
                .map { (path: $0["path"], source: $0["source"]) }
        }
    }

    public func hasRuleSet(hash: String) throws -> Bool {
        try pool.read { db in try Self.hasRuleSet(hash, db) }
    }

    static func hasRuleSet(_ hash: String, _ db: Database) throws -> Bool {
        try Bool.fetchOne(db, sql: "SELECT 1 FROM rule_sets WHERE hash = ?", arguments: [hash]) ?? false
    }
}
