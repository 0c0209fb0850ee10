import DecisionFormats
import Eligibility
import EligibilityTesting
import Foundation
import IntakeRegister
import SQLiteRegister
import Testing

/// `bangfu case new --from-register`: assessments recorded on a temporary register, turned into case
/// files, which pass `bangfu test` against the same rules.
@Suite("bangfu case new")
struct CaseNewCommandTests {
    static let rules = ReviewCommandTests.rules
    /// The spouse of sample applicant 16, given an ID number as the desk records members for the household.
    static let spouseID = "34262219800101001" + String(ChineseIDNumber.checkCharacter("34262219800101001".compactMap(\.wholeNumberValue)))

    /// Entry 1: sample applicant 16 (relative hardship) with her spouse's ID number and this year's
    /// living relief on record; entry 2: sample applicant 02 (wage arrears: services and what the
    /// employer owes). Both on 2026-09-01.
    static func register() async throws -> String {
        let path = try writeTemporary("", name: "register.sqlite")
        try FileManager.default.removeItem(atPath: path)
        let register = try SQLiteRegister(path: path, createIfMissing: true)
        let ruleSet = try RuleSet.load(from: rules)
        try await register.storeRuleSet(ruleSet)
        let assessor = try Assessor(ruleSet: ruleSet)
        let withSpouseID = try ReviewCommandTests.profileJSON().replacingOccurrences(of: #""name":"曹建华""#,
                                                                                       with: #""id_number":"\#(spouseID)","name":"曹建华""#)
        let livingRelief = PastGrant(programme: "living_relief", fund: "centre", amount: Money(yuan: "9400")!, granted: CivilDate("2026-03-10")!,
                                     schedule: .once, countsAsIncome: true, reference: "第 1 次发放")
        for (profile, history) in [(withSpouseID, History(grants: [livingRelief])),
                                   (try ReviewCommandTests.profileJSON("02-migrant-wage-arrears.yaml"), History.empty)] {
            let assessed = assessor.assess(document: try DocumentNode.parse(profile, displayName: "web", json: true), source: "web",
                                           on: CivilDate("2026-09-01")!, history: history)
            guard case .success(let assessment) = assessed else { Issue.record("\(assessed)"); throw CancellationError() }
            _ = try await register.record(NewAssessment(assessment, actor: "clerk", profileJSON: profile,
                                                        decisionJSON: AssessmentJSON.value(assessment).rendered(indent: true) + "\n"))
        }
        return path
    }

    @Test func aRecordedAssessmentBecomesACaseThatPassesWithWhoThePeopleAreReplaced() async throws {
        let db = try await Self.register()
        let folder = (try writeTemporary("", name: "placeholder") as NSString).deletingLastPathComponent
        for entry in 1...2 {
            let made = try Bangfu.run(["case", "new", "--from-register", "\(entry)", "--rules", Self.rules.path, "--db", db,
                                       "--output", folder + "/entry-\(entry).yaml"])
            #expect(made.status == 0, "\(made.errors)")
        }
        let run = try Bangfu.run(["test", folder, "--rules", Self.rules.path])
        #expect(run.status == 0 && run.output.contains("通过 2 个，未通过 0 个"), "\(run.output)")

        let first = try String(contentsOfFile: folder + "/entry-1.yaml", encoding: .utf8)
        for personal in ["韩桂兰", "曹建华", "曹磊", ReviewCommandTests.applicant, Self.spouseID] {
            #expect(!first.contains(personal), "\(personal) is kept:\n\(first)")
        }
        #expect(first.contains("name: 申请人甲") && first.contains("name: 家庭成员1") && first.contains("name: 家庭成员3"), "\(first)")
        #expect(first.contains("on: 2026-09-01"))
        #expect(first.contains("- {programme: living_relief, fund: centre, amount: 9400.00, granted: 2026-03-10, schedule: once, reference: 第 1 次发放}"),
                "\(first)")
        #expect(first.contains("reasons: [relative_hardship, living_relief_amount, already_granted_this_year]"), "\(first)")
        // The synthetic numbers keep each person's birth date and sex, so every age stays as it was.
        let numbers = first.split(separator: "\"").filter { $0.count == 18 && $0.hasPrefix("000000") }.compactMap { ChineseIDNumber(String($0)) }
        #expect(numbers.map(\.birthDate.description) == ["1983-05-25", "1980-01-01"], "\(first)")
        #expect(numbers.map(\.sex) == [.female, .male])

        let second = try String(contentsOfFile: folder + "/entry-2.yaml", encoding: .utf8)
        #expect(!second.contains("张大勇") && !second.contains("刘桂芳"))
        #expect(second.contains("services: [转介劳动保障监察]") && second.contains("{payer: XX建筑劳务有限公司, amount: 24000.00, period: once}"),
                "\(second)")

        let again = try Bangfu.run(["case", "new", "--from-register", "1", "--rules", Self.rules.path, "--db", db, "--output", folder + "/entry-1.yaml"])
        #expect(again.status == 1 && again.errors.contains("exists already"), "\(again.errors)")
        #expect(try String(contentsOfFile: folder + "/entry-1.yaml", encoding: .utf8) == first)
    }

    @Test func theCaseGoesIntoTheCasesFolderBesideTheRulesWithTheNextNumber() async throws {
        let db = try await Self.register()
        let root = (try writeTemporary("", name: "placeholder") as NSString).deletingLastPathComponent
        try FileManager.default.createSymbolicLink(atPath: root + "/Rules", withDestinationPath: Self.rules.path)
        try FileManager.default.createDirectory(atPath: root + "/Cases", withIntermediateDirectories: true)
        try "".write(toFile: root + "/Cases/09-older.yaml", atomically: true, encoding: .utf8)
        let made = try Bangfu.run(["case", "new", "--from-register", "2", "--rules", root + "/Rules", "--db", db])
        #expect(made.status == 0, "\(made.errors)")
        let written = made.output.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(written.hasSuffix("/Cases/10-register-2-legal-aid-wage-recovery.yaml"), "\(written)")
        #expect(FileManager.default.fileExists(atPath: written))
    }

    @Test func anEntryTheRegisterDoesNotHoldIsRefused() async throws {
        let db = try await Self.register()
        let made = try Bangfu.run(["case", "new", "--from-register", "9", "--rules", Self.rules.path, "--db", db, "--output", "/tmp/never.yaml"])
        #expect(made.status == 1 && made.errors.contains("no entry 9"), "\(made.errors)")
    }
}
