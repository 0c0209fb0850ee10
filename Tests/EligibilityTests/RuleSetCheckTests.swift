import EligibilityTesting
import Foundation
import Testing
@testable import Eligibility

@Suite("bangfu check on purpose-made rule sets")
struct RuleSetCheckTests {
    static func findings(programmes: [(String, String)], extraParameters: String = "", on date: String = "2026-09-01",
                         cases: Set<String>? = nil) throws -> [Diagnostic] {
        let fixture = try RuleSetFixture(programmes: programmes)
        if !extraParameters.isEmpty {
            let url = fixture.directory.appendingPathComponent("parameters.yaml")
            try (try String(contentsOf: url, encoding: .utf8) + extraParameters).write(to: url, atomically: true, encoding: .utf8)
        }
        let ruleSet = try fixture.ruleSet()
        let options = RuleSetCheck.Options(date: CivilDate(date)!, maximumAgeInYears: 4, programmesWithCases: cases)
        return RuleSetCheck(ruleSet: ruleSet, assessor: try Assessor(ruleSet: ruleSet), options: options).run()
    }

    @Test func aCleanRuleSetHasNoFindings() throws {
        // The fixture's `household.members[].monthly_income` is read through a list; `name` names the applicant.
        let findings = try Self.findings(programmes: [("basic", RuleSetFixture.basicProgramme)], cases: ["basic"])
        #expect(findings.map(\.description) == ["schema.yaml:4: birth_date: 没有规则读取这个字段（在规则中用它、删除它，或标上 display_only: true）"])
    }

    @Test func unknownNamesAreErrorsWithTheirLine() throws {
        let findings = try Self.findings(programmes: [("basic", RuleSetFixture.basicProgramme),
            RuleSetFixture.programme("typos", "local a = params.dibao.urbn + facts.peple\n local b = profile.household.membrs")])
        let errors = findings.filter { $0.severity == .error }.map(\.description)
        #expect(errors.contains("programmes/typos.lua:6: 未知的事实 'peple'（是否要写 'people'？）（事实用 fact { id = … } 在 facts.lua 中声明）"))
        #expect(errors.contains { $0.hasPrefix("programmes/typos.lua:6: 未知的参数 'dibao.urbn'") })
        #expect(errors.contains { $0.hasPrefix("programmes/typos.lua:7: 档案中没有字段 'household.membrs'（是否要写 'members'？）") })
    }

    @Test func unknownHistoryHelpersAndProgrammesAreErrorsWithTheirLine() throws {
        let findings = try Self.findings(programmes: [("basic", RuleSetFixture.basicProgramme),
            RuleSetFixture.programme("typos", "local a = history.cash_this_yaer()\n local b = history.granted_this_year(\"basci\")")])
        let errors = findings.filter { $0.severity == .error }.map(\.description)
        #expect(errors.contains { $0.hasPrefix("programmes/typos.lua:6: 没有 'history.cash_this_yaer' 这个帮扶记录函数（是否要写 'cash_this_year'？）") })
        #expect(errors.contains("programmes/typos.lua:7: 'basci' 不是实施中的项目（是否要写 'basic'？）（实施中的项目列在 ruleset.yaml 中）"))
    }

    /// `fund = "…"` in a programme's declaration names the fund that pays its grants: one of `funds:`.
    @Test func aProgrammesFundIsOneOfTheRuleSetsFundsAndTheFirstFundByDefault() throws {
        let named = RuleSetFixture.basicProgramme.replacingOccurrences(of: "  basis = \"办法第八条\",", with: "  basis = \"办法第八条\",\n  fund = \"donatoins\",")
        let fixture = try RuleSetFixture(programmes: [("basic", RuleSetFixture.basicProgramme), ("named", named.replacingOccurrences(of: "\"basic\"", with: "\"named\""))])
        let manifest = fixture.directory.appendingPathComponent("ruleset.yaml")
        try (try String(contentsOf: manifest, encoding: .utf8) + "funds:\n  centre: 帮扶中心帮扶资金\n  donations: 社会捐赠帮扶资金\n")
            .write(to: manifest, atomically: true, encoding: .utf8)
        let ruleSet = try fixture.ruleSet()
        let assessor = try Assessor(ruleSet: ruleSet)
        let errors = RuleSetCheck(ruleSet: ruleSet, assessor: assessor, options: .init(date: CivilDate("2026-09-01")!)).run()
            .filter { $0.severity == .error }.map(\.description)
        #expect(errors == ["programmes/named.lua:1: 项目 'named'：资金 'donatoins' 不是规则集的资金（centre、donations）（是否要写 'donations'？）（资金写在 ruleset.yaml 的 funds: 下）"])
        #expect(assessor.programmes.first { $0.id == "basic" }?.paidFrom(in: ruleSet) == "centre")
        #expect(assessor.programmes.first { $0.id == "named" }?.paidFrom(in: ruleSet) == "donatoins")
    }

