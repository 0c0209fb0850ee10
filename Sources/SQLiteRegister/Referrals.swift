import Eligibility
import Foundation
import GRDB
import IntakeRegister

extension SQLiteRegister {
    /// Migration "v6-referrals": referred decisions and their answers, and referrals out to other
    /// bodies with their steps. An answer's grant (migration "v7-grants") and referral out name the
    /// referral, not the other way round.
    static func registerReferralsMigration(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v6-referrals") { db in
            try db.create(table: "referrals") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("assessment_id", .integer).notNull().references("assessments")
                t.column("programme", .text).notNull()
                t.column("household_id", .integer).references("households")
                t.column("opened_on", .text).notNull()
                t.column("opened_by", .text).notNull()
                t.column("owner", .text).references("accounts")
                t.column("created_at", .text).notNull()
                t.column("decision", .text).check { ["approve", "refuse", "hand_on"].contains($0) }
                t.column("reason", .text)
                t.column("closed_on", .text)
                t.column("closed_by", .text)
                t.uniqueKey(["assessment_id", "programme"])
            }
            try db.execute(sql: "CREATE INDEX referrals_open ON referrals (opened_on) WHERE decision IS NULL")
            try db.create(table: "outgoing_referrals") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("body", .text).notNull()
                t.column("subject", .text).notNull()
                t.column("household_id", .integer).references("households")
                t.column("assessment_id", .integer).references("assessments")
                t.column("referral_id", .integer).unique().references("referrals")
                t.column("created_at", .text).notNull()
            }
            try db.create(table: "outgoing_referral_steps") { t in
                t.column("outgoing_referral_id", .integer).notNull().references("outgoing_referrals")
                t.column("step", .text).notNull().check { OutgoingReferralStep.Kind.allCases.map(\.rawValue).contains($0) }
                t.column("taken_on", .text).notNull()
                t.column("taken_by", .text).notNull()
                t.column("amount_recovered_fen", .integer)
                t.column("note", .text)
                t.primaryKey(["outgoing_referral_id", "step"])
            }
        }
    }

    package func openReferral(_ referral: NewReferral) async throws -> StoredReferral {
        let createdAt = Self.timestamp()
        return try await write { db in
            let outcome = try String.fetchOne(db, sql: "SELECT outcome FROM assessment_outcomes WHERE assessment_id = ? AND programme = ?",
                                              arguments: [referral.assessmentID, referral.programme])
            guard outcome == "refer" else {
                throw ReferralError.notReferred(assessmentID: referral.assessmentID, programme: referral.programme, outcome: outcome)
            }
            if let existing = try Int64.fetchOne(db, sql: "SELECT id FROM referrals WHERE assessment_id = ? AND programme = ?",
                                                 arguments: [referral.assessmentID, referral.programme]) {
                throw ReferralError.alreadyOpened(assessmentID: referral.assessmentID, programme: referral.programme, referralID: existing)
            }
            if let householdID = referral.householdID { try Self.requireOpenHousehold(householdID, db) }
            if let owner = referral.owner { try Self.requireAccount(owner, db) }
            try db.execute(sql: """
                INSERT INTO referrals (assessment_id, programme, household_id, opened_on, opened_by, owner, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """, arguments: [referral.assessmentID, referral.programme, referral.householdID, referral.openedOn.description,
                                 referral.openedBy, referral.owner, createdAt])
            return try Self.referral(id: db.lastInsertedRowID, db)!
        }
    }

    package func referral(id: Int64) async throws -> StoredReferral? {
        try await pool.read { db in try Self.referral(id: id, db) }
    }

    package func referrals(assessmentID: Int64) async throws -> [StoredReferral] {
        try await pool.read { db in try Self.referrals(where: "r.assessment_id = ?", [assessmentID], db) }
    }

    package func openReferrals(ownedBy owner: String?) async throws -> [StoredReferral] {
        try await pool.read { db in
            try Self.referrals(where: "r.decision IS NULL AND r.owner IS COALESCE(?, r.owner)", [owner], db)
        }
    }

    package func assignReferral(id: Int64, to owner: String) async throws {
        try await write { db in
            guard let referral = try Self.referral(id: id, db) else { throw ReferralError.noSuchReferral(id) }
            guard referral.isOpen else { throw ReferralError.closed(id) }
            try Self.requireAccount(owner, db)
            try db.execute(sql: "UPDATE referrals SET owner = ? WHERE id = ?", arguments: [owner, id])
        }
    }

    package func closeReferral(id: Int64, decision: ReferralDecision, reason: String, on: CivilDate, by: String,
                               recheck: @escaping @Sendable ([StoredGrant]) throws -> Void) async throws -> StoredReferral {
        guard !reason.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { throw ReferralError.reasonRequired(referralID: id) }
        let now = Self.timestamp()
        return try await writeLockingHousehold { db in
            guard let stored = try Self.referral(id: id, db) else { throw ReferralError.noSuchReferral(id) }
            guard stored.isOpen else { throw ReferralError.closed(id) }
            let referral = stored.referral
            let kind: String
            switch decision {
            case .approve(nil):
                kind = "approve"
            case .approve(let payment?):
                kind = "approve"
                guard let householdID = referral.householdID else { throw ReferralError.noHousehold(referralID: id) }
                try Self.requireOpenHousehold(householdID, db)
                try recheck(try Self.grants(householdID: householdID, from: nil, to: nil, db))
                let grant = NewGrant(assessmentID: referral.assessmentID, programme: referral.programme, paying: payment, grantedOn: on)
                _ = try Self.insert(grant, householdID: householdID, referralID: id, confirmedBy: by, confirmedAt: now, db)
            case .refuse:
                kind = "refuse"
            case .handOn(let body, let subject):
                kind = "hand_on"
                _ = try Self.insert(NewOutgoingReferral(body: body, subject: subject, householdID: referral.householdID,
                                                        assessmentID: referral.assessmentID, referralID: id, sentOn: on, sentBy: by),
                                    createdAt: now, db)
            }
            try db.execute(sql: "UPDATE referrals SET decision = ?, reason = ?, closed_on = ?, closed_by = ? WHERE id = ?",
                           arguments: [kind, reason, on.description, by, id])
            return try Self.referral(id: id, db)!
        }
    }

    private static func requireAccount(_ name: String, _ db: Database) throws {
        guard try account(named: name, db) != nil else { throw AccountError.noSuchAccount(name) }
    }

    private static func referral(id: Int64, _ db: Database) throws -> StoredReferral? {
        try referrals(where: "r.id = ?", [id], db).first
    }

    /// Referrals matching `condition`, oldest first, with their answers.
    static func referrals(where condition: String, _ arguments: [(any DatabaseValueConvertible)?], _ db: Database) throws -> [StoredReferral] {
        try Row.fetchAll(db, sql: """
            SELECT r.*, a.applicant_name, a.applicant_id FROM referrals r JOIN assessments a ON a.id = r.assessment_id
            WHERE \(condition) ORDER BY r.opened_on, r.id
            """, arguments: StatementArguments(arguments)).map { row in
            let id: Int64 = row["id"]
            let referral = NewReferral(assessmentID: row["assessment_id"], programme: row["programme"], householdID: row["household_id"],
                                       openedOn: try row.date("opened_on"), openedBy: row["opened_by"], owner: row["owner"])
            return StoredReferral(id: id, referral: referral, applicantName: row["applicant_name"], applicantID: row["applicant_id"],
                                  answer: try answer(referralID: id, row, db))
        }
    }

    private static func answer(referralID: Int64, _ row: Row, _ db: Database) throws -> ReferralAnswer? {
        guard let kind = row["decision"] as String? else { return nil }
        let decision: ReferralDecision
        var grantID: Int64?, outgoingReferralID: Int64?
        switch kind {
        case "approve":
            let grant = try Row.fetchOne(db, sql: "SELECT * FROM grants WHERE referral_id = ?", arguments: [referralID]).map(Self.grant)
            decision = .approve(grant.map(ApprovedPayment.init))
            grantID = grant?.id
        case "hand_on":
            guard let out = try Row.fetchOne(db, sql: "SELECT id, body, subject FROM outgoing_referrals WHERE referral_id = ?",
                                             arguments: [referralID]) else {
                throw UnreadableStoredValue(column: "referrals.decision", value: "hand_on without a referral out")
            }
            decision = .handOn(body: out["body"], subject: out["subject"])
            outgoingReferralID = out["id"]
        default:
            decision = .refuse
        }
        return ReferralAnswer(decision: decision, reason: row["reason"], closedOn: try row.date("closed_on"), closedBy: row["closed_by"],
                              grantID: grantID, outgoingReferralID: outgoingReferralID)
    }
}

