import Eligibility
import IntakeRegister
import Testing

/// ID numbers with valid check characters, as the desk reads them off cards.
enum People {
    static let wang = HouseholdMember(idNumber: "110101197005011235", name: "王某", relation: "本人")
    static let zhao = HouseholdMember(idNumber: "11010519491231002x", name: "赵某", relation: "配偶") // typed with a lower-case x
    static let li = HouseholdMember(idNumber: "220101198001011115", name: "李大山", relation: "本人")
    static let liSon = HouseholdMember(idNumber: "34010419780512001X", name: "李某", relation: "子女")
}

extension RegisterFixture {
    /// An assessment of `name` with `outcome` for "basic", and a household opened from it.
    func household(_ members: [HouseholdMember], outcome: String = "eligible", on date: String = "2026-03-01") async throws -> StoredHousehold {
        let assessment = try await register.record(entry(name: members[0].name, id: members[0].idNumber, date: date, outcome: outcome))
        return try await register.openHousehold(NewHousehold(assessmentID: assessment, members: members, openedOn: CivilDate(date)!, openedBy: "clerk"))
    }
}

func day(_ text: String) -> CivilDate { CivilDate(text)! }

@Suite("Households and their files (一户一档), whatever holds them")
struct HouseholdContractTests {
    @Test(arguments: RegisterFactory.all)
    func aHouseholdIsOpenedFromAnAssessmentWithItsMembers(_ factory: RegisterFactory) async throws {
        let fixture = try await RegisterFixture(factory)
        let register = fixture.register
        let household = try await fixture.household([People.wang, People.zhao])
        #expect(household.members.map(\.idNumber) == ["110101197005011235", "11010519491231002X"]) // the standard form
        #expect(household.members.map(\.relation) == ["本人", "配偶"])
        #expect(household.openedOn == day("2026-03-01") && household.openedBy == "clerk" && household.isOpen)
        #expect(try await register.household(id: household.id) == household)
        #expect(try await register.household(memberIDNumber: "11010519491231002x")?.id == household.id)
        #expect(try await register.household(memberIDNumber: "220101198001011115") == nil)
        #expect(try await register.household(id: household.id + 1) == nil)

        let assessment = household.assessmentID
        await #expect(throws: HouseholdError.noMembers) {
            try await register.openHousehold(NewHousehold(assessmentID: assessment, members: [], openedOn: day("2026-03-01"), openedBy: "clerk"))
        }
        await #expect(throws: HouseholdError.duplicateMember(idNumber: "220101198001011115")) {
            try await register.openHousehold(NewHousehold(assessmentID: assessment, members: [People.li, People.li], openedOn: day("2026-03-01"), openedBy: "clerk"))
        }
        await #expect(throws: HouseholdError.noSuchAssessment(assessment + 100)) {
            try await register.openHousehold(NewHousehold(assessmentID: assessment + 100, members: [People.li], openedOn: day("2026-03-01"), openedBy: "clerk"))
        }
    }

    @Test(arguments: RegisterFactory.all)
    func aPersonBelongsToOneOpenHousehold(_ factory: RegisterFactory) async throws {
        let fixture = try await RegisterFixture(factory)
        let register = fixture.register
        let wangs = try await fixture.household([People.wang, People.zhao])
        // The other household is named, whichever way the number is typed.
        await #expect(throws: HouseholdError.memberOfAnotherHousehold(idNumber: "11010519491231002X", householdID: wangs.id)) {
            try await fixture.household([People.li, HouseholdMember(idNumber: "110105 19491231002X", name: "赵某", relation: "母亲")])
        }
        #expect(try await register.household(memberIDNumber: People.li.idNumber) == nil) // nothing of the refused one was kept

        let lis = try await fixture.household([People.li])
        await #expect(throws: HouseholdError.memberOfAnotherHousehold(idNumber: People.wang.idNumber, householdID: wangs.id)) {
            try await register.addMember(People.wang, householdID: lis.id)
        }
        await #expect(throws: HouseholdError.duplicateMember(idNumber: People.li.idNumber)) {
            try await register.addMember(People.li, householdID: lis.id)
        }
        try await register.addMember(People.liSon, householdID: lis.id)

        // Moved out: free to join another household.
        try await register.removeMember(idNumber: "11010519491231002x", householdID: wangs.id)
        await #expect(throws: HouseholdError.noSuchMember(idNumber: "11010519491231002X", householdID: wangs.id)) {
            try await register.removeMember(idNumber: People.zhao.idNumber, householdID: wangs.id)
        }
        try await register.addMember(People.zhao, householdID: lis.id)
        #expect(try await register.household(id: lis.id)?.members.map(\.name) == ["李大山", "李某", "赵某"])
        #expect(try await register.household(id: wangs.id)?.members.map(\.name) == ["王某"])

        // A closed household keeps its members on record and holds none of them.
        try await register.closeHousehold(id: wangs.id, closing: HouseholdClosing(on: day("2026-12-01"), by: "officer", reason: "迁出本市"))
        let closed = try #require(try await register.household(id: wangs.id))
        #expect(closed.closing == HouseholdClosing(on: day("2026-12-01"), by: "officer", reason: "迁出本市"))
        #expect(closed.members.map(\.name) == ["王某"])
        #expect(try await register.household(memberIDNumber: People.wang.idNumber) == nil)
        await #expect(throws: HouseholdError.householdClosed(wangs.id)) { try await register.addMember(People.wang, householdID: wangs.id) }
        await #expect(throws: HouseholdError.householdClosed(wangs.id)) {
            try await register.closeHousehold(id: wangs.id, closing: HouseholdClosing(on: day("2026-12-02"), by: "officer", reason: "再次"))
        }
        await #expect(throws: HouseholdError.noSuchHousehold(wangs.id + 100)) { try await register.addMember(People.wang, householdID: wangs.id + 100) }
        #expect(try await fixture.household([People.wang]).isOpen)
    }

    /// Desks open a household for the same person at the same moment: one opens it, the others are
    /// told which household the person belongs to.
    @Test(arguments: RegisterFactory.all)
    func concurrentOpeningsForOnePersonOpenOneHousehold(_ factory: RegisterFactory) async throws {
        let desks = try await factory.makeShared(4)
        let fixture = try await RegisterFixture(desks[0])
        let assessment = try await desks[0].record(fixture.entry(name: "王某", id: People.wang.idNumber, date: "2026-03-01"))
        let results = await withTaskGroup(of: Result<Int64, any Error>.self) { group in
            for attempt in 0..<16 {
                group.addTask {
                    do {
                        return .success(try await desks[attempt % desks.count].openHousehold(NewHousehold(
                            assessmentID: assessment, members: [People.wang], openedOn: day("2026-03-01"), openedBy: "desk\(attempt)")).id)
                    } catch {
                        return .failure(error)
                    }
                }
            }
            return await group.reduce(into: []) { $0.append($1) }
        }
        let opened = results.compactMap { try? $0.get() }
        #expect(opened.count == 1)
        let household = try #require(opened.first)
        for case .failure(let error) in results {
            #expect(error as? HouseholdError == .memberOfAnotherHousehold(idNumber: People.wang.idNumber, householdID: household), "\(error)")
        }
    }

    @Test(arguments: RegisterFactory.all)
    func aHouseholdHasOneHardshipFileThatHolds(_ factory: RegisterFactory) async throws {
        let fixture = try await RegisterFixture(factory)
        let register = fixture.register
        let household = try await fixture.household([People.wang])
        let accidental = try await register.openHardshipFile(householdID: household.id, tier: .accidental, openedOn: day("2026-03-01"), openedBy: "clerk")
        #expect(accidental.status == .opened && accidental.tier == .accidental && accidental.statusSince == day("2026-03-01"))
        #expect(accidental.expiresOn == day("2027-03-01"))
        await #expect(throws: HouseholdError.hardshipFileOpen(householdID: household.id, fileID: accidental.id)) {
            try await register.openHardshipFile(householdID: household.id, tier: .deep, openedOn: day("2027-02-28"), openedBy: "clerk")
        }
        // The accidental file runs out after a year, by the date asked about, not the clock.
        let stored = try #require(try await register.hardshipFiles(householdID: household.id).first)
        #expect(!stored.isExpired(on: day("2027-02-28")) && stored.holds(on: day("2027-02-28")))
        #expect(stored.isExpired(on: day("2027-03-01")) && !stored.holds(on: day("2027-03-01")))
        let relative = try await register.openHardshipFile(householdID: household.id, tier: .relative, openedOn: day("2027-03-01"), openedBy: "clerk")
        #expect(relative.expiresOn == nil && !relative.isExpired(on: day("2099-01-01")))
        #expect(try await register.hardshipFiles(householdID: household.id).map(\.id) == [accidental.id, relative.id])

        await #expect(throws: HouseholdError.hardshipFileOpen(householdID: household.id, fileID: relative.id)) {
            try await register.closeHousehold(id: household.id, closing: HouseholdClosing(on: day("2027-04-01"), by: "officer", reason: "脱困"))
        }
        let review = try await register.moveHardshipFile(id: relative.id, to: .underReview, reason: nil, on: day("2028-03-01"), by: "officer")
        #expect(review.status == .underReview && review.statusSince == day("2028-03-01") && review.statusBy == "officer")
        #expect(try await register.moveHardshipFile(id: relative.id, to: .opened, reason: "复核后继续", on: day("2028-03-05"), by: "officer").status == .opened)
        await #expect(throws: HouseholdError.reasonRequired(fileID: relative.id)) {
            try await register.moveHardshipFile(id: relative.id, to: .closed, reason: " ", on: day("2028-04-01"), by: "officer")
        }
        let closed = try await register.moveHardshipFile(id: relative.id, to: .closed, reason: "家庭收入已超过标准", on: day("2028-04-01"), by: "officer")
        #expect(closed.status == .closed && closed.reason == "家庭收入已超过标准" && !closed.holds(on: day("2028-04-01")))
        await #expect(throws: HouseholdError.hardshipFileMoveNotAllowed(fileID: relative.id, from: .closed, to: .opened)) {
            try await register.moveHardshipFile(id: relative.id, to: .opened, reason: nil, on: day("2028-04-02"), by: "officer")
        }
        await #expect(throws: HouseholdError.noSuchHardshipFile(relative.id + 100)) {
            try await register.moveHardshipFile(id: relative.id + 100, to: .closed, reason: "x", on: day("2028-04-02"), by: "officer")
        }
        // The accidental file ran out unclosed: it does not keep the household open.
        try await register.closeHousehold(id: household.id, closing: HouseholdClosing(on: day("2028-04-02"), by: "officer", reason: "脱困"))
        await #expect(throws: HouseholdError.householdClosed(household.id)) {
            try await register.openHardshipFile(householdID: household.id, tier: .deep, openedOn: day("2028-05-01"), openedBy: "clerk")
        }
    }

    @Test func anAccidentalFileOpenedOnALeapDayRunsToTheLastDayOfFebruary() {
        let file = StoredHardshipFile(id: 1, householdID: 1, tier: .accidental, status: .opened, openedOn: day("2028-02-29"), openedBy: "clerk",
                                      statusSince: day("2028-02-29"), statusBy: "clerk", reason: nil)
        #expect(file.expiresOn == day("2029-02-28"))
    }

    @Test(arguments: RegisterFactory.all)
    func modelWorkersInHardshipAreTheirOwnList(_ factory: RegisterFactory) async throws {
        let register = try await factory.make()
        let zhao = ModelWorker(idNumber: "11010519491231002x", name: "赵某", level: "national", titleStatus: "held", monthlyTopUpFen: 50_000,
                               payer: "city_model_worker_fund", updatedOn: day("2026-01-05"), updatedBy: "officer")
        let wang = ModelWorker(idNumber: People.wang.idNumber, name: "王某", level: "city", titleStatus: "held", monthlyTopUpFen: 20_000,
                               payer: "centre", updatedOn: day("2026-01-05"), updatedBy: "officer")
        try await register.putModelWorker(zhao)
        try await register.putModelWorker(wang)
        #expect(try await register.modelWorker(idNumber: "11010519491231002X") == zhao)
        var revoked = zhao
        revoked.titleStatus = "revoked"
        revoked.monthlyTopUpFen = 0
        try await register.putModelWorker(revoked)
        #expect(try await register.modelWorkers() == [wang, revoked]) // by ID number, one entry each
        var negative = wang
        negative.monthlyTopUpFen = -1
        await #expect(throws: HouseholdError.negativeTopUp(idNumber: wang.idNumber)) { try await register.putModelWorker(negative) }
        #expect(try await register.modelWorker(idNumber: People.li.idNumber) == nil)
    }
}
