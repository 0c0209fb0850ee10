@testable import CaseTesting
import Eligibility
import EligibilityTesting
import Foundation
import Testing

@Suite("Running many cases, reporting and updating them")
struct SuiteTests {
    static let profile = "{name: 王某, birth_date: 1970-05-01, income: 1000, household: {members: [{monthly_income: 500}, {}]}}"

    /// A folder with `count` cases; odd ones expect the wrong cash.
    static func folder(count: Int) throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("suite-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        for index in 0..<count {
            let cash = index % 2 == 0 ? "752.00" : "700.00"
            let text = """
                name: case \(index)
                on: 2026-09-01
                tags: [\(index % 2 == 0 ? "even" : "odd")]
                profile: \(profile)
                expect:
                  programmes:
                    basic: {outcome: eligible, cash: \(cash), reasons: [below_dibao]}   # keep this comment
                """
            try text.write(toFile: "\(folder)/case-\(index).yaml", atomically: true, encoding: .utf8)
        }
        return folder
    }

    @Test func resultsAreTheSameWhateverTheNumberOfJobs() throws {
        let rules = try RuleSetFixture(programmes: [("basic", RuleSetFixture.basicProgramme)]).ruleSet()
        let cases = try CaseFileLoader.discover([try Self.folder(count: 9)])
        let one = CaseSuite.run(cases, ruleSet: rules, jobs: 1).map { CaseReport.failure($0) }
        let three = CaseSuite.run(cases, ruleSet: rules, jobs: 3).map { CaseReport.failure($0) }
        #expect(one == three)
        #expect(CaseReport.summary(CaseSuite.run(cases, ruleSet: rules, jobs: 3)) == "5 passed, 4 failed")
    }

    @Test func filterByTagOrName() throws {
        let cases = try CaseFileLoader.discover([try Self.folder(count: 4)])
        #expect(cases.filter { $0.matches(filter: "odd") }.map(\.name) == ["case 1", "case 3"])
        #expect(cases.filter { $0.matches(filter: "case 2") }.map(\.name) == ["case 2"])
    }

    @Test func junitHasOneTestCasePerCaseAndTheDifferences() throws {
        let rules = try RuleSetFixture(programmes: [("basic", RuleSetFixture.basicProgramme)]).ruleSet()
        let results = CaseSuite.run(try CaseFileLoader.discover([try Self.folder(count: 2)]), ruleSet: rules, jobs: 1)
        let xml = JUnitReport.xml(results, suite: "规则 & <测试>", seconds: 0.5)
        #expect(xml.contains(#"<testsuite name="规则 &amp; &lt;测试&gt;" tests="2" failures="1" time="0.5">"#))
        #expect(xml.contains(#"name="case 0"/>"#))
        #expect(xml.contains(#"<failure message="1 difference(s)">"#))
        #expect(xml.contains("expected: 700.00"))
    }

    @Test func updateRewritesOnlyTheWrongValuesAndKeepsComments() throws {
        let folder = try Self.folder(count: 2)
        let rules = try RuleSetFixture(programmes: [("basic", RuleSetFixture.basicProgramme)]).ruleSet()
        let results = CaseSuite.run(try CaseFileLoader.discover([folder]), ruleSet: rules, jobs: 1)
        let updates = CaseUpdater.update(results)
        #expect(updates.map(\.updated) == [1])
        #expect(updates.first?.leftAlone == [])
        let text = try String(contentsOfFile: "\(folder)/case-1.yaml", encoding: .utf8)
        #expect(text.contains("    basic: {outcome: eligible, cash: 752.00, reasons: [below_dibao]}   # keep this comment"))
        let again = CaseSuite.run(try CaseFileLoader.discover([folder]), ruleSet: rules, jobs: 1)
        #expect(CaseReport.summary(again) == "2 passed, 0 failed")
    }

    @Test func aCaseCanPinAParameterForItsDate() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pin-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try """
            name: 低保提高到 1,000 元
            on: 2026-09-01
            parameters: {dibao.urban: 1000}
            profile: \(Self.profile)
            expect: {programmes: {basic: {cash: 800.00}}}
            """.write(toFile: "\(folder)/pin.yaml", atomically: true, encoding: .utf8)
        let rules = try RuleSetFixture(programmes: [("basic", RuleSetFixture.basicProgramme)]).ruleSet()
        let result = try #require(CaseSuite.run(try CaseFileLoader.discover([folder]), ruleSet: rules, jobs: 1).first)
        #expect(result.passed, "\(result.mismatches) \(result.inputProblems)")
        let use = result.assessment?.decision("basic")?.parametersUsed.first { $0.path == "dibao.urban" }
        #expect(use?.reference == "overridden for this assessment")
    }
}
