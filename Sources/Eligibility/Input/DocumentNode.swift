import Foundation

/// A parsed YAML or JSON document before any meaning is given to it. Scalars keep their source text,
/// so money like `1234.50` is read exactly and never through a binary float.
public indirect enum DocumentNode: Sendable, Hashable {
    case scalar(String, isQuoted: Bool, line: Int?)
    case null(line: Int?)
    case sequence([DocumentNode], line: Int?)
    case mapping([(key: String, value: DocumentNode)], line: Int?)

    public var line: Int? {
        switch self {
        case .scalar(_, _, let line), .null(let line), .sequence(_, let line), .mapping(_, let line): line
        }
    }

    /// The value under `key` of a mapping, or nil.
    public subscript(key: String) -> DocumentNode? {
        guard case .mapping(let pairs, _) = self else { return nil }
        return pairs.first { $0.key == key }?.value
    }

    public var isNull: Bool {
        if case .null = self { return true }
        return false
    }

    public var scalarText: String? {
        if case .scalar(let text, _, _) = self { return text }
        return nil
    }

    /// A short rendering for error messages: `"abc"`, `a list`, `a mapping`.
    public var shortDescription: Text {
        switch self {
        case .scalar(let text, _, _): Text(verbatim: "\"\(text.count > 40 ? String(text.prefix(40)) + "…" : text)\"")
        case .null: Text(zh: "空值", en: "nothing")
        case .sequence: Text(zh: "一个列表", en: "a list")
        case .mapping: Text(zh: "一组键值", en: "a mapping")
        }
    }

    public static func == (lhs: DocumentNode, rhs: DocumentNode) -> Bool {
        switch (lhs, rhs) {
        case let (.scalar(a, qa, _), .scalar(b, qb, _)): a == b && qa == qb
        case (.null, .null): true
        case let (.sequence(a, _), .sequence(b, _)): a == b
        case let (.mapping(a, _), .mapping(b, _)):
            a.count == b.count && zip(a, b).allSatisfy { $0.key == $1.key && $0.value == $1.value }
        default: false
        }
    }

    public func hash(into hasher: inout Hasher) {
        switch self {
        case .scalar(let text, let quoted, _): hasher.combine(0); hasher.combine(text); hasher.combine(quoted)
        case .null: hasher.combine(1)
        case .sequence(let items, _): hasher.combine(2); hasher.combine(items)
        case .mapping(let pairs, _):
            hasher.combine(3)
            for pair in pairs { hasher.combine(pair.key); hasher.combine(pair.value) }
        }
    }
}

extension DocumentNode {
    /// Reads a YAML or JSON file; JSON is recognised by its `.json` extension or a leading `{` / `[`.
    /// With `limits` (for a profile), a file larger than a profile may be is refused before it is read.
    public static func load(contentsOf url: URL, displayName: String, limits: ProfileLimits? = nil) throws(Diagnostic) -> DocumentNode {
        guard let handle = FileHandle(forReadingAtPath: url.path) else {
            throw Diagnostic(file: displayName, message: Text(zh: "无法读取文件：文件不存在，或没有读取权限", en: "cannot read the file: no such file, or not readable"))
        }
        defer { try? handle.close() }
        return try read(handle, displayName: displayName, json: url.pathExtension.lowercased() == "json", limits: limits)
    }

    /// Reads a YAML or JSON document from an open file or standard input, as `load` does.
    public static func read(_ handle: FileHandle, displayName: String, json: Bool = false,
                            limits: ProfileLimits? = nil) throws(Diagnostic) -> DocumentNode {
        let bytes: Data
        do {
            // One byte past the limit is enough to know the text is too large, without reading all of it.
            bytes = try limits.map { try handle.read(upToCount: $0.maximumBytes + 1) ?? Data() } ?? handle.readToEnd() ?? Data()
        } catch {
            throw Diagnostic(file: displayName, message: Text(zh: "无法读取文件：\(error.localizedDescription)",
                                                              en: "cannot read the file: \(error.localizedDescription)"))
        }
        if let limits, bytes.count > limits.maximumBytes {
            throw Diagnostic(file: displayName, message: limits.tooLarge(limits.tooManyBytes.what, limit: limits.tooManyBytes.limit))
        }
        return try parse(UTF8Text.decode(bytes, file: displayName).get(), displayName: displayName, json: json)
    }

    /// Parses YAML or JSON text. `line` is the line the text starts on in its file (for a JSON-lines
    /// record), so that every error names the file's own line.
    public static func parse(_ text: String, displayName: String, json: Bool = false, line: Int = 1) throws(Diagnostic) -> DocumentNode {
        let trimmed = text.drop { $0.isWhitespace }
        if json || trimmed.first == "{" || trimmed.first == "[" {
            do {
                return try JSONReader.parse(text, firstLine: line)
            } catch {
                // Flow-style YAML also starts with a brace; only call it JSON if YAML fails too.
                if json { throw Diagnostic(file: displayName, line: error.line, column: error.column, message: error.message) }
            }
        }
        do {
            return try YAMLReader.parse(text)
        } catch {
            throw Diagnostic(file: displayName, line: error.line, column: error.column, message: error.message)
        }
    }
}
