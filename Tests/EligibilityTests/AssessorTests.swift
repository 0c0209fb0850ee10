import EligibilityTesting
import Testing
@testable import Eligibility

@Suite("Assessing a profile")
struct AssessorTests {
    @Test func decidesWithReasonsAmountsFactsAndDatedParameters() throws {
        let fixture = try RuleSetFixture(programmes: [("basic", RuleSetFixture.basicProgramme)])
        let assessment = try fixture.assess()
        let decision = try #require(assessment.decision("basic"))
        #expect(decision.outcome == .eligible)
        #expect(decision.title == "基本救助")
        // 940 × 0.8 = 752.00 a month
        #expect(decision.benefits == [.cash(Money(fen: 75200), .monthly, label: "救助金")])
        #expect(decision.reasons.map(\.text) == ["人均收入 500.00 元"])
        #expect(decision.reasons.first?.location == SourceLocation(file: "programmes/basic.lua", line: 10))
        #expect(decision.decidedAt?.file == "programmes/basic.lua")
        #expect(decision.factsUsed == ["people", "income_per_head"])
        #expect(decision.parametersUsed.map(\.path) == ["dibao.urban", "share"])
        #expect(decision.parametersUsed.first?.from == CivilDate("2023-07-01"))
        #expect(assessment.facts.map(\.id) == ["people", "income_per_head"])
        #expect(assessment.facts.last?.value == .money(Money(fen: 50000)))
        #expect(!assessment.hasFailures)
    }

    @Test func anEarlierDateTakesTheEarlierValue() throws {
        let fixture = try RuleSetFixture(programmes: [("basic", RuleSetFixture.basicProgramme)])
        let decision = try #require(try fixture.assess(on: "2022-01-01").decision("basic"))
        #expect(decision.benefits == [.cash(Money(fen: 59200), .monthly, label: "救助金")])  // 740 × 0.8
        #expect(decision.parametersUsed.first?.from == CivilDate("2020-07-01"))
    }

    @Test func aParameterWithNoValueOnTheDateIsAnErrorNamingIt() throws {
        let fixture = try RuleSetFixture(programmes: [("basic", RuleSetFixture.basicProgramme)])
        let decision = try #require(try fixture.assess(on: "2019-01-01").decision("basic"))
        #expect(decision.outcome == .error)
        #expect(decision.failure?.message == "参数 'dibao.urban' 在 2019-01-01 没有适用的值（最早的值自 2020-07-01 起适用）")
        #expect(decision.failure?.location == SourceLocation(file: "programmes/basic.lua", line: 6))
    }

    @Test func factsAreComputedOncePerAssessment() throws {
        let fixture = try RuleSetFixture(programmes: [
            RuleSetFixture.programme("first", "assert(facts.times_computed == 1)"),
            RuleSetFixture.programme("second", "assert(facts.times_computed == 1)"),
        ])
        let assessor = try fixture.assessor()
        let profile = try RuleSetFixture.profile(schema: assessor.ruleSet.schema)
        let assessment = assessor.assess(profile, on: CivilDate("2026-09-01")!)
        #expect(assessment.decisions.map(\.outcome) == [.eligible, .eligible])
        // A new assessment computes its facts anew, from the rule files as they loaded: the counter starts again.
        let again = assessor.assess(profile, on: CivilDate("2026-09-01")!)
        #expect(again.decisions.map(\.outcome) == [.eligible, .eligible])
        #expect(again.facts.first { $0.id == "times_computed" }?.value == .integer(1))
    }

    @Test func sameInputsGiveTheSameDecisions() throws {
        let fixture = try RuleSetFixture(programmes: [("basic", RuleSetFixture.basicProgramme)])
        let first = try fixture.assess(), second = try fixture.assess()
        #expect(first.decisions.map(\.benefits) == second.decisions.map(\.benefits))
        #expect(first.ruleSetHash == second.ruleSetHash)
        #expect(first.ruleSetHash.count == 64)
    }
}

@Suite("Exact money helpers in rules")
struct MoneyHelperTests {
    /// Runs `expression` in a rule and returns the amount it gives as cash.
    static func amount(_ expression: String) throws -> Decision {
        let fixture = try RuleSetFixture(programmes: [("m", """
            programme { id = "m", title = "m", basis = "b", decide = function()
              return eligible { reason("r", "t", "c"), cash(\(expression), "once") }
            end }
            """)])
        let decision = try #require(try fixture.assess().decision("m"))
        if case .cash(let money, _, _)? = decision.benefits.first { return .amount(money.fen) }
        return .failure(decision.failure?.message ?? "")
    }

    enum Decision: Equatable { case amount(Int64), failure(String) }

