import EligibilityTesting
import Testing
@testable import Eligibility

@Suite("Money is exact")
struct MoneyTests {
    @Test("yuan with up to two decimals read exactly", arguments: [
        ("940", 94000), ("1234.5", 123450), ("1234.56", 123456), ("0.01", 1), ("-12.30", -1230), ("1,234.50", 123450),
        ("0.1", 10), ("9999999999.99", 999999999999), ("12,345", 1234500), ("1,234,567.89", 123456789), (" 88 ", 8800),
    ] as [(String, Int64)])
    func readsYuan(text: String, fen: Int64) {
        #expect(Money(yuan: text)?.fen == fen)
    }

    @Test("what a Chinese input method types reads as the same amount", arguments: [
        ("１６００", 160000), ("１６００．５０", 160050), ("１，２３４．５", 123450), ("1，234.50", 123450), ("\u{3000}940", 94000),
    ] as [(String, Int64)])
    func readsFullWidth(text: String, fen: Int64) {
        #expect(Money.parse(yuan: text) == .success(Money(fen: fen)))
    }

    @Test("each refusal says what to write instead", arguments: [
        ("2,50", .grouping), ("2,4,0,0", .grouping), ("1,6000", .grouping), ("12,34.5", .grouping), ("1,234,", .grouping),
        ("1234,567", .grouping), ("1,234.5,0", .grouping), (",5", .grouping),
        ("1600元", .currency), ("¥1600", .currency), ("￥1600", .currency), ("1600 元", .currency), ("$5", .currency),
        ("1.2万", .tenThousands), ("１．２万", .tenThousands),
        ("1.234", .tooManyDecimals), ("12345678901234", .tooLarge),
        ("abc", .notANumber), ("", .notANumber), ("1e3", .notANumber), ("12.", .notANumber), (".5", .notANumber),
        ("1.2.3", .notANumber), ("一千", .notANumber),
    ] as [(String, Money.TextProblem)])
    func refuses(text: String, problem: Money.TextProblem) {
        #expect(Money.parse(yuan: text) == .failure(problem))
        #expect(Money(yuan: text) == nil)
    }

    @Test func theValidatorGivesTheReason() throws {
        let problems: [String]
        do {
            _ = try ProfileValidationTests.validate("name: 王某\nbirth_date: 1970-01-01\ncategory: migrant\nhousehold:\n  members:\n    - {relation: 子, monthly_income: 1600元}\n")
            problems = []
        } catch {
            problems = (error as? DiagnosticList)?.diagnostics.map(\.description) ?? ["\(error)"]
        }
        #expect(problems == [
            #"p.yaml:6: household.members[1].monthly_income: 应填金额（元，最多两位小数），这里是 "1600元"：只填数字，不带 ¥ 或“元”"#,
        ])
    }

    @Test func formats() {
        #expect(Money(fen: 123456789).grouped == "1,234,567.89")
        #expect(Money(fen: 5).plain == "0.05")
        #expect(Money(fen: -150).plain == "-1.50")
        #expect(Money(fen: 100000).grouped == "1,000.00")
        #expect(Money(fen: 99900).grouped == "999.00")
    }
}

@Suite("Civil dates")
struct CivilDateTests {
    @Test func parsesAndPrints() {
        #expect(CivilDate("2026-09-01")?.description == "2026-09-01")
        #expect(CivilDate("2024-02-29") != nil)
        #expect(CivilDate("2023-02-29") == nil)
        #expect(CivilDate("2026-9-1") == nil)
        #expect(CivilDate("2026-13-01") == nil)
        #expect(CivilDate("2020-07-01")! < CivilDate("2023-07-01")!)
    }

    @Test func dayNumbersRoundTrip() {
        #expect(CivilDate("1970-01-01")!.dayNumber == 0)
        #expect(CivilDate("2000-03-01")!.dayNumber - CivilDate("2000-02-28")!.dayNumber == 2)
        for text in ["1900-02-28", "1969-12-31", "2024-02-29", "2026-09-01", "2100-12-31"] {
            let date = CivilDate(text)!
            #expect(CivilDate(dayNumber: date.dayNumber) == date)
        }
    }
}

@Suite("Content hash")
struct SHA256Tests {
    @Test func knownDigests() {
        var empty = SHA256()
        #expect(empty.finish() == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        var abc = SHA256()
        abc.update("abc".utf8)
        #expect(abc.finish() == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        var long = SHA256()
        long.update("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)
        #expect(long.finish() == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    }

    /// `percent` and `ratio` write ratios for reason texts: no trailing zeros, half-up.
    @Test func ratiosAreWrittenForTexts() throws {
        let texts = #"percent(0.7), percent(0.125), percent(1/3), percent(1), percent(0.07), ratio(1.5), ratio(2), ratio(1/3)"#
        let fixture = try RuleSetFixture(programmes: [
            RuleSetFixture.programme("texts", #"do return ineligible { reason("r", table.concat({ \#(texts) }, " "), "办法") } end"#),
        ])
        let decision = try #require(try fixture.assess().decision("texts"))
        #expect(decision.reasons.first?.text == "70% 12.5% 33.33% 100% 7% 1.5 2 0.333333", "\(String(describing: decision.failure))")
    }
}