// MARK: Referrals out

extension SQLiteRegister {
    package func sendOut(_ referral: NewOutgoingReferral) async throws -> StoredOutgoingReferral {
        let createdAt = Self.timestamp()
        return try await write { db in try Self.insert(referral, createdAt: createdAt, db) }
    }

    package func recordStep(_ step: OutgoingReferralStep, outgoingReferralID id: Int64, on: CivilDate, by: String) async throws -> StoredOutgoingReferral {
        try await write { db in
            guard let referral = try Self.outgoingReferral(id: id, db) else { throw ReferralError.noSuchOutgoingReferral(id) }
            let last = referral.steps.last!
            guard step.kind > last.step.kind else {
                throw ReferralError.stepOutOfOrder(outgoingReferralID: id, after: last.step.kind, step: step.kind)
            }
            guard on >= last.on else { throw ReferralError.stepBeforePrevious(outgoingReferralID: id, previous: last.on, on: on) }
            try Self.insert(step, outgoingReferralID: id, on: on, by: by, db)
            return try Self.outgoingReferral(id: id, db)!
        }
    }

    package func outgoingReferral(id: Int64) async throws -> StoredOutgoingReferral? {
        try await pool.read { db in try Self.outgoingReferral(id: id, db) }
    }

    package func openOutgoingReferrals() async throws -> [StoredOutgoingReferral] {
        try await pool.read { db in
            try Int64.fetchAll(db, sql: """
                SELECT o.id FROM outgoing_referrals o JOIN outgoing_referral_steps s ON s.outgoing_referral_id = o.id AND s.step = 'sent'
                WHERE NOT EXISTS (SELECT 1 FROM outgoing_referral_steps r WHERE r.outgoing_referral_id = o.id AND r.step = 'result')
                ORDER BY s.taken_on, o.id
                """).compactMap { try Self.outgoingReferral(id: $0, db) }
        }
    }

