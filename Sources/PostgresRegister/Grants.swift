import Eligibility
import IntakeRegister
import PostgresNIO

extension PostgresRegister {
    // The household's row is locked first thing (`lockOpenHousehold`, `SELECT … FOR UPDATE`): a second
    // confirmation for the household, from this desk or another, waits until this one commits, then
    // reads the grants this one wrote.
    package func confirmGrants(householdID: Int64, confirmedBy: String,
                               decide: @escaping @Sendable ([StoredGrant]) throws -> [NewGrant]) async throws -> [StoredGrant] {
        let confirmedAt = Self.timestamp()
        return try await transaction { connection, logger in
            try await Self.lockOpenHousehold(householdID, connection, logger)
            let granted = try await Self.grants(householdID: householdID, from: nil, to: nil, connection, logger)
            var written: [StoredGrant] = []
            for grant in try decide(granted) {
                let outcome = try await connection.query("""
                    SELECT outcome FROM assessment_outcomes WHERE assessment_id = \(grant.assessmentID) AND programme = \(grant.programme)
                    """, logger: logger).collect().first?.decode(String.self)
                guard outcome == "eligible" else {
                    throw GrantError.notEligible(assessmentID: grant.assessmentID, programme: grant.programme, outcome: outcome)
                }
                written.append(try await Self.insert(grant, householdID: householdID, referralID: nil, confirmedBy: confirmedBy,
                                                     confirmedAt: confirmedAt, connection, logger))
            }
            return written
        }
    }

    package func grants(householdID: Int64, from: CivilDate?, to: CivilDate?) async throws -> [StoredGrant] {
        try await transaction { connection, logger in try await Self.grants(householdID: householdID, from: from, to: to, connection, logger) }
    }

    /// Writes a grant once it is checked; the caller holds the household's lock.
    static func insert(_ grant: NewGrant, householdID: Int64, referralID: Int64?, confirmedBy: String, confirmedAt: String,
                       _ connection: PostgresConnection, _ logger: Logger) async throws -> StoredGrant {
        try grant.validate()
        let (period, monthlyFen, months): (String, Int64?, Int64?) = switch grant.period {
        case .once: ("once", nil, nil)
        case .monthly(let monthlyFen, let months): ("monthly", monthlyFen, Int64(months))
        }
        let id = try await connection.query("""
            INSERT INTO grants (household_id, assessment_id, referral_id, programme, amount_fen, period, monthly_fen, months, fund,
                                granted_on, counts_as_income, confirmed_by, confirmed_at)
            VALUES (\(householdID), \(grant.assessmentID), \(referralID), \(grant.programme), \(grant.amountFen), \(period), \(monthlyFen),
                    \(months), \(grant.fund), \(grant.grantedOn.description), \(grant.countsAsIncome), \(confirmedBy), \(confirmedAt))
            RETURNING id
            """, logger: logger).collect()[0].decode(Int64.self)
        return StoredGrant(id: id, householdID: householdID, assessmentID: grant.assessmentID, referralID: referralID,
                           programme: grant.programme, amountFen: grant.amountFen, period: grant.period, fund: grant.fund,
                           grantedOn: grant.grantedOn, countsAsIncome: grant.countsAsIncome, confirmedBy: confirmedBy, confirmedAt: confirmedAt)
    }

    static func grants(householdID: Int64, from: CivilDate?, to: CivilDate?, _ connection: PostgresConnection, _ logger: Logger) async throws -> [StoredGrant] {
        let from = from?.description, to = to?.description
        return try await connection.query("""
            SELECT \(unescaped: grantColumns) FROM grants
            WHERE household_id = \(householdID) AND granted_on >= COALESCE(\(from)::text, '') AND granted_on <= COALESCE(\(to)::text, '9999-12-31')
            ORDER BY granted_on, id
            """, logger: logger).collect().map(grant)
    }

    static let grantColumns = """
        id, household_id, assessment_id, referral_id, programme, amount_fen, period, monthly_fen, months, fund, granted_on, counts_as_income,
        confirmed_by, confirmed_at
        """

