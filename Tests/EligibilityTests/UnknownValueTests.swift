import EligibilityTesting
import Testing
@testable import Eligibility

/// A blank is never zero: what nobody gave is unknown, and a decision that uses it waits for it.
@Suite("Unknown values and decisions that need information")
struct UnknownValueTests {
    static let schema = """
        screening: [name]
        fields:
          name: {type: string, label: 姓名, required: true}
          employment:
            type: object
            label: 就业和收入情况
            fields:
              monthly_income: {type: money, label: 本人月收入, evidence: 收入证明}
              employer: {type: string, label: 工作单位}
              injured: {type: boolean, label: 因工受伤}
              injury_date: {type: date, label: 受伤日期}
          household:
            type: object
            label: 家庭情况
            fields:
              members:
                type: list
                label: 共同生活的家庭成员
                default: []
                default_reason: 未填写即单人户
                item_label: 家庭成员
                item_title: name
                item:
                  fields:
                    name: {type: string, label: 姓名}
                    monthly_income: {type: money, label: 月收入, evidence: 家庭成员收入证明}
              disability_grade: {type: integer, label: 残疾等级, not_applicable: 无残疾人证}
              cash_this_year: {type: money, label: 本年度已领现金}
        """

    static let facts = """
        fact {
          id = "household_income",
          title = "家庭月收入",
          type = "money",
          compute = function()
            return profile.employment.monthly_income + sum(profile.household.members, function(m) return m.monthly_income end)
          end,
        }
        """

    /// Pays 500.00 a month below 1,000.00 of household income.
    static let relief = ("relief", """
        programme {
          id = "relief", title = "生活救助", basis = "办法第八条",
          decide = function()
            if facts.household_income >= 100000 then
              return ineligible { reason("above_line", "家庭月收入高于标准", "办法第五条") }
            end
            return eligible { reason("below_line", "家庭月收入低于标准", "办法第五条"), cash(50000, "monthly") }
          end,
        }
        """)

    /// Needs no employer unless one is named: `known` decides without it.
    static let arrears = ("arrears", """
        programme {
          id = "arrears", title = "追讨欠薪", basis = "条例第三条",
          decide = function()
            if not known(profile.employment.employer) then
              return ineligible { reason("no_employer", "没有欠薪单位", "条例第三条") }
            end
            return refer { reason("employer_named", "欠薪单位：" .. profile.employment.employer, "条例第三条") }
          end,
        }
        """)

    static let disabled = ("disabled", """
        programme {
          id = "disabled", title = "残疾帮扶", basis = "办法第十条",
          decide = function()
            if profile.household.disability_grade == nil then
              return ineligible { reason("not_disabled", "无残疾人证", "办法第十条") }
            end
            return eligible { reason("disabled", "残疾等级 " .. profile.household.disability_grade, "办法第十条"), service("康复指导") }
          end,
        }
        """)

    static func assess(_ yaml: String, programmes: [(String, String)] = [relief, arrears, disabled],
                       policy: String? = nil) throws -> Assessment {
        let fixture = try RuleSetFixture(programmes: programmes, policy: policy, facts: facts, schema: schema)
        return try fixture.assess(profile: yaml)
    }

