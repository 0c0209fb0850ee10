import Eligibility
import EligibilityTesting
import Foundation
import IntakeRegister
import Testing

@Suite("The register's running rule set, whatever holds it")
struct RunningRuleSetContractTests {
    @Test(arguments: RegisterFactory.all)
    func theNewestTakingIsTheRunningRuleSetForEveryDesk(_ factory: RegisterFactory) async throws {
        let registers = try await factory.makeShared(2)
        let (first, second) = (registers[0], registers[1])
        #expect(try await first.runningRuleSet() == nil)
        #expect(try await first.runningRuleSetHistory(limit: nil).isEmpty)

        let fixture = try RuleSetFixture(programmes: [("basic", RuleSetFixture.basicProgramme)])
        let old = try fixture.ruleSet()
        try await first.storeRuleSet(old)
        let taken = try await first.takeRuleSet(RuleSetTaking(hash: old.contentHash, takenBy: "desk-a", source: .folder, origin: "/srv/rules"))
        #expect(taken.hash == old.contentHash)
        #expect(taken.taking.takenBy == "desk-a" && taken.taking.source == .folder && taken.taking.origin == "/srv/rules")
        #expect(abs(taken.since.timeIntervalSinceNow) < 60)
        // The other desk reads what the first made running.
        #expect(try await second.runningRuleSet() == taken)

        try "title: 改过的规则\napplicant: {name: name}\nprogrammes:\n  - basic\n"
            .write(to: fixture.directory.appendingPathComponent("ruleset.yaml"), atomically: true, encoding: .utf8)
        let new = try fixture.ruleSet()
        try await second.storeRuleSet(new)
        let published = try await second.takeRuleSet(RuleSetTaking(hash: new.contentHash, takenBy: "officer2", source: .proposal, origin: "#1"))
        #expect(published.id > taken.id)
        #expect(try await first.runningRuleSet() == published)
        #expect(try await first.runningRuleSetHistory(limit: nil) == [published, taken])
        #expect(try await second.runningRuleSetHistory(limit: 1) == [published])
    }

    @Test(arguments: RegisterFactory.all)
    func onlyAStoredRuleSetCanRun(_ factory: RegisterFactory) async throws {
        let register = try await factory.make()
        await #expect(throws: RunningRuleSetError.notStored("0000")) {
            try await register.takeRuleSet(RuleSetTaking(hash: "0000", takenBy: "desk-a", source: .folder, origin: "/srv/rules"))
        }
        #expect(try await register.runningRuleSet() == nil)
    }
}

@Suite("Parameter proposals with four eyes, whatever holds them")
struct ProposalContractTests {
    /// A register running the fixture rule set, with a retitled one stored to propose.
    struct Proposing {
        let register: any Register
        let base: RuleSet
        let proposed: RuleSet

        init(_ register: any Register) async throws {
            self.register = register
            let fixture = try RuleSetFixture(programmes: [("basic", RuleSetFixture.basicProgramme)])
            base = try fixture.ruleSet()
            try "title: 改过的规则\napplicant: {name: name}\nprogrammes:\n  - basic\n"
                .write(to: fixture.directory.appendingPathComponent("ruleset.yaml"), atomically: true, encoding: .utf8)
            proposed = try fixture.ruleSet()
            try await register.storeRuleSet(base)
            try await register.storeRuleSet(proposed)
            _ = try await register.takeRuleSet(RuleSetTaking(hash: base.contentHash, takenBy: "desk-a", source: .folder, origin: "/srv/rules"))
        }

        func propose(by officer: String = "li") async throws -> StoredProposal {
            try await register.addProposal(NewProposal(parameter: "dibao.urban", from: CivilDate("2027-01-01")!, value: "1000",
                                                       reference: "XX民发〔2026〕3号", proposedBy: officer,
                                                       baseHash: base.contentHash, proposedHash: proposed.contentHash))
        }
    }

