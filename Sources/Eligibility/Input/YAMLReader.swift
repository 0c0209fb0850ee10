import CYaml

/// Builds a document straight from libyaml's parse events, one pass, no recursion. Reading events
/// (rather than Yams' composed nodes) is what lets an anchor or alias be refused where it is written,
/// before anything is expanded: a few lines of nested aliases otherwise expand to gigabytes, and
/// composing them already hashes the expansion. Keys are checked against a set, so a mapping of any
/// size is read in linear time.
enum YAMLReader {
    struct Failure: Error {
        var line: Int?
        var column: Int?
        var message: Text
    }

    /// Nesting deeper than this is refused (no profile, case or rule file comes near it).
    static let maximumDepth = 64

    static func parse(_ text: String) throws(Failure) -> DocumentNode {
        var text = text
        return try text.withUTF8 { bytes in Result { () throws(Failure) in try read(bytes) } }.get()
    }

    /// A collection being built, and for a mapping the key waiting for its value.
    private enum Open {
        case sequence([DocumentNode], line: Int)
        case mapping([(key: String, value: DocumentNode)], keys: Set<String>, pendingKey: String?, line: Int)

        var awaitsKey: Bool {
            if case .mapping(_, _, nil, _) = self { return true }
            return false
        }
    }

    private static func read(_ bytes: UnsafeBufferPointer<UInt8>) throws(Failure) -> DocumentNode {
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else { throw Failure(message: Text(zh: "内存不足", en: "out of memory")) }
        defer { yaml_parser_delete(&parser) }
        yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING)
        yaml_parser_set_input_string(&parser, bytes.baseAddress, bytes.count)

        var open: [Open] = []
        var root: DocumentNode?
        var documents = 0
        let lastLine = lineBreaks(in: bytes) + 1

        /// Adds a finished value to the collection it is in, or makes it the root.
        func place(_ node: DocumentNode) {
            switch open.popLast() {
            case nil:
                root = node
            case .sequence(var items, let line):
                items.append(node)
                open.append(.sequence(items, line: line))
            case .mapping(var pairs, let keys, let key, let line):
                // A collection never arrives here as a key: its start event is refused first.
                pairs.append((key ?? "", node))
                open.append(.mapping(pairs, keys: keys, pendingKey: nil, line: line))
            }
        }

