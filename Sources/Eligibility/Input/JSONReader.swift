/// A small strict JSON reader that keeps number literals as text (so `1234.56` stays exact) and knows
/// the line of every value, for error messages. Foundation's reader turns numbers into binary floats.
enum JSONReader {
    struct Failure: Error {
        var line: Int
        var column: Int
        var message: Text
    }

    /// `firstLine` numbers the text's lines as in the file it was cut from (a JSON-lines record).
    static func parse(_ text: String, firstLine: Int = 1) throws(Failure) -> DocumentNode {
        var reader = Cursor(bytes: Array(text.utf8), line: firstLine)
        reader.skipWhitespace()
        let value = try reader.value(depth: 0)
        reader.skipWhitespace()
        guard reader.atEnd else { throw reader.failure(Text(zh: "JSON 值后面还有多余的文字", en: "unexpected text after the JSON value")) }
        return value
    }

    private struct Cursor {
        let bytes: [UInt8]
        var index = 0
        var line: Int
        /// Where the current line starts, for the column of a problem.
        var lineStart = 0

        init(bytes: [UInt8], line: Int) {
            self.bytes = bytes
            self.line = line
        }

        var atEnd: Bool { index >= bytes.count }
        var current: UInt8? { atEnd ? nil : bytes[index] }

        func failure(_ message: Text) -> Failure {
            let column = String(decoding: bytes[lineStart..<min(index, bytes.count)], as: UTF8.self).unicodeScalars.count + 1
            return Failure(line: line, column: column, message: Text(zh: "不是有效的 JSON：\(message.zh)", en: "not valid JSON: \(message.en)"))
        }

        mutating func skipWhitespace() {
            while let byte = current, byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 {
                index += 1
                if byte == 0x0A { line += 1; lineStart = index }
            }
        }

        mutating func expect(_ literal: String) throws(Failure) {
            for byte in literal.utf8 {
                guard current == byte else { throw failure(Text(zh: "这里应是 '\(literal)'", en: "expected '\(literal)'")) }
                index += 1
            }
        }

        mutating func value(depth: Int) throws(Failure) -> DocumentNode {
            guard depth < 64 else { throw failure(Text(zh: "嵌套太深", en: "nested too deeply")) }
            let startLine = line
            switch current {
            case UInt8(ascii: "{"):
                index += 1
                var pairs: [(key: String, value: DocumentNode)] = []
                var keys: Set<String> = []
                skipWhitespace()
                if current == UInt8(ascii: "}") { index += 1; return .mapping(pairs, line: startLine) }
                while true {
                    skipWhitespace()
                    guard current == UInt8(ascii: "\"") else { throw failure(Text(zh: "这里应是带引号的键", en: "expected a quoted key")) }
                    let keyStart = index
                    let key = try string()
                    guard keys.insert(key).inserted else {
                        index = keyStart
                        throw failure(Text(zh: "键 '\(key)' 出现了两次", en: "the key '\(key)' appears twice"))
                    }
                    skipWhitespace()
                    try expect(":")
                    skipWhitespace()
                    pairs.append((key, try value(depth: depth + 1)))
                    skipWhitespace()
                    if current == UInt8(ascii: ",") { index += 1; continue }
                    try expect("}")
                    return .mapping(pairs, line: startLine)
                }
            case UInt8(ascii: "["):
                index += 1
                var items: [DocumentNode] = []
                skipWhitespace()
                if current == UInt8(ascii: "]") { index += 1; return .sequence(items, line: startLine) }
                while true {
                    skipWhitespace()
                    items.append(try value(depth: depth + 1))
                    skipWhitespace()
                    if current == UInt8(ascii: ",") { index += 1; continue }
                    try expect("]")
                    return .sequence(items, line: startLine)
                }
            case UInt8(ascii: "\""):
                return .scalar(try string(), isQuoted: true, line: startLine)
            case UInt8(ascii: "t"):
                try expect("true"); return .scalar("true", isQuoted: false, line: startLine)
            case UInt8(ascii: "f"):
                try expect("false"); return .scalar("false", isQuoted: false, line: startLine)
            case UInt8(ascii: "n"):
                try expect("null"); return .null(line: startLine)
            case let byte? where byte == UInt8(ascii: "-") || (0x30...0x39).contains(byte):
                return .scalar(try number(), isQuoted: false, line: startLine)
            default:
                throw failure(atEnd ? Text(zh: "文字意外结束", en: "unexpected end of text") : Text(zh: "意外的字符", en: "unexpected character"))
            }
        }

