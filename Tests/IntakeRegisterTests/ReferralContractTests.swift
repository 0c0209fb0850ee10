import Eligibility
import IntakeRegister
import Testing

extension RegisterFixture {
    /// A referred decision of "basic" for `name`, and its referral.
    func referral(name: String, id: String, openedOn: String, householdID: Int64? = nil, owner: String? = nil) async throws -> StoredReferral {
        let assessment = try await register.record(entry(name: name, id: id, date: openedOn, outcome: "refer"))
        return try await register.openReferral(NewReferral(assessmentID: assessment, programme: "basic", householdID: householdID,
                                                           openedOn: day(openedOn), openedBy: "clerk", owner: owner))
    }
}

@Suite("Referrals and referrals out, whatever holds them")
struct ReferralContractTests {
    @Test(arguments: RegisterFactory.all)
    func aReferredDecisionWaitsInTheQueueWithItsAge(_ factory: RegisterFactory) async throws {
        let fixture = try await RegisterFixture(factory)
        let register = fixture.register
        try await register.addAccount(name: "zhou", role: .officer, passwordHash: "x")
        let later = try await fixture.referral(name: "李大山", id: People.li.idNumber, openedOn: "2026-09-10")
        let earlier = try await fixture.referral(name: "王某", id: People.wang.idNumber, openedOn: "2026-09-01", owner: "zhou")
        #expect(earlier.applicantName == "王某" && earlier.applicantID == People.wang.idNumber && earlier.isOpen)
        #expect(earlier.referral.owner == "zhou" && earlier.referral.programme == "basic")
        #expect(try await register.referral(id: earlier.id) == earlier)

        let queue = try await register.openReferrals(ownedBy: nil)
        #expect(queue.map(\.id) == [earlier.id, later.id]) // oldest first
        #expect(queue.map { $0.ageInDays(on: day("2026-09-15")) } == [14, 5])
        #expect(try await register.openReferrals(ownedBy: "zhou").map(\.id) == [earlier.id])
        try await register.assignReferral(id: later.id, to: "zhou")
        #expect(try await register.openReferrals(ownedBy: "zhou").map(\.id) == [earlier.id, later.id])
        await #expect(throws: AccountError.noSuchAccount("nobody")) { try await register.assignReferral(id: later.id, to: "nobody") }
        await #expect(throws: ReferralError.noSuchReferral(later.id + 100)) { try await register.assignReferral(id: later.id + 100, to: "zhou") }
        #expect(try await register.referral(id: later.id + 100) == nil)
    }

    @Test(arguments: RegisterFactory.all)
    func anEntryOpensItsReferralsInTheSameTransactionForTheApplicantsHousehold(_ factory: RegisterFactory) async throws {
        let fixture = try await RegisterFixture(factory)
        let register = fixture.register
        var entry = fixture.entry(name: "王某", id: People.wang.idNumber.lowercased(), date: "2026-09-01", outcome: "refer")
        entry.referralsOpened = ReferralOpening(on: day("2026-09-02"), by: "clerk")
        let first = try await register.record(entry)
        let referrals = try await register.referrals(assessmentID: first)
        #expect(referrals.map(\.referral.programme) == ["basic"])
        let opened = try #require(referrals.first)
        #expect(opened.referral.openedOn == day("2026-09-02") && opened.referral.openedBy == "clerk" && opened.isOpen)
        // No household yet: one is opened with the applicant alone, and the next entry finds it.
        let household = try #require(try await register.household(memberIDNumber: People.wang.idNumber))
        #expect(opened.referral.householdID == household.id && household.members.map(\.name) == ["王某"])
        let second = try await register.record(entry)
        #expect(try await register.referrals(assessmentID: second).map(\.referral.householdID) == [household.id])
        // An entry without a referred decision, or recorded without opening, opens nothing.
        var eligible = fixture.entry(name: "李大山", id: People.li.idNumber, date: "2026-09-01")
        eligible.referralsOpened = ReferralOpening(on: day("2026-09-02"), by: "clerk")
        #expect(try await register.referrals(assessmentID: try await register.record(eligible)).isEmpty)
        #expect(try await register.household(memberIDNumber: People.li.idNumber) == nil)
        let unopened = try await register.record(fixture.entry(name: "王某", id: People.wang.idNumber, date: "2026-09-03", outcome: "refer"))
        #expect(try await register.referrals(assessmentID: unopened).isEmpty)
        // Without an ID number there is no household to open: the referral waits all the same.
        var anonymous = fixture.entry(name: "赵某", id: nil, date: "2026-09-01", outcome: "refer")
        anonymous.referralsOpened = ReferralOpening(on: day("2026-09-02"), by: "clerk")
        let withoutID = try await register.referrals(assessmentID: try await register.record(anonymous))
        #expect(withoutID.count == 1 && withoutID.first?.referral.householdID == nil)
    }

