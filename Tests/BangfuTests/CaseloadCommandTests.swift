import Eligibility
import Foundation
import IntakeRegister
import Testing

/// `batch --caseload` and `diff --caseload` on a register holding the sample applicant 16 (relative
/// hardship, living relief 9,400.00 a year), assessed twice, with living relief confirmed from the
/// first entry: the newest entry is the applicant's, and the grant is its history.
@Suite("bangfu batch and diff over the register's caseload")
struct CaseloadCommandTests {
    static let rules = ReviewCommandTests.rules

    static func register() async throws -> (path: String, newest: Int64) {
        let (path, register, _) = try await ReviewCommandTests.register()
        let first = try #require(try await register.search(RegisterQuery(limit: 1)).first)
        let entry = try #require(try await register.assessment(id: first.id))
        let household = try #require(try await register.household(memberIDNumber: ReviewCommandTests.applicant))
        _ = try await register.confirmGrants(householdID: household.id, confirmedBy: "officer") { _ in
            [NewGrant(assessmentID: entry.id, programme: "living_relief", amountFen: 940_000, fund: "centre", grantedOn: CivilDate("2026-09-02")!)]
        }
        let again = NewAssessment(actor: "clerk", applicantName: entry.applicantName, applicantID: entry.applicantID,
                                  assessmentDate: CivilDate("2026-09-20")!, ruleSetHash: entry.ruleSetHash, profileJSON: entry.profileJSON,
                                  decisionJSON: entry.decisionJSON, outcomes: [("living_relief", "eligible")])
        return (path, try await register.record(again))
    }

    @Test func theNewestEntryOfEachApplicantIsAssessedWithTheGrantsOnRecord() async throws {
        let (path, newest) = try await Self.register()
        let result = try Bangfu.run(["batch", "--caseload", "--db", path, "--rules", Self.rules.path, "--on", "2026-10-01", "--full"])
        #expect(result.status == 0, "\(result.errors)")
        let lines = result.output.split(separator: "\n")
        #expect(lines.count == 1, "\(result.output)")
        let decision = try #require(lines.first)
        #expect(decision.contains("登记簿 #\(newest)"))
        // Living relief was paid this year from the first entry: once a year, so not again.
        #expect(decision.contains(#""code":"already_granted_this_year""#), "\(decision)")
        // And counts as income of the last twelve months.
        #expect(decision.contains("已计入近 12 个月领取的工会帮扶 9,400.00 元"), "\(decision)")
        #expect(decision.contains("发放记录"), "the history used names the register's grant: \(decision)")

        let unnamed = try Bangfu.run(["batch", "--rules", Self.rules.path])
        #expect(unnamed.status != 0 && unnamed.errors.contains("--caseload"), "\(unnamed.errors)")
    }

    @Test func aRuleChangeIsTriedOnTheRegistersApplicantsWithTheirHistory() async throws {
        let (path, _) = try await Self.register()
        // 低保 940 → 1,000 from 2026-10-01: living relief is paid already this year, so it does not move.
        let changed = FileManager.default.temporaryDirectory.appendingPathComponent("bangfu-caseload-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: Self.rules, to: changed)
        let parameters = changed.appendingPathComponent("parameters.yaml")
        let text = try String(contentsOf: parameters, encoding: .utf8)
        let line = "（XX民发〔2023〕12号）}\n  rural:"
        try text.replacingOccurrences(of: line, with: "（XX民发〔2023〕12号）}\n      2026-10-01: 1000\n  rural:")
            .write(to: parameters, atomically: true, encoding: .utf8)
        #expect(try String(contentsOf: parameters, encoding: .utf8) != text, "the 低保 line moved: update this test")
        let result = try Bangfu.run(["diff", "--caseload", "--db", path, "--base", Self.rules.path, "--rules", changed.path,
                                     "--on", "2026-10-01", "--format", "json"])
        #expect(result.status < 2, "\(result.errors)")
        #expect(result.output.contains("\"applicants\": 1"), "\(result.output)")
        #expect(result.output.contains("\"changed\": []"), "living relief is withheld under both: \(result.output)")
    }
}
