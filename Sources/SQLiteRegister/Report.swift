import Eligibility
import GRDB
import IntakeRegister

/// The reads of the year's figures (`YearFigures`): over every household, by range of days.
extension SQLiteRegister {
    package func grants(payingFrom from: CivilDate, to: CivilDate) async throws -> [StoredGrant] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: """
                SELECT * FROM grants
                WHERE granted_on <= ? AND (granted_on >= ? OR (period = 'monthly' AND \(Self.lastMonthOfSchedule) >= ?))
                ORDER BY granted_on, id
                """, arguments: [to.description, from.description, Self.monthNumber(from)]).map(Self.grant)
        }
    }

    package func assessmentTally(from: CivilDate, to: CivilDate) async throws -> AssessmentTally {
        try await pool.read { db in
            let dates: StatementArguments = [from.description, to.description]
            let assessments = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM assessments WHERE assessment_date BETWEEN ? AND ?",
                                               arguments: dates) ?? 0
            var decisions: [String: [String: Int]] = [:]
            for row in try Row.fetchAll(db, sql: """
                SELECT o.programme, o.outcome, COUNT(*) AS n FROM assessment_outcomes o JOIN assessments a ON a.id = o.assessment_id
                WHERE a.assessment_date BETWEEN ? AND ? GROUP BY o.programme, o.outcome
                """, arguments: dates) {
                decisions[row["programme"], default: [:]][row["outcome"]] = row["n"]
            }
            return AssessmentTally(assessments: assessments, decisions: decisions)
        }
    }

    package func referrals(activeFrom from: CivilDate, to: CivilDate) async throws -> [StoredReferral] {
        try await pool.read { db in
            try Self.referrals(where: "r.opened_on <= ? AND (r.closed_on IS NULL OR r.closed_on >= ?)", [to.description, from.description], db)
        }
    }

    package func outgoingReferrals(activeFrom from: CivilDate, to: CivilDate) async throws -> [StoredOutgoingReferral] {
        try await pool.read { db in
            try Int64.fetchAll(db, sql: """
                SELECT o.id FROM outgoing_referrals o JOIN outgoing_referral_steps s ON s.outgoing_referral_id = o.id AND s.step = 'sent'
                WHERE s.taken_on <= ? AND NOT EXISTS (SELECT 1 FROM outgoing_referral_steps r
                                                      WHERE r.outgoing_referral_id = o.id AND r.step = 'result' AND r.taken_on < ?)
                ORDER BY s.taken_on, o.id
                """, arguments: [to.description, from.description]).compactMap { try Self.outgoingReferral(id: $0, db) }
        }
    }

    package func claims(activeFrom from: CivilDate, to: CivilDate) async throws -> [StoredClaim] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: """
                SELECT * FROM claims WHERE opened_on <= ? AND (recovered_on IS NULL OR recovered_on >= ?) ORDER BY opened_on, id
                """, arguments: [to.description, from.description]).map(Self.claim)
        }
    }

    /// A schedule's last month as a month number (`monthNumber`), from its `YYYY-MM-DD` date.
    private static let lastMonthOfSchedule =
        "CAST(substr(granted_on, 1, 4) AS INTEGER) * 12 + CAST(substr(granted_on, 6, 2) AS INTEGER) - 1 + months - 1"

    /// Months since year 0: consecutive months have consecutive numbers.
    static func monthNumber(_ date: CivilDate) -> Int { date.year * 12 + date.month - 1 }
}
