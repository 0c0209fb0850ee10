import CaseTesting
@testable import CaseTooling
import Eligibility
import EligibilityTesting
import Foundation
import Testing

@Suite("Reporting and updating cases")
struct ReportingTests {
    @Test func junitHasOneTestCasePerCaseAndTheDifferences() throws {
        let rules = try RuleSetFixture(programmes: [("basic", RuleSetFixture.basicProgramme)]).ruleSet()
        let results = CaseSuite.run(try CaseFileLoader.discover([try RuleSetFixture.caseFolder(count: 2)]), ruleSet: rules, jobs: 1).results
        let xml = JUnitReport.xml(results, suite: "规则 & <测试>", seconds: 0.5, in: .zh)
        #expect(xml.contains(#"<testsuite name="规则 &amp; &lt;测试&gt;" tests="2" failures="1" time="0.5">"#))
        #expect(xml.contains(#"name="case 0"/>"#))
        #expect(xml.contains(#"<failure message="1 处不同">"#))
        #expect(xml.contains("应为：700.00"))
        #expect(JUnitReport.escape("a\"\u{301}b") == "a&quot;\u{301}b") // a quote with a combining mark is still escaped
    }

    @Test func updateRewritesOnlyTheWrongValuesAndKeepsComments() throws {
        let folder = try RuleSetFixture.caseFolder(count: 2)
        let rules = try RuleSetFixture(programmes: [("basic", RuleSetFixture.basicProgramme)]).ruleSet()
        let results = CaseSuite.run(try CaseFileLoader.discover([folder]), ruleSet: rules, jobs: 1).results
        let updates = CaseUpdater.update(results)
        #expect(updates.map(\.updated) == [1])
        #expect(updates.first?.leftAlone == [])
        let text = try String(contentsOfFile: "\(folder)/case-1.yaml", encoding: .utf8)
        #expect(text.contains("    basic: {outcome: eligible, cash: 752.00, reasons: [below_dibao]}   # keep this comment"))
        let again = CaseSuite.run(try CaseFileLoader.discover([folder]), ruleSet: rules, jobs: 1).results
        #expect(CaseReport.summary(again, in: .zh) == "通过 2 个，未通过 0 个")
    }
}

@Suite("Coverage of the rules by the cases")
struct CoverageTests {
    @Test func linesOutcomesParametersAndFieldsNoCaseReaches() throws {
        let fixture = try RuleSetFixture(programmes: [("basic", RuleSetFixture.basicProgramme)])
        let rules = try fixture.ruleSet()
        // One eligible applicant (500 a head): the ineligible branch (lines 6-8 of basic.lua) never runs.
        let folder = try RuleSetFixture.caseFolder(count: 1)
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
        #expect(report.text(in: .zh).contains("programmes/basic.lua"))
        #expect(report.text(in: .zh).contains("没有案例得出的结果："))
        #expect(report.text(in: .en).contains("Outcomes no case reaches:"))
    }

    @Test func outcomesAProgrammeNeverReachesByDesignAreNotAskedForAndAreReportedWhenReached() throws {
        // basic never refers (declared); it also declares it is never eligible, which the case contradicts.
        let declared = RuleSetFixture.basicProgramme.replacingOccurrences(of: #"basis = "办法第八条","#,
                                                                           with: #"basis = "办法第八条", never = { "refer", "eligible" },"#)
        let rules = try RuleSetFixture(programmes: [("basic", declared)]).ruleSet()
        let run = CaseSuite.run(try CaseFileLoader.discover([try RuleSetFixture.caseFolder(count: 1)]), ruleSet: rules, jobs: 1,
                                measuringCoverage: true)
        let report = CoverageReport(ruleSet: rules, results: run.results, coverage: try #require(run.coverage))
        #expect(report.outcomesNotReached.map(\.programme) == ["basic"])
        #expect(report.outcomesNotReached.first?.outcomes == [.ineligible])
        #expect(report.outcomesDeclaredNever.first?.outcomes == [.eligible, .refer])
        #expect(report.neverYetReached.map(\.programme) == ["basic"] && report.neverYetReached.first?.outcomes == [.eligible])
        let text = report.text(in: .en)
        #expect(text.contains("Outcomes programmes never reach by design (never = …):\n  basic: eligible, refer"), "\(text)")
        #expect(text.contains("yet a case reaches (mend the rules or the declaration):\n  basic: eligible"), "\(text)")
        #expect(report.text(in: .zh).contains("按设计不会出现的结论（never = …）：\n  basic：eligible、refer"))
    }

    @Test func neverNamesOnlyOutcomesRulesGive() throws {
        for (never, message) in [(#""refer""#, "应是结论的列表"),
                                 (#"{ "refr" }"#, #""refr" 不是规则给出的结论（是否要写 'refer'？）"#),
                                 (#"{ "needs_information" }"#, "不是规则给出的结论")] {
            let declared = RuleSetFixture.basicProgramme.replacingOccurrences(of: #"basis = "办法第八条","#,
                                                                               with: #"basis = "办法第八条", never = \#(never),"#)
            let assessor = try Assessor(ruleSet: try RuleSetFixture(programmes: [("basic", declared)]).ruleSet())
            let problem = try #require(assessor.loadProblems.first, "\(never)")
            #expect(problem.file == "programmes/basic.lua" && problem.line == 1 && problem.message.zh.contains(message), "\(problem)")
        }
    }

    @Test func eachFactsFileOfASplitRuleSetIsCoveredOnItsOwn() throws {
        let rules = try RuleSetFixture.byTopic().ruleSet()
        let run = CaseSuite.run(try CaseFileLoader.discover([try RuleSetFixture.caseFolder(count: 1)]), ruleSet: rules, jobs: 1, measuringCoverage: true)
        let report = CoverageReport(ruleSet: rules, results: run.results, coverage: try #require(run.coverage))
        #expect(report.files.map(\.file) == ["facts/household.lua", "facts/income.lua", "programmes/basic.lua"])
        let household = report.files[0], income = report.files[1], basic = report.files[2]
        #expect(!household.executable.isEmpty && household.run == household.executable)
        #expect(income.executable.isSuperset(of: [7, 8, 15]) && income.run == income.executable)
        #expect(basic.unrunRanges == "7")
        #expect(report.text(in: .zh).contains("facts/income.lua"))
    }

    @Test func coverageIsTheSameWhateverTheNumberOfJobs() throws {
        let rules = try RuleSetFixture(programmes: [("basic", RuleSetFixture.basicProgramme)]).ruleSet()
        let cases = try CaseFileLoader.discover([try RuleSetFixture.caseFolder(count: 6)])
        let one = try #require(CaseSuite.run(cases, ruleSet: rules, jobs: 1, measuringCoverage: true).coverage)
        let two = try #require(CaseSuite.run(cases, ruleSet: rules, jobs: 2, measuringCoverage: true).coverage)
        #expect(one.lines == two.lines)
        #expect(one.fieldsRead == two.fieldsRead)
    }
}
