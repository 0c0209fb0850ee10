import Eligibility
import Foundation
import IntakeRegister
import PostgresNIO

extension PostgresRegister {
    package func openReferral(_ referral: NewReferral) async throws -> StoredReferral {
        let createdAt = Self.timestamp()
        return try await transaction { connection, logger in
            let outcome = try await connection.query("""
                SELECT outcome FROM assessment_outcomes WHERE assessment_id = \(referral.assessmentID) AND programme = \(referral.programme)
                """, logger: logger).collect().first?.decode(String.self)
            guard outcome == "refer" else {
                throw ReferralError.notReferred(assessmentID: referral.assessmentID, programme: referral.programme, outcome: outcome)
            }
            if let householdID = referral.householdID { try await Self.lockOpenHousehold(householdID, connection, logger) }
            if let owner = referral.owner { try await Self.requireAccount(owner, connection, logger) }
            // One referral per decision: the unique key decides between two desks opening it at once.
            let inserted = try await connection.query("""
                INSERT INTO referrals (assessment_id, programme, household_id, opened_on, opened_by, owner, created_at)
                VALUES (\(referral.assessmentID), \(referral.programme), \(referral.householdID), \(referral.openedOn.description),
                        \(referral.openedBy), \(referral.owner), \(createdAt))
                ON CONFLICT (assessment_id, programme) DO NOTHING RETURNING id
                """, logger: logger).collect()
            guard let id = try inserted.first?.decode(Int64.self) else {
                let existing = try await connection.query("""
                    SELECT id FROM referrals WHERE assessment_id = \(referral.assessmentID) AND programme = \(referral.programme)
                    """, logger: logger).collect()[0].decode(Int64.self)
                throw ReferralError.alreadyOpened(assessmentID: referral.assessmentID, programme: referral.programme, referralID: existing)
            }
            return try await Self.referral(id: id, connection, logger)!
        }
    }

    package func referral(id: Int64) async throws -> StoredReferral? {
        try await transaction { connection, logger in try await Self.referral(id: id, connection, logger) }
    }

    package func referrals(assessmentID: Int64) async throws -> [StoredReferral] {
        try await transaction { connection, logger in
            try await Self.referrals(connection, logger, assessmentID: assessmentID)
        }
    }

    package func openReferrals(ownedBy owner: String?) async throws -> [StoredReferral] {
        try await transaction { connection, logger in
            try await Self.referrals(connection, logger, openOnly: true, owner: owner)
        }
    }

    package func assignReferral(id: Int64, to owner: String) async throws {
        try await transaction { connection, logger in
            try await Self.lockOpenReferral(id, connection, logger)
            try await Self.requireAccount(owner, connection, logger)
            try await connection.query("UPDATE referrals SET owner = \(owner) WHERE id = \(id)", logger: logger)
        }
    }

    package func closeReferral(id: Int64, decision: ReferralDecision, reason: String, on: CivilDate, by: String,
                               recheck: @escaping @Sendable ([StoredGrant]) throws -> Void) async throws -> StoredReferral {
        guard !reason.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { throw ReferralError.reasonRequired(referralID: id) }
        let now = Self.timestamp()
        return try await transaction { connection, logger in
            // The referral's row first, then (for an approval) the household's: one order for every
            // closing, so two desks never wait on each other in a circle.
            try await Self.lockOpenReferral(id, connection, logger)
            let referral = try await Self.referral(id: id, connection, logger)!.referral
            let kind: String
            switch decision {
            case .approve(nil):
                kind = "approve"
            case .approve(let payment?):
                kind = "approve"
                guard let householdID = referral.householdID else { throw ReferralError.noHousehold(referralID: id) }
                try await Self.lockOpenHousehold(householdID, connection, logger)
                try recheck(try await Self.grants(householdID: householdID, from: nil, to: nil, connection, logger))
                let grant = NewGrant(assessmentID: referral.assessmentID, programme: referral.programme, paying: payment, grantedOn: on)
                _ = try await Self.insert(grant, householdID: householdID, referralID: id, confirmedBy: by, confirmedAt: now, connection, logger)
            case .refuse:
                kind = "refuse"
            case .handOn(let body, let subject):
                kind = "hand_on"
                _ = try await Self.insert(NewOutgoingReferral(body: body, subject: subject, householdID: referral.householdID,
                                                              assessmentID: referral.assessmentID, referralID: id, sentOn: on, sentBy: by),
                                          createdAt: now, connection, logger)
            }
            try await connection.query("""
                UPDATE referrals SET decision = \(kind), reason = \(reason), closed_on = \(on.description), closed_by = \(by) WHERE id = \(id)
                """, logger: logger)
            return try await Self.referral(id: id, connection, logger)!
        }
    }

