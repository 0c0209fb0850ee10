import Eligibility
import IntakeRegister
import PostgresNIO

extension PostgresRegister {
    // The rule set must be stored, and a revised entry must exist: both are foreign keys.
    package func record(_ entry: NewAssessment) async throws -> Int64 {
        let createdAt = Self.timestamp()
        let key = entry.applicantID.map(RegisterQuery.applicantIDSearchKey)
        let programmes = entry.outcomes.map(\.programme), outcomes = entry.outcomes.map(\.outcome)
        return try await transaction { connection, logger in
            let rows = try await connection.query("""
                INSERT INTO assessments (created_at, actor, applicant_name, applicant_id, applicant_id_key, assessment_date,
                                         rule_set_hash, profile_json, decision_json, revises)
                VALUES (\(createdAt), \(entry.actor), \(entry.applicantName), \(entry.applicantID), \(key), \(entry.assessmentDate.description),
                        \(entry.ruleSetHash), \(entry.profileJSON), \(entry.decisionJSON), \(entry.revises))
                RETURNING id
                """, logger: logger).collect()
            let id = try rows[0].decode(Int64.self)
            try await connection.query("""
                INSERT INTO assessment_outcomes (assessment_id, programme, outcome)
                SELECT \(id), programme, outcome FROM unnest(\(programmes)::text[], \(outcomes)::text[]) AS o (programme, outcome)
                """, logger: logger)
            let referred = entry.referredProgrammes
            if let opening = entry.referralsOpened, !referred.isEmpty {
                var householdID: Int64?
                if let applicant = entry.applicantAsMember {
                    householdID = try await Self.householdOpened(for: applicant, assessmentID: id, opening, createdAt: createdAt, connection, logger)
                }
                try await connection.query("""
                    INSERT INTO referrals (assessment_id, programme, household_id, opened_on, opened_by, created_at)
                    SELECT \(id), programme, \(householdID), \(opening.on.description), \(opening.by), \(createdAt) FROM unnest(\(referred)::text[]) AS r (programme)
                    """, logger: logger)
            }
            return id
        }
    }

    package func assessment(id: Int64) async throws -> StoredAssessment? {
        try await query("""
            SELECT id, created_at, actor, applicant_name, applicant_id, assessment_date, rule_set_hash, profile_json, decision_json, revises
            FROM assessments WHERE id = \(id)
            """).first.map { row in
            let (id, createdAt, actor, name, applicantID, date, hash, profile, decision, revises) =
                try row.decode((Int64, String, String, String?, String?, String, String, String, String, Int64?).self)
            return StoredAssessment(id: id, createdAt: createdAt, actor: actor, applicantName: name, applicantID: applicantID,
                                    assessmentDate: date, ruleSetHash: hash, profileJSON: profile, decisionJSON: decision, revises: revises)
        }
    }

    /// One statement whatever the query asks: a condition not asked for has a null parameter and is
    /// true, which the planner folds away before it picks an index (an unnamed statement is planned
    /// with its parameters' values).
    package func search(_ query: RegisterQuery) async throws -> [AssessmentSummary] {
        // Ends with the characters given: the reversed key starts with them, a range of its index
        // (U+10FFFF sorts after every character an ID number holds, in the "C" collation).
        let key = query.applicantID.map(RegisterQuery.applicantIDSearchKey)
        let keyEnd = key.map { $0 + "\u{10FFFF}" }
        let from = query.from?.description, to = query.to?.description
        let rows = try await self.query("""
            SELECT a.id, a.created_at, a.actor, a.applicant_name, a.applicant_id, a.assessment_date, a.rule_set_hash,
                   array(SELECT o.programme FROM assessment_outcomes o WHERE o.assessment_id = a.id ORDER BY o.programme),
                   array(SELECT o.outcome FROM assessment_outcomes o WHERE o.assessment_id = a.id ORDER BY o.programme)
            FROM assessments a
            WHERE (\(key)::text IS NULL OR (a.applicant_id_key >= \(key)::text AND a.applicant_id_key < \(keyEnd)::text))
              AND (\(query.name)::text IS NULL OR strpos(lower(a.applicant_name), lower(\(query.name)::text)) > 0)
              AND (\(from)::text IS NULL OR a.assessment_date >= \(from)::text)
              AND (\(to)::text IS NULL OR a.assessment_date <= \(to)::text)
              AND (\(query.actor)::text IS NULL OR a.actor = \(query.actor)::text)
              AND ((\(query.programme)::text IS NULL AND \(query.outcome)::text IS NULL)
                   OR EXISTS (SELECT 1 FROM assessment_outcomes o WHERE o.assessment_id = a.id
                              AND (\(query.programme)::text IS NULL OR o.programme = \(query.programme)::text)
                              AND (\(query.outcome)::text IS NULL OR o.outcome = \(query.outcome)::text)))
            ORDER BY a.id DESC LIMIT \(Int64(max(1, query.limit)))
            """)
        return try rows.map { row in
            let (id, createdAt, actor, name, applicantID, date, hash, programmes, outcomes) =
                try row.decode((Int64, String, String, String?, String?, String, String, [String], [String]).self)
            return AssessmentSummary(id: id, createdAt: createdAt, actor: actor, applicantName: name, applicantID: applicantID,
                                     assessmentDate: date, ruleSetHash: hash,
                                     outcomes: Dictionary(zip(programmes, outcomes), uniquingKeysWith: { first, _ in first }))
        }
    }
}