    @Test("half-up to the fen", arguments: [
        ("money.scale(1001, 0.5)", 501),        // 500.5 → 501
        ("money.scale(1003, 0.5)", 502),        // 501.5 → 502
        ("money.scale(-1001, 0.5) + 1000", 499),// -500.5 → -501 (away from zero)
        ("money.percent(99999, 12.5)", 12500),  // 12499.875 → 12500
        ("money.per_head(1000, 3)", 333),       // 333.33 → 333
        ("money.per_head(1001, 2)", 501),       // 500.5 → 501
        ("money.per_month(100)", 8),            // 8.33 → 8
        ("money.per_month(102)", 9),            // 8.5 → 9
        ("money.yuan(12.34)", 1234),
        ("money.times(94000, 12)", 1128000),
        ("money.min(5, 3, 9)", 3),
        ("money.scale(94000, 0.8)", 75200),
    ] as [(String, Int64)])
    func rounding(expression: String, fen: Int64) throws {
        #expect(try Self.amount(expression) == .amount(fen))
    }

    @Test func anUnroundedAmountIsRefusedAtTheRuleLine() throws {
        let result = try Self.amount("94000 * 0.8")
        #expect(result == .failure("cash 的金额应是以分计的整数金额，这里是 75200.0（用 money.scale、money.percent 或 money.per_head 取整）"))
    }

    /// Lua's integers wrap around: without a check, 2^62 × 4 would be a cash benefit of 0.00.
    @Test func moneyHelpersRefuseAmountsTheyCannotHold() throws {
        #expect(try Self.amount("money.times(math.maxinteger // 2, 4)") == .failure("money.times：结果太大，超出了金额的范围"))
        #expect(try Self.amount("money.scale(math.maxinteger // 2, 3)") == .failure("money.scale：结果太大，超出了金额的范围"))
        #expect(try Self.amount("money.percent(1, 1e300)") == .failure("money.percent 的百分数 1e+300 太大"))
        #expect(try Self.amount("money.yuan(1e17)") == .failure("money.yuan(1e+17)：太大，超出了金额的范围"))
        // Rounding stays half away from zero at the extremes, where 2 × amount would wrap around.
        #expect(try Self.amount("money.per_head(math.maxinteger, 2) - 4611686018427387000") == .amount(904))
        #expect(try Self.amount("money.per_head(-15, 10) + 10") == .amount(8))   // -1.5 → -2
        #expect(try Self.amount("money.per_head(-14, 10) + 10") == .amount(9))   // -1.4 → -1
    }

    @Test func ratiosBeyondSixDecimalsAreRefused() throws {
        #expect(try Self.amount("money.scale(100, 1/3)") == .failure("money.scale 的比例 0.33333333333333 超过了 6 位小数"))
    }

    /// Reason texts (money.text, in the rule library) and decision sheets and JSON (Money.grouped and
    /// Money.plain) must write the same amount the same way.
    @Test func moneyTextAgreesWithSwiftFormatting() throws {
        let amounts: [Int64] = [
            0, 1, -1, 5, 10, 99, -99, 100, -100, 101, 999, 1000, 12345, -12345, 99999, 100000, -100000,
            100001, 123456789, -123456789,
            999_999_999_999_999, -999_999_999_999_999,  // 9,999,999,999,999.99 yuan: the most a profile can give
            Int64.max, -Int64.max, Int64.min,           // the most a rule can compute
        ]
        let fixture = try RuleSetFixture(programmes: [("t", """
            programme { id = "t", title = "t", basis = "b", decide = function()
              local texts = {}
              for i, amount in ipairs({ \(amounts.map { $0 == .min ? "math.mininteger" : String($0) }.joined(separator: ", ")) }) do texts[i] = money.text(amount) end
              return eligible { reason("texts", table.concat(texts, " "), "c"), service("s") }
            end }
            """)])
        let decision = try #require(try fixture.assess().decision("t"))
        let texts = try #require(decision.reasons.first?.text, "\(decision.failure?.description ?? "")")
            .split(separator: " ").map(String.init)
        #expect(texts == amounts.map { Money(fen: $0).grouped })
        #expect(texts.map { $0.filter { $0 != "," } } == amounts.map { Money(fen: $0).plain })
    }

    @Test func moneyText() throws {
        let fixture = try RuleSetFixture(programmes: [RuleSetFixture.programme("t", """
            assert(money.text(123456789) == "1,234,567.89", money.text(123456789))
            assert(money.text(5) == "0.05")
            assert(money.text(-100000) == "-1,000.00", money.text(-100000))
            assert(date.age_on("1970-05-01", "2026-04-30") == 55)
            assert(date.age("1970-05-01") == 56)
            assert(date.months_between("2026-01-31", "2026-03-30") == 1)
            assert(date.days_between("2024-02-28", "2024-03-01") == 2)
            """)])
        let decision = try #require(try fixture.assess().decision("t"))
        #expect(decision.outcome == .eligible, "\(decision.failure?.description ?? "")")
    }
}
