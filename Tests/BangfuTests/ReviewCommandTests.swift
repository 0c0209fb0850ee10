import DecisionFormats
import Eligibility
import EligibilityTesting
import Foundation
import IntakeRegister
import SQLiteRegister
import Testing

/// `bangfu review` on a register holding the sample applicant 16 (Cases/applicants/16, relative
/// hardship), assessed on 2026-09-01 and on file since 2025-09-01, and another household whose file
/// is not a year old yet.
@Suite("bangfu review")
struct ReviewCommandTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let rules = repository.appendingPathComponent("Rules")
    static let applicant = "342622198305253349"

    /// A sample applicant (16 unless named) as the JSON the desk stores: YAML plain scalars that read as
    /// numbers or booleans as such, the rest (names, codes, dates) as strings.
    static func profileJSON(_ name: String = "16-migrant-relative-school-aid-withheld.yaml") throws -> String {
        let file = repository.appendingPathComponent("Cases/applicants/" + name)
        func value(_ node: DocumentNode) -> Any {
            switch node {
            case .scalar(let text, let quoted, _):
                if !quoted, text == "true" || text == "false" { return text == "true" }
                return !quoted ? Int(text).map { $0 as Any } ?? text : text
            case .null: return NSNull()
            case .sequence(let items, _): return items.map(value)
            case .mapping(let pairs, _): return Dictionary(uniqueKeysWithValues: pairs.map { ($0.key, value($0.value)) })
            }
        }
        let node = try DocumentNode.parse(try String(contentsOf: file, encoding: .utf8), displayName: file.path)
        return String(decoding: try JSONSerialization.data(withJSONObject: value(node), options: [.sortedKeys]), as: UTF8.self)
    }

    /// The register file, and the id of the applicant's file.
    static func register() async throws -> (path: String, register: SQLiteRegister, file: Int64) {
        let path = try writeTemporary("", name: "register.sqlite")
        try FileManager.default.removeItem(atPath: path)
        let register = try SQLiteRegister(path: path, createIfMissing: true)
        let ruleSet = try RuleSet.load(from: rules)
        try await register.storeRuleSet(ruleSet) // a desk ran these rules
        let profile = try profileJSON()
        let assessed = try Assessor(ruleSet: ruleSet).assess(document: try DocumentNode.parse(profile, displayName: "web", json: true),
                                                             source: "web", on: CivilDate("2026-09-01")!, history: History.empty)
        guard case .success(let assessment) = assessed else { throw CancellationError() }
        let entry = try await register.record(NewAssessment(assessment, actor: "clerk", profileJSON: profile,
                                                            decisionJSON: AssessmentJSON.value(assessment).rendered(indent: true) + "\n"))
        let household = try await register.openHousehold(NewHousehold(
            assessmentID: entry, members: [HouseholdMember(idNumber: applicant, name: "韩桂兰", relation: "本人")],
            openedOn: CivilDate("2025-09-01")!, openedBy: "officer"))
        let file = try await register.openHardshipFile(householdID: household.id, tier: .relative, openedOn: CivilDate("2025-09-01")!, openedBy: "officer")
        let recent = try await register.openHousehold(NewHousehold(
            assessmentID: entry, members: [HouseholdMember(idNumber: "110101197005011235", name: "王某", relation: "本人")],
            openedOn: CivilDate("2026-06-01")!, openedBy: "officer"))
        _ = try await register.openHardshipFile(householdID: recent.id, tier: .deep, openedOn: CivilDate("2026-06-01")!, openedBy: "officer")
        return (path, register, file.id)
    }

    @Test func aFileOnRecordForAYearIsListedReassessedAndRecorded() async throws {
        let (path, register, fileID) = try await Self.register()
        let result = try Bangfu.run(["review", "--rules", Self.rules.path, "--db", path, "--on", "2026-10-01", "--by", "officer"])
        #expect(result.status == 0, "\(result.errors)")
        let line = try #require(result.output.split(separator: "\n").first { $0.hasPrefix("\(fileID) ") }, "\(result.output)")
        #expect(line.contains("韩桂兰") && line.contains("相对困难") && line.contains("满一年复核") && line.contains("维持"))
        #expect(result.output.contains("合计：应复核 1 件；维持 1 件，建议调整 0 件，建议关闭 0 件，待补充 0 件；已记录 1 件。"), "\(result.output)")

        let reviews = try await register.reviews(fileID: fileID)
        #expect(reviews.count == 1 && reviews.first?.review.finding == .kept && reviews.first?.review.reviewedBy == "officer")
        #expect(try await register.hardshipFile(id: fileID)?.lastReviewedOn == CivilDate("2026-10-01"))
        let entryID = try #require(reviews.first?.review.assessmentID)
        let entry = try #require(try await register.assessment(id: entryID))
        #expect(entry.actor == "officer" && entry.assessmentDate == "2026-10-01" && entry.applicantID == Self.applicant)
        #expect(line.contains("第 \(entry.id) 号记录"))

        // Reviewed: not due again until next year.
        let again = try Bangfu.run(["review", "--rules", Self.rules.path, "--db", path, "--on", "2026-10-02"])
        #expect(again.output.contains("合计：应复核 0 件"), "\(again.output)")
    }

    @Test func aChangedDibaoListsTheFilesItMovesWithoutRecording() async throws {
        let (path, register, fileID) = try await Self.register()
        let changed = URL(fileURLWithPath: try writeTemporary("", name: "placeholder")).deletingLastPathComponent().appendingPathComponent("Rules")
        try FileManager.default.copyItem(at: Self.rules, to: changed)
        let parameters = changed.appendingPathComponent("parameters.yaml")
        // A 低保 standard raised from 2026-07-01 far enough that the household falls below it.
        let lines = try String(contentsOf: parameters, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false).flatMap { line -> [Substring] in
            line.hasPrefix("      2023-07-01: {value: 940,") || line.hasPrefix("      2023-07-01: {value: 820,")
                ? [line, "      2026-07-01: {value: 3000, reference: 试算}"] : [line]
        }
        try lines.joined(separator: "\n").write(to: parameters, atomically: true, encoding: .utf8)

        let result = try Bangfu.run(["review", "--rules", changed.path, "--db", path, "--on", "2026-10-01"])
        #expect(result.status == 0, "\(result.errors)")
        #expect(result.output.contains("试算"), "\(result.output)")
        let line = try #require(result.output.split(separator: "\n").first { $0.hasPrefix("\(fileID) ") }, "\(result.output)")
        #expect(line.contains("建议调整为深度困难") && line.contains("未记录"), "\(line)")
        #expect(result.output.contains("合计：在档 2 件，受影响 1 件"), "\(result.output)")
        #expect(try await register.reviews(fileID: fileID).isEmpty)
        #expect(try await register.hardshipFile(id: fileID)?.lastReviewedOn == nil)
    }
}
