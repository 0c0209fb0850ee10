import Eligibility
import IntakeRegister
import PostgresNIO

/// The reads of the year's figures (`YearFigures`): over every household, by range of days. Each runs
/// in one transaction, so its rows are one moment's.
extension PostgresRegister {
    package func grants(payingFrom from: CivilDate, to: CivilDate) async throws -> [StoredGrant] {
        // Months since year 0, so consecutive months have consecutive numbers; a schedule's last
        // month is read off its `YYYY-MM-DD` date and its months.
        let firstMonth = Int64(from.year * 12 + from.month - 1)
        return try await query("""
            SELECT \(unescaped: Self.grantColumns) FROM grants
            WHERE granted_on <= \(to.description) AND (granted_on >= \(from.description)
                  OR (period = 'monthly'
                      AND CAST(substr(granted_on, 1, 4) AS bigint) * 12 + CAST(substr(granted_on, 6, 2) AS bigint) - 1 + months - 1 >= \(firstMonth)))
            ORDER BY granted_on, id
            """).map(Self.grant)
    }

    package func assessmentTally(from: CivilDate, to: CivilDate) async throws -> AssessmentTally {
        let (from, to) = (from.description, to.description)
        return try await transaction { connection, logger in
            let assessments = try await connection.query("""
                SELECT COUNT(*) FROM assessments WHERE assessment_date BETWEEN \(from) AND \(to)
                """, logger: logger).collect()[0].decode(Int64.self)
            var decisions: [String: [String: Int]] = [:]
            for row in try await connection.query("""
                SELECT o.programme, o.outcome, COUNT(*) FROM assessment_outcomes o JOIN assessments a ON a.id = o.assessment_id
                WHERE a.assessment_date BETWEEN \(from) AND \(to) GROUP BY o.programme, o.outcome
                """, logger: logger).collect() {
                let (programme, outcome, count) = try row.decode((String, String, Int64).self)
                decisions[programme, default: [:]][outcome] = Int(count)
            }
            return AssessmentTally(assessments: Int(assessments), decisions: decisions)
        }
    }

    package func referrals(activeFrom from: CivilDate, to: CivilDate) async throws -> [StoredReferral] {
        let (from, to) = (from.description, to.description)
        return try await transaction { connection, logger in
            let ids = try await connection.query("""
                SELECT id FROM referrals WHERE opened_on <= \(to) AND (closed_on IS NULL OR closed_on >= \(from)) ORDER BY opened_on, id
                """, logger: logger).collect().map { try $0.decode(Int64.self) }
            var found: [StoredReferral] = []
            for id in ids {
                if let referral = try await Self.referral(id: id, connection, logger) { found.append(referral) }
            }
            return found
        }
    }

    package func outgoingReferrals(activeFrom from: CivilDate, to: CivilDate) async throws -> [StoredOutgoingReferral] {
        let (from, to) = (from.description, to.description)
        return try await transaction { connection, logger in
            let ids = try await connection.query("""
                SELECT o.id FROM outgoing_referrals o JOIN outgoing_referral_steps s ON s.outgoing_referral_id = o.id AND s.step = 'sent'
                WHERE s.taken_on <= \(to) AND NOT EXISTS (SELECT 1 FROM outgoing_referral_steps r
                                                         WHERE r.outgoing_referral_id = o.id AND r.step = 'result' AND r.taken_on < \(from))
                ORDER BY s.taken_on, o.id
                """, logger: logger).collect().map { try $0.decode(Int64.self) }
            var found: [StoredOutgoingReferral] = []
            for id in ids {
                if let referral = try await Self.outgoingReferral(id: id, connection, logger) { found.append(referral) }
            }
            return found
        }
    }

    package func claims(activeFrom from: CivilDate, to: CivilDate) async throws -> [StoredClaim] {
        try await query("""
            SELECT \(unescaped: Self.claimColumns) FROM claims
            WHERE opened_on <= \(to.description) AND (recovered_on IS NULL OR recovered_on >= \(from.description)) ORDER BY opened_on, id
            """).map(Self.claim)
    }
}
