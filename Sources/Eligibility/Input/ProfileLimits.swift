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

    /// The message for a profile beyond one of the limits: `the profile is too large: … (profiles are limited to …)`.
    func tooLarge(_ what: String, limit: String) -> String {
        "the profile is too large: \(what) (profiles are limited to \(limit))"
    }

    /// The first limit `document` goes beyond, with its field path and line, or nil.
    func firstExcess(in document: DocumentNode, file: String?) -> Diagnostic? {
        var totalBytes = 0
        var path: [String] = []

        func excess(_ node: DocumentNode, depth: Int) -> Diagnostic? {
            func problem(_ what: String, _ limit: String) -> Diagnostic {
                Diagnostic(file: file, line: node.line, path: path.joined(), message: tooLarge(what, limit: limit))
            }
            switch node {
            case .null:
                return nil
            case .scalar(let text, _, _):
                let bytes = text.utf8.count
                totalBytes += bytes
                if bytes > maximumTextBytes { return problem("\(bytes) bytes of text", "\(maximumTextBytes) bytes in one value") }
            case .sequence(let items, _):
                if depth > maximumDepth { return problem("nested \(depth) levels deep", "\(maximumDepth) levels") }
                if items.count > maximumListItems { return problem("\(items.count) items", "\(maximumListItems) items in one list") }
                for (index, item) in items.enumerated() {
                    path.append("[\(index + 1)]")
                    defer { path.removeLast() }
                    if let found = excess(item, depth: depth + 1) { return found }
                }
            case .mapping(let pairs, _):
                if depth > maximumDepth { return problem("nested \(depth) levels deep", "\(maximumDepth) levels") }
                if pairs.count > maximumFields { return problem("\(pairs.count) fields", "\(maximumFields) fields in one object") }
                for (key, value) in pairs {
                    totalBytes += key.utf8.count
                    if key.utf8.count > maximumTextBytes { return problem("a field name of \(key.utf8.count) bytes", "\(maximumTextBytes) bytes in one value") }
                    path.append(path.isEmpty ? key : ".\(key)")
                    defer { path.removeLast() }
                    if let found = excess(value, depth: depth + 1) { return found }
                }
            }
            if totalBytes > maximumBytes { return problem("more than \(maximumBytes) bytes", "\(maximumBytes) bytes") }
            return nil
        }
        return excess(document, depth: 1)
    }
}
