import Eligibility
import Foundation
import GRDB
import IntakeRegister

extension SQLiteRegister {
    package func addProposal(_ proposal: NewProposal) async throws -> StoredProposal {
        let proposedAt = Self.timestamp()
        return try await write { db in
            for hash in [proposal.baseHash, proposal.proposedHash] {
                guard try Self.hasRuleSet(hash, db) else { throw ProposalError.notStored(hash) }
            }
            try db.execute(sql: """
                INSERT INTO parameter_proposals (parameter, from_date, value, reference, proposed_by, proposed_at, base_hash, proposed_hash, status)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'open')
                """, arguments: [proposal.parameter, proposal.from.description, proposal.value, proposal.reference, proposal.proposedBy,
                                 proposedAt, proposal.baseHash, proposal.proposedHash])
            return try Self.proposal(id: db.lastInsertedRowID, db)!
        }
    }

    package func proposal(id: Int64) async throws -> StoredProposal? {
        try await pool.read { db in try Self.proposal(id: id, db) }
    }

    package func proposals() async throws -> [StoredProposal] {
        try await pool.read { db in try Row.fetchAll(db, sql: "SELECT * FROM parameter_proposals ORDER BY id DESC").map(Self.proposal) }
    }

    package func decideProposal(id: Int64, _ decision: ProposalDecision, by officer: String) async throws -> StoredProposal {
        let decidedAt = Self.timestamp()
        // The file's write lock from the first read: a second decision waits, then finds it decided.
        return try await writeLockingHousehold { db in
            guard let stored = try Self.proposal(id: id, db) else { throw ProposalError.noSuchProposal(id) }
            try decision.check(stored, by: officer)
            if decision == .publish {
                guard try Self.runningRuleSets(db, limit: 1).first?.hash == stored.proposal.baseHash else { throw ProposalError.baseNotRunning(id) }
                try db.execute(sql: "INSERT INTO running_rule_sets (rule_set_hash, taken_at, taken_by, source, origin) VALUES (?, ?, ?, 'proposal', ?)",
                               arguments: [stored.proposal.proposedHash, decidedAt, officer, "#\(id)"])
            }
            try db.execute(sql: "UPDATE parameter_proposals SET status = ?, decided_by = ?, decided_at = ?, reason = ? WHERE id = ?",
                           arguments: [decision.status.rawValue, officer, decidedAt, decision.reason, id])
            return try Self.proposal(id: id, db)!
        }
    }

    static func proposal(id: Int64, _ db: Database) throws -> StoredProposal? {
        try Row.fetchOne(db, sql: "SELECT * FROM parameter_proposals WHERE id = ?", arguments: [id]).map(proposal)
    }

    static func proposal(_ row: Row) throws -> StoredProposal {
        StoredProposal(id: row["id"],
                       proposal: NewProposal(parameter: row["parameter"], from: try row.date("from_date"), value: row["value"],
                                             reference: row["reference"], proposedBy: row["proposed_by"],
                                             baseHash: row["base_hash"], proposedHash: row["proposed_hash"]),
                       proposedAt: try row.timestamp("proposed_at"), status: try row.code("status"),
                       decidedBy: row["decided_by"], decidedAt: try (row["decided_at"] as String?).map { _ in try row.timestamp("decided_at") },
                       reason: row["reason"])
    }
}
