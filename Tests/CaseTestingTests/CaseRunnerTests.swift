@testable import CaseTesting
import Eligibility
import EligibilityTesting
import Foundation
import Testing

@Suite("Running case files")
struct CaseRunnerTests {
    static func caseFile(_ text: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("case-\(UUID().uuidString).yaml").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    static let profile = """
          name: 王某
          birth_date: 1970-05-01
          income: 1000
          household: {members: [{monthly_income: 500}, {}]}
        """

    static func run(_ expect: String, on date: String = "2026-09-01") throws -> CaseResult {
        let fixture = try RuleSetFixture(programmes: [("basic", RuleSetFixture.basicProgramme)])
        let file = try caseFile("name: 测试\non: \(date)\nprofile:\n\(profile)\nexpect:\n\(expect)\n")
        let cases = try CaseFileLoader.load(file)
        return CaseRunner(assessor: try fixture.assessor()).run(try #require(cases.first))
    }

    @Test func aMatchingCasePasses() throws {
        let result = try Self.run("""
              facts: {income_per_head: 500.00, people: 3}
              programmes:
                basic: {outcome: eligible, cash: 752.00, period: monthly, reasons: [below_dibao]}
            """)
        #expect(result.passed, "\(result.mismatches)")
    }

    @Test func differencesAreListedExpectedAgainstActual() throws {
        let result = try Self.run("""
              facts: {income_per_head: 600.00}
              programmes:
                basic: {outcome: eligible, cash: 940.00, reasons: [deep]}
            """)
        #expect(!result.passed)
        #expect(result.mismatches == [
            Mismatch(subject: "facts.income_per_head", field: "value", expected: "600.00", actual: "500.00"),
            Mismatch(subject: "basic", field: "cash", expected: "940.00", actual: "752.00"),
            Mismatch(subject: "basic", field: "reasons", expected: "包含 deep", actual: "below_dibao"),
        ])
        let report = CaseReport.failure(result, in: .zh)
        #expect(report.contains("basic（基本救助）"))
        #expect(report.contains("应为：940.00"))
        #expect(report.contains("实际：752.00"))
        #expect(CaseReport.summary([result], in: .zh) == "通过 0 个，未通过 1 个")
        let english = CaseReport.failure(result, in: .en)
        #expect(english.contains("basic (基本救助)"))
        #expect(english.contains("expected: 940.00"))
        #expect(english.contains("actual:   752.00"))
        #expect(CaseReport.summary([result], in: .en) == "0 passed, 1 failed")
    }

    @Test func theCaseDateSelectsParameters() throws {
        let result = try Self.run("  programmes:\n    basic: {cash: 592.00}", on: "2022-01-01")
        #expect(result.passed, "\(result.mismatches)")
    }

    @Test func anInvalidProfileFailsTheCaseWithItsPath() throws {
        let fixture = try RuleSetFixture(programmes: [("basic", RuleSetFixture.basicProgramme)])
        let file = try Self.caseFile("name: x\non: 2026-09-01\nprofile: {name: a, birth_date: 1970-01-01, income: lots}\nexpect: {programmes: {basic: eligible}}\n")
        let result = CaseRunner(assessor: try fixture.assessor()).run(try #require(try CaseFileLoader.load(file).first))
        #expect(!result.passed)
        #expect(result.inputProblems.map(\.path) == ["income"])
    }

    @Test func malformedCaseFilesAreRefusedWithTheirLine() throws {
        let file = try Self.caseFile("name: x\non: 2026-09-01\nprofile: {}\nexpect:\n  programmes:\n    basic: {outcome: elegible}\n")
        #expect {
            try CaseFileLoader.load(file)
        } throws: { error in
            let problem = (error as? DiagnosticList)?.diagnostics.first
            return problem?.line == 6 && problem?.message.zh == "未知的结果 'elegible'（可用的有 eligible、ineligible、refer、needs_information 和 error）"
        }
    }

    @Test func aFolderIsSearchedForCaseFilesOnly() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("cases-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("profiles"), withIntermediateDirectories: true)
        try "name: 张某\nbirth_date: 1970-01-01\n".write(to: folder.appendingPathComponent("profiles/zhang.yaml"), atomically: true, encoding: .utf8)
        try "name: a\non: 2026-09-01\nprofile: profiles/zhang.yaml\nexpect: {programmes: {basic: eligible}}\n"
            .write(to: folder.appendingPathComponent("a.yaml"), atomically: true, encoding: .utf8)
        let cases = try CaseFileLoader.discover([folder.path])
        #expect(cases.map(\.name) == ["a"])
        #expect(cases.first?.profileSource.hasSuffix("profiles/zhang.yaml") == true)
    }

    static let everyBenefit = """
        programme {
          id = "kinds",
          title = "各类帮扶",
          basis = "办法第九条",
          decide = function()
            return eligible {
              reason("all", "各类帮扶", "办法第九条"),
              in_kind("大米", 2, "袋", 20000),
              service("法律咨询"),
              entitlement(6600000, "once", "工伤保险基金"),
            }
          end,
        }
        """

    static func runEveryBenefit(_ expectation: String) throws -> CaseResult {
        let fixture = try RuleSetFixture(programmes: [("basic", RuleSetFixture.basicProgramme), ("kinds", everyBenefit)])
        let file = try caseFile("name: 测试\non: 2026-09-01\nprofile:\n\(profile)\nexpect:\n  programmes:\n    kinds: \(expectation)\n")
        return CaseRunner(assessor: try fixture.assessor()).run(try #require(try CaseFileLoader.load(file).first))
    }

    /// Goods in kind, services and entitlements are expected like cash, each list exactly (in any order).
    @Test func goodsServicesAndEntitlementsCanBeExpected() throws {
        let passing = try Self.runEveryBenefit("""
            {outcome: eligible, in_kind: [{item: 大米, quantity: 2, unit: 袋, value: 200.00}], services: [法律咨询], \
            entitlements: [{payer: 工伤保险基金, amount: 66000.00, period: once}]}
            """)
        #expect(passing.passed, "\(passing.mismatches)")

        let failing = try Self.runEveryBenefit("""
            {in_kind: [{item: 大米, quantity: 3, unit: 袋}], services: [], entitlements: [{payer: 用人单位, amount: 66000.00}]}
            """)
        #expect(failing.mismatches == [
            Mismatch(subject: "kinds", field: "in_kind", expected: "大米 3 袋", actual: "大米 2 袋 (value 200.00)"),
            Mismatch(subject: "kinds", field: "services", expected: "无", actual: "法律咨询"),
            Mismatch(subject: "kinds", field: "entitlements", expected: "用人单位: 66000.00", actual: "工伤保险基金: 66000.00 once"),
        ])
    }

    @Test func anUnknownExpectationKeyListsTheKeysAllowed() throws {
        for (expectation, message, hint) in [
            ("{outcome: eligible, goods: []}", "未知的键 'goods'", "这里可用的键：outcome、cash、cash_per_year、period、entitlement、reasons、missing、in_kind、services、entitlements"),
            ("{in_kind: [{item: 大米, quantity: 2, units: 袋}]}", "未知的键 'units'（是否要写 'unit'？）", "这里可用的键：item、quantity、unit、value"),
        ] {
            #expect {
                try Self.runEveryBenefit(expectation)
            } throws: { error in
                let problem = (error as? DiagnosticList)?.diagnostics.first
                return problem?.message.zh == message && problem?.hint?.zh == hint
            }
        }
    }
}
