@testable import CaseTesting
import Eligibility
import EligibilityTesting
import Foundation
import Testing

@Suite("Running many cases")
struct SuiteTests {
    @Test func resultsAreTheSameWhateverTheNumberOfJobs() throws {
        let rules = try RuleSetFixture(programmes: [("basic", RuleSetFixture.basicProgramme)]).ruleSet()
        let cases = try CaseFileLoader.discover([try RuleSetFixture.caseFolder(count: 9)])
        let one = CaseSuite.run(cases, ruleSet: rules, jobs: 1).results.map { CaseReport.failure($0, in: .zh) }
        let three = CaseSuite.run(cases, ruleSet: rules, jobs: 3).results.map { CaseReport.failure($0, in: .zh) }
        #expect(one == three)
        #expect(CaseReport.summary(CaseSuite.run(cases, ruleSet: rules, jobs: 3).results, in: .zh) == "通过 5 个，未通过 4 个")
    }

    @Test func filterByTagOrName() throws {
        let cases = try CaseFileLoader.discover([try RuleSetFixture.caseFolder(count: 4)])
        #expect(cases.filter { $0.matches(filter: "odd") }.map(\.name) == ["case 1", "case 3"])
        #expect(cases.filter { $0.matches(filter: "case 2") }.map(\.name) == ["case 2"])
    }

    @Test func aCaseCanPinAParameterForItsDate() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pin-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try """
            name: 低保提高到 1,000 元
            on: 2026-09-01
            parameters: {dibao.urban: 1000}
            profile: \(RuleSetFixture.sampleProfile)
            expect: {programmes: {basic: {cash: 800.00}}}
            """.write(toFile: "\(folder)/pin.yaml", atomically: true, encoding: .utf8)
        let rules = try RuleSetFixture(programmes: [("basic", RuleSetFixture.basicProgramme)]).ruleSet()
        let result = try #require(CaseSuite.run(try CaseFileLoader.discover([folder]), ruleSet: rules, jobs: 1).results.first)
        #expect(result.passed, "\(result.mismatches) \(result.inputProblems)")
        let use = result.assessment?.decision("basic")?.parametersUsed.first { $0.path == "dibao.urban" }
        #expect(use?.reference == "overridden for this assessment")
    }
}