    /// `interview: {show_facts: […]}` in ruleset.yaml: facts an interview shows as running totals.
    @Test func theInterviewsRunningFactsAreReadAndAnUnknownOneIsAnError() throws {
        let fixture = try RuleSetFixture(programmes: [("basic", RuleSetFixture.basicProgramme)])
        let manifest = fixture.directory.appendingPathComponent("ruleset.yaml")
        try (try String(contentsOf: manifest, encoding: .utf8) + "interview:\n  show_facts: [income_per_head, peple]\n")
            .write(to: manifest, atomically: true, encoding: .utf8)
        let ruleSet = try fixture.ruleSet()
        #expect(ruleSet.interviewFacts == [NamedFact(id: "income_per_head", line: 6), NamedFact(id: "peple", line: 6)])
        let options = RuleSetCheck.Options(date: CivilDate("2026-09-01")!)
        let errors = RuleSetCheck(ruleSet: ruleSet, assessor: try Assessor(ruleSet: ruleSet), options: options).run().filter { $0.severity == .error }
        #expect(errors.map(\.description) == ["ruleset.yaml:6: interview.show_facts: 未知的事实 'peple'（是否要写 'people'？）（事实用 fact { id = … } 在 facts.lua 中声明）"])

        try (try String(contentsOf: manifest, encoding: .utf8).replacingOccurrences(of: "  show_facts: [income_per_head, peple]", with: "  show_facts: income_per_head"))
            .write(to: manifest, atomically: true, encoding: .utf8)
        #expect(throws: DiagnosticList.self) { try fixture.ruleSet() }
    }

    @Test func unusedStaleAndMissingParameters() throws {
        let extra = """
            unused:
              label: 没人用
              unit: yuan
              reference: r
              values: {2024-01-01: 1}
            future:
              label: 将来
              unit: months
              reference: r
              values: {2027-01-01: 3}
            """
        let programme = RuleSetFixture.programme("reads", "local f = params.future")
        let warnings = try Self.findings(programmes: [("basic", RuleSetFixture.basicProgramme), programme], extraParameters: "\n" + extra,
                                         on: "2030-01-01").filter { $0.severity == .warning }
        let byPath = Dictionary(grouping: warnings, by: { $0.path ?? "" }).mapValues { $0.map(\.message.zh) }
        #expect(byPath["unused"]?.contains("没有规则用到这个参数") == true)
        // 940 applies from 2023-07-01: more than 4 years before 2030-01-01. A ratio never goes stale.
        #expect(byPath["dibao.urban"] == ["可能已过时：2030-01-01 适用的值自 2023-07-01 起执行，已超过 4 年"])
        #expect(byPath["share"] == nil)
        let early = try Self.findings(programmes: [programme], extraParameters: "\n" + extra, on: "2026-09-01")
        #expect(early.contains { $0.path == "future" && $0.message.zh == "2026-09-01 没有适用的值（最早的值自 2027-01-01 起适用）" })
    }

    @Test func programmesWithoutCasesAreNamed() throws {
        let findings = try Self.findings(programmes: [("basic", RuleSetFixture.basicProgramme), RuleSetFixture.programme("lonely", "")],
                                         cases: ["basic"])
        #expect(findings.contains { $0.file == "programmes/lonely.lua" && $0.message.zh == "没有案例检验项目 'lonely'" })
        #expect(!findings.contains { $0.file == "programmes/basic.lua" })
    }

    @Test func whatTheInterviewCannotAskOrShouldNotAssumeIsNamed() throws {
        let fixture = try RuleSetFixture(programmes: [("basic", RuleSetFixture.basicProgramme)], schema: """
            fields:
              name: {type: string, label: 姓名, required: true}
              income: {type: money, label: 月收入, display_only: true}
              household:
                type: object
                label: 家庭
                fields:
                  members:
                    type: list
                    label: 成员
                    default: []
                    item:
                      fields:
                        monthly_income: {type: money, label: 月收入, default: 0, default_reason: 未填写即无收入}
            """)
        let ruleSet = try fixture.ruleSet()
        let findings = RuleSetCheck(ruleSet: ruleSet, assessor: try Assessor(ruleSet: ruleSet),
                                    options: .init(date: CivilDate("2026-09-01")!)).run().map(\.description)
        #expect(findings.contains("schema.yaml:3: income: 有规则读取这个字段，但它是 display_only，面谈从不询问，所以一直是未知（去掉 display_only: true，或给它 default 并写明 default_reason）"))
        #expect(findings.contains("schema.yaml:9: household.members: 这里不填就按默认值算，但没有写明理由（在 default_reason: … 中写明理由，或去掉 default，让面谈询问它）"))
        #expect(!findings.contains { $0.contains("members[].monthly_income") })
        #expect(findings.contains { $0.hasPrefix("schema.yaml:1: 没有初筛问题") })
    }