    @Test func aBlankIncomeIsUnknownAndTheDecisionNamesItWithItsLabelAndDocument() throws {
        let assessment = try Self.assess("{name: 王某, household: {disability_grade: ~}}")
        let relief = try #require(assessment.decision("relief"))
        #expect(relief.outcome == .needsInformation)
        #expect(relief.benefits.isEmpty && relief.reasons.isEmpty)
        #expect(relief.missing == [MissingInformation(path: "employment.monthly_income", label: "本人月收入",
                                                      section: "就业和收入情况", evidence: "收入证明", order: [1, 0])])
        #expect(relief.factsUsed == ["household_income"])
        #expect(assessment.facts.first { $0.id == "household_income" }?.value == .unknown(needs: ["employment.monthly_income"]))
        // Nothing is paid on what nobody said.
        #expect(assessment.cashPerYear == .zero)
        #expect(assessment.missing.map(\.path) == ["employment.monthly_income"])
        // The others decide: no employer was needed, and "none" was an answer.
        #expect(assessment.decision("arrears")?.outcome == .ineligible)
        #expect(assessment.decision("disabled")?.outcome == .ineligible)
    }

    @Test func theSameFactsWithEveryValueGivenDecide() throws {
        let assessment = try Self.assess("{name: 王某, employment: {monthly_income: 600, employer: 某厂}, household: {disability_grade: 2}}")
        #expect(assessment.decisions.map(\.outcome) == [.eligible, .refer, .eligible])
        #expect(assessment.missing.isEmpty)
        #expect(assessment.cashPerYear == Money(fen: 600_000))
    }

    @Test func aMembersBlankIncomeIsAskedForThatMemberByName() throws {
        let assessment = try Self.assess("""
            {name: 王某, employment: {monthly_income: 300}, household: {disability_grade: ~, members: [{name: 张三, monthly_income: 200}, {name: 李娜}]}}
            """)
        let relief = try #require(assessment.decision("relief"))
        #expect(relief.outcome == .needsInformation)
        #expect(relief.missing.map(\.path) == ["household.members[2].monthly_income"])
        #expect(relief.missing.first?.label == "家庭成员 2（李娜） · 月收入")
        #expect(relief.missing.first?.section == "家庭情况")
    }

    @Test func oneRunNamesEveryFieldItUsesNotOnlyTheFirst() throws {
        let assessment = try Self.assess("{name: 王某, household: {disability_grade: ~, members: [{name: 张三}, {name: 李娜}]}}")
        #expect(assessment.decision("relief")?.missing.map(\.path) == [
            "employment.monthly_income", "household.members[1].monthly_income", "household.members[2].monthly_income",
        ])
    }

    @Test func nullIsTheAnswerNoneOnlyWhereTheSchemaAllowsIt() throws {
        // Absent: unknown. Null where `not_applicable` is declared: none (nil in rules).
        let absent = try Self.assess("{name: 王某, employment: {monthly_income: 600}}")
        #expect(absent.decision("disabled")?.outcome == .needsInformation)
        #expect(absent.decision("disabled")?.missing.map(\.path) == ["household.disability_grade"])
        // Null elsewhere is a blank: still unknown.
        let blank = try Self.assess("{name: 王某, employment: {monthly_income: ~}, household: {disability_grade: ~}}")
        #expect(blank.decision("relief")?.outcome == .needsInformation)
    }

    @Test func aPolicyThatNeedsAFieldHoldsBackEveryPayingDecisionWithItsReason() throws {
        let policy = """
            policy {
              id = "yearly_cap", title = "每年现金上限", cite = "办法第二十一条",
              apply = function(decisions)
                local room = 300000 - profile.household.cash_this_year
                for _, d in ipairs(decisions) do
                  if d.outcome == "eligible" and d.cash_per_year > room then limit_cash(d.id, room, reason("cap", "超过上限", "办法第二十一条")) end
                end
              end,
            }
            """
        let assessment = try Self.assess("{name: 王某, employment: {monthly_income: 600}, household: {disability_grade: 2}}", policy: policy)
        let relief = try #require(assessment.decision("relief"))
        #expect(relief.outcome == .needsInformation)
        #expect(relief.benefits.isEmpty)
        #expect(relief.missing.map(\.path) == ["household.cash_this_year"])
        #expect(relief.reasons.last?.code == "policy_needs_information")
        #expect(relief.reasons.last?.text.contains("本年度已领现金") == true)
        #expect(relief.reasons.last?.policy == "yearly_cap")
        #expect(assessment.cashPerYear == .zero)
        #expect(assessment.policyFailures.isEmpty)
        // A decision that pays nothing cannot be changed by the cap: it stands.
        #expect(assessment.decision("arrears")?.outcome == .ineligible)

        let given = try Self.assess("{name: 王某, employment: {monthly_income: 600}, household: {disability_grade: 2, cash_this_year: 0}}", policy: policy)
        #expect(given.decision("relief")?.outcome == .eligible)
    }

    @Test func anErrorAfterAnUnknownIsTakenForItsConsequence() throws {
        let programme = RuleSetFixture.programme("formats", "local text = string.format('%d', profile.employment.monthly_income)")
        let assessment = try Self.assess("{name: 王某}", programmes: [programme])
        #expect(assessment.decision("formats")?.outcome == .needsInformation)
        #expect(assessment.decision("formats")?.missing.map(\.path) == ["employment.monthly_income"])
        // The same error with the value given is an error.
        let given = try Self.assess("{name: 王某, employment: {monthly_income: 1.5}}",
                                    programmes: [RuleSetFixture.programme("formats", "local text = string.format('%d', 1.5)")])
        #expect(given.decision("formats")?.outcome == .error)
    }

    @Test func knownTellsAnUnknownFactFromAKnownOneWithoutUsingIt() throws {
        let programme = RuleSetFixture.programme("asks", """
            if not known(facts.household_income) then
              return refer { reason("income_unknown", "收入不明，转社工核实", "办法第九条") }
            end
            """)
        let assessment = try Self.assess("{name: 王某}", programmes: [programme])
        #expect(assessment.decision("asks")?.outcome == .refer)
        #expect(assessment.decision("asks")?.missing.isEmpty == true)
    }

    @Test func anUnknownYesNoGoesDownItsNoBranchSoItsDetailsAreNotAskedYet() throws {
        let programme = RuleSetFixture.programme("injury", """
            if profile.employment.injured and date.days_between(profile.employment.injury_date, today) < 365 then
              return eligible { reason("injured", "一年内因工受伤", "条例"), service("工伤咨询") }
            end
            """)
        let assessment = try Self.assess("{name: 王某}", programmes: [programme])
        #expect(assessment.decision("injury")?.outcome == .needsInformation)
        #expect(assessment.decision("injury")?.missing.map(\.path) == ["employment.injured"])
        let yes = try Self.assess("{name: 王某, employment: {injured: true}}", programmes: [programme])
        #expect(yes.decision("injury")?.missing.map(\.path) == ["employment.injury_date"])
        // Tested with known, a yes/no nobody gave is not needed; a given "no" is known.
        let tested = RuleSetFixture.programme("tested", """
            if not known(profile.employment.injured) then
              return refer { reason("ask_injury", "是否因工受伤不明", "条例") }
            end
            """)
        #expect(try Self.assess("{name: 王某}", programmes: [tested]).decision("tested")?.outcome == .refer)
        #expect(try Self.assess("{name: 王某, employment: {injured: false}}", programmes: [tested]).decision("tested")?.outcome == .eligible)
    }

    @Test func theLibrarysHelpersCarryAnUnknownThroughInsteadOfFailing() throws {
        let programme = RuleSetFixture.programme("helpers", """
            local x = money.scale(money.max(profile.employment.monthly_income, 100), 0.5)
            local age = date.age(profile.household.members[1] and profile.household.members[1].name or "2000-01-01")
            if x > 0 and not known(x) then error("never: comparisons with an unknown are false") end
            """)
        let assessment = try Self.assess("{name: 王某}", programmes: [programme])
        let decision = try #require(assessment.decision("helpers"))
        #expect(decision.outcome == .needsInformation, "\(decision.failure?.description ?? "")")
        #expect(decision.missing.map(\.path) == ["employment.monthly_income"])
    }

    @Test func fieldPathsReadBackTheirSteps() {
        #expect(FieldPath.steps("household.members[2].monthly_income") == [.field("household"), .field("members"), .item(2), .field("monthly_income")])
        #expect(FieldPath.text(FieldPath.steps("a.b[10].c")) == "a.b[10].c")
        #expect(FieldPath.steps("a..b").isEmpty && FieldPath.steps("a[0]").isEmpty && FieldPath.steps("a[x]").isEmpty)
    }

    @Test func theSchemaRefusesWhatCannotBeAskedOrAnswered() throws {
        func problems(_ yaml: String) -> [String] {
            guard let document = try? DocumentNode.parse(yaml, displayName: "schema.yaml") else { return ["unreadable"] }
            do throws(DiagnosticList) {
                _ = try SchemaLoader.load(document, file: "schema.yaml")
                return []
            } catch { return error.diagnostics.map(\.message.zh) }
        }
        #expect(problems("fields:\n  a: {type: integer, label: 甲, default: 0, not_applicable: 无}") ==
                ["可以回答“无”的字段不能是必填的，也不能有默认值"])
        #expect(problems("fields:\n  a: {type: integer, label: 甲, default_reason: 因为}") ==
                ["'default_reason' 是说明默认值的，这个字段没有默认值"])
        #expect(problems("screening: [b]\nfields:\n  a: {type: string, label: 甲, required: true}\n  b: {type: string, label: 乙}") ==
                ["必填字段 a 要列在初筛问题中"])
        #expect(problems("screening: [nope]\nfields:\n  a: {type: string, label: 甲}") == ["\"nope\" 不是 schema 中的字段"])
    }
}
