/// An exact amount of money in fen (1 yuan = 100 fen). Never a binary float.
public struct Money: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var fen: Int64

    public init(fen: Int64) { self.fen = fen }

    public static let zero = Money(fen: 0)

    /// Reads yuan written with at most two decimals: `940`, `1234.5`, `-12.30`, `"1,234.50"`; nil for
    /// anything else. `parse(yuan:)` says why.
    public init?(yuan text: String) {
        guard case .success(let money) = Self.parse(yuan: text) else { return nil }
        self = money
    }

    /// Why a text is not an amount of yuan, worded to say what to write instead.
    public enum TextProblem: Error, Sendable, Hashable, CustomStringConvertible {
        case notANumber
        /// `¥1600`, `1600元`: a currency sign or unit around the number.
        case currency
        /// `1.2万`: a count of ten thousands.
        case tenThousands
        /// `2,50`, `1,6000`: separators that do not mark thousands.
        case grouping
        case tooManyDecimals
        case tooLarge

        public var description: String { (advice ?? Text(zh: "不是元数", en: "not a number of yuan")).description }

        /// What to write instead; nil when nothing more can be said than that a number is expected.
        public var advice: Text? {
            switch self {
            case .notANumber: nil
            case .currency: Text(zh: "只填数字，不带 ¥ 或“元”", en: "write the number of yuan only, without ¥ or 元, e.g. 1600.50")
            case .tenThousands: Text(zh: "请写成元，如 1.2万 写作 12000", en: "write the whole number of yuan, e.g. 12000 for 1.2万")
            case .grouping: Text(zh: "逗号只能用来分隔千位，如 12,345.50，也可以写 12345.50",
                                 en: "a comma may only separate thousands, as in 12,345.50; or write 12345.50")
            case .tooManyDecimals: Text(zh: "最多两位小数（到分）", en: "at most two decimals (fen), e.g. 1600.50")
            case .tooLarge: Text(zh: "金额过大：小数点前最多 13 位", en: "at most 13 digits before the decimal point")
            }
        }
    }

    /// The one grammar for amounts of yuan, used by every reader (profiles, forms, parameters, cases):
    /// an optional sign, digits either ungrouped or with a comma before every group of three
    /// (`12,345`), then at most two decimals. Full-width digits, comma and full stop, which a Chinese
    /// input method types, read as their ASCII forms. Nothing is rounded.
    public static func parse(yuan text: String) -> Result<Money, TextProblem> {
        // Read byte by byte: profiles carry dozens of amounts, and batches read millions of profiles.
        var text = text
        return text.withUTF8 { bytes in
            bytes.allSatisfy { $0 < 0x80 } ? parseASCII(bytes) : parseNormalised(String(decoding: bytes, as: UTF8.self))
        }
    }

    private static func parseNormalised(_ text: String) -> Result<Money, TextProblem> {
        var ascii: [UInt8] = []
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x00...0x7F: ascii.append(UInt8(scalar.value))
            case 0xFF10...0xFF19: ascii.append(UInt8(scalar.value - 0xFF10) + UInt8(ascii: "0"))  // ０-９
            case 0xFF0C: ascii.append(UInt8(ascii: ","))  // ，
            case 0xFF0E: ascii.append(UInt8(ascii: "."))  // ．
            case 0x3000: ascii.append(UInt8(ascii: " "))  // ideographic space
            default:
                if "¥￥元圆块".unicodeScalars.contains(scalar) { return .failure(.currency) }
                if "万萬".unicodeScalars.contains(scalar) { return .failure(.tenThousands) }
                return .failure(.notANumber)
            }
        }
        return ascii.withUnsafeBufferPointer(parseASCII)
    }

    private static func parseASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> Result<Money, TextProblem> {
        var start = 0, end = bytes.count
        while start < end, bytes[start] == 0x20 || bytes[start] == 0x09 { start += 1 }
        while end > start, bytes[end - 1] == 0x20 || bytes[end - 1] == 0x09 { end -= 1 }
        var negative = false
        if start < end, bytes[start] == UInt8(ascii: "-") || bytes[start] == UInt8(ascii: "+") {
            negative = bytes[start] == UInt8(ascii: "-")
            start += 1
        }
        var yuan: Int64 = 0, wholeDigits = 0, cents: Int64 = 0, fractionDigits = 0, sawPoint = false
        // Digits since the last comma, and whether there was one: every group after a comma has three.
        var groupDigits = 0, grouped = false
        for byte in bytes[start..<end] {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                let digit = Int64(byte - UInt8(ascii: "0"))
                if sawPoint {
                    guard fractionDigits < 2 else { return .failure(.tooManyDecimals) }
                    cents = cents * 10 + digit
                    fractionDigits += 1
                } else {
                    guard wholeDigits < 13 else { return .failure(.tooLarge) }
                    yuan = yuan * 10 + digit
                    wholeDigits += 1
                    groupDigits += 1
                    if grouped, groupDigits > 3 { return .failure(.grouping) }
                }
            case UInt8(ascii: ","):
                guard !sawPoint else { return .failure(.grouping) }
                guard (grouped ? groupDigits == 3 : (1...3).contains(groupDigits)) else { return .failure(.grouping) }
                grouped = true
                groupDigits = 0
            case UInt8(ascii: "."):
                guard !sawPoint else { return .failure(.notANumber) }
                if grouped, groupDigits != 3 { return .failure(.grouping) }
                sawPoint = true
            default:
                return .failure(byte == UInt8(ascii: "$") ? .currency : .notANumber)
            }
        }
        guard wholeDigits > 0, !sawPoint || fractionDigits > 0 else { return .failure(.notANumber) }
        if grouped, !sawPoint, groupDigits != 3 { return .failure(.grouping) }
        if fractionDigits == 1 { cents *= 10 }
        return .success(Money(fen: (yuan * 100 + cents) * (negative ? -1 : 1)))
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