    @Test func displayOnlyFieldsAreNotUnused() throws {
        let fixture = try RuleSetFixture(programmes: [("basic", RuleSetFixture.basicProgramme)])
        let url = fixture.directory.appendingPathComponent("schema.yaml")
        let schema = try String(contentsOf: url, encoding: .utf8)
            .replacingOccurrences(of: "label: 出生日期, required: true", with: "label: 出生日期, required: true, display_only: true")
        try schema.write(to: url, atomically: true, encoding: .utf8)
        let ruleSet = try fixture.ruleSet()
        let findings = RuleSetCheck(ruleSet: ruleSet, assessor: try Assessor(ruleSet: ruleSet),
                                    options: .init(date: CivilDate("2026-09-01")!)).run()
        #expect(findings.isEmpty, "\(findings)")
    }

    /// The beginner's mistake: a stray comma in facts.lua. Its syntax error is the one root error; the
    /// facts it would have declared are not reported as unknown, and decisions blame facts.lua.
    @Test func aSyntaxErrorInFactsIsTheOneRootError() throws {
        let broken = RuleSetFixture.facts.replacingOccurrences(of: "title = \"家庭人口\",", with: "title = \"家庭人口\",,")
        let fixture = try RuleSetFixture(programmes: [("basic", RuleSetFixture.basicProgramme)], facts: broken)
        let ruleSet = try fixture.ruleSet()
        let options = RuleSetCheck.Options(date: CivilDate("2026-09-01")!)
        let errors = RuleSetCheck(ruleSet: ruleSet, assessor: try Assessor(ruleSet: ruleSet), options: options).run()
            .filter { $0.severity == .error }
        #expect(errors.count == 1, "\(errors)")
        #expect(errors.first?.file == "facts.lua" && errors.first?.line == 3)
        #expect(errors.first?.message.zh.hasPrefix("Lua 语法错误：") == true, "\(errors)")
        #expect(errors.first?.message.zh.contains("near ','") == true, "\(errors)")

        let decision = try #require(try fixture.assess().decision("basic"))
        #expect(decision.outcome == .error)
        #expect(decision.failure?.location?.file == "facts.lua", "\(String(describing: decision.failure))")
        #expect(decision.failure?.location?.line == 3)
    }

