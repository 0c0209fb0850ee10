import Eligibility
import GRDB
import IntakeRegister
import Synchronization

extension SQLiteRegister {
    /// Migration "v3-applicant-id-search": each entry's ID number filed as `RegisterQuery`
    /// searches it (`applicantIDSearchKey`, the standard form reversed), indexed, so a search by the
    /// whole number or by its last characters is a range of the index; entries already recorded are
    /// filed too.
    static func registerApplicantIDSearchMigration(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v3-applicant-id-search") { db in
            try db.alter(table: "assessments") { t in t.add(column: "applicant_id_key", .text) }
            let rows = try Row.fetchAll(db, sql: "SELECT id, applicant_id FROM assessments WHERE applicant_id IS NOT NULL")
            for row in rows {
                let id: Int64 = row["id"], applicantID: String = row["applicant_id"]
                try db.execute(sql: "UPDATE assessments SET applicant_id_key = ? WHERE id = ?",
                               arguments: [RegisterQuery.applicantIDSearchKey(applicantID), id])
            }
            try db.create(index: "assessments_by_applicant_id_key", on: "assessments", columns: ["applicant_id_key"])
        }
    }

    // The rule set must be stored: `assessments.rule_set_hash` references `rule_sets`.
    /// Group commit: an entry that arrives while a commit is on its way to disk waits for the next one,
    /// which writes every entry waiting in one transaction (one fsync for all of them, not one each:
    /// a desk under load would otherwise wait on the disk, ~3 ms a commit). Each caller still returns
    /// only once its own entry is committed; an entry a batch cannot take is written alone, so it
    /// fails alone.
    package func record(_ entry: NewAssessment) async throws -> Int64 {
        try checkStorage()
        let createdAt = Self.timestamp()
        return try await withCheckedThrowingContinuation { answer in
            let startsCommitting = waitingEntries.withLock { waiting in
                waiting.entries.append((entry, createdAt, answer))
                defer { waiting.committing = true }
                return !waiting.committing
            }
            if startsCommitting { Task { await self.commitWaitingEntries() } }
        }
    }

    /// Commits what waits, batch after batch, until nothing does.
    private func commitWaitingEntries() async {
        while true {
            let batch = waitingEntries.withLock { waiting in
                defer { waiting.entries.removeAll() }
                if waiting.entries.isEmpty { waiting.committing = false }
                return waiting.entries
            }
            if batch.isEmpty { return }
            do {
                let ids = try await write { db in try batch.map { try Self.insert($0.entry, createdAt: $0.createdAt, db) } }
                for (item, id) in zip(batch, ids) { item.answer.resume(returning: id) }
            } catch {
                for item in batch {
                    do {
                        item.answer.resume(returning: try await write { db in try Self.insert(item.entry, createdAt: item.createdAt, db) })
                    } catch {
                        item.answer.resume(throwing: error)
                    }
                }
            }
        }
    }

    private static func insert(_ entry: NewAssessment, createdAt: String, _ db: Database) throws -> Int64 {
        try db.execute(sql: """
            INSERT INTO assessments (created_at, actor, applicant_name, applicant_id, applicant_id_key, assessment_date,
                                     rule_set_hash, profile_json, decision_json, revises)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [createdAt, entry.actor, entry.applicantName, entry.applicantID,
                             entry.applicantID.map(RegisterQuery.applicantIDSearchKey),
                             entry.assessmentDate.description, entry.ruleSetHash, entry.profileJSON, entry.decisionJSON,
                             entry.revises])
        let id = db.lastInsertedRowID
        for (programme, outcome) in entry.outcomes {
            try db.execute(sql: "INSERT INTO assessment_outcomes (assessment_id, programme, outcome) VALUES (?, ?, ?)",
                           arguments: [id, programme, outcome])
        }
        if let opening = entry.referralsOpened, !entry.referredProgrammes.isEmpty {
            let householdID = try entry.applicantAsMember.map { try householdOpened(for: $0, assessmentID: id, opening, createdAt: createdAt, db) }
            for programme in entry.referredProgrammes {
                try db.execute(sql: """
                    INSERT INTO referrals (assessment_id, programme, household_id, opened_on, opened_by, created_at) VALUES (?, ?, ?, ?, ?, ?)
                    """, arguments: [id, programme, householdID, opening.on.description, opening.by, createdAt])
            }
        }
        return id
    }

    package func assessment(id: Int64) async throws -> StoredAssessment? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM assessments WHERE id = ?", arguments: [id]).map { row in
                StoredAssessment(id: row["id"], createdAt: row["created_at"], actor: row["actor"],
                                 applicantName: row["applicant_name"], applicantID: row["applicant_id"],
                                 assessmentDate: row["assessment_date"], ruleSetHash: row["rule_set_hash"],
                                 profileJSON: row["profile_json"], decisionJSON: row["decision_json"], revises: row["revises"])
            }
        }
    }

    package func search(_ query: RegisterQuery) async throws -> [AssessmentSummary] {
        var conditions: [String] = []
        var arguments: [DatabaseValue] = []
        if let id = query.applicantID {
            // Ends with the characters given: the reversed key starts with them, a range of its index
            // (U+10FFFF sorts after every character an ID number holds).
            let key = RegisterQuery.applicantIDSearchKey(id)
            conditions.append("a.applicant_id_key >= ? AND a.applicant_id_key < ?")
            arguments += [key.databaseValue, (key + "\u{10FFFF}").databaseValue]
        }
        if let name = query.name {
            conditions.append("a.applicant_name LIKE ? ESCAPE '\\'")
            arguments.append(("%" + Self.escapedForLike(name) + "%").databaseValue)
        }
        if let from = query.from { conditions.append("a.assessment_date >= ?"); arguments.append(from.description.databaseValue) }
        if let to = query.to { conditions.append("a.assessment_date <= ?"); arguments.append(to.description.databaseValue) }
        if let actor = query.actor { conditions.append("a.actor = ?"); arguments.append(actor.databaseValue) }
        switch (query.programme, query.outcome) {
        case let (programme?, outcome?):
            conditions.append("EXISTS (SELECT 1 FROM assessment_outcomes o WHERE o.assessment_id = a.id AND o.programme = ? AND o.outcome = ?)")
            arguments += [programme.databaseValue, outcome.databaseValue]
        case let (programme?, nil):
            conditions.append("EXISTS (SELECT 1 FROM assessment_outcomes o WHERE o.assessment_id = a.id AND o.programme = ?)")
            arguments.append(programme.databaseValue)
        case let (nil, outcome?):
            conditions.append("EXISTS (SELECT 1 FROM assessment_outcomes o WHERE o.assessment_id = a.id AND o.outcome = ?)")
            arguments.append(outcome.databaseValue)
        case (nil, nil): break
        }
        let filter = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        arguments.append(max(1, query.limit).databaseValue)
        let sql = """
            SELECT a.id, a.created_at, a.actor, a.applicant_name, a.applicant_id, a.assessment_date, a.rule_set_hash
            FROM assessments a \(filter) ORDER BY a.id DESC LIMIT ?
            """
        let values = arguments
        return try await pool.read { db in
            let rows = try Row.fetchAll(db, sql: sql, arguments: StatementArguments(values))
            return try rows.map { row in
                let id: Int64 = row["id"]
                let outcomes = try Row.fetchAll(db, sql: "SELECT programme, outcome FROM assessment_outcomes WHERE assessment_id = ?", arguments: [id])
                return AssessmentSummary(id: id, createdAt: row["created_at"], actor: row["actor"],
                                         applicantName: row["applicant_name"], applicantID: row["applicant_id"],
                                         assessmentDate: row["assessment_date"], ruleSetHash: row["rule_set_hash"],
                                         outcomes: Dictionary(outcomes.map { ($0["programme"], $0["outcome"]) }, uniquingKeysWith: { a, _ in a }))
            }
        }
    }

    static func escapedForLike(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(of: "_", with: "\\_")
    }
}
