import Eligibility
import IntakeRegister
import Testing

/// Two years of a centre's work, 2025 and 2026, with a grant in 2027.
struct TwoYears {
    let wang: StoredHousehold
    let li: StoredHousehold
    /// Answered in 2026 after 10 days (refused), answered in 2026 after 20 days (handed on), opened in
    /// 2026 and still open, and one of 2025 alone.
    let refused: StoredReferral
    let handedOn: StoredReferral
    let stillOpen: StoredReferral
    let of2025: StoredReferral

    init(_ fixture: RegisterFixture) async throws {
        let register = fixture.register
        wang = try await fixture.household([People.wang, People.zhao])
        li = try await fixture.household([People.li], on: "2026-06-01")
        let (wangEntry, liEntry) = (wang.assessmentID, li.assessmentID)
        _ = try await register.confirmGrants(householdID: wang.id, confirmedBy: "officer") { _ in [
            NewGrant(assessmentID: wangEntry, programme: "basic", amountFen: 1_000, fund: "centre", grantedOn: day("2025-11-20")),
            // July to December 2025: nothing in 2026.
            NewGrant(assessmentID: wangEntry, programme: "basic", amountFen: 60_000, period: .monthly(monthlyFen: 10_000, months: 6),
                     fund: "city_model_worker_fund", grantedOn: day("2025-07-01")),
            // October 2025 to March 2026: three months in each year.
            NewGrant(assessmentID: wangEntry, programme: "basic", amountFen: 60_000, period: .monthly(monthlyFen: 10_000, months: 6),
                     fund: "city_model_worker_fund", grantedOn: day("2025-10-05")),
            NewGrant(assessmentID: wangEntry, programme: "basic", amountFen: 300_000, fund: "centre", grantedOn: day("2026-03-10")),
        ] }
        _ = try await register.confirmGrants(householdID: li.id, confirmedBy: "officer") { _ in [
            // November 2026 to October 2027: two months in 2026.
            NewGrant(assessmentID: liEntry, programme: "basic", amountFen: 60_000, period: .monthly(monthlyFen: 5_000, months: 12),
                     fund: "donations", grantedOn: day("2026-11-01")),
            NewGrant(assessmentID: liEntry, programme: "basic", amountFen: 2_000, fund: "centre", grantedOn: day("2027-01-05")),
        ] }
        let id = People.liSon.idNumber
        refused = try await register.closeReferral(id: try await fixture.referral(name: "甲", id: id, openedOn: "2026-02-01").id,
                                                   decision: .refuse, reason: "不符合条件", on: day("2026-02-11"), by: "officer") { _ in }
        handedOn = try await register.closeReferral(id: try await fixture.referral(name: "乙", id: id, openedOn: "2025-12-20").id,
                                                    decision: .handOn(body: "法律援助中心", subject: "追讨拖欠工资"), reason: "需法律援助",
                                                    on: day("2026-01-09"), by: "officer") { _ in }
        _ = try await register.recordStep(.result(amountRecoveredFen: 50_000, note: "已追回"),
                                          outgoingReferralID: handedOn.answer!.outgoingReferralID!, on: day("2026-04-01"), by: "officer")
        stillOpen = try await fixture.referral(name: "丙", id: id, openedOn: "2026-12-01")
        of2025 = try await register.closeReferral(id: try await fixture.referral(name: "丁", id: id, openedOn: "2025-05-01").id,
                                                  decision: .refuse, reason: "不符合条件", on: day("2025-06-01"), by: "officer") { _ in }
        let owed = try await register.openClaim(NewClaim(householdID: wang.id, subject: "拖欠工资", payer: "某公司", amountFen: 80_000,
                                                         openedOn: day("2025-12-01"), openedBy: "officer"))
        _ = try await register.recordRecovery(claimID: owed.id, amountFen: 60_000, on: day("2026-02-01"), by: "officer")
        _ = try await register.openClaim(NewClaim(householdID: wang.id, subject: "工伤赔偿", payer: "某保险公司", amountFen: 30_000,
                                                  openedOn: day("2026-05-01"), openedBy: "officer"))
    }
}

