import EligibilityTesting
import Foundation
import Testing

@Suite("bangfu interview")
struct InterviewCommandTests {
    /// The fixture's rules on a schema where incomes must be asked.
    static let schema = """
        screening: [name, household.members]
        fields:
          name: {type: string, label: 姓名, required: true}
          birth_date: {type: date, label: 出生日期, display_only: true}
          income: {type: money, label: 月收入, min: 0, evidence: 收入证明}
          household:
            type: object
            label: 家庭
            fields:
              members:
                type: list
                label: 成员
                default: []
                default_reason: 未填写即单人户
                item_label: 家庭成员
                item_title: name
                item:
                  fields:
                    name: {type: string, label: 姓名, required: true}
                    monthly_income: {type: money, label: 月收入, min: 0, evidence: 家庭成员收入证明}
        """

    static func interview(_ answers: [String]) throws -> (BangfuExecutable.Finished, String) {
        let fixture = try RuleSetFixture(programmes: [("basic", RuleSetFixture.basicProgramme)], schema: schema)
        let output = try writeTemporary("", name: "built.yaml")
        let result = try Bangfu.run(["interview", "--rules", fixture.directory.path, "--on", "2026-09-01", "--output", output],
                                    input: answers.joined(separator: "\n") + "\n")
        return (result, try String(contentsOfFile: output, encoding: .utf8))
    }

    @Test func asksTheScreeningThenOnlyWhatTheDecisionNeedsAndWritesTheProfile() throws {
        let (result, profile) = try Self.interview(["王某", "1", "李娜", "1000", "五百", "500"])
        #expect(result.status == 0, "\(result.errors)")
        let output = result.output
        #expect(output.contains("成员：有几人（项）？"))
        #expect(output.contains("家庭成员 1 · 姓名："))
        #expect(output.contains("第 1 轮评估：待补充 1 项。还需要了解 2 项："))
        #expect(output.contains("月收入（元，如 1600.50）：1000"))
        #expect(output.contains("家庭成员 1（李娜） · 月收入（元，如 1600.50）：五百"))
        #expect(output.contains("× 请填写金额（元），如 1600.50：只填数字"))
        // (1,000 + 500) ÷ 2 = 750 a head, below 940: 752.00 a month.
        #expect(output.contains("1. 基本救助 —— 符合"))
        #expect(output.contains("待遇：救助金 752.00 元（每月）"))
        #expect(output.contains("（2 轮评估，回答 4 项）"))
        // No question that no rule reads: the birth date is never asked.
        #expect(!output.contains("出生日期"))
        #expect(profile.contains("income: 1000.00  # 月收入"))
        #expect(profile.contains("    - name: 李娜  # 姓名\n      monthly_income: 500.00  # 月收入"))
        let again = try Bangfu.run(["assess", try writeTemporary(profile), "--rules", try RuleSetFixture(programmes: [("basic", RuleSetFixture.basicProgramme)], schema: Self.schema).directory.path, "--on", "2026-09-01"])
        #expect(again.output.contains("1. 基本救助 —— 符合"), "\(again.errors)")
    }

    @Test func finishingEarlyRecordsTheAssessmentAsItStandsWithWhatToBring() throws {
        let (result, profile) = try Self.interview(["王某", "0", "完成"])
        #expect(result.status == 0, "\(result.errors)")
        #expect(result.output.contains("1. 基本救助 —— 待补充"))
        #expect(result.output.contains("需要补充：月收入"))
        #expect(result.output.contains("请携带：收入证明"))
        #expect(profile.contains("name: 王某"))
        #expect(!profile.contains("income"))
    }
}
