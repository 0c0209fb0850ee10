import Testing
@testable import Eligibility

@Suite("Profiles are validated against the schema before any rule runs")
struct ProfileValidationTests {
    static let schemaText = """
        fields:
          name: {type: string, label: 姓名, required: true}
          birth_date: {type: date, label: 出生日期, required: true}
          union_member: {type: boolean, label: 工会会员, default: false}
          category:
            type: enum
            label: 类别
            required: true
            values: {laid_off: 下岗失业职工, migrant: 农民工}
          household:
            type: object
            label: 家庭
            fields:
              size: {type: integer, label: 人口, min: 1, max: 20, default: 1}
              members:
                type: list
                label: 成员
                item:
                  fields:
                    relation: {type: string, label: 关系, required: true}
                    monthly_income: {type: money, label: 月收入, default: 0, min: 0}
        """

    static func schema() throws -> Schema {
        try SchemaLoader.load(try DocumentNode.parse(schemaText, displayName: "schema.yaml"), file: "schema.yaml")
    }

    static func validate(_ yaml: String) throws -> Profile {
        try ProfileValidator(schema: try schema()).validate(try DocumentNode.parse(yaml, displayName: "p.yaml"), source: "p.yaml")
    }

    @Test func validProfileGetsDefaultsAndExactMoney() throws {
        let profile = try Self.validate("""
            name: 王某
            birth_date: 1978-03-02
            category: 下岗失业职工
            household:
              members:
                - {relation: 配偶, monthly_income: 1500.5}
                - {relation: 子女}
            """)
        #expect(profile["union_member"] == .boolean(false))
        #expect(profile["category"] == .enumeration("laid_off"))
        #expect(profile["household"]?["size"] == .integer(1))
        guard case .list(let members)? = profile["household"]?["members"] else { Issue.record("no members"); return }
        #expect(members[0]["monthly_income"] == .money(Money(fen: 150050)))
        #expect(members[1]["monthly_income"] == .money(.zero))
    }

    @Test func everyProblemIsReportedWithItsPath() throws {
        #expect {
            try Self.validate("""
                name: 王某
                birth_date: 1978-02-30
                category: retired
                househld: {}
                household:
                  size: 0
                  members:
                    - {relation: 配偶}
                    - {relation: 子女, monthly_income: abc}
                """)
        } throws: { error in
            let messages = (error as? DiagnosticList)?.diagnostics.map(\.description) ?? []
            return messages.count == 5
                && messages.contains("p.yaml:2: birth_date: 应填日期（YYYY-MM-DD），这里是 \"1978-02-30\"")
                && messages.contains { $0.contains("category: 应是 laid_off、migrant 之一，这里是 \"retired\"") }
                && messages.contains { $0.contains("househld: schema 中没有这个字段（是否要写 'household'？）") }
                && messages.contains { $0.contains("household.size: 不能小于 1，这里是 0") }
                && messages.contains("p.yaml:9: household.members[2].monthly_income: 应填金额（元，最多两位小数），这里是 \"abc\"")
        }
    }

    @Test func missingRequiredFieldsAreNamed() {
        #expect {
            try Self.validate("household: {members: [{monthly_income: 10}]}")
        } throws: { error in
            let paths = (error as? DiagnosticList)?.diagnostics.compactMap(\.path) ?? []
            return Set(paths) == ["name", "birth_date", "category", "household.members[1].relation"]
        }
    }

    @Test func moneyWithTooManyDecimalsIsRefusedNotRounded() {
        #expect(throws: DiagnosticList.self) {
            try Self.validate("{name: a, birth_date: 2000-01-01, category: migrant, household: {members: [{relation: x, monthly_income: 10.005}]}}")
        }
    }

    @Test func schemaErrorsNameTheField() {
        #expect {
            try SchemaLoader.load(try DocumentNode.parse("fields:\n  age: {type: integr, label: 年龄}\n  x: {type: string}\n",
                                                          displayName: "schema.yaml"), file: "schema.yaml")
        } throws: { error in
            let messages = (error as? DiagnosticList)?.diagnostics.map(\.description) ?? []
            return messages.contains { $0.contains("age: 未知的类型 'integr'（是否要写 'integer'？）") }
                && messages.contains { $0.contains("x: 每个字段都要有 'label'") }
        }
    }
}
