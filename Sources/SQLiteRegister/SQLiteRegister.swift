import Eligibility
import Foundation
import GRDB
import IntakeRegister
import Synchronization

/// The register on SQLite through GRDB, in WAL mode with `synchronous = FULL`: a write that returned is
/// on disk, so an answered assessment survives `kill -9` of the server (and a power cut).
///
/// SQLite keeps writing to a file deleted under it (into an inode nothing names any more, lost at the
/// next restart), so the register remembers its file's device and inode when it opens and checks them
/// before every write and in `checkStorage()`: once the path no longer names that file, every write
/// throws `RegisterUnavailable`, for good.
package final class SQLiteRegister: Register {
    let pool: DatabasePool
    package let path: String
    private let fileIdentity: FileIdentity
    private let fault = StorageFault()
    /// The entries waiting for the next group commit (`record`), and whether one is under way.
    let waitingEntries = Mutex<(entries: [(entry: NewAssessment, createdAt: String, answer: CheckedContinuation<Int64, any Error>)],
                                committing: Bool)>(([], false))

    /// Opens the register at `path` and migrates it to the current schema. When no file is there it
    /// is created only if `createIfMissing`, else `RegisterFileMissing` is thrown: a register that
    /// vanished must not come back empty without anyone asking.
    package init(path: String, createIfMissing: Bool = true) throws {
        guard createIfMissing || FileManager.default.fileExists(atPath: path) else { throw RegisterFileMissing(path: path) }
        self.path = path
        var configuration = Configuration()
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
        }
        configuration.foreignKeysEnabled = true
        configuration.busyMode = .timeout(5)
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        pool = try DatabasePool(path: path, configuration: configuration) // DatabasePool uses WAL
        guard let identity = FileIdentity(path: path) else { throw RegisterFileMissing(path: path) }
        fileIdentity = identity
        try Self.migrator.migrate(pool)
    }

    package func checkStorage() throws {
        if let reason = fault.reason { throw RegisterUnavailable(reason) }
        guard let now = FileIdentity(path: path) else {
            throw fault.record("its file \(path) was deleted while the desk ran; restore it from the backup and restart")
        }
        guard now == fileIdentity else {
            throw fault.record("its file \(path) was replaced by another file while the desk ran; find out why, then restart")
        }
    }

    /// A write, once the file is known to be the one opened.
    func write<T: Sendable>(_ updates: @Sendable @escaping (Database) throws -> T) async throws -> T {
        try checkStorage()
        return try await pool.write(updates)
    }

    /// A write that holds the file's write lock from its first statement (BEGIN IMMEDIATE), so that
    /// what it reads cannot change before it commits, whoever else writes to the file (another
    /// register opened on it, another desk's process): the household's lock of `confirmGrants`.
    func writeLockingHousehold<T: Sendable>(_ updates: @Sendable @escaping (Database) throws -> T) async throws -> T {
        try checkStorage()
        return try await pool.writeWithoutTransaction { db in
            var result: T?
            try db.inTransaction(.immediate) {
                result = try updates(db)
                return .commit
            }
            return result!
        }
    }

    /// The journal mode SQLite reports (`wal`), for tests and the health check.
    package func journalMode() async throws -> String {
        try await pool.read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") ?? "" }
    }

    /// The schema, step by step. A step's identifier never changes once released: a register written by
    /// an earlier version opens and migrates on.
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
        registerApplicantIDSearchMigration(&migrator)
        // An entry made by "修改后重新评估" names the entry it assessed again.
        migrator.registerMigration("v4-revises") { db in
            try db.alter(table: "assessments") { t in
                t.add(column: "revises", .integer).references("assessments")
            }
        }
        registerHouseholdsMigration(&migrator)
        registerReferralsMigration(&migrator)
        registerGrantsMigration(&migrator)
        registerReviewsMigration(&migrator)
        registerRunningRulesMigration(&migrator)
        registerGrantsIncomeMigration(&migrator)
        return migrator
    }

    static func timestamp(_ date: Date = Date()) -> String {
        date.formatted(.iso8601)
    }
}

/// A value in the file that no version of the register writes: a date that is no date, a code no
/// enumeration holds.
struct UnreadableStoredValue: Error, CustomStringConvertible {
    var column: String
    var value: String
    var description: String { "the register holds \(value.debugDescription) in \(column), which it cannot read" }
}

extension Row {
    func date(_ column: String) throws -> CivilDate {
        let text: String = self[column]
        guard let date = CivilDate(text) else { throw UnreadableStoredValue(column: column, value: text) }
        return date
    }

    func optionalDate(_ column: String) throws -> CivilDate? {
        try (self[column] as String?).map { _ in try date(column) }
    }

    func code<Code: RawRepresentable>(_ column: String) throws -> Code where Code.RawValue == String {
        let text: String = self[column]
        guard let code = Code(rawValue: text) else { throw UnreadableStoredValue(column: column, value: text) }
        return code
    }
}

/// `serve` was pointed at a register file that does not exist.
package struct RegisterFileMissing: Error, CustomStringConvertible {
    package var path: String
    package var description: String { "no register at \(path)" }
}

/// A file's device and inode: what a path names, whatever is done to the path.
struct FileIdentity: Equatable, Sendable {
    var device: UInt64
    var inode: UInt64

    init?(path: String) {
        var status = stat()
        guard stat(path, &status) == 0 else { return nil }
        device = UInt64(status.st_dev)
        inode = UInt64(status.st_ino)
    }
}

/// The first reason the register stopped trusting its file, kept for good.
/// `@unchecked Sendable`: `stored` is only touched under `lock`.
final class StorageFault: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: String?

    var reason: String? { lock.withLock { stored } }

    func record(_ reason: String) -> RegisterUnavailable {
        RegisterUnavailable(lock.withLock {
            if stored == nil { stored = reason }
            return stored!
        })
    }
}

// MARK: Rule sets

extension SQLiteRegister {
    package func storeRuleSet(_ ruleSet: RuleSet) async throws {
        let hash = ruleSet.contentHash, title = ruleSet.title
        guard try await !hasRuleSet(hash: hash) else { return }
        // A rule set loads only from UTF-8 files, so the text column keeps the bytes exactly.
        let files = ruleSet.hashedFiles.map { (path: $0.path, source: String(decoding: $0.bytes, as: UTF8.self)) }
        try await write { db in
            guard try !Self.hasRuleSet(hash, db) else { return }
            try db.execute(sql: "INSERT INTO rule_sets (hash, title, stored_at) VALUES (?, ?, ?)",
                           arguments: [hash, title, Self.timestamp()])
            for file in files {
                try db.execute(sql: "INSERT INTO rule_set_files (rule_set_hash, path, source) VALUES (?, ?, ?)",
                               arguments: [hash, file.path, file.source])
            }
        }
    }

    package func ruleSetFiles(hash: String) async throws -> [(path: String, source: String)] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT path, source FROM rule_set_files WHERE rule_set_hash = ? ORDER BY path", arguments: [hash])
                .map { (path: $0["path"], source: $0["source"]) }
        }
    }

    package func hasRuleSet(hash: String) async throws -> Bool {
        try await pool.read { db in try Self.hasRuleSet(hash, db) }
    }

    static func hasRuleSet(_ hash: String, _ db: Database) throws -> Bool {
        try Bool.fetchOne(db, sql: "SELECT 1 FROM rule_sets WHERE hash = ?", arguments: [hash]) ?? false
    }
}