    static func grant(_ row: PostgresRow) throws -> StoredGrant {
        let (id, householdID, assessmentID, referralID, programme, amountFen, period, monthlyFen, months, fund, grantedOn, countsAsIncome,
             confirmedBy, confirmedAt) =
            try row.decode((Int64, Int64, Int64, Int64?, String, Int64, String, Int64?, Int64?, String, String, Bool, String, String).self)
        let grantPeriod: GrantPeriod = switch (period, monthlyFen, months) {
        case ("monthly", let monthlyFen?, let months?): .monthly(monthlyFen: monthlyFen, months: Int(months))
        case ("once", _, _): .once
        default: throw UnreadableStoredValue(column: "grants.period", value: period)
        }
        return StoredGrant(id: id, householdID: householdID, assessmentID: assessmentID, referralID: referralID, programme: programme,
                           amountFen: amountFen, period: grantPeriod, fund: fund, grantedOn: try StoredValue.date(grantedOn, "grants.granted_on"),
                           countsAsIncome: countsAsIncome, confirmedBy: confirmedBy, confirmedAt: confirmedAt)
    }
}

// MARK: Claims

extension PostgresRegister {
    package func openClaim(_ claim: NewClaim) async throws -> StoredClaim {
        guard claim.amountFen > 0 else { throw GrantError.claimAmountNotPositive(claim.amountFen) }
        let createdAt = Self.timestamp()
        return try await transaction { connection, logger in
            try await Self.lockOpenHousehold(claim.householdID, connection, logger)
            return try await Self.claim(connection.query("""
                INSERT INTO claims (household_id, assessment_id, programme, subject, payer, amount_fen, status, amount_recovered_fen,
                                    opened_on, opened_by, created_at)
                VALUES (\(claim.householdID), \(claim.assessmentID), \(claim.programme), \(claim.subject), \(claim.payer), \(claim.amountFen),
                        \(ClaimStatus.open.rawValue), 0, \(claim.openedOn.description), \(claim.openedBy), \(createdAt))
                RETURNING \(unescaped: Self.claimColumns)
                """, logger: logger).collect()[0])
        }
    }

    package func recordRecovery(claimID: Int64, amountFen: Int64, on: CivilDate, by: String) async throws -> StoredClaim {
        try await transaction { connection, logger in
            guard let row = try await connection.query("SELECT \(unescaped: Self.claimColumns) FROM claims WHERE id = \(claimID) FOR UPDATE",
                                                       logger: logger).collect().first else {
                throw GrantError.noSuchClaim(claimID)
            }
            let claim = try Self.claim(row)
            guard claim.status == .open else { throw GrantError.claimRecovered(claimID) }
            guard (0...claim.claim.amountFen).contains(amountFen) else {
                throw GrantError.recoveryOutOfRange(claimID: claimID, amountFen: amountFen, owedFen: claim.claim.amountFen)
            }
            return try await Self.claim(connection.query("""
                UPDATE claims SET status = \(ClaimStatus.recovered.rawValue), amount_recovered_fen = \(amountFen),
                                  recovered_on = \(on.description), recovered_by = \(by)
                WHERE id = \(claimID) RETURNING \(unescaped: Self.claimColumns)
                """, logger: logger).collect()[0])
        }
    }

    package func claims(householdID: Int64) async throws -> [StoredClaim] {
        try await query("SELECT \(unescaped: Self.claimColumns) FROM claims WHERE household_id = \(householdID) ORDER BY id").map(Self.claim)
    }

    static let claimColumns =
        "id, household_id, assessment_id, programme, subject, payer, amount_fen, opened_on, opened_by, status, amount_recovered_fen, recovered_on, recovered_by"

    static func claim(_ row: PostgresRow) throws -> StoredClaim {
        let (id, householdID, assessmentID, programme, subject, payer, amountFen, openedOn, openedBy, status, recovered, recoveredOn, recoveredBy) =
            try row.decode((Int64, Int64, Int64?, String?, String, String, Int64, String, String, String, Int64, String?, String?).self)
        let claim = NewClaim(householdID: householdID, assessmentID: assessmentID, programme: programme, subject: subject, payer: payer,
                             amountFen: amountFen, openedOn: try StoredValue.date(openedOn, "claims.opened_on"), openedBy: openedBy)
        return StoredClaim(id: id, claim: claim, status: try StoredValue.code(status, "claims.status"), amountRecoveredFen: recovered,
                           recoveredOn: try recoveredOn.map { try StoredValue.date($0, "claims.recovered_on") }, recoveredBy: recoveredBy)
    }
}
