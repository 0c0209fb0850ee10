/// An exact amount of money in fen (1 yuan = 100 fen). Never a binary float.
public struct Money: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var fen: Int64

    public init(fen: Int64) { self.fen = fen }

    public static let zero = Money(fen: 0)

    /// Reads yuan written with at most two decimals: `940`, `1234.5`, `-12.30`, `"1,234.50"`.
    /// Returns nil for anything else (more decimals, exponents, words), so nothing is silently rounded.
    public init?(yuan text: String) {
        // Read byte by byte: profiles carry dozens of amounts, and batches read millions of profiles.
        var text = text
        let parsed: Int64? = text.withUTF8 { bytes in
            var start = 0, end = bytes.count
            while start < end, bytes[start] == 0x20 || bytes[start] == 0x09 { start += 1 }
            while end > start, bytes[end - 1] == 0x20 || bytes[end - 1] == 0x09 { end -= 1 }
            var negative = false
            if start < end, bytes[start] == UInt8(ascii: "-") || bytes[start] == UInt8(ascii: "+") {
                negative = bytes[start] == UInt8(ascii: "-")
                start += 1
            }
            var yuan: Int64 = 0, wholeDigits = 0, cents: Int64 = 0, fractionDigits = 0, sawPoint = false
            for byte in bytes[start..<end] {
                switch byte {
                case UInt8(ascii: "0")...UInt8(ascii: "9"):
                    let digit = Int64(byte - UInt8(ascii: "0"))
                    if sawPoint {
                        guard fractionDigits < 2 else { return nil }
                        cents = cents * 10 + digit
                        fractionDigits += 1
                    } else {
                        guard wholeDigits < 13 else { return nil }
                        yuan = yuan * 10 + digit
                        wholeDigits += 1
                    }
                case UInt8(ascii: ","):
                    guard !sawPoint, wholeDigits > 0 else { return nil }
                case UInt8(ascii: "."):
                    guard !sawPoint else { return nil }
                    sawPoint = true
                default:
                    return nil
                }
            }
            guard wholeDigits > 0, !sawPoint || fractionDigits > 0 else { return nil }
            if fractionDigits == 1 { cents *= 10 }
            return (yuan * 100 + cents) * (negative ? -1 : 1)
        }
        guard let parsed else { return nil }
        fen = parsed
    }

    /// `1234.50`: yuan with two decimals, no grouping (for JSON and case files).
    public var plain: String {
        let magnitude = fen.magnitude
        let cents = magnitude % 100
        return "\(fen < 0 ? "-" : "")\(magnitude / 100).\(cents < 10 ? "0" : "")\(cents)"
    }

    /// `1,234.50`: grouped by thousands, for decision sheets.
    public var grouped: String {
        let magnitude = fen.magnitude
        var whole = String(magnitude / 100)
        var index = whole.endIndex
        while whole.distance(from: whole.startIndex, to: index) > 3 {
            index = whole.index(index, offsetBy: -3)
            whole.insert(",", at: index)
        }
        let cents = magnitude % 100
        return "\(fen < 0 ? "-" : "")\(whole).\(cents < 10 ? "0" : "")\(cents)"
    }

    public var description: String { plain }

    public static func < (lhs: Money, rhs: Money) -> Bool { lhs.fen < rhs.fen }
    public static func + (lhs: Money, rhs: Money) -> Money { Money(fen: lhs.fen + rhs.fen) }
    public static func - (lhs: Money, rhs: Money) -> Money { Money(fen: lhs.fen - rhs.fen) }
    public static func += (lhs: inout Money, rhs: Money) { lhs.fen += rhs.fen }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}

extension StringProtocol {
    func trimmingWhitespace() -> String {
        String(drop { $0.isWhitespace }.reversed().drop { $0.isWhitespace }.reversed())
    }
}
