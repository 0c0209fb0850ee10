/// A small strict JSON reader that keeps number literals as text (so `1234.56` stays exact) and knows
/// the line of every value, for error messages. Foundation's reader turns numbers into binary floats.
enum JSONReader {
    struct Failure: Error {
        var line: Int
        var column: Int
        var message: String
    }

    /// `firstLine` numbers the text's lines as in the file it was cut from (a JSON-lines record).
    static func parse(_ text: String, firstLine: Int = 1) throws(Failure) -> DocumentNode {
        var reader = Cursor(bytes: Array(text.utf8), line: firstLine)
        reader.skipWhitespace()
        let value = try reader.value(depth: 0)
        reader.skipWhitespace()
        guard reader.atEnd else { throw reader.failure("unexpected text after the JSON value") }
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

        func failure(_ message: String) -> Failure {
            let column = String(decoding: bytes[lineStart..<min(index, bytes.count)], as: UTF8.self).unicodeScalars.count + 1
            return Failure(line: line, column: column, message: "not valid JSON: \(message)")
        }

        mutating func skipWhitespace() {
            while let byte = current, byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 {
                index += 1
                if byte == 0x0A { line += 1; lineStart = index }
            }
        }

        mutating func expect(_ literal: String) throws(Failure) {
            for byte in literal.utf8 {
                guard current == byte else { throw failure("expected '\(literal)'") }
                index += 1
            }
        }

        mutating func value(depth: Int) throws(Failure) -> DocumentNode {
            guard depth < 64 else { throw failure("nested too deeply") }
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
                    guard current == UInt8(ascii: "\"") else { throw failure("expected a quoted key") }
                    let keyStart = index
                    let key = try string()
                    guard keys.insert(key).inserted else {
                        index = keyStart
                        throw failure("the key '\(key)' appears twice")
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
                throw failure(atEnd ? "unexpected end of text" : "unexpected character")
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
            guard valid else { throw failure("bad number '\(text)'") }
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
                    guard let escape = current else { throw failure("unfinished escape") }
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
                    default: throw failure("unknown escape")
                    }
                    run = index
                case 0x00..<0x20:
                    throw failure("control character in a string")
                default:
                    index += 1
                }
            }
            throw failure("unfinished string")
        }

        mutating func hexQuad() throws(Failure) -> UInt32 {
            guard index + 4 <= bytes.count,
                  let value = UInt32(String(decoding: bytes[index..<index + 4], as: UTF8.self), radix: 16)
            else { throw failure("bad \\u escape") }
            index += 4
            return value
        }

        mutating func unicodeEscape() throws(Failure) -> Unicode.Scalar {
            var value = try hexQuad()
            if (0xD800..<0xDC00).contains(value) {
                try expect("\\u")
                let low = try hexQuad()
                guard (0xDC00..<0xE000).contains(low) else { throw failure("bad surrogate pair") }
                value = 0x10000 + ((value - 0xD800) << 10) + (low - 0xDC00)
            }
            guard let scalar = Unicode.Scalar(value) else { throw failure("bad \\u escape") }
            // The escape makes a NUL the input check could not see.
            guard scalar != "\0" else { throw failure("a NUL character (\\u0000), which text may not hold") }
            return scalar
        }
    }
}
