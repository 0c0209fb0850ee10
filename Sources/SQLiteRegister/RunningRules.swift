import Foundation
import GRDB
import IntakeRegister

extension SQLiteRegister {
    /// Migration "v9-running-rules": which stored rule set runs, one row each time a desk made one the
    /// running one (the newest row is the running rule set), and the parameter proposals that publish
    /// new ones.
    static func registerRunningRulesMigration(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v9-running-rules") { db in
            try db.create(table: "running_rule_sets") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("rule_set_hash", .text).notNull().references("rule_sets")
                t.column("taken_at", .text).notNull()
                t.column("taken_by", .text).notNull()
                t.column("source", .text).notNull().check { RuleSetSource.allCases.map(\.rawValue).contains($0) }
                t.column("origin", .text).notNull()
            }
            try db.create(table: "parameter_proposals") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("parameter", .text).notNull()
                t.column("from_date", .text).notNull()
                t.column("value", .text).notNull()
                t.column("reference", .text).notNull()
                t.column("proposed_by", .text).notNull()
                t.column("proposed_at", .text).notNull()
                t.column("base_hash", .text).notNull().references("rule_sets")
                t.column("proposed_hash", .text).notNull().references("rule_sets")
                t.column("status", .text).notNull().check { ProposalStatus.allCases.map(\.rawValue).contains($0) }
                t.column("decided_by", .text)
                t.column("decided_at", .text)
                t.column("reason", .text)
            }
        }
    }

    package func takeRuleSet(_ taking: RuleSetTaking) async throws -> RunningRuleSet {
        let takenAt = Self.timestamp()
        return try await write { db in
            guard try Self.hasRuleSet(taking.hash, db) else { throw RunningRuleSetError.notStored(taking.hash) }
            try db.execute(sql: "INSERT INTO running_rule_sets (rule_set_hash, taken_at, taken_by, source, origin) VALUES (?, ?, ?, ?, ?)",
                           arguments: [taking.hash, takenAt, taking.takenBy, taking.source.rawValue, taking.origin])
            return try Self.runningRuleSets(db, limit: 1)[0]
        }
    }

    package func runningRuleSet() async throws -> RunningRuleSet? {
        try await pool.read { db in try Self.runningRuleSets(db, limit: 1).first }
    }

    package func runningRuleSetHistory(limit: Int?) async throws -> [RunningRuleSet] {
        try await pool.read { db in try Self.runningRuleSets(db, limit: limit) }
    }

    static func runningRuleSets(_ db: Database, limit: Int?) throws -> [RunningRuleSet] {
        let rows = try Row.fetchAll(db, sql: "SELECT * FROM running_rule_sets ORDER BY id DESC LIMIT ?", arguments: [limit ?? -1])
        return try rows.map { row in
            RunningRuleSet(id: row["id"],
                           taking: RuleSetTaking(hash: row["rule_set_hash"], takenBy: row["taken_by"], source: try row.code("source"),
                                                 origin: row["origin"]),
                           since: try row.timestamp("taken_at"))
        }
    }
}

extension Row {
    func timestamp(_ column: String) throws -> Date {
        let text: String = self[column]
        guard let date = try? Date(text, strategy: .iso8601) else { throw UnreadableStoredValue(column: column, value: text) }
        return date
    }
}
