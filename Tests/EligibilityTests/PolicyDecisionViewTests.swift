import Eligibility
import EligibilityTesting
import Testing

/// What a policy reads of each decision: the fund that pays it and whether it counts as income, from
/// the programme's declaration; a misspelt key is an error at its line, not a silent nil.
@Suite("A policy's view of the decisions")
struct PolicyDecisionViewTests {
    static func assessed(_ apply: String) throws -> Assessment {
        let policy = """
            policy {
              id = "look", title = "查看", cite = "办法第二十条",
              apply = function(decisions)
                \(apply)
              end,
            }
            """
        let gift = RuleSetFixture.basicProgramme
            .replacingOccurrences(of: "basis = \"办法第八条\",", with: "basis = \"办法第八条\",\n  counts_as_income = false,")
        #expect(gift != RuleSetFixture.basicProgramme, "the fixture's declaration moved: update this test")
        return try RuleSetFixture(programmes: [("basic", gift)], policy: policy).assess()
    }

    @Test func aPolicyReadsTheFundAndWhetherTheProgrammeCountsAsIncome() throws {
        let assessment = try Self.assessed("""
            local d = decisions[1]
                if d.fund == nil and d.counts_as_income == false then withhold(d.id, reason("seen", "看到了", "办法第二十条")) end
            """)
        #expect(assessment.policyFailures.isEmpty, "\(assessment.policyFailures)")
        #expect(assessment.decisions.first?.outcome == .ineligible)
        #expect(assessment.decisions.first?.reasons.contains { $0.code == "seen" } == true)
    }

    @Test func aMisspeltKeyIsAnErrorNamingTheClosestOne() throws {
        let assessment = try Self.assessed("if decisions[1].fnud == \"centre\" then return end")
        let failure = try #require(assessment.policyFailures.first)
        #expect(failure.message.contains("fnud") && failure.message.contains("'fund'"), "\(failure.message)")
        #expect(failure.location?.file == "policy.lua")
    }
}