    @Test(arguments: RegisterFactory.all)
    func aSecondOfficerPublishesAProposalAsTheRunningRuleSet(_ factory: RegisterFactory) async throws {
        let fixture = try await Proposing(factory.make())
        let proposal = try await fixture.propose()
        #expect(proposal.status == .open && proposal.proposal.proposedBy == "li" && proposal.decidedBy == nil)
        #expect(try await fixture.register.proposal(id: proposal.id) == proposal)

        // Four eyes: the proposer can neither publish nor refuse it.
        await #expect(throws: ProposalError.ownProposal) { try await fixture.register.decideProposal(id: proposal.id, .publish, by: "li") }
        await #expect(throws: ProposalError.ownProposal) { try await fixture.register.decideProposal(id: proposal.id, .refuse(reason: "不同意"), by: "li") }
        let published = try await fixture.register.decideProposal(id: proposal.id, .publish, by: "wang")
        #expect(published.status == .published && published.decidedBy == "wang" && published.reason == nil)
        let running = try #require(try await fixture.register.runningRuleSet())
        #expect(running.taking == RuleSetTaking(hash: fixture.proposed.contentHash, takenBy: "wang", source: .proposal, origin: "#\(proposal.id)"))
        // Decided once.
        await #expect(throws: ProposalError.notOpen(proposal.id, .published)) {
            try await fixture.register.decideProposal(id: proposal.id, .refuse(reason: "晚了"), by: "zhao")
        }
        #expect(try await fixture.register.proposals() == [published])
    }

    @Test(arguments: RegisterFactory.all)
    func refusedAndWithdrawnProposalsAreKeptWithTheirReasons(_ factory: RegisterFactory) async throws {
        let fixture = try await Proposing(factory.make())
        let first = try await fixture.propose(), second = try await fixture.propose()
        await #expect(throws: ProposalError.reasonRequired) { try await fixture.register.decideProposal(id: first.id, .refuse(reason: " "), by: "wang") }
        await #expect(throws: ProposalError.notOwnProposal) { try await fixture.register.decideProposal(id: second.id, .withdraw(reason: "写错了"), by: "wang") }
        let refused = try await fixture.register.decideProposal(id: first.id, .refuse(reason: "文号有误"), by: "wang")
        let withdrawn = try await fixture.register.decideProposal(id: second.id, .withdraw(reason: "写错了"), by: "li")
        #expect(refused.status == .refused && refused.reason == "文号有误" && refused.decidedBy == "wang" && refused.decidedAt != nil)
        #expect(withdrawn.status == .withdrawn && withdrawn.reason == "写错了" && withdrawn.decidedBy == "li")
        #expect(try await fixture.register.proposals() == [withdrawn, refused])
        #expect(try await fixture.register.runningRuleSet()?.hash == fixture.base.contentHash) // nothing published
    }

    @Test(arguments: RegisterFactory.all)
    func aProposalOnRulesNoLongerRunningIsNotPublished(_ factory: RegisterFactory) async throws {
        let fixture = try await Proposing(factory.make())
        let first = try await fixture.propose(), second = try await fixture.propose()
        _ = try await fixture.register.decideProposal(id: first.id, .publish, by: "wang")
        // The second was made on the rules the first replaced: publishing it would undo the first.
        await #expect(throws: ProposalError.baseNotRunning(second.id)) { try await fixture.register.decideProposal(id: second.id, .publish, by: "wang") }
        #expect(try await fixture.register.proposal(id: second.id)?.status == .open)
        await #expect(throws: ProposalError.noSuchProposal(99)) { try await fixture.register.decideProposal(id: 99, .publish, by: "wang") }
        await #expect(throws: ProposalError.notStored("0000")) {
            try await fixture.register.addProposal(NewProposal(parameter: "dibao.urban", from: CivilDate("2027-01-01")!, value: "1000", reference: "x",
                                                               proposedBy: "li", baseHash: fixture.base.contentHash, proposedHash: "0000"))
        }
    }
}