    static func insert(_ referral: NewOutgoingReferral, createdAt: String, _ db: Database) throws -> StoredOutgoingReferral {
        try db.execute(sql: """
            INSERT INTO outgoing_referrals (body, subject, household_id, assessment_id, referral_id, created_at) VALUES (?, ?, ?, ?, ?, ?)
            """, arguments: [referral.body, referral.subject, referral.householdID, referral.assessmentID, referral.referralID, createdAt])
        let id = db.lastInsertedRowID
        try insert(.sent, outgoingReferralID: id, on: referral.sentOn, by: referral.sentBy, db)
        return try outgoingReferral(id: id, db)!
    }

    private static func insert(_ step: OutgoingReferralStep, outgoingReferralID id: Int64, on: CivilDate, by: String, _ db: Database) throws {
        var amountFen: Int64?, note: String?
        if case .result(let amount, let text) = step {
            guard amount >= 0 else { throw ReferralError.negativeRecovery(outgoingReferralID: id) }
            (amountFen, note) = (amount, text)
        }
        try db.execute(sql: """
            INSERT INTO outgoing_referral_steps (outgoing_referral_id, step, taken_on, taken_by, amount_recovered_fen, note)
            VALUES (?, ?, ?, ?, ?, ?)
            """, arguments: [id, step.kind.rawValue, on.description, by, amountFen, note])
    }

    static func outgoingReferral(id: Int64, _ db: Database) throws -> StoredOutgoingReferral? {
        guard let row = try Row.fetchOne(db, sql: "SELECT * FROM outgoing_referrals WHERE id = ?", arguments: [id]) else { return nil }
        let steps = try Row.fetchAll(db, sql: "SELECT * FROM outgoing_referral_steps WHERE outgoing_referral_id = ?", arguments: [id])
            .map { step -> OutgoingReferralEvent in
                let kind: OutgoingReferralStep.Kind = try step.code("step")
                let value: OutgoingReferralStep = switch kind {
                case .sent: .sent
                case .accepted: .accepted
                case .result: .result(amountRecoveredFen: step["amount_recovered_fen"], note: step["note"])
                }
                return OutgoingReferralEvent(step: value, on: try step.date("taken_on"), by: step["taken_by"])
            }
            .sorted { $0.step.kind < $1.step.kind }
        return StoredOutgoingReferral(id: id, body: row["body"], subject: row["subject"], householdID: row["household_id"],
                                      assessmentID: row["assessment_id"], referralID: row["referral_id"], steps: steps)
    }
}
