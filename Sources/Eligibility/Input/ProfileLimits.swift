/// The largest profile Bangfu reads. A real profile is a few kilobytes; these bounds are far above that
/// and far below what would let one profile exhaust the memory given to the rules, so an oversized
/// profile is refused as too large, naming the limit and the field, before any rule runs.
/// README.md ("Profile size") documents them.
public struct ProfileLimits: Sendable, Hashable {
    /// The profile's text as read: a file, a JSON line, a request body; for a CSV row or a form, the
    /// keys and values it holds.
    public var maximumBytes: Int
    /// One text value (a name, an address, a note), in bytes of UTF-8 (a Chinese character is 3).
    public var maximumTextBytes: Int
    /// Items in one list.
    public var maximumListItems: Int
    /// Fields in one object, known to the schema or not.
    public var maximumFields: Int
    /// Objects and lists inside one another.
    public var maximumDepth: Int

    public init(maximumBytes: Int = 1 << 20, maximumTextBytes: Int = 16 << 10, maximumListItems: Int = 1_000,
                maximumFields: Int = 1_000, maximumDepth: Int = 16) {
        self.maximumBytes = maximumBytes
        self.maximumTextBytes = maximumTextBytes
        self.maximumListItems = maximumListItems
        self.maximumFields = maximumFields
        self.maximumDepth = maximumDepth
    }

    public static let standard = ProfileLimits()

    /// The message for a profile beyond one of the limits: `档案过大：…（档案限…）`.
    func tooLarge(_ what: Text, limit: Text) -> Text {
        Text(zh: "档案过大：\(what.zh)（档案限\(limit.zh)）", en: "the profile is too large: \(what.en) (profiles are limited to \(limit.en))")
    }

    /// More than `maximumBytes` in all, and that limit.
    var tooManyBytes: (what: Text, limit: Text) {
        (Text(zh: "超过 \(maximumBytes) 字节", en: "more than \(maximumBytes) bytes"), Text(zh: "共 \(maximumBytes) 字节", en: "\(maximumBytes) bytes"))
    }

    /// The first limit `document` goes beyond, with its field path and line, or nil.
    func firstExcess(in document: DocumentNode, file: String?) -> Diagnostic? {
        var totalBytes = 0
        var path: [String] = []
        let bytesInOneValue = Text(zh: "每个值 \(maximumTextBytes) 字节", en: "\(maximumTextBytes) bytes in one value")
        let levels = Text(zh: "嵌套 \(maximumDepth) 层", en: "\(maximumDepth) levels")
        func nested(_ depth: Int) -> Text { Text(zh: "嵌套了 \(depth) 层", en: "nested \(depth) levels deep") }

        func excess(_ node: DocumentNode, depth: Int) -> Diagnostic? {
            func problem(_ what: Text, _ limit: Text) -> Diagnostic {
                Diagnostic(file: file, line: node.line, path: path.joined(), message: tooLarge(what, limit: limit))
            }
            switch node {
            case .null:
                return nil
            case .scalar(let text, _, _):
                let bytes = text.utf8.count
                totalBytes += bytes
                if bytes > maximumTextBytes { return problem(Text(zh: "文本有 \(bytes) 字节", en: "\(bytes) bytes of text"), bytesInOneValue) }
            case .sequence(let items, _):
                if depth > maximumDepth { return problem(nested(depth), levels) }
                if items.count > maximumListItems {
                    return problem(Text(zh: "\(items.count) 项", en: "\(items.count) items"),
                                   Text(zh: "每个列表 \(maximumListItems) 项", en: "\(maximumListItems) items in one list"))
                }
                for (index, item) in items.enumerated() {
                    path.append("[\(index + 1)]")
                    defer { path.removeLast() }
                    if let found = excess(item, depth: depth + 1) { return found }
                }
            case .mapping(let pairs, _):
                if depth > maximumDepth { return problem(nested(depth), levels) }
                if pairs.count > maximumFields {
                    return problem(Text(zh: "\(pairs.count) 个字段", en: "\(pairs.count) fields"),
                                   Text(zh: "每组 \(maximumFields) 个字段", en: "\(maximumFields) fields in one object"))
                }
                for (key, value) in pairs {
                    totalBytes += key.utf8.count
                    if key.utf8.count > maximumTextBytes {
                        return problem(Text(zh: "字段名有 \(key.utf8.count) 字节", en: "a field name of \(key.utf8.count) bytes"), bytesInOneValue)
                    }
                    path.append(path.isEmpty ? key : ".\(key)")
                    defer { path.removeLast() }
                    if let found = excess(value, depth: depth + 1) { return found }
                }
            }
            if totalBytes > maximumBytes { return problem(tooManyBytes.what, tooManyBytes.limit) }
            return nil
        }
        return excess(document, depth: 1)
    }
}