        /// A number as JSON writes it: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?, kept as text.
        mutating func number() throws(Failure) -> String {
            let start = index
            func digits() -> Int {
                let first = index
                while let byte = current, (0x30...0x39).contains(byte) { index += 1 }
                return index - first
            }
            if current == UInt8(ascii: "-") { index += 1 }
            let leadingZero = current == 0x30
            let whole = digits()
            var valid = whole > 0 && !(leadingZero && whole > 1)
            if current == UInt8(ascii: ".") {
                index += 1
                valid = valid && digits() > 0
            }
            if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
                index += 1
                if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { index += 1 }
                valid = valid && digits() > 0
            }
            let text = String(decoding: bytes[start..<index], as: UTF8.self)
            guard valid else { throw failure(Text(zh: "数字 '\(text)' 写得不对", en: "bad number '\(text)'")) }
            return text
        }

        mutating func string() throws(Failure) -> String {
            index += 1
            var scalars = String.UnicodeScalarView()
            var run = index
            func flush(_ end: Int) { scalars.append(contentsOf: String(decoding: bytes[run..<end], as: UTF8.self).unicodeScalars) }
            while let byte = current {
                switch byte {
                case UInt8(ascii: "\""):
                    flush(index)
                    index += 1
                    return String(scalars)
                case UInt8(ascii: "\\"):
                    flush(index)
                    index += 1
                    guard let escape = current else { throw failure(Text(zh: "转义符不完整", en: "unfinished escape")) }
                    index += 1
                    switch escape {
                    case UInt8(ascii: "\""): scalars.append("\"")
                    case UInt8(ascii: "\\"): scalars.append("\\")
                    case UInt8(ascii: "/"): scalars.append("/")
                    case UInt8(ascii: "b"): scalars.append("\u{8}")
                    case UInt8(ascii: "f"): scalars.append("\u{C}")
                    case UInt8(ascii: "n"): scalars.append("\n")
                    case UInt8(ascii: "r"): scalars.append("\r")
                    case UInt8(ascii: "t"): scalars.append("\t")
                    case UInt8(ascii: "u"): scalars.append(try unicodeEscape())
                    default: throw failure(Text(zh: "未知的转义符", en: "unknown escape"))
                    }
                    run = index
                case 0x00..<0x20:
                    throw failure(Text(zh: "字符串中有控制字符", en: "control character in a string"))
                default:
                    index += 1
                }
            }
            throw failure(Text(zh: "字符串没有结束（缺少引号）", en: "unfinished string"))
        }

        mutating func hexQuad() throws(Failure) -> UInt32 {
            guard index + 4 <= bytes.count,
                  let value = UInt32(String(decoding: bytes[index..<index + 4], as: UTF8.self), radix: 16)
            else { throw failure(Text(zh: "\\u 转义写得不对", en: "bad \\u escape")) }
            index += 4
            return value
        }

        mutating func unicodeEscape() throws(Failure) -> Unicode.Scalar {
            var value = try hexQuad()
            if (0xD800..<0xDC00).contains(value) {
                try expect("\\u")
                let low = try hexQuad()
                guard (0xDC00..<0xE000).contains(low) else { throw failure(Text(zh: "代理对写得不对", en: "bad surrogate pair")) }
                value = 0x10000 + ((value - 0xD800) << 10) + (low - 0xDC00)
            }
            guard let scalar = Unicode.Scalar(value) else { throw failure(Text(zh: "\\u 转义写得不对", en: "bad \\u escape")) }
            // The escape makes a NUL the input check could not see.
            guard scalar != "\0" else { throw failure(Text(zh: "含有 NUL 字符（\\u0000），文本中不能有它", en: "a NUL character (\\u0000), which text may not hold")) }
            return scalar
        }
    }
}
