/// Text from outside bytes, checked. Every reader of input decodes through here (files, JSON lines,
/// CSV lines, standard input, request bodies), so invalid UTF-8 or a NUL is refused the same way
/// everywhere, saying where it is, instead of being replaced by U+FFFD and assessed.
package enum UTF8Text {
    /// `bytes` as text, or the first byte that is not UTF-8 (or the first NUL) with its line and column.
    /// `firstLine` is the line the bytes start on in `file` (a JSON-lines record, a CSV line). A leading
    /// byte-order mark, which editors on Windows write, is not part of the text.
    package static func decode(_ bytes: some Collection<UInt8>, file: String?, firstLine: Int = 1) -> Result<String, Diagnostic> {
        var bytes = bytes[...]
        if bytes.starts(with: byteOrderMark) { bytes = bytes.dropFirst(byteOrderMark.count) }
        // The common case in one pass each: valid, and no NUL.
        if !bytes.contains(0), let text = String(validating: bytes, as: UTF8.self) { return .success(text) }
        return .failure(firstProblem(in: bytes, file: file, firstLine: firstLine))
    }

    static let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]

    static let nulCharacter = Text(zh: "含有 NUL 字符，文本中不能有它", en: "has a NUL character, which text may not hold")
    static let notUTF8 = Text(zh: "不是 UTF-8 文本", en: "is not UTF-8 text")

    private static func firstProblem(in bytes: some Collection<UInt8>, file: String?, firstLine: Int) -> Diagnostic {
        var line = firstLine, column = 1
        var decoder = UTF8()
        var iterator = bytes.makeIterator()
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue("\0"):
                return Diagnostic(file: file, line: line, column: column, message: nulCharacter,
                                  hint: Text(zh: "删掉它", en: "remove it"))
            case .scalarValue("\n"):
                line += 1
                column = 1
            case .scalarValue:
                column += 1
            case .error:
                return Diagnostic(file: file, line: line, column: column, message: notUTF8,
                                  hint: Text(zh: "用 UTF-8 编码保存", en: "save it with the UTF-8 encoding"))
            case .emptyInput:
                // Unreachable when called after a failed check; said plainly rather than trapping.
                return Diagnostic(file: file, line: line, column: column, message: notUTF8)
            }
        }
    }
}
