import Eligibility

/// What the checks need to know of one raw input: how many lines it has (as each reader counts them)
/// and how long each is, so that a reported line and column can be checked to lie inside it.
struct InputText {
    let bytes: [UInt8]
    /// Lines as every Bangfu reader counts them: split at `\n`.
    let lineCount: Int
    /// Lines as libyaml counts them: it also breaks at a lone `\r`, NEL, U+2028 and U+2029.
    let yamlLineCount: Int
    /// A replacement character may legitimately come out of the readers: the input holds one, or a
    /// backslash that may start an escape writing one.
    let mayHoldReplacement: Bool

    // One pass over raw memory: the fuzzer runs this for every input, and it must cost little beside
    // the reader it checks.
    init(_ bytes: [UInt8]) {
        self.bytes = bytes
        var newlines = 0, otherBreaks = 0, replacement = false
        bytes.withUnsafeBufferPointer { bytes in
            var index = 0
            while index < bytes.count {
                let byte = bytes[index]
                let next = index + 1 < bytes.count ? bytes[index + 1] : 0
                let afterNext = index + 2 < bytes.count ? bytes[index + 2] : 0
                switch byte {
                case 0x0A: newlines += 1
                case 0x0D where next != 0x0A: otherBreaks += 1
                case 0xC2 where next == 0x85: otherBreaks += 1
                case 0xE2 where next == 0x80 && (afterNext == 0xA8 || afterNext == 0xA9): otherBreaks += 1
                case 0x5C: replacement = true
                case 0xEF where next == 0xBF && afterNext == 0xBD: replacement = true
                default: break
                }
                index += 1
            }
        }
        lineCount = newlines + 1
        yamlLineCount = newlines + otherBreaks + 1
        mayHoldReplacement = replacement
    }

    /// Lines 1… as the readers other than libyaml count them.
    var lines: ClosedRange<Int> { 1...lineCount }

    /// Unicode scalars on `line` (invalid bytes count one each), so a column may be at most one past it.
    func scalars(onLine line: Int) -> Int {
        var start = 0, number = 1
        while number < line, let newline = bytes[start...].firstIndex(of: 0x0A) {
            start = newline + 1
            number += 1
        }
        let end = bytes[start...].firstIndex(of: 0x0A) ?? bytes.count
        return String(decoding: bytes[start..<end], as: UTF8.self).unicodeScalars.count
    }

    /// `problem` names a line in `lines` and, where it has a column, one on that line (or, with
    /// `checksColumnWidth` false, at least a column from 1).
    func expectLocated(_ problem: Diagnostic, in lines: ClosedRange<Int>, by reader: String,
                       checksColumnWidth: Bool = true) throws(FuzzFinding) {
        guard let line = problem.line else { throw FuzzFinding("\(reader) reported a problem with no line: \(problem)") }
        try FuzzFinding.expect(lines.contains(line), "\(reader) reported line \(line), outside lines \(lines): \(problem)")
        guard let column = problem.column else { return }
        let widest = checksColumnWidth ? scalars(onLine: line) + 1 : Int.max
        try FuzzFinding.expect((1...widest).contains(column),
                               "\(reader) reported column \(column) on line \(line), which has \(widest - 1) characters: \(problem)")
    }

    /// Every node of `document` has a line in `lines`, and no key or text holds a NUL, or a
    /// replacement character the input did not hold.
    func expectReadCleanly(_ document: DocumentNode, lines: ClosedRange<Int>, by reader: String) throws(FuzzFinding) {
        func expectClean(_ text: String) throws(FuzzFinding) {
            try FuzzFinding.expect(!text.utf8.contains(0), "\(reader) let a NUL through in \"\(text)\"")
            try FuzzFinding.expect(mayHoldReplacement || !text.unicodeScalars.contains("\u{FFFD}"),
                                   "\(reader) put a replacement character in \"\(text)\" for bytes that were not UTF-8")
        }
        var pending = [document]
        while let node = pending.popLast() {
            guard let line = node.line, lines.contains(line) else {
                throw FuzzFinding("\(reader) gave \(node.shortDescription.en) line \(node.line.map(String.init) ?? "none"), outside lines \(lines)")
            }
            switch node {
            case .scalar(let text, _, _): try expectClean(text)
            case .null: break
            case .sequence(let items, _): pending += items
            case .mapping(let pairs, _):
                for pair in pairs { try expectClean(pair.key) }
                pending += pairs.map(\.value)
            }
        }
    }
}
