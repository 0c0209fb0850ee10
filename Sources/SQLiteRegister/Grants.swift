import Eligibility
import GRDB
import IntakeRegister

extension SQLiteRegister {
    /// Migration "v7-grants": grants confirmed for households, and claims on what others owe them.
    static func registerGrantsMigration(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v7-grants") { db in
            try db.create(table: "grants") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("household_id", .integer).notNull().references("households")
                t.column("assessment_id", .integer).notNull().references("assessments")
                t.column("referral_id", .integer).unique().references("referrals")
                t.column("programme", .text).notNull()
                t.column("amount_fen", .integer).notNull().check { $0 > 0 }
                t.column("period", .text).notNull().check { ["once", "monthly"].contains($0) }
                t.column("monthly_fen", .integer)
                t.column("months", .integer)
                t.column("fund", .text).notNull()
                t.column("granted_on", .text).notNull()
                t.column("confirmed_by", .text).notNull()
                t.column("confirmed_at", .text).notNull()
            }
            try db.create(index: "grants_by_household_and_date", on: "grants", columns: ["household_id", "granted_on"])
            try db.create(table: "claims") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("household_id", .integer).notNull().indexed().references("households")
                t.column("assessment_id", .integer).references("assessments")
                t.column("programme", .text)
                t.column("subject", .text).notNull()
                t.column("payer", .text).notNull()
                t.column("amount_fen", .integer).notNull().check { $0 > 0 }
                t.column("status", .text).notNull().check { ClaimStatus.allCases.map(\.rawValue).contains($0) }
                t.column("amount_recovered_fen", .integer).notNull()
                t.column("recovered_on", .text)
                t.column("recovered_by", .text)
                t.column("opened_on", .text).notNull()
                t.column("opened_by", .text).notNull()
                t.column("created_at", .text).notNull()
            }
        }
    }

    /// Migration "v10-grants-income": whether each grant counts as household income at later checks
    /// (grants recorded before it did, as the rules then read them).
    static func registerGrantsIncomeMigration(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v10-grants-income") { db in
            try db.alter(table: "grants") { t in t.add(column: "counts_as_income", .boolean).notNull().defaults(to: true) }
        }
    }

    package func confirmGrants(householdID: Int64, confirmedBy: String,
                               decide: @escaping @Sendable ([StoredGrant]) throws -> [NewGrant]) async throws -> [StoredGrant] {
        let confirmedAt = Self.timestamp()
        return try await writeLockingHousehold { db in
            try Self.requireOpenHousehold(householdID, db)
            let granted = try Self.grants(householdID: householdID, from: nil, to: nil, db)
            return try decide(granted).map { grant in
                let outcome = try String.fetchOne(db, sql: "SELECT outcome FROM assessment_outcomes WHERE assessment_id = ? AND programme = ?",
                                                  arguments: [grant.assessmentID, grant.programme])
                guard outcome == "eligible" else {
                    throw GrantError.notEligible(assessmentID: grant.assessmentID, programme: grant.programme, outcome: outcome)
                }
                return try Self.insert(grant, householdID: householdID, referralID: nil, confirmedBy: confirmedBy, confirmedAt: confirmedAt, db)
            }
        }
    }

    package func grants(householdID: Int64, from: CivilDate?, to: CivilDate?) async throws -> [StoredGrant] {
        try await pool.read { db in try Self.grants(householdID: householdID, from: from, to: to, db) }
    }

    /// Writes a grant once it is checked; the caller holds the household's lock.
    static func insert(_ grant: NewGrant, householdID: Int64, referralID: Int64?, confirmedBy: String, confirmedAt: String,
                       _ db: Database) throws -> StoredGrant {
        try grant.validate()
        let (period, monthlyFen, months): (String, Int64?, Int?) = switch grant.period {
        case .once: ("once", nil, nil)
        case .monthly(let monthlyFen, let months): ("monthly", monthlyFen, months)
        }
        try db.execute(sql: """
            INSERT INTO grants (household_id, assessment_id, referral_id, programme, amount_fen, period, monthly_fen, months, fund,
                                granted_on, counts_as_income, confirmed_by, confirmed_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [householdID, grant.assessmentID, referralID, grant.programme, grant.amountFen, period, monthlyFen, months,
                             grant.fund, grant.grantedOn.description, grant.countsAsIncome, confirmedBy, confirmedAt])
        return StoredGrant(id: db.lastInsertedRowID, householdID: householdID, assessmentID: grant.assessmentID, referralID: referralID,
                           programme: grant.programme, amountFen: grant.amountFen, period: grant.period, fund: grant.fund,
                           grantedOn: grant.grantedOn, countsAsIncome: grant.countsAsIncome, confirmedBy: confirmedBy, confirmedAt: confirmedAt)
    }

    static func grants(householdID: Int64, from: CivilDate?, to: CivilDate?, _ db: Database) throws -> [StoredGrant] {
        try Row.fetchAll(db, sql: """
            SELECT * FROM grants WHERE household_id = ? AND granted_on >= COALESCE(?, '') AND granted_on <= COALESCE(?, '9999-12-31')
            ORDER BY granted_on, id
            """, arguments: [householdID, from?.description, to?.description]).map(grant)
    }

    static func grant(_ row: Row) throws -> StoredGrant {
        let period: GrantPeriod = switch row["period"] as String {
        case "monthly": .monthly(monthlyFen: row["monthly_fen"], months: row["months"])
        default: .once
        }
        return StoredGrant(id: row["id"], householdID: row["household_id"], assessmentID: row["assessment_id"], referralID: row["referral_id"],
                           programme: row["programme"], amountFen: row["amount_fen"], period: period, fund: row["fund"],
                           grantedOn: try row.date("granted_on"), countsAsIncome: row["counts_as_income"], confirmedBy: row["confirmed_by"],
                           confirmedAt: row["confirmed_at"])
    }
}

// MARK: Claims

extension SQLiteRegister {
    package func openClaim(_ claim: NewClaim) async throws -> StoredClaim {
        guard claim.amountFen > 0 else { throw GrantError.claimAmountNotPositive(claim.amountFen) }
        let createdAt = Self.timestamp()
        return try await write { db in
            try Self.requireOpenHousehold(claim.householdID, db)
            try db.execute(sql: """
                INSERT INTO claims (household_id, assessment_id, programme, subject, payer, amount_fen, status, amount_recovered_fen,
                                    opened_on, opened_by, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?)
                """, arguments: [claim.householdID, claim.assessmentID, claim.programme, claim.subject, claim.payer, claim.amountFen,
                                 ClaimStatus.open.rawValue, claim.openedOn.description, claim.openedBy, createdAt])
            return try Self.claim(id: db.lastInsertedRowID, db)!
        }
    }

    package func recordRecovery(claimID: Int64, amountFen: Int64, on: CivilDate, by: String) async throws -> StoredClaim {
        try await write { db in
            guard let claim = try Self.claim(id: claimID, db) else { throw GrantError.noSuchClaim(claimID) }
            guard claim.status == .open else { throw GrantError.claimRecovered(claimID) }
            guard (0...claim.claim.amountFen).contains(amountFen) else {
                throw GrantError.recoveryOutOfRange(claimID: claimID, amountFen: amountFen, owedFen: claim.claim.amountFen)
            }
            try db.execute(sql: "UPDATE claims SET status = ?, amount_recovered_fen = ?, recovered_on = ?, recovered_by = ? WHERE id = ?",
                           arguments: [ClaimStatus.recovered.rawValue, amountFen, on.description, by, claimID])
            return try Self.claim(id: claimID, db)!
        }
    }

    package func claims(householdID: Int64) async throws -> [StoredClaim] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM claims WHERE household_id = ? ORDER BY id", arguments: [householdID]).map(Self.claim)
        }
    }

    private static func claim(id: Int64, _ db: Database) throws -> StoredClaim? {
        try Row.fetchOne(db, sql: "SELECT * FROM claims WHERE id = ?", arguments: [id]).map(claim)
    }

    static func claim(_ row: Row) throws -> StoredClaim {
        let claim = NewClaim(householdID: row["household_id"], assessmentID: row["assessment_id"], programme: row["programme"],
                             subject: row["subject"], payer: row["payer"], amountFen: row["amount_fen"],
                             openedOn: try row.date("opened_on"), openedBy: row["opened_by"])
        return StoredClaim(id: row["id"], claim: claim, status: try row.code("status"), amountRecoveredFen: row["amount_recovered_fen"],
                           recoveredOn: try row.optionalDate("recovered_on"), recoveredBy: row["recovered_by"])
    }
}
