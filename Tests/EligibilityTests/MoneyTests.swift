import Testing
@testable import Eligibility

@Suite("Money is exact")
struct MoneyTests {
    @Test("yuan with up to two decimals read exactly", arguments: [
        ("940", 94000), ("1234.5", 123450), ("1234.56", 123456), ("0.01", 1), ("-12.30", -1230), ("1,234.50", 123450),
        ("0.1", 10), ("9999999999.99", 999999999999),
    ] as [(String, Int64)])
    func readsYuan(text: String, fen: Int64) {
        #expect(Money(yuan: text)?.fen == fen)
    }

    @Test("anything that would need rounding or is not a number is refused",
          arguments: ["1.234", "abc", "", "1e3", "12.", ".5", "1.2.3", "１２"])
    func refusesInexact(text: String) {
        #expect(Money(yuan: text) == nil)
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
}
