import Eligibility
import Foundation
import IntakeRegister
import Testing

/// What a rule over the household's history decides at confirmation: a "basic" grant once a calendar
/// year, or, with a cap, as many as stay within it that year.
struct YearlyRule: Sendable {
    var assessmentID: Int64
    var amountFen: Int64 = 300_000
    var capFen: Int64?
    var grantedOn = day("2026-09-01")

    func decide(_ granted: [StoredGrant]) -> [NewGrant] {
        let thisYear = granted.filter { $0.programme == "basic" && $0.grantedOn.year == grantedOn.year }
        if let capFen {
            guard thisYear.reduce(0, { $0 + $1.amountFen }) + amountFen <= capFen else { return [] }
        } else {
            guard thisYear.isEmpty else { return [] }
        }
        return [NewGrant(assessmentID: assessmentID, programme: "basic", amountFen: amountFen, fund: "centre", grantedOn: grantedOn)]
    }
}

@Suite("Grants and claims, whatever holds them")
struct GrantContractTests {
    @Test(arguments: RegisterFactory.all)
    func aConfirmationWritesWhatTheRecheckDecidesOverTheHistory(_ factory: RegisterFactory) async throws {
        let fixture = try await RegisterFixture(factory)
        let register = fixture.register
        let household = try await fixture.household([People.wang])
        let rule = YearlyRule(assessmentID: household.assessmentID)
        let first = try await register.confirmGrants(householdID: household.id, confirmedBy: "officer") { rule.decide($0) }
        #expect(first.count == 1)
        let grant = try #require(first.first)
        #expect(grant.householdID == household.id && grant.programme == "basic" && grant.amountFen == 300_000 && grant.fund == "centre")
        #expect(grant.period == .once && grant.grantedOn == day("2026-09-01") && grant.confirmedBy == "officer" && grant.referralID == nil)
        #expect(!grant.confirmedAt.isEmpty)
        // The second confirmation sees the first in the history and grants nothing.
        let seen = Box()
        #expect(try await register.confirmGrants(householdID: household.id, confirmedBy: "officer") { granted in
            seen.grants = granted
            return rule.decide(granted)
        }.isEmpty)
        #expect(seen.grants == [grant])
        #expect(try await register.grants(householdID: household.id, from: nil, to: nil) == [grant])
    }

    @Test(arguments: RegisterFactory.all)
    func grantsAreReadByDateRange(_ factory: RegisterFactory) async throws {
        let fixture = try await RegisterFixture(factory)
        let register = fixture.register
        let household = try await fixture.household([People.wang])
        let assessment = household.assessmentID
        let written = try await register.confirmGrants(householdID: household.id, confirmedBy: "officer") { _ in [
            NewGrant(assessmentID: assessment, programme: "basic", amountFen: 100, fund: "donations", grantedOn: day("2025-12-31")),
            NewGrant(assessmentID: assessment, programme: "basic", amountFen: 60_000, period: .monthly(monthlyFen: 10_000, months: 6),
                     fund: "city_model_worker_fund", grantedOn: day("2026-01-01")),
            NewGrant(assessmentID: assessment, programme: "basic", amountFen: 300, fund: "centre", grantedOn: day("2026-12-31")),
        ] }
        #expect(written.map(\.amountFen) == [100, 60_000, 300])
        func amounts(_ from: String?, _ to: String?) async throws -> [Int64] {
            try await register.grants(householdID: household.id, from: from.map(day), to: to.map(day)).map(\.amountFen)
        }
        #expect(try await amounts("2026-01-01", "2026-12-31") == [60_000, 300]) // this year
        #expect(try await amounts("2025-12-31", "2026-12-30") == [100, 60_000]) // twelve months
        #expect(try await amounts(nil, "2025-12-31") == [100])
        #expect(try await amounts("2027-01-01", nil) == [])
        let monthly = try await register.grants(householdID: household.id, from: day("2026-01-01"), to: day("2026-01-01"))
        #expect(monthly.first?.period == .monthly(monthlyFen: 10_000, months: 6))
        #expect(monthly.first?.fund == "city_model_worker_fund")
        let other = try await fixture.household([People.li])
        #expect(try await register.grants(householdID: other.id, from: nil, to: nil).isEmpty)
    }

    @Test(arguments: RegisterFactory.all)
    func aConfirmationThatIsRefusedWritesNothing(_ factory: RegisterFactory) async throws {
        let fixture = try await RegisterFixture(factory)
        let register = fixture.register
        let household = try await fixture.household([People.wang])
        let eligible = household.assessmentID
        let referred = try await register.record(fixture.entry(name: "王某", id: People.wang.idNumber, date: "2026-09-02", outcome: "refer"))
        func confirm(_ grants: [NewGrant]) async throws {
            _ = try await register.confirmGrants(householdID: household.id, confirmedBy: "officer") { _ in grants }
        }
        let good = NewGrant(assessmentID: eligible, programme: "basic", amountFen: 100, fund: "centre", grantedOn: day("2026-09-01"))
        await #expect(throws: GrantError.notEligible(assessmentID: referred, programme: "basic", outcome: "refer")) {
            try await confirm([good, NewGrant(assessmentID: referred, programme: "basic", amountFen: 100, fund: "centre", grantedOn: day("2026-09-02"))])
        }
        await #expect(throws: GrantError.notEligible(assessmentID: eligible, programme: "other", outcome: "ineligible")) {
            try await confirm([NewGrant(assessmentID: eligible, programme: "other", amountFen: 100, fund: "centre", grantedOn: day("2026-09-01"))])
        }
        await #expect(throws: GrantError.notEligible(assessmentID: eligible, programme: "nothing", outcome: nil)) {
            try await confirm([NewGrant(assessmentID: eligible, programme: "nothing", amountFen: 100, fund: "centre", grantedOn: day("2026-09-01"))])
        }
        let badAmounts: [(Int64, GrantPeriod)] = [(0, .once), (-5, .once), (50_000, .monthly(monthlyFen: 10_000, months: 6)),
                                                  (0, .monthly(monthlyFen: 0, months: 6)), (10_000, .monthly(monthlyFen: 10_000, months: 0))]
        for (amount, period) in badAmounts {
            await #expect(throws: GrantError.badAmount(programme: "basic", amountFen: amount, period: period)) {
                try await confirm([NewGrant(assessmentID: eligible, programme: "basic", amountFen: amount, period: period, fund: "centre", grantedOn: day("2026-09-01"))])
            }
        }
        struct Refused: Error {}
        await #expect(throws: Refused.self) {
            _ = try await register.confirmGrants(householdID: household.id, confirmedBy: "officer") { _ in throw Refused() }
        }
        #expect(try await register.grants(householdID: household.id, from: nil, to: nil).isEmpty) // not even `good`
        await #expect(throws: HouseholdError.noSuchHousehold(household.id + 100)) {
            _ = try await register.confirmGrants(householdID: household.id + 100, confirmedBy: "officer") { _ in [good] }
        }
        try await register.closeHousehold(id: household.id, closing: HouseholdClosing(on: day("2026-10-01"), by: "officer", reason: "迁出"))
        await #expect(throws: HouseholdError.householdClosed(household.id)) { try await confirm([good]) }
    }

    /// Many desks confirm the same once-a-year grant at the same moment: exactly one lands.
    @Test(arguments: RegisterFactory.all)
    func concurrentConfirmationsOfOneHouseholdLandOnce(_ factory: RegisterFactory) async throws {
        let desks = try await factory.makeShared(4)
        let fixture = try await RegisterFixture(desks[0])
        let household = try await fixture.household([People.wang])
        let rule = YearlyRule(assessmentID: household.assessmentID)
        let landed = try await withThrowingTaskGroup(of: Int.self) { group in
            for attempt in 0..<32 {
                group.addTask {
                    try await desks[attempt % desks.count].confirmGrants(householdID: household.id, confirmedBy: "desk\(attempt)") { rule.decide($0) }.count
                }
            }
            return try await group.reduce(0, +)
        }
        #expect(landed == 1)
        #expect(try await desks[3].grants(householdID: household.id, from: nil, to: nil).count == 1)
    }

    /// Many desks grant 3,000 yuan under a yearly cap of 10,000: three land, and the cap holds.
    @Test(arguments: RegisterFactory.all)
    func concurrentConfirmationsNeverBreakACap(_ factory: RegisterFactory) async throws {
        let desks = try await factory.makeShared(4)
        let fixture = try await RegisterFixture(desks[0])
        let household = try await fixture.household([People.wang])
        let rule = YearlyRule(assessmentID: household.assessmentID, amountFen: 300_000, capFen: 1_000_000)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for attempt in 0..<32 {
                group.addTask {
                    _ = try await desks[attempt % desks.count].confirmGrants(householdID: household.id, confirmedBy: "desk\(attempt)") { rule.decide($0) }
                }
            }
            try await group.waitForAll()
        }
        let granted = try await desks[1].grants(householdID: household.id, from: day("2026-01-01"), to: day("2026-12-31"))
        #expect(granted.count == 3)
        #expect(granted.reduce(0) { $0 + $1.amountFen } == 900_000)
    }

    @Test(arguments: RegisterFactory.all)
    func claimsAreKeptApartFromGrants(_ factory: RegisterFactory) async throws {
        let fixture = try await RegisterFixture(factory)
        let register = fixture.register
        let household = try await fixture.household([People.li])
        let claim = try await register.openClaim(NewClaim(householdID: household.id, assessmentID: household.assessmentID, programme: "basic",
                                                          subject: "拖欠工资", payer: "某建筑公司", amountFen: 1_200_000,
                                                          openedOn: day("2026-03-02"), openedBy: "clerk"))
        #expect(claim.status == .open && claim.amountRecoveredFen == 0 && claim.recoveredOn == nil)
        #expect(claim.claim.payer == "某建筑公司" && claim.claim.amountFen == 1_200_000)
        await #expect(throws: GrantError.recoveryOutOfRange(claimID: claim.id, amountFen: 1_200_001, owedFen: 1_200_000)) {
            try await register.recordRecovery(claimID: claim.id, amountFen: 1_200_001, on: day("2026-06-01"), by: "clerk")
        }
        let recovered = try await register.recordRecovery(claimID: claim.id, amountFen: 800_000, on: day("2026-06-01"), by: "clerk")
        #expect(recovered.status == .recovered && recovered.amountRecoveredFen == 800_000)
        #expect(recovered.recoveredOn == day("2026-06-01") && recovered.recoveredBy == "clerk")
        await #expect(throws: GrantError.claimRecovered(claim.id)) {
            try await register.recordRecovery(claimID: claim.id, amountFen: 1, on: day("2026-06-02"), by: "clerk")
        }
        await #expect(throws: GrantError.noSuchClaim(claim.id + 100)) {
            try await register.recordRecovery(claimID: claim.id + 100, amountFen: 1, on: day("2026-06-02"), by: "clerk")
        }
        await #expect(throws: GrantError.claimAmountNotPositive(0)) {
            try await register.openClaim(NewClaim(householdID: household.id, subject: "x", payer: "y", amountFen: 0, openedOn: day("2026-03-02"), openedBy: "clerk"))
        }
        #expect(try await register.claims(householdID: household.id) == [recovered])
        #expect(try await register.grants(householdID: household.id, from: nil, to: nil).isEmpty)
    }
}

/// What a `decide` closure saw, for the test to look at afterwards.
/// `@unchecked Sendable`: `stored` is only touched under `lock`.
final class Box: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [StoredGrant] = []

    var grants: [StoredGrant] {
        get { lock.withLock { stored } }
        set { lock.withLock { stored = newValue } }
    }
}