        while true {
            var event = yaml_event_t()
            guard yaml_parser_parse(&parser, &event) == 1 else { throw parserFailure(parser, bytes) }
            defer { yaml_event_delete(&event) }
            var mark = event.start_mark
            // At the end of a text whose last line has no line break, libyaml has moved to a line after it.
            if mark.line >= lastLine { mark.line = lastLine - 1 }
            let line = Int(mark.line) + 1
            switch event.type {
            case YAML_STREAM_END_EVENT:
                return root ?? .null(line: 1)
            case YAML_DOCUMENT_START_EVENT:
                documents += 1
                if documents > 1 { throw failure(Text(zh: "一个文件只能有一份文档，这里是第二份", en: "a file holds one document; this is a second one"), at: mark) }
            case YAML_ALIAS_EVENT:
                throw failure(Text(zh: "不接受 YAML 别名（*name）：把值完整写出来", en: "YAML aliases (*name) are not accepted; write the value out"), at: mark)
            case YAML_SCALAR_EVENT:
                let scalar = event.data.scalar
                if scalar.anchor != nil { throw anchorFailure(at: mark) }
                let value = String(decoding: UnsafeBufferPointer(start: scalar.value, count: scalar.length), as: UTF8.self)
                // A double-quoted "\0" makes a NUL the input check could not see.
                if value.utf8.contains(0) { throw failure(UTF8Text.nulCharacter, at: mark) }
                // Taken out of the stack to change it, so the key set is never copied.
                if !open.isEmpty, open[open.count - 1].awaitsKey, case .mapping(let pairs, var keys, _, let start)? = open.popLast() {
                    guard keys.insert(value).inserted else { throw failure(Text(zh: "键 '\(value)' 出现了两次", en: "the key '\(value)' appears twice"), at: mark) }
                    open.append(.mapping(pairs, keys: keys, pendingKey: value, line: start))
                    continue
                }
                let quoted = scalar.style != YAML_PLAIN_SCALAR_STYLE && scalar.style != YAML_ANY_SCALAR_STYLE
                let isNull = !quoted && ["", "~", "null", "Null", "NULL"].contains(value)
                place(isNull ? .null(line: line) : .scalar(value, isQuoted: quoted, line: line))
            case YAML_SEQUENCE_START_EVENT, YAML_MAPPING_START_EVENT:
                let anchor = event.type == YAML_SEQUENCE_START_EVENT ? event.data.sequence_start.anchor : event.data.mapping_start.anchor
                if anchor != nil { throw anchorFailure(at: mark) }
                if open.last?.awaitsKey == true { throw failure(Text(zh: "键只能是普通文字", en: "a mapping key must be plain text"), at: mark) }
                guard open.count < maximumDepth else { throw failure(Text(zh: "嵌套超过了 \(maximumDepth) 层", en: "nested more than \(maximumDepth) levels deep"), at: mark) }
                open.append(event.type == YAML_SEQUENCE_START_EVENT
                    ? .sequence([], line: line)
                    : .mapping([], keys: [], pendingKey: nil, line: line))
            case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
                switch open.popLast() {
                case .sequence(let items, let start)?: place(.sequence(items, line: start))
                case .mapping(let pairs, _, _, let start)?: place(.mapping(pairs, line: start))
                case nil: break
                }
            default:
                break // stream start, document end
            }
        }
    }

    private static func failure(_ message: Text, at mark: yaml_mark_t) -> Failure {
        Failure(line: Int(mark.line) + 1, column: Int(mark.column) + 1, message: message)
    }

    private static func anchorFailure(at mark: yaml_mark_t) -> Failure {
        failure(Text(zh: "不接受 YAML 锚点（&name）：在每个用到的地方把值完整写出来",
                     en: "YAML anchors (&name) are not accepted; write each value out where it is used"), at: mark)
    }

    /// Line breaks as libyaml counts them: CR LF, CR, LF, NEL, U+2028, U+2029.
    private static func lineBreaks(in bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var count = 0
        for index in bytes.indices {
            let next = index + 1 < bytes.count ? bytes[index + 1] : 0
            switch bytes[index] {
            case 0x0A: count += 1
            case 0x0D where next != 0x0A: count += 1
            case 0xC2 where next == 0x85: count += 1
            case 0xE2 where next == 0x80 && index + 2 < bytes.count && (bytes[index + 2] == 0xA8 || bytes[index + 2] == 0xA9): count += 1
            default: break
            }
        }
        return count
    }

    private static func parserFailure(_ parser: yaml_parser_t, _ bytes: UnsafeBufferPointer<UInt8>) -> Failure {
        let problem = parser.problem.map { String(cString: $0) } ?? "unreadable"
        let context = parser.context.map { String(cString: $0) }
        // libyaml's own words stay as they are: they name YAML's constructs.
        let detail = [context, problem].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: ": ")
        let message = Text(zh: "不是有效的 YAML：\(detail)", en: "not valid YAML: \(detail)")
        guard parser.error == YAML_READER_ERROR else {
            let line = Int(parser.problem_mark.line) + 1, lastLine = lineBreaks(in: bytes) + 1
            // At the end of a text whose last line has no line break, libyaml has already moved to a
            // line after it; the problem is at the end of the last line.
            guard line > lastLine else { return Failure(line: line, column: Int(parser.problem_mark.column) + 1, message: message) }
            let lastLineStart = bytes.lastIndex { $0 == 0x0A || $0 == 0x0D }.map { $0 + 1 } ?? 0
            let column = String(decoding: bytes[lastLineStart...], as: UTF8.self).unicodeScalars.count + 1
            return Failure(line: lastLine, column: column, message: message)
        }
        // The reader (which refuses control characters) gives a byte offset, not a line.
        let before = bytes.prefix(min(parser.problem_offset, bytes.count))
        let lineStart = before.lastIndex(of: 0x0A).map { $0 + 1 } ?? 0
        let column = String(decoding: before[lineStart...], as: UTF8.self).unicodeScalars.count + 1
        return Failure(line: before.count { $0 == 0x0A } + 1, column: column, message: message)
    }
}
