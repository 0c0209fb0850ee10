import Eligibility
import IntakeRegister
import Testing

@Suite("Finding households, a hardship file's life and its yearly reviews, whatever holds them")
struct ReviewContractTests {
    @Test(arguments: RegisterFactory.all)
    func householdsAreFoundByAMembersIDNumberOrName(_ factory: RegisterFactory) async throws {
        let fixture = try await RegisterFixture(factory)
        let register = fixture.register
        let wangs = try await fixture.household([People.wang, People.zhao])
        let lis = try await fixture.household([People.li, People.liSon])
        #expect(try await register.households(matching: HouseholdQuery()).map(\.id) == [lis.id, wangs.id]) // newest first
        #expect(try await register.households(matching: HouseholdQuery(idNumber: "11010519491231002x")).map(\.id) == [wangs.id])
        #expect(try await register.households(matching: HouseholdQuery(name: "李")).map(\.id) == [lis.id]) // two members, one household
        #expect(try await register.households(matching: HouseholdQuery(idNumber: People.li.idNumber, name: "王")).isEmpty)
        #expect(try await register.households(matching: HouseholdQuery(name: "%")).isEmpty) // a name, not a pattern
        #expect(try await register.households(matching: HouseholdQuery(limit: 1)).map(\.id) == [lis.id])
        // A member who moved away no longer finds the household.
        try await register.removeMember(idNumber: People.zhao.idNumber, householdID: wangs.id)
        #expect(try await register.households(matching: HouseholdQuery(idNumber: People.zhao.idNumber)).isEmpty)
    }

    @Test(arguments: RegisterFactory.all)
    func aFileKeepsItsLifeFromItsOpening(_ factory: RegisterFactory) async throws {
        let fixture = try await RegisterFixture(factory)
        let register = fixture.register
        let household = try await fixture.household([People.wang])
        let file = try await register.openHardshipFile(householdID: household.id, tier: .relative, openedOn: day("2026-03-01"), openedBy: "officer")
        #expect(try await register.hardshipFile(id: file.id) == file)
        #expect(try await register.hardshipFile(id: file.id + 1) == nil)
        _ = try await register.moveHardshipFile(id: file.id, to: .underReview, reason: nil, on: day("2027-03-01"), by: "officer")
        _ = try await register.moveHardshipFile(id: file.id, to: .closed, reason: "收入已超过标准", on: day("2027-03-05"), by: "officer2")
        #expect(try await register.hardshipFileHistory(id: file.id) == [
            HardshipFileEvent(status: .opened, on: day("2026-03-01"), by: "officer", reason: nil),
            HardshipFileEvent(status: .underReview, on: day("2027-03-01"), by: "officer", reason: nil),
            HardshipFileEvent(status: .closed, on: day("2027-03-05"), by: "officer2", reason: "收入已超过标准"),
        ])
        #expect(try await register.hardshipFileHistory(id: file.id + 1).isEmpty)
        #expect(try await register.openHardshipFiles().isEmpty)
    }

    @Test(arguments: RegisterFactory.all)
    func aReviewIsRecordedWithItsEntryAndDatesTheFile(_ factory: RegisterFactory) async throws {
        let fixture = try await RegisterFixture(factory)
        let register = fixture.register
        let household = try await fixture.household([People.wang])
        let file = try await register.openHardshipFile(householdID: household.id, tier: .deep, openedOn: day("2025-03-01"), openedBy: "officer")
        #expect(file.lastReviewedOn == nil && file.reviewDueOn == day("2026-03-01"))
        #expect(!file.isDueForReview(on: day("2026-02-28")) && file.isDueForReview(on: day("2026-03-01")))
        #expect(try await register.openHardshipFiles() == [file])

        let entry = try await register.record(fixture.entry(name: "王某", id: People.wang.idNumber, date: "2026-03-02"))
        let review = NewHardshipReview(fileID: file.id, assessmentID: entry, reviewedOn: day("2026-03-02"), reviewedBy: "officer",
                                       finding: .adjust, suggestedTier: .relative)
        let stored = try await register.recordReview(review)
        #expect(stored.review == review)
        #expect(try await register.reviews(fileID: file.id) == [stored])
        let reviewed = try #require(try await register.hardshipFile(id: file.id))
        #expect(reviewed.lastReviewedOn == day("2026-03-02") && reviewed.reviewDueOn == day("2027-03-02"))
        #expect(!reviewed.isDueForReview(on: day("2026-12-31")))
        #expect(reviewed.status == .opened && reviewed.tier == .deep) // a review does not move the file

        var unknownEntry = review
        unknownEntry.assessmentID = entry + 100
        await #expect(throws: HouseholdError.noSuchAssessment(entry + 100)) { try await register.recordReview(unknownEntry) }
        var unknownFile = review
        unknownFile.fileID = file.id + 100
        await #expect(throws: HouseholdError.noSuchHardshipFile(file.id + 100)) { try await register.recordReview(unknownFile) }
        _ = try await register.moveHardshipFile(id: file.id, to: .closed, reason: "脱困", on: day("2026-04-01"), by: "officer")
        await #expect(throws: HouseholdError.hardshipFileClosed(file.id)) { try await register.recordReview(review) }
        #expect(try await register.reviews(fileID: file.id) == [stored]) // nothing of the refused ones was kept
    }

    @Test func aFileOpenedOnALeapDayIsDueOnTheLastDayOfFebruary() {
        let file = StoredHardshipFile(id: 1, householdID: 1, tier: .deep, status: .opened, openedOn: day("2028-02-29"), openedBy: "officer",
                                      statusSince: day("2028-02-29"), statusBy: "officer", reason: nil)
        #expect(file.reviewDueOn == day("2029-02-28"))
        var closed = file
        closed.status = .closed
        #expect(!closed.isDueForReview(on: day("2030-01-01")))
    }
}