    private static func requireAccount(_ name: String, _ connection: PostgresConnection, _ logger: Logger) async throws {
        guard try await !connection.query("SELECT 1 FROM accounts WHERE name = \(name)", logger: logger).collect().isEmpty else {
            throw AccountError.noSuchAccount(name)
        }
    }

    /// Locks the referral's row until the transaction ends; throws unless it is there and open.
    private static func lockOpenReferral(_ id: Int64, _ connection: PostgresConnection, _ logger: Logger) async throws {
        guard let row = try await connection.query("SELECT decision FROM referrals WHERE id = \(id) FOR UPDATE", logger: logger).collect().first else {
            throw ReferralError.noSuchReferral(id)
        }
        guard try row.decode(String?.self) == nil else { throw ReferralError.closed(id) }
    }

    static func referral(id: Int64, _ connection: PostgresConnection, _ logger: Logger) async throws -> StoredReferral? {
        try await referrals(connection, logger, id: id).first
    }

    /// The referrals that match every filter given (a filter not given is null and folds away),
    /// oldest first, with their answers.
    private static func referrals(_ connection: PostgresConnection, _ logger: Logger, id: Int64? = nil, assessmentID: Int64? = nil,
                                  openOnly: Bool = false, owner: String? = nil) async throws -> [StoredReferral] {
        let query: PostgresQuery = """
            SELECT r.id, r.assessment_id, r.programme, r.household_id, r.opened_on, r.opened_by, r.owner,
                   r.decision, r.reason, r.closed_on, r.closed_by, a.applicant_name, a.applicant_id
            FROM referrals r JOIN assessments a ON a.id = r.assessment_id
            WHERE (\(id)::bigint IS NULL OR r.id = \(id)::bigint)
              AND (\(assessmentID)::bigint IS NULL OR r.assessment_id = \(assessmentID)::bigint)
              AND (NOT \(openOnly) OR r.decision IS NULL)
              AND (\(owner)::text IS NULL OR r.owner = \(owner)::text)
            ORDER BY r.opened_on, r.id
            """
        var found: [StoredReferral] = []
        for row in try await connection.query(query, logger: logger).collect() {
            let (id, assessmentID, programme, householdID, openedOn, openedBy, owner, decision, reason, closedOn, closedBy, name, applicantID) =
                try row.decode((Int64, Int64, String, Int64?, String, String, String?, String?, String?, String?, String?, String?, String?).self)
            let referral = NewReferral(assessmentID: assessmentID, programme: programme, householdID: householdID,
                                       openedOn: try StoredValue.date(openedOn, "referrals.opened_on"), openedBy: openedBy, owner: owner)
            var answer: ReferralAnswer?
            if let decision {
                answer = try await Self.answer(referralID: id, kind: decision, reason: reason ?? "",
                                               closedOn: try StoredValue.date(closedOn ?? "", "referrals.closed_on"), closedBy: closedBy ?? "",
                                               connection, logger)
            }
            found.append(StoredReferral(id: id, referral: referral, applicantName: name, applicantID: applicantID, answer: answer))
        }
        return found
    }

    private static func answer(referralID: Int64, kind: String, reason: String, closedOn: CivilDate, closedBy: String,
                               _ connection: PostgresConnection, _ logger: Logger) async throws -> ReferralAnswer {
        let decision: ReferralDecision
        var grantID: Int64?, outgoingReferralID: Int64?
        switch kind {
        case "approve":
            let grant = try await connection.query("SELECT \(unescaped: grantColumns) FROM grants WHERE referral_id = \(referralID)",
                                                   logger: logger).collect().first.map(Self.grant)
            decision = .approve(grant.map(ApprovedPayment.init))
            grantID = grant?.id
        case "hand_on":
            guard let row = try await connection.query("SELECT id, body, subject FROM outgoing_referrals WHERE referral_id = \(referralID)",
                                                       logger: logger).collect().first else {
                throw UnreadableStoredValue(column: "referrals.decision", value: "hand_on without a referral out")
            }
            let (id, body, subject) = try row.decode((Int64, String, String).self)
            decision = .handOn(body: body, subject: subject)
            outgoingReferralID = id
        default:
            decision = .refuse
        }
        return ReferralAnswer(decision: decision, reason: reason, closedOn: closedOn, closedBy: closedBy,
                              grantID: grantID, outgoingReferralID: outgoingReferralID)
    }
}

// MARK: Referrals out

extension PostgresRegister {
    package func sendOut(_ referral: NewOutgoingReferral) async throws -> StoredOutgoingReferral {
        let createdAt = Self.timestamp()
        return try await transaction { connection, logger in try await Self.insert(referral, createdAt: createdAt, connection, logger) }
    }

