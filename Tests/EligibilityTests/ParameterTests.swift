import Testing
import EligibilityTesting
@testable import Eligibility

@Suite("Dated parameters")
struct ParameterTests {
    static let text = """
        dibao:
          urban:
            label: 城市低保标准
            unit: yuan_per_month
            reference: 市民政局通知
            values:
              2020-07-01: 740
              2023-07-01: {value: 940, reference: XX民发〔2023〕12号}
        startup:
          tax_relief:
            label: 创业税收扣减限额
            unit: yuan_per_year
            reference: 财税〔2019〕22号
            values:
              2019-01-01: 12000
              2023-01-01: 20000
              2028-01-01: null
        injury_months:
          label: 伤残补助月数
          unit: months
          reference: 工伤保险条例第三十五条
          values:
            2011-01-01: [27, 25, 23]
        share:
          label: 比例
          unit: ratio
          reference: x
          values: {2021-01-01: 0.8}
        """

    static func parameters() throws -> ParameterSet {
        try ParameterLoader.load(try DocumentNode.parse(text, displayName: "parameters.yaml"), file: "parameters.yaml")
    }

    @Test func theAssessmentDatePicksTheValue() throws {
        let urban = try #require(try Self.parameters().parameter("dibao.urban"))
        #expect(urban.value(on: CivilDate("2023-06-30")!)?.value == .money(Money(fen: 74000)))
        #expect(urban.value(on: CivilDate("2023-07-01")!)?.value == .money(Money(fen: 94000)))
        #expect(urban.value(on: CivilDate("2023-07-01")!)?.reference == "XX民发〔2023〕12号")
        #expect(urban.value(on: CivilDate("2019-01-01")!) == nil)
        #expect(urban.absence(on: CivilDate("2019-01-01")!) == Text(zh: "最早的值自 2020-07-01 起适用", en: "its first value applies from 2020-07-01"))
    }

    @Test func nullEndsAParameter() throws {
        let relief = try #require(try Self.parameters().parameter("startup.tax_relief"))
        #expect(relief.value(on: CivilDate("2027-12-31")!)?.value == .money(Money(fen: 2_000_000)))
        #expect(relief.value(on: CivilDate("2028-01-01")!) == nil)
        #expect(relief.absence(on: CivilDate("2028-06-01")!) == Text(zh: "已于 2028-01-01 停止执行", en: "it ended on 2028-01-01"))
    }

    @Test func listsAndDecimalsKeepTheirUnits() throws {
        let parameters = try Self.parameters()
        #expect(parameters.parameter("injury_months")?.values.first?.value == .list([.whole(27), .whole(25), .whole(23)]))
        #expect(parameters.parameter("share")?.values.first?.value == .decimal("0.8"))
    }

    @Test func missingReferenceAndBadValuesAreReported() {
        #expect {
            try ParameterLoader.load(try DocumentNode.parse("""
                a:
                  label: A
                  unit: yuan
                  values: {2020-01-01: 1.234}
                b:
                  label: B
                  unit: months
                  reference: r
                  values: {2020-13-01: 3}
                """, displayName: "parameters.yaml"), file: "parameters.yaml")
        } throws: { error in
            let messages = (error as? DiagnosticList)?.diagnostics.map(\.description) ?? []
            return messages.contains { $0.contains("a: 自 2020-01-01 起的值没有 'reference'（政策依据），参数本身也没有") }
                && messages.contains { $0.contains("'2020-13-01' 不是日期") }
        }
    }

    @Test func aParameterWhoseEveryValueGivesItsSourceNeedsNoneOfItsOwn() throws {
        let parameters = try ParameterLoader.load(try DocumentNode.parse("""
            dibao:
              label: 低保标准
              unit: yuan_per_month
              values:
                2020-07-01: {value: 740, reference: XX民发〔2020〕8号}
                2023-07-01: {value: 940, reference: XX民发〔2023〕12号}
            """, displayName: "parameters.yaml"), file: "parameters.yaml")
        #expect(parameters.parameter("dibao")?.values.map(\.reference) == ["XX民发〔2020〕8号", "XX民发〔2023〕12号"])
    }

    @Test(arguments: ["\"\"", "TODO", "todo", "待定", "请填写依据文件"])
    func aBlankOrPlaceholderReferenceIsAnError(_ reference: String) {
        #expect {
            try ParameterLoader.load(try DocumentNode.parse("""
                share:
                  label: 救助比例
                  unit: ratio
                  values:
                    2020-01-01: 0.8
                    2024-01-01: {value: 0.9, reference: \(reference)}
                  reference: 办法第九条
                """, displayName: "parameters.yaml"), file: "parameters.yaml")
        } throws: { error in
            let messages = (error as? DiagnosticList)?.diagnostics.map(\.description) ?? []
            return messages.count == 1 && messages[0].hasPrefix("parameters.yaml:6: share (2024-01-01): 'reference' ")
        }
    }
}

