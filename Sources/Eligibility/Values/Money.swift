/// An exact amount of money in fen (1 yuan = 100 fen). Never a binary float.
public struct Money: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var fen: Int64

    public init(fen: Int64) { self.fen = fen }

    public static let zero = Money(fen: 0)

    /// Reads yuan written with at most two decimals: `940`, `1234.5`, `-12.30`, `"1,234.50"`.
    /// Returns nil for anything else (more decimals, exponents, words), so nothing is silently rounded.
    public init?(yuan text: String) {
        var digits = Substring(text.trimmingWhitespace()).filter { $0 != "," }[...]
        let negative = digits.first == "-"
        if negative || digits.first == "+" { digits = digits.dropFirst() }
        let parts = digits.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), let whole = parts.first, !whole.isEmpty,
              whole.allSatisfy(\.isASCIIDigit), whole.count <= 13 else { return nil }
        var fraction = parts.count == 2 ? parts[1] : ""
        guard fraction.count <= 2, fraction.allSatisfy(\.isASCIIDigit), parts.count == 1 || !fraction.isEmpty else { return nil }
        while fraction.count < 2 { fraction.append("0") }
        guard let yuan = Int64(whole), let cents = Int64(fraction) else { return nil }
        fen = (yuan * 100 + cents) * (negative ? -1 : 1)
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
