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
        let one = CaseSuite.run(cases, ruleSet: rules, jobs: 1).results.map { CaseReport.failure($0) }
        let three = CaseSuite.run(cases, ruleSet: rules, jobs: 3).results.map { CaseReport.failure($0) }
        #expect(one == three)
        #expect(CaseReport.summary(CaseSuite.run(cases, ruleSet: rules, jobs: 3).results) == "5 passed, 4 failed")
    }

    @Test func filterByTagOrName() throws {
        let cases = try CaseFileLoader.discover([try Self.folder(count: 4)])
        #expect(cases.filter { $0.matches(filter: "odd") }.map(\.name) == ["case 1", "case 3"])
        #expect(cases.filter { $0.matches(filter: "case 2") }.map(\.name) == ["case 2"])
    }

    @Test func junitHasOneTestCasePerCaseAndTheDifferences() throws {
        let rules = try RuleSetFixture(programmes: [("basic", RuleSetFixture.basicProgramme)]).ruleSet()
        let results = CaseSuite.run(try CaseFileLoader.discover([try Self.folder(count: 2)]), ruleSet: rules, jobs: 1).results
        let xml = JUnitReport.xml(results, suite: "规则 & <测试>", seconds: 0.5)
        #expect(xml.contains(#"<testsuite name="规则 &amp; &lt;测试&gt;" tests="2" failures="1" time="0.5">"#))
        #expect(xml.contains(#"name="case 0"/>"#))
        #expect(xml.contains(#"<failure message="1 difference(s)">"#))
        #expect(xml.contains("expected: 700.00"))
    }

    @Test func updateRewritesOnlyTheWrongValuesAndKeepsComments() throws {
        let folder = try Self.folder(count: 2)
        let rules = try RuleSetFixture(programmes: [("basic", RuleSetFixture.basicProgramme)]).ruleSet()
        let results = CaseSuite.run(try CaseFileLoader.discover([folder]), ruleSet: rules, jobs: 1).results
        let updates = CaseUpdater.update(results)
        #expect(updates.map(\.updated) == [1])
        #expect(updates.first?.leftAlone == [])
        let text = try String(contentsOfFile: "\(folder)/case-1.yaml", encoding: .utf8)
        #expect(text.contains("    basic: {outcome: eligible, cash: 752.00, reasons: [below_dibao]}   # keep this comment"))
        let again = CaseSuite.run(try CaseFileLoader.discover([folder]), ruleSet: rules, jobs: 1).results
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
        let result = try #require(CaseSuite.run(try CaseFileLoader.discover([folder]), ruleSet: rules, jobs: 1).results.first)
        #expect(result.passed, "\(result.mismatches) \(result.inputProblems)")
        let use = result.assessment?.decision("basic")?.parametersUsed.first { $0.path == "dibao.urban" }
        #expect(use?.reference == "overridden for this assessment")
    }
}

@Suite("Coverage of the rules by the cases")
struct CoverageTests {
    @Test func linesOutcomesParametersAndFieldsNoCaseReaches() throws {
        let fixture = try RuleSetFixture(programmes: [("basic", RuleSetFixture.basicProgramme)])
        let rules = try fixture.ruleSet()
        // One eligible applicant (500 a head): the ineligible branch (lines 6-8 of basic.lua) never runs.
        let folder = try SuiteTests.folder(count: 1)
        let run = CaseSuite.run(try CaseFileLoader.discover([folder]), ruleSet: rules, jobs: 1, measuringCoverage: true)
        let coverage = try #require(run.coverage)
        let report = CoverageReport(ruleSet: rules, results: run.results, coverage: coverage)
        let basic = try #require(report.files.first { $0.file == "programmes/basic.lua" })
        #expect(basic.executable.isSuperset(of: [6, 7, 9, 10, 11]))
        #expect(basic.run.contains(6) && basic.run.contains(9))
        #expect(!basic.run.contains(7))
        #expect(basic.unrunRanges == "7")
        #expect(report.outcomesNotReached.map(\.programme) == ["basic"])
        #expect(report.outcomesNotReached.first?.outcomes == [.ineligible, .refer])
        #expect(report.parametersNotRead == [])
        // The fixture's birth_date is read by no rule; `name` names the applicant.
        #expect(report.fieldsNotRead == ["birth_date"])
        #expect(report.text().contains("programmes/basic.lua"))
    }

    @Test func eachFactsFileOfASplitRuleSetIsCoveredOnItsOwn() throws {
        let rules = try RuleSetFixture.byTopic().ruleSet()
        let run = CaseSuite.run(try CaseFileLoader.discover([try SuiteTests.folder(count: 1)]), ruleSet: rules, jobs: 1, measuringCoverage: true)
        let report = CoverageReport(ruleSet: rules, results: run.results, coverage: try #require(run.coverage))
        #expect(report.files.map(\.file) == ["facts/household.lua", "facts/income.lua", "programmes/basic.lua"])
        let household = report.files[0], income = report.files[1], basic = report.files[2]
        #expect(!household.executable.isEmpty && household.run == household.executable)
        #expect(income.executable.isSuperset(of: [7, 8, 15]) && income.run == income.executable)
        #expect(basic.unrunRanges == "7")
        #expect(report.text().contains("facts/income.lua"))
    }

    @Test func coverageIsTheSameWhateverTheNumberOfJobs() throws {
        let rules = try RuleSetFixture(programmes: [("basic", RuleSetFixture.basicProgramme)]).ruleSet()
        let cases = try CaseFileLoader.discover([try SuiteTests.folder(count: 6)])
        let one = try #require(CaseSuite.run(cases, ruleSet: rules, jobs: 1, measuringCoverage: true).coverage)
        let two = try #require(CaseSuite.run(cases, ruleSet: rules, jobs: 2, measuringCoverage: true).coverage)
        #expect(one.lines == two.lines)
        #expect(one.fieldsRead == two.fieldsRead)
    }
}