/// `params_on(day)`: the parameters as they stood on another date than the assessment's.
@Suite("Parameters at another date")
struct ParametersOnTests {
    /// A programme paying the 低保 standard in force on the day the household moved in (`moved_on`).
    static func fixture(reading read: String = "params_on(profile.moved_on).dibao.urban") throws -> RuleSetFixture {
        let facts = RuleSetFixture.facts + """

            fact {
              id = "dibao_then",
              title = "迁入之日的低保标准",
              type = "money",
              compute = function() return \(read) end,
            }
            """
        let programme = """
            programme {
              id = "basic", title = "基本救助", basis = "办法第八条",
              decide = function()
                return eligible { reason("standard_then", "按迁入之日的低保标准", "办法第八条"), cash(facts.dibao_then, "monthly", "救助金") }
              end,
            }
            """
        return try RuleSetFixture(programmes: [("basic", programme)], facts: facts,
                                  schema: RuleSetFixture.schema + "\n  moved_on: {type: date, label: 迁入日期}\n")
    }

    static func decision(movedOn: String?, reading read: String = "params_on(profile.moved_on).dibao.urban") throws -> ProgrammeDecision {
        let profile = "{name: 王某, birth_date: 1970-05-01" + (movedOn.map { ", moved_on: \($0)" } ?? "") + "}"
        return try #require(try fixture(reading: read).assess(on: "2026-09-01", profile: profile).decision("basic"))
    }

    @Test func theValueInForceOnThatDayIsReadAndRecordedWithTheDay() throws {
        let decision = try Self.decision(movedOn: "2021-05-01")
        #expect(decision.outcome == .eligible && decision.cash == [.monthly: Money(fen: 74000)])
        let use = try #require(decision.parametersUsed.first)
        #expect(decision.parametersUsed.count == 1)
        #expect(use.path == "dibao.urban" && use.on == CivilDate("2021-05-01") && use.from == CivilDate("2020-07-01")
                && use.value == .money(Money(fen: 74000)))
    }

    @Test func onTheAssessmentDateItIsParams() throws {
        let decision = try Self.decision(movedOn: "2026-09-01")
        #expect(decision.cash == [.monthly: Money(fen: 94000)])
        #expect(decision.parametersUsed.map(\.on) == [nil] && decision.parametersUsed.first?.from == CivilDate("2023-07-01"))
    }

    @Test func anUnknownDayMakesTheParameterUnknown() throws {
        let decision = try Self.decision(movedOn: nil)
        #expect(decision.outcome == .needsInformation && decision.missing.map(\.path) == ["moved_on"])
    }

    @Test func beforeTheFirstValueTheErrorNamesTheParameterAndTheDay() throws {
        let decision = try Self.decision(movedOn: "2019-01-01")
        #expect(decision.outcome == .error)
        let failure = try #require(decision.failure)
        #expect(failure.message.contains("parameter 'dibao.urban' has no value on 2019-01-01 (its first value applies from 2020-07-01)"),
                "\(failure)")
        #expect(failure.location?.file == "facts.lua")
    }

    @Test func aDayThatIsNoDateAndAnUnknownNameAreErrors() throws {
        let notADate = try Self.decision(movedOn: nil, reading: #"params_on("2021").dibao.urban"#)
        #expect(notADate.failure?.message.contains(#"params_on: the date must be a date "YYYY-MM-DD", got "2021""#) == true, "\(String(describing: notADate.failure))")
        let misspelt = try Self.decision(movedOn: "2021-05-01", reading: "params_on(profile.moved_on).dibao.urbn")
        #expect(misspelt.failure?.message.contains("unknown parameter 'dibao.urbn'") == true, "\(String(describing: misspelt.failure))")
    }

    @Test func checkReadsTheNamesReadThroughParamsOn() throws {
        func findings(_ fixture: RuleSetFixture) throws -> [Diagnostic] {
            let ruleSet = try fixture.ruleSet()
            return RuleSetCheck(ruleSet: ruleSet, assessor: try Assessor(ruleSet: ruleSet), options: .init(date: CivilDate("2026-09-01")!)).run()
        }
        let misspelt = try findings(Self.fixture(reading: "params_on(profile.moved_on).dibao.urbn"))
        #expect(misspelt.contains { $0.message.en.hasPrefix("unknown parameter 'dibao.urbn'") }, "\(misspelt)")
        let right = try findings(Self.fixture())
        #expect(!right.contains { $0.path == "dibao.urban" }, "\(right)")
    }
}
