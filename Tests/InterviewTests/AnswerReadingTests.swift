import Eligibility
import EligibilityTesting
import Interview
import Testing

@Suite("Reading an interview's answers")
struct AnswerReadingTests {
    static let schema = """
        screening: [name]
        fields:
          name: {type: string, label: 姓名, required: true}
          id_number: {type: string, label: 公民身份号码, format: id_number}
          birth_date: {type: date, label: 出生日期}
          income: {type: money, label: 月收入, min: 0}
          grade: {type: integer, label: 残疾等级, min: 1, max: 4, not_applicable: 无残疾人证}
          member: {type: boolean, label: 工会会员}
          status:
            type: enum
            label: 就业状态
            values: {employed: 在岗, unemployed: 失业}
        """

    static func interview() throws -> Interview {
        let fixture = try RuleSetFixture(programmes: [("basic", RuleSetFixture.basicProgramme)], schema: schema)
        return Interview(schema: try fixture.ruleSet().schema)
    }

    static func read(_ text: String, _ path: String) throws -> Result<AnswerSheet.Answer?, AnswerProblem> {
        let interview = try interview()
        return interview.read(text, for: try #require(interview.question(at: path)))
    }

    @Test(arguments: [("19640508", "1964-05-08"), ("1964-5-8", "1964-05-08"), ("1964/05/08", "1964-05-08"),
                      ("1964年5月8日", "1964-05-08"), ("１９６４０５０８", "1964-05-08")])
    func datesAsPeopleTypeThem(typed: String, date: String) throws {
        #expect(try Self.read(typed, "birth_date") == .success(.text(date)))
    }

    @Test func anImpossibleDateIsRefusedNotDropped() throws {
        guard case .failure(let problem) = try Self.read("1964-02-30", "birth_date") else { Issue.record("accepted"); return }
        #expect(problem.message.contains("须为真实日期"))
    }

    @Test func moneyIsReadByTheOneGrammarWithChineseAdvice() throws {
        #expect(try Self.read("１６００．５０", "income") == .success(.text("1600.50")))
        #expect(try Self.read("1,600.5", "income") == .success(.text("1600.50")))
        guard case .failure(let problem) = try Self.read("1.2万", "income") else { Issue.record("accepted"); return }
        #expect(problem.message == "请填写金额（元），如 1600.50：请写成元，如 1.2万 写作 12000")
        guard case .failure(let negative) = try Self.read("-5", "income") else { Issue.record("accepted"); return }
        #expect(negative.message == "金额不能少于 0.00 元")
    }

    @Test func anIDNumberIsCheckedWithAChineseReason() throws {
        guard case .failure(let problem) = try Self.read("11010519491231002", "id_number") else { Issue.record("accepted"); return }
        #expect(problem.message == "身份证号应为 18 位，现为 17 位")
        #expect(try Self.read("11010519491231002x", "id_number") == .success(.text("11010519491231002x")))
    }

    @Test func noneOnlyWhereTheSchemaAllowsIt() throws {
        #expect(try Self.read("无", "grade") == .success(AnswerSheet.Answer.none))
        #expect(try Self.read("无残疾人证", "grade") == .success(AnswerSheet.Answer.none))
        guard case .failure = try Self.read("5", "grade") else { Issue.record("accepted 5"); return }
        guard case .failure = try Self.read("无", "income") else { Issue.record("accepted none for money"); return }
    }

    @Test func optionsByNumberLabelOrCodeAndYesNo() throws {
        #expect(try Self.read("2", "status") == .success(.text("unemployed")))
        #expect(try Self.read("失业", "status") == .success(.text("unemployed")))
        #expect(try Self.read("employed", "status") == .success(.text("employed")))
        #expect(try Self.read("是", "member") == .success(.text("true")))
        #expect(try Self.read("否", "member") == .success(.text("false")))
        #expect(try Self.read("", "member") == .success(nil))
    }

    @Test func theAnswersMakeAProfileInSchemaOrderAndItsYAMLReadsBack() throws {
        var interview = try Self.interview()
        for (path, text) in [("status", "1"), ("name", "王: 某"), ("grade", "无"), ("income", "1600.50")] {
            let question = try #require(interview.question(at: path))
            interview.answer(question, try interview.read(text, for: question).get())
        }
        let yaml = interview.answers.yaml(interview.schema, header: ["测试"])
        #expect(yaml == """
            # 测试
            name: "王: 某"  # 姓名
            income: 1600.50  # 月收入
            grade: ~  # 残疾等级：无残疾人证
            status: employed  # 就业状态

            """)
        let reread = try ProfileValidator(schema: interview.schema).validate(try DocumentNode.parse(yaml, displayName: "p.yaml"), source: "p.yaml")
        #expect(reread.fields["grade"] == .notApplicable)
        #expect(reread.fields["income"] == .money(Money(fen: 160050)))
        #expect(reread.fields["member"] == nil)
    }
}
