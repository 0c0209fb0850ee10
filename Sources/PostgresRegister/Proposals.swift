import Eligibility
import Foundation
import IntakeRegister
import PostgresNIO

extension PostgresRegister {
    package func addProposal(_ proposal: NewProposal) async throws -> StoredProposal {
        let proposedAt = Self.timestamp()
        return try await transaction { connection, logger in
            for hash in [proposal.baseHash, proposal.proposedHash] {
                let stored = try await connection.query("SELECT 1 FROM rule_sets WHERE hash = \(hash)", logger: logger).collect()
                guard !stored.isEmpty else { throw ProposalError.notStored(hash) }
            }
            let rows = try await connection.query("""
                INSERT INTO parameter_proposals (parameter, from_date, value, reference, proposed_by, proposed_at, base_hash, proposed_hash, status)
                VALUES (\(proposal.parameter), \(proposal.from.description), \(proposal.value), \(proposal.reference), \(proposal.proposedBy),
                        \(proposedAt), \(proposal.baseHash), \(proposal.proposedHash), 'open')
                RETURNING \(unescaped: Self.proposalColumns)
                """, logger: logger).collect()
            return try Self.proposal(rows[0])
        }
    }

    package func proposal(id: Int64) async throws -> StoredProposal? {
        try await query("SELECT \(unescaped: Self.proposalColumns) FROM parameter_proposals WHERE id = \(id)").first.map(Self.proposal)
    }

    package func proposals() async throws -> [StoredProposal] {
        try await query("SELECT \(unescaped: Self.proposalColumns) FROM parameter_proposals ORDER BY id DESC").map(Self.proposal)
    }

    package func decideProposal(id: Int64, _ decision: ProposalDecision, by officer: String) async throws -> StoredProposal {
        let decidedAt = Self.timestamp()
        return try await transaction { connection, logger in
            if decision == .publish {
                // Publications one at a time: two on one base cannot both find it running.
                try await connection.query("SELECT pg_advisory_xact_lock(hashtextextended('bangfu running rules ' || current_schema(), 0))",
                                           logger: logger)
            }
            let rows = try await connection.query("""
                SELECT \(unescaped: Self.proposalColumns) FROM parameter_proposals WHERE id = \(id) FOR UPDATE
                """, logger: logger).collect()
            guard let row = rows.first else { throw ProposalError.noSuchProposal(id) }
            let stored = try Self.proposal(row)
            try decision.check(stored, by: officer)
            if decision == .publish {
                let running = try await connection.query("SELECT rule_set_hash FROM running_rule_sets ORDER BY id DESC LIMIT 1", logger: logger)
                    .collect().first?.decode(String.self)
                guard running == stored.proposal.baseHash else { throw ProposalError.baseNotRunning(id) }
                try await connection.query("""
                    INSERT INTO running_rule_sets (rule_set_hash, taken_at, taken_by, source, origin)
                    VALUES (\(stored.proposal.proposedHash), \(decidedAt), \(officer), 'proposal', \("#\(id)"))
                    """, logger: logger)
            }
            let updated = try await connection.query("""
                UPDATE parameter_proposals SET status = \(decision.status.rawValue), decided_by = \(officer), decided_at = \(decidedAt),
                    reason = \(decision.reason) WHERE id = \(id)
                RETURNING \(unescaped: Self.proposalColumns)
                """, logger: logger).collect()
            return try Self.proposal(updated[0])
        }
    }

    static let proposalColumns = """
        id, parameter, from_date, value, reference, proposed_by, proposed_at, base_hash, proposed_hash, status, decided_by, decided_at, reason
        """

    static func proposal(_ row: PostgresRow) throws -> StoredProposal {
        let (id, parameter, from, value, reference, proposedBy, proposedAt, baseHash, proposedHash, status, decidedBy, decidedAt, reason) =
            try row.decode((Int64, String, String, String, String, String, String, String, String, String, String?, String?, String?).self)
        guard let fromDate = CivilDate(from) else { throw UnreadableStoredValue(column: "parameter_proposals.from_date", value: from) }
        guard let statusCode = ProposalStatus(rawValue: status) else { throw UnreadableStoredValue(column: "parameter_proposals.status", value: status) }
        func time(_ text: String, _ column: String) throws -> Date {
            guard let date = try? Date(text, strategy: .iso8601) else { throw UnreadableStoredValue(column: "parameter_proposals.\(column)", value: text) }
            return date
        }
        return StoredProposal(id: id,
                              proposal: NewProposal(parameter: parameter, from: fromDate, value: value, reference: reference, proposedBy: proposedBy,
                                                    baseHash: baseHash, proposedHash: proposedHash),
                              proposedAt: try time(proposedAt, "proposed_at"), status: statusCode, decidedBy: decidedBy,
                              decidedAt: try decidedAt.map { try time($0, "decided_at") }, reason: reason)
    }
}