@Suite("The year's figures, whatever holds the register")
struct ReportContractTests {
    @Test(arguments: RegisterFactory.all)
    func theRegisterReadsWhatARangeOfDaysHolds(_ factory: RegisterFactory) async throws {
        let fixture = try await RegisterFixture(factory)
        let register = fixture.register
        let years = try await TwoYears(fixture)
        let (first, last) = (day("2026-01-01"), day("2026-12-31"))

        let grants = try await register.grants(payingFrom: first, to: last)
        #expect(grants.map(\.grantedOn) == [day("2025-10-05"), day("2026-03-10"), day("2026-11-01")]) // not the one that ended in December
        #expect(grants.map(\.householdID) == [years.wang.id, years.wang.id, years.li.id])
        #expect(try await register.grants(payingFrom: day("2027-01-01"), to: day("2027-12-31")).map(\.grantedOn)
                == [day("2026-11-01"), day("2027-01-05")])

        #expect(try await register.assessmentTally(from: first, to: last)
                == AssessmentTally(assessments: 4, decisions: ["basic": ["eligible": 2, "refer": 2], "other": ["ineligible": 4]]))
        #expect(try await register.assessmentTally(from: day("2030-01-01"), to: day("2030-12-31")) == AssessmentTally(assessments: 0, decisions: [:]))

        let referrals = try await register.referrals(activeFrom: first, to: last)
        #expect(referrals.map(\.id) == [years.handedOn.id, years.refused.id, years.stillOpen.id]) // oldest first
        #expect(referrals.first == years.handedOn) // with its answer
        #expect(try await register.referrals(activeFrom: day("2025-01-01"), to: day("2025-12-31")).map(\.id) == [years.of2025.id, years.handedOn.id])

        let out = try await register.outgoingReferrals(activeFrom: first, to: last)
        #expect(out.map(\.id) == [years.handedOn.answer!.outgoingReferralID!])
        #expect(out.first?.steps.last?.step == .result(amountRecoveredFen: 50_000, note: "已追回"))
        #expect(try await register.outgoingReferrals(activeFrom: day("2025-01-01"), to: day("2025-12-31")).isEmpty) // sent in 2026
        #expect(try await register.outgoingReferrals(activeFrom: day("2027-01-01"), to: day("2027-12-31")).isEmpty) // its result in 2026

        #expect(try await register.claims(activeFrom: first, to: last).map(\.claim.amountFen) == [80_000, 30_000])
        #expect(try await register.claims(activeFrom: day("2027-01-01"), to: day("2027-12-31")).map(\.claim.amountFen) == [30_000])
    }

    @Test(arguments: RegisterFactory.all)
    func theYearCountsOnlyItsOwnPaymentsAndSplitsMonthlySchedules(_ factory: RegisterFactory) async throws {
        let fixture = try await RegisterFixture(factory)
        let years = try await TwoYears(fixture)
        let figures = try await fixture.register.yearFigures(year: 2026, today: day("2027-02-01"))
        #expect(figures.asOf == day("2026-12-31"))
        #expect(figures.households == 2 && figures.people == 3)
        #expect(figures.grants == .init(count: 3, fen: 30_000 + 300_000 + 10_000))
        #expect(figures.cashPaidFen == 340_000)
        #expect(figures.byProgramme == [.init(code: "basic", amount: .init(count: 3, fen: 340_000))])
        #expect(figures.byFund == [.init(code: "centre", amount: .init(count: 1, fen: 300_000)),
                                   .init(code: "city_model_worker_fund", amount: .init(count: 1, fen: 30_000)),
                                   .init(code: "donations", amount: .init(count: 1, fen: 10_000))])
        #expect(figures.byMonth.map(\.fen) == [10_000, 10_000, 310_000, 0, 0, 0, 0, 0, 0, 0, 5_000, 5_000])
        #expect(figures.byMonth.map(\.count) == [1, 1, 2, 0, 0, 0, 0, 0, 0, 0, 1, 1])
        #expect(figures.assessments == 4)
        #expect(figures.decisionsByOutcome.map(\.code) == ["ineligible", "eligible", "refer"])
        #expect(figures.decisionsByOutcome.map(\.amount.count) == [4, 2, 2])
        #expect(figures.referralsOpened == 2)
        #expect(figures.referralsClosed == YearFigures.Ages([10, 20]))
        #expect(figures.referralsClosed.medianDays == 15 && figures.referralsClosed.longestDays == 20)
        #expect(figures.referralsClosedBy.map(\.code).sorted() == ["hand_on", "refuse"])
        #expect(figures.referralsStillOpen == [.init(id: years.stillOpen.id, programme: "basic", openedOn: day("2026-12-01"), ageInDays: 30)])
        #expect(figures.referralsOutSent == 1 && figures.referralsOutResults == .init(count: 1, fen: 50_000) && figures.referralsOutStillOpen == 0)
        #expect(figures.claimsOpened == .init(count: 1, fen: 30_000))
        #expect(figures.claimsRecovered == .init(count: 1, fen: 60_000))

        let before = try await fixture.register.yearFigures(year: 2025, today: day("2027-02-01"))
        #expect(before.households == 1 && before.people == 2)
        #expect(before.grants == .init(count: 3, fen: 1_000 + 60_000 + 30_000))
        #expect(before.byMonth.map(\.count) == [0, 0, 0, 0, 0, 0, 1, 1, 1, 2, 3, 2])
        #expect(before.referralsOpened == 2 && before.referralsClosed.count == 1)
        // Handed on in 2026: open at the end of 2025, 11 days old then.
        #expect(before.referralsStillOpen.map(\.ageInDays) == [11])
        #expect(before.claimsOpened == .init(count: 1, fen: 80_000) && before.claimsRecovered == .init())
    }
}

