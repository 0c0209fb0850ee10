import ChangeImpact
import Eligibility
import EligibilityTesting
import Foundation
import Testing

@Suite("What a rule change does")
struct ImpactAnalysisTests {
    /// Three applicants with income per head 500, 800 and 1,200 a month.
    static func applicants() throws -> [Applicant] {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("impact-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let lines = [500, 800, 1200].map { #"{"name": "申请人\#($0)", "birth_date": "1970-01-01", "income": "\#($0)"}"# }
        let file = folder.appendingPathComponent("people.jsonl").path
        try (lines.joined(separator: "\n") + "\n").write(toFile: file, atomically: true, encoding: .utf8)
        return try ApplicantLoader.load([file])
    }

    static func run(base: String, current: String) throws -> ImpactReport {
        let before = try RuleSetFixture(programmes: [("basic", base)]).ruleSet()
        let after = try RuleSetFixture(programmes: [("basic", current)]).ruleSet()
        return ImpactAnalysis.run(try applicants(), base: before, current: after, on: CivilDate("2026-09-01")!, jobs: 2)
    }

    @Test func raisingTheThresholdShowsGainsAndTheBudgetLine() throws {
        // The same programme, but the test compares income with 1.5 × 低保 (1,410) instead of 低保 (940).
        let raised = RuleSetFixture.basicProgramme.replacingOccurrences(
            of: "facts.income_per_head > params.dibao.urban", with: "facts.income_per_head > money.scale(params.dibao.urban, 1.5)")
        let report = try Self.run(base: RuleSetFixture.basicProgramme, current: raised)
        #expect(report.applicants == 3)
        #expect(report.changed.count == 1)
        #expect(report.changed.first?.applicantName == "申请人1200")
        let change = try #require(report.changed.first?.decisions.first)
        #expect(change.before?.outcome == .ineligible)
        #expect(change.after?.outcome == .eligible)
        #expect(change.after?.cash[.monthly] == Money(fen: 75200))
        let basic = try #require(report.programmes.first)
        #expect(basic.gained == 1 && basic.lost == 0)
        #expect(basic.cashChange[.monthly] == Money(fen: 75200))
        #expect(report.cashPerYearChange == Money(fen: 75200 * 12))
        let text = report.text(baseName: "old", in: .zh)
        #expect(text.contains("basic 基本救助：ineligible → eligible 752.00 monthly"))
        #expect(text.hasSuffix("合计：每年 +9,024.00 元，涉及 3 位申请人\n"))
        let english = report.text(baseName: "old", in: .en)
        #expect(english.contains("basic 基本救助: ineligible → eligible 752.00 monthly"))
        #expect(english.hasSuffix("Total: +9,024.00 yuan a year over 3 applicants\n"))
    }

    @Test func aRuleThatReadsAFieldNobodyWasAskedShowsWhatOnlyWaitsForInformation() throws {
        let schema = RuleSetFixture.schema + "\n  employer: {type: string, label: 工作单位}\n"
        let asking = RuleSetFixture.basicProgramme.replacingOccurrences(
            of: "decide = function()", with: "decide = function()\n    if profile.employer == \"x\" then return nil end")
        let before = try RuleSetFixture(programmes: [("basic", RuleSetFixture.basicProgramme)], schema: schema).ruleSet()
        let after = try RuleSetFixture(programmes: [("basic", asking)], schema: schema).ruleSet()
        let report = ImpactAnalysis.run(try Self.applicants(), base: before, current: after, on: CivilDate("2026-09-01")!, jobs: 1)
        let basic = try #require(report.programmes.first)
        #expect(basic.pending == 3 && basic.lost == 2)
        // Two applicants were paid 752.00 a month: that money is not saved, only not yet decided.
        #expect(report.pendingCashPerYear == Money(fen: 2 * 75200 * 12))
        let text = report.text(baseName: "old", in: .zh)
        #expect(text.contains("basic 基本救助：eligible 752.00 monthly → needs_information（employer）"))
        #expect(text.hasSuffix("合计：每年 -18,048.00 元，涉及 3 位申请人，其中 -18,048.00 元只是在等待补充信息（这些决定现在需要申请人从未被问过的字段）\n"))
    }

    @Test func noChangeIsNoChange() throws {
        let report = try Self.run(base: RuleSetFixture.basicProgramme, current: RuleSetFixture.basicProgramme)
        #expect(!report.hasChanges)
        #expect(report.cashPerYearChange == .zero)
    }

    @Test func theSameOutputWhateverTheNumberOfJobs() throws {
        let raised = RuleSetFixture.basicProgramme.replacingOccurrences(of: "\"monthly\"", with: "\"yearly\"")
        let before = try RuleSetFixture(programmes: [("basic", RuleSetFixture.basicProgramme)]).ruleSet()
        let after = try RuleSetFixture(programmes: [("basic", raised)]).ruleSet()
        let people = try Self.applicants()
        let one = ImpactAnalysis.run(people, base: before, current: after, on: CivilDate("2026-09-01")!, jobs: 1)
        let two = ImpactAnalysis.run(people, base: before, current: after, on: CivilDate("2026-09-01")!, jobs: 2)
        #expect(one.json(baseName: "b").rendered() == two.json(baseName: "b").rendered())
        #expect(one.changed.count == 2)
    }

    @Test func anInvalidProfileIsReportedNotDropped() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("impact-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try "{name: 王某, birth_date: 1970-01-01, income: lots}\n".write(to: folder.appendingPathComponent("bad.yaml"), atomically: true, encoding: .utf8)
        let rules = try RuleSetFixture(programmes: [("basic", RuleSetFixture.basicProgramme)]).ruleSet()
        let report = ImpactAnalysis.run(try ApplicantLoader.load([folder.path]), base: rules, current: rules,
                                        on: CivilDate("2026-09-01")!, jobs: 1)
        #expect(report.problems.count == 1)
        #expect(report.problems.first?.diagnostics.first?.path == "income")
    }
}
