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