@Suite("Counting a year")
struct YearFiguresTests {
    func grant(_ date: String, _ period: GrantPeriod, fen: Int64) -> StoredGrant {
        StoredGrant(id: 1, householdID: 1, assessmentID: 1, referralID: nil, programme: "basic", amountFen: fen, period: period,
                    fund: "centre", grantedOn: day(date), countsAsIncome: true, confirmedBy: "officer", confirmedAt: "")
    }

    @Test func aMonthlyScheduleIsPaidInTheMonthsItRuns() {
        let schedule = grant("2025-11-30", .monthly(monthlyFen: 700, months: 15), fen: 10_500)
        #expect(YearFigures.payments(of: schedule, in: 2025).map(\.month) == [11, 12])
        #expect(YearFigures.payments(of: schedule, in: 2026).map(\.month) == Array(1...12))
        #expect(YearFigures.payments(of: schedule, in: 2027).map(\.month) == [1])
        #expect(YearFigures.payments(of: schedule, in: 2028).isEmpty)
        let total = (2025...2027).flatMap { YearFigures.payments(of: schedule, in: $0) }.reduce(0) { $0 + $1.fen }
        #expect(total == 10_500) // every fen in exactly one year
        #expect(YearFigures.payments(of: grant("2026-02-28", .once, fen: 99), in: 2026).map(\.month) == [2])
        #expect(YearFigures.payments(of: grant("2026-02-28", .once, fen: 99), in: 2025).isEmpty)
    }

    @Test func agesHaveAMedianAndALongest() {
        #expect(YearFigures.Ages([]).medianDays == nil && YearFigures.Ages([]).longestDays == nil)
        #expect(YearFigures.Ages([7]).medianDays == 7)
        #expect(YearFigures.Ages([30, 1, 4]).medianDays == 4 && YearFigures.Ages([30, 1, 4]).longestDays == 30)
        #expect(YearFigures.Ages([1, 2, 3, 10]).medianDays == 2.5)
    }

    @Test func whileTheYearRunsAgesAreCountedToToday() {
        let figures = YearFigures(year: 2026, today: day("2026-06-30"), grants: [], members: [:],
                                  tally: AssessmentTally(assessments: 0, decisions: [:]), referrals: [], outgoing: [], claims: [])
        #expect(figures.asOf == day("2026-06-30") && figures.households == 0 && figures.byMonth.count == 12)
        #expect(YearFigures(year: 2027, today: day("2026-06-30"), grants: [], members: [:], tally: AssessmentTally(assessments: 0, decisions: [:]),
                            referrals: [], outgoing: [], claims: []).asOf == day("2027-01-01"))
    }
}
