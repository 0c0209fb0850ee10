@testable import CaseTesting
import Eligibility
import EligibilityTesting
import Foundation
import Testing

/// A case file gives the household's history beside its profile, so a rule test stays self-contained.
@Suite("Case files with history")
struct CaseHistoryTests {
    static func run(_ caseText: String) throws -> CaseResult {
        let fixture = try RuleSetFixture(programmes: [("yearly", RuleSetFixture.onceAYearProgramme)])
        let file = try CaseRunnerTests.caseFile(caseText)
        let cases = try CaseFileLoader.load(file)
        return CaseRunner(assessor: try fixture.assessor()).run(try #require(cases.first))
    }

    @Test("A case's history: is given to the assessment; without one there are no grants on record")
    func historyBesideTheProfile() throws {
        let granted = try Self.run("""
            name: 本年度已领
            on: 2026-09-01
            profile: {name: 王某, birth_date: 1970-05-01}
            history:
              - \(RuleSetFixture.onceAYearGrant)
            expect:
              programmes:
                yearly: {outcome: ineligible, reasons: [already_granted]}
            """)
        #expect(granted.passed, "\(granted.inputProblems) \(granted.mismatches)")
        #expect(granted.assessment?.decision("yearly")?.historyUsed == [1])

        let lastYear = try Self.run("""
            name: 去年领的不算本年度
            on: 2027-01-05
            profile: {name: 王某, birth_date: 1970-05-01}
            history: [\(RuleSetFixture.onceAYearGrant)]
            expect:
              programmes:
                yearly: {outcome: eligible, cash: 1000.00, reasons: [first_this_year]}
            """)
        #expect(lastYear.passed, "\(lastYear.inputProblems) \(lastYear.mismatches)")
    }

    @Test("A mistake in a case's history: names the case file, its line and the field path")
    func historyProblems() throws {
        let result = try Self.run("""
            name: 金额写错
            on: 2026-09-01
            profile: {name: 王某, birth_date: 1970-05-01}
            history:
              - {programme: yearly, fund: centre, amount: 1000元, granted: 2026-03-10, schedule: once}
            expect:
              programmes:
                yearly: eligible
            """)
        #expect(!result.passed)
        let problem = try #require(result.inputProblems.first)
        #expect(problem.file == result.testCase.file)
        #expect(problem.line == 5)
        #expect(problem.path == "history[1].amount")
        #expect(problem.message.zh.hasPrefix("应填金额（元，最多两位小数），这里是 \"1000元\""))
    }
}