    /// A code compared with an enum field or fact that the schema or the fact does not declare never matches.
    @Test func enumCodesAreCheckedAgainstTheSchemaAndTheFacts() throws {
        let schema = RuleSetFixture.schema + """

              category:
                type: enum
                label: 申请人类别
                values: {serious_illness: 大病职工, laid_off: 下岗失业职工}
            """
        let facts = RuleSetFixture.facts + """

            fact {
              id = "tier",
              title = "困难类型",
              type = "enum",
              values = { deep = "深度困难", relative = "相对困难" },
              compute = function() return "deep" end,
            }
            """
        let body = """
            local a = profile.category == "seriously_ill" or "laid_off" ~= profile.category
                local b = facts.tier == "dep" or facts.tier ~= "relative"
                local c = any(profile.household.members, function(m) return m.category == "laid_of" end)
            """
        let fixture = try RuleSetFixture(programmes: [("basic", RuleSetFixture.basicProgramme), RuleSetFixture.programme("codes", body)],
                                         facts: facts, schema: schema)
        let ruleSet = try fixture.ruleSet()
        let errors = RuleSetCheck(ruleSet: ruleSet, assessor: try Assessor(ruleSet: ruleSet), options: .init(date: CivilDate("2026-09-01")!)).run()
            .filter { $0.severity == .error }.map(\.description)
        #expect(errors == [
            "programmes/codes.lua:6: 'seriously_ill' 不是 profile.category 的代码，这个比较永远不成立（是否要写 'serious_illness'？）（可用的代码：laid_off、serious_illness）",
            "programmes/codes.lua:7: 'dep' 不是事实 'tier' 的代码，这个比较永远不成立（是否要写 'deep'？）（可用的代码：deep、relative）",
            "programmes/codes.lua:8: 'laid_of' 不是 m.category 的代码，这个比较永远不成立（是否要写 'laid_off'？）（可用的代码：laid_off、serious_illness）",
        ])
    }

    /// A local that holds an enum fact or field (`local tier = facts.tier`) is checked as the fact is;
    /// a local given another value later in the file stands for neither.
    @Test func enumCodesAreCheckedThroughALocalHoldingTheValue() throws {
        let facts = RuleSetFixture.facts + """

            fact {
              id = "tier",
              title = "困难类型",
              type = "enum",
              values = { deep = "深度困难", relative = "相对困难", none = "不困难" },
              compute = function() return "deep" end,
            }
            """
        let body = """
            local tier = facts.tier
                local a = tier == "nome"
                local other = facts.tier
                other = "anything"
                local b = other == "whatever"
            """
        let fixture = try RuleSetFixture(programmes: [("basic", RuleSetFixture.basicProgramme), RuleSetFixture.programme("codes", body)],
                                         facts: facts)
        let ruleSet = try fixture.ruleSet()
        let errors = RuleSetCheck(ruleSet: ruleSet, assessor: try Assessor(ruleSet: ruleSet), options: .init(date: CivilDate("2026-09-01")!)).run()
            .filter { $0.severity == .error }
        #expect(errors.map(\.line) == [7], "\(errors)")
        #expect(errors.first.map { $0.description.contains("'nome'") && $0.description.contains("'none'") } == true, "\(errors)")
    }

    /// A plain number where an amount goes is fen (3000 is 30.00 yuan): `check` asks for money.yuan(…)
    /// or a parameter; 0, money.yuan(…) and a count (money.times' second argument) pass. A percent
    /// parameter given to money.scale (or a ratio to money.percent) is off by a hundred.
    @Test func plainNumbersWhereAnAmountGoesAreErrors() throws {
        let parameters = RuleSetFixture.parameters + """

            advance:
              label: 垫付比例
              unit: percent
              reference: 《某办法》第一条
              values:
                2020-01-01: 30
            """
        let body = """
            local cap = money.min(facts.income_per_head, 3000)
                local fine = money.max(0, money.times(money.yuan(30), 2))
                local gift = cash(800, "once", "慰问金")
                local scaled = money.scale(facts.income_per_head, params.advance)
                local right = money.percent(facts.income_per_head, params.advance)
            """
        let fixture = try RuleSetFixture(programmes: [("basic", RuleSetFixture.basicProgramme), RuleSetFixture.programme("amounts", body)],
                                         parameters: parameters)
        let ruleSet = try fixture.ruleSet()
        let errors = RuleSetCheck(ruleSet: ruleSet, assessor: try Assessor(ruleSet: ruleSet), options: .init(date: CivilDate("2026-09-01")!)).run()
            .filter { $0.severity == .error }
        #expect(errors.map(\.line) == [6, 8, 9], "\(errors)")
        #expect(errors.first?.description.contains("money.yuan(3000)") == true, "\(errors)")
        #expect(errors.last?.description.contains("money.percent") == true, "\(errors)")
    }

    /// A bare amount where a benefit belongs pays nothing: `check` finds it on lines no case runs.
    @Test func aBareAmountInAnOutcomeIsAnError() throws {
        let body = """
            if facts.people > 10 then
                  return eligible {
                    reason("many", "人口多", "办法"),
                    300000,
                  }
                end
                if facts.people > 20 then return eligible { reason("x", "甲", "乙"), money.times(params.dibao.urban, 2) } end
                if facts.people > 30 then return refer { reason("y", "甲", "乙"), params.dibao.urban } end
            """
        let fixture = try RuleSetFixture(programmes: [("basic", RuleSetFixture.basicProgramme), RuleSetFixture.programme("bare", body)])
        let ruleSet = try fixture.ruleSet()
        let errors = RuleSetCheck(ruleSet: ruleSet, assessor: try Assessor(ruleSet: ruleSet), options: .init(date: CivilDate("2026-09-01")!)).run()
            .filter { $0.severity == .error }.map(\.description)
        #expect(errors == [
            "programmes/bare.lua:9: eligible { … }：第 2 项是数字 300000（作为金额是 3,000.00 元），不是待遇：这样写什么也不发（写成 cash(money.yuan(3000), \"once\", \"标签\")，注明发放周期：once、monthly 或 yearly）",
            "programmes/bare.lua:12: eligible { … }：第 2 项是金额 money.times(params.dibao.urban, 2)，不是待遇：这样写什么也不发（写成 cash(money.times(params.dibao.urban, 2), \"once\", \"标签\")，注明发放周期：once、monthly 或 yearly）",
            "programmes/bare.lua:13: refer { … }：第 2 项是金额 params.dibao.urban，不是待遇：这样写什么也不发（写成 cash(params.dibao.urban, \"once\", \"标签\")，注明发放周期：once、monthly 或 yearly）",
        ])
    }
}