    @Test(arguments: RegisterFactory.all)
    func onlyAReferredDecisionOpensAReferralAndOnlyOne(_ factory: RegisterFactory) async throws {
        let fixture = try await RegisterFixture(factory)
        let register = fixture.register
        let eligible = try await register.record(fixture.entry(name: "王某", id: People.wang.idNumber, date: "2026-09-01"))
        await #expect(throws: ReferralError.notReferred(assessmentID: eligible, programme: "basic", outcome: "eligible")) {
            try await register.openReferral(NewReferral(assessmentID: eligible, programme: "basic", openedOn: day("2026-09-01"), openedBy: "clerk"))
        }
        await #expect(throws: ReferralError.notReferred(assessmentID: eligible + 100, programme: "basic", outcome: nil)) {
            try await register.openReferral(NewReferral(assessmentID: eligible + 100, programme: "basic", openedOn: day("2026-09-01"), openedBy: "clerk"))
        }
        let referral = try await fixture.referral(name: "李大山", id: People.li.idNumber, openedOn: "2026-09-02")
        let assessment = referral.referral.assessmentID
        await #expect(throws: ReferralError.alreadyOpened(assessmentID: assessment, programme: "basic", referralID: referral.id)) {
            try await register.openReferral(NewReferral(assessmentID: assessment, programme: "basic", openedOn: day("2026-09-03"), openedBy: "clerk"))
        }
        await #expect(throws: AccountError.noSuchAccount("nobody")) {
            try await fixture.referral(name: "赵某", id: People.zhao.idNumber, openedOn: "2026-09-02", owner: "nobody")
        }
        #expect(try await register.referrals(assessmentID: assessment) == [referral])
    }

    @Test(arguments: RegisterFactory.all)
    func anApprovalBecomesAGrantAndTheAnswerStandsOnTheRecord(_ factory: RegisterFactory) async throws {
        let fixture = try await RegisterFixture(factory)
        let register = fixture.register
        let household = try await fixture.household([People.wang])
        let referral = try await fixture.referral(name: "王某", id: People.wang.idNumber, openedOn: "2026-09-01", householdID: household.id)
        await #expect(throws: ReferralError.reasonRequired(referralID: referral.id)) {
            try await register.closeReferral(id: referral.id, decision: .refuse, reason: "  ", on: day("2026-09-05"), by: "officer") { _ in }
        }
        let seen = Box()
        let closed = try await register.closeReferral(id: referral.id, decision: .approve(ApprovedPayment(amountFen: 200_000, fund: "donations")),
                                                      reason: "因病致困，经集体研究给予临时救助", on: day("2026-09-05"), by: "officer") { seen.grants = $0 }
        #expect(seen.grants.isEmpty)
        let answer = try #require(closed.answer)
        #expect(answer.decision == .approve(ApprovedPayment(amountFen: 200_000, fund: "donations")))
        #expect(answer.reason == "因病致困，经集体研究给予临时救助" && answer.closedOn == day("2026-09-05") && answer.closedBy == "officer")
        #expect(!closed.isOpen && closed.ageInDays(on: day("2026-12-31")) == 4) // its age stops at its answer
        let grants = try await register.grants(householdID: household.id, from: nil, to: nil)
        #expect(grants.map(\.id) == [try #require(answer.grantID)])
        #expect(grants.first?.referralID == referral.id && grants.first?.amountFen == 200_000 && grants.first?.grantedOn == day("2026-09-05"))
        #expect(grants.first?.assessmentID == referral.referral.assessmentID && grants.first?.confirmedBy == "officer")
        #expect(try await register.referrals(assessmentID: referral.referral.assessmentID) == [closed])
        #expect(try await register.openReferrals(ownedBy: nil).isEmpty)
        await #expect(throws: ReferralError.closed(referral.id)) {
            try await register.closeReferral(id: referral.id, decision: .refuse, reason: "再次", on: day("2026-09-06"), by: "officer") { _ in }
        }
        await #expect(throws: ReferralError.closed(referral.id)) { try await register.assignReferral(id: referral.id, to: "officer") }

        // A second approval's recheck sees the first grant, and may refuse: then nothing is written.
        let again = try await fixture.referral(name: "王某", id: People.wang.idNumber, openedOn: "2026-10-01", householdID: household.id)
        struct OnceAYear: Error {}
        await #expect(throws: OnceAYear.self) {
            try await register.closeReferral(id: again.id, decision: .approve(ApprovedPayment(amountFen: 100_000, fund: "centre")),
                                             reason: "再次救助", on: day("2026-10-02"), by: "officer") { granted in
                if granted.contains(where: { $0.programme == "basic" }) { throw OnceAYear() }
            }
        }
        #expect(try await register.referral(id: again.id)?.isOpen == true)
        #expect(try await register.grants(householdID: household.id, from: nil, to: nil).count == 1)
        await #expect(throws: GrantError.badAmount(programme: "basic", amountFen: 0, period: .once)) {
            try await register.closeReferral(id: again.id, decision: .approve(ApprovedPayment(amountFen: 0, fund: "centre")),
                                             reason: "再次救助", on: day("2026-10-02"), by: "officer") { _ in }
        }
        let noHousehold = try await fixture.referral(name: "李大山", id: People.li.idNumber, openedOn: "2026-10-01")
        await #expect(throws: ReferralError.noHousehold(referralID: noHousehold.id)) {
            try await register.closeReferral(id: noHousehold.id, decision: .approve(ApprovedPayment(amountFen: 100, fund: "centre")),
                                             reason: "救助", on: day("2026-10-02"), by: "officer") { _ in }
        }
        let refused = try await register.closeReferral(id: noHousehold.id, decision: .refuse, reason: "家庭收入高于标准", on: day("2026-10-03"), by: "officer") { _ in }
        #expect(refused.answer?.decision == .refuse && refused.answer?.grantID == nil && refused.answer?.outgoingReferralID == nil)
    }

    @Test(arguments: RegisterFactory.all)
    func anApprovalWithoutPaymentRecordsNoGrantAndAPaymentKeepsWhetherItCountsAsIncome(_ factory: RegisterFactory) async throws {
        let fixture = try await RegisterFixture(factory)
        let register = fixture.register
        let household = try await fixture.household([People.wang])
        // A service (legal aid, a file to open) is approved without money: no grant, no fund.
        let service = try await fixture.referral(name: "王某", id: People.wang.idNumber, openedOn: "2026-09-01", householdID: household.id)
        let approved = try await register.closeReferral(id: service.id, decision: .approve(nil), reason: "协助申请法律援助",
                                                        on: day("2026-09-05"), by: "officer") { _ in Issue.record("no grant to recheck") }
        #expect(approved.answer?.decision == .approve(nil) && approved.answer?.grantID == nil)
        #expect(try await register.referral(id: service.id)?.answer?.decision == .approve(nil))
        #expect(try await register.grants(householdID: household.id, from: nil, to: nil).isEmpty)
        // A festival gift that does not count as income stays so on the record, as the rules read it later.
        let gift = try await fixture.referral(name: "王某", id: People.wang.idNumber, openedOn: "2026-09-10", householdID: household.id)
        let payment = ApprovedPayment(amountFen: 50_000, fund: "centre", countsAsIncome: false)
        let paid = try await register.closeReferral(id: gift.id, decision: .approve(payment), reason: "中秋慰问",
                                                    on: day("2026-09-12"), by: "officer") { _ in }
        #expect(paid.answer?.decision == .approve(payment))
        let grants = try await register.grants(householdID: household.id, from: nil, to: nil)
        #expect(grants.map(\.countsAsIncome) == [false])
        #expect(History(onRecord: grants, on: day("2026-10-01")).grants.map(\.countsAsIncome) == [false])
    }

    @Test(arguments: RegisterFactory.all)
    func aReferralHandedOnIsFollowedUpToItsResult(_ factory: RegisterFactory) async throws {
        let fixture = try await RegisterFixture(factory)
        let register = fixture.register
        let household = try await fixture.household([People.li])
        let referral = try await fixture.referral(name: "李大山", id: People.li.idNumber, openedOn: "2026-09-01", householdID: household.id)
        let closed = try await register.closeReferral(id: referral.id, decision: .handOn(body: "劳动保障监察大队", subject: "追讨拖欠工资"),
                                                      reason: "属欠薪，移交劳动监察", on: day("2026-09-03"), by: "officer") { _ in }
        #expect(closed.answer?.decision == .handOn(body: "劳动保障监察大队", subject: "追讨拖欠工资"))
        let outID = try #require(closed.answer?.outgoingReferralID)
        let out = try #require(try await register.outgoingReferral(id: outID))
        #expect(out.body == "劳动保障监察大队" && out.subject == "追讨拖欠工资" && out.referralID == referral.id)
        #expect(out.householdID == household.id && out.assessmentID == referral.referral.assessmentID)
        #expect(out.steps == [OutgoingReferralEvent(step: .sent, on: day("2026-09-03"), by: "officer")])

        let legalAid = try await register.sendOut(NewOutgoingReferral(body: "法律援助中心", subject: "工伤赔偿诉讼", householdID: household.id,
                                                                      sentOn: day("2026-08-20"), sentBy: "clerk"))
        #expect(try await register.openOutgoingReferrals().map(\.id) == [legalAid.id, outID]) // oldest first
        #expect(legalAid.isOpen && legalAid.ageInDays(on: day("2026-09-20")) == 31)

        _ = try await register.recordStep(.accepted, outgoingReferralID: outID, on: day("2026-09-05"), by: "clerk")
        await #expect(throws: ReferralError.stepOutOfOrder(outgoingReferralID: outID, after: .accepted, step: .accepted)) {
            try await register.recordStep(.accepted, outgoingReferralID: outID, on: day("2026-09-06"), by: "clerk")
        }
        await #expect(throws: ReferralError.stepBeforePrevious(outgoingReferralID: outID, previous: day("2026-09-05"), on: day("2026-09-04"))) {
            try await register.recordStep(.result(amountRecoveredFen: 1, note: "x"), outgoingReferralID: outID, on: day("2026-09-04"), by: "clerk")
        }
        await #expect(throws: ReferralError.negativeRecovery(outgoingReferralID: outID)) {
            try await register.recordStep(.result(amountRecoveredFen: -1, note: "x"), outgoingReferralID: outID, on: day("2026-10-01"), by: "clerk")
        }
        let done = try await register.recordStep(.result(amountRecoveredFen: 1_500_000, note: "已追回全部欠薪"), outgoingReferralID: outID,
                                                 on: day("2026-10-20"), by: "clerk")
        #expect(done.steps.map(\.step) == [.sent, .accepted, .result(amountRecoveredFen: 1_500_000, note: "已追回全部欠薪")])
        #expect(done.steps.map(\.on) == [day("2026-09-03"), day("2026-09-05"), day("2026-10-20")])
        #expect(done.steps.map(\.by) == ["officer", "clerk", "clerk"])
        #expect(!done.isOpen && done.ageInDays(on: day("2027-01-01")) == 47)
        await #expect(throws: ReferralError.stepOutOfOrder(outgoingReferralID: outID, after: .result, step: .accepted)) {
            try await register.recordStep(.accepted, outgoingReferralID: outID, on: day("2026-10-21"), by: "clerk")
        }
        // A body may answer without accepting first.
        _ = try await register.recordStep(.result(amountRecoveredFen: 0, note: "不予受理"), outgoingReferralID: legalAid.id, on: day("2026-09-01"), by: "clerk")
        #expect(try await register.openOutgoingReferrals().isEmpty)
        await #expect(throws: ReferralError.noSuchOutgoingReferral(outID + 100)) {
            try await register.recordStep(.accepted, outgoingReferralID: outID + 100, on: day("2026-10-21"), by: "clerk")
        }
    }
}