    package func recordStep(_ step: OutgoingReferralStep, outgoingReferralID id: Int64, on: CivilDate, by: String) async throws -> StoredOutgoingReferral {
        try await transaction { connection, logger in
            guard try await !connection.query("SELECT 1 FROM outgoing_referrals WHERE id = \(id) FOR UPDATE", logger: logger).collect().isEmpty,
                  let referral = try await Self.outgoingReferral(id: id, connection, logger) else {
                throw ReferralError.noSuchOutgoingReferral(id)
            }
            let last = referral.steps.last!
            guard step.kind > last.step.kind else {
                throw ReferralError.stepOutOfOrder(outgoingReferralID: id, after: last.step.kind, step: step.kind)
            }
            guard on >= last.on else { throw ReferralError.stepBeforePrevious(outgoingReferralID: id, previous: last.on, on: on) }
            try await Self.insert(step, outgoingReferralID: id, on: on, by: by, connection, logger)
            return try await Self.outgoingReferral(id: id, connection, logger)!
        }
    }

    package func outgoingReferral(id: Int64) async throws -> StoredOutgoingReferral? {
        try await transaction { connection, logger in try await Self.outgoingReferral(id: id, connection, logger) }
    }

    package func openOutgoingReferrals() async throws -> [StoredOutgoingReferral] {
        try await transaction { connection, logger in
            let ids = try await connection.query("""
                SELECT o.id FROM outgoing_referrals o JOIN outgoing_referral_steps s ON s.outgoing_referral_id = o.id AND s.step = 'sent'
                WHERE NOT EXISTS (SELECT 1 FROM outgoing_referral_steps r WHERE r.outgoing_referral_id = o.id AND r.step = 'result')
                ORDER BY s.taken_on, o.id
                """, logger: logger).collect().map { try $0.decode(Int64.self) }
            var found: [StoredOutgoingReferral] = []
            for id in ids {
                if let referral = try await Self.outgoingReferral(id: id, connection, logger) { found.append(referral) }
            }
            return found
        }
    }

    static func insert(_ referral: NewOutgoingReferral, createdAt: String, _ connection: PostgresConnection, _ logger: Logger) async throws
        -> StoredOutgoingReferral {
        let id = try await connection.query("""
            INSERT INTO outgoing_referrals (body, subject, household_id, assessment_id, referral_id, created_at)
            VALUES (\(referral.body), \(referral.subject), \(referral.householdID), \(referral.assessmentID), \(referral.referralID), \(createdAt))
            RETURNING id
            """, logger: logger).collect()[0].decode(Int64.self)
        try await insert(.sent, outgoingReferralID: id, on: referral.sentOn, by: referral.sentBy, connection, logger)
        return try await outgoingReferral(id: id, connection, logger)!
    }

    private static func insert(_ step: OutgoingReferralStep, outgoingReferralID id: Int64, on: CivilDate, by: String,
                               _ connection: PostgresConnection, _ logger: Logger) async throws {
        var amountFen: Int64?, note: String?
        if case .result(let amount, let text) = step {
            guard amount >= 0 else { throw ReferralError.negativeRecovery(outgoingReferralID: id) }
            (amountFen, note) = (amount, text)
        }
        try await connection.query("""
            INSERT INTO outgoing_referral_steps (outgoing_referral_id, step, taken_on, taken_by, amount_recovered_fen, note)
            VALUES (\(id), \(step.kind.rawValue), \(on.description), \(by), \(amountFen), \(note))
            """, logger: logger)
    }

    static func outgoingReferral(id: Int64, _ connection: PostgresConnection, _ logger: Logger) async throws -> StoredOutgoingReferral? {
        guard let row = try await connection.query("""
            SELECT body, subject, household_id, assessment_id, referral_id FROM outgoing_referrals WHERE id = \(id)
            """, logger: logger).collect().first else { return nil }
        let (body, subject, householdID, assessmentID, referralID) = try row.decode((String, String, Int64?, Int64?, Int64?).self)
        let steps = try await connection.query("""
            SELECT step, taken_on, taken_by, amount_recovered_fen, note FROM outgoing_referral_steps WHERE outgoing_referral_id = \(id)
            """, logger: logger).collect().map { row -> OutgoingReferralEvent in
            let (kind, takenOn, takenBy, amount, note) = try row.decode((String, String, String, Int64?, String?).self)
            let step: OutgoingReferralStep = switch try StoredValue.code(kind, "outgoing_referral_steps.step") as OutgoingReferralStep.Kind {
            case .sent: .sent
            case .accepted: .accepted
            case .result: .result(amountRecoveredFen: amount ?? 0, note: note ?? "")
            }
            return OutgoingReferralEvent(step: step, on: try StoredValue.date(takenOn, "outgoing_referral_steps.taken_on"), by: takenBy)
        }
        .sorted { $0.step.kind < $1.step.kind }
        return StoredOutgoingReferral(id: id, body: body, subject: subject, householdID: householdID, assessmentID: assessmentID,
                                      referralID: referralID, steps: steps)
    }
}
