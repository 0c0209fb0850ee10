import Foundation
import Yams

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

    public var scalarText: String? {
        if case .scalar(let text, _, _) = self { return text }
        return nil
    }

    /// A short rendering for error messages: `"abc"`, `a list`, `a mapping`.
    public var shortDescription: String {
        switch self {
        case .scalar(let text, _, _): "\"\(text.count > 40 ? String(text.prefix(40)) + "…" : text)\""
        case .null: "nothing"
        case .sequence: "a list"
        case .mapping: "a mapping"
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
    public static func load(contentsOf url: URL, displayName: String) throws(Diagnostic) -> DocumentNode {
        let text: String
        do {
            text = try String(contentsOf: url, encoding: .utf8)
        } catch {
            throw Diagnostic(file: displayName, message: "cannot read the file: \(error.localizedDescription)")
        }
        return try parse(text, displayName: displayName, json: url.pathExtension.lowercased() == "json")
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
                if json { throw Diagnostic(file: displayName, line: error.line, message: error.message) }
            }
        }
        return try parseYAML(text, displayName: displayName)
    }

    private static func parseYAML(_ text: String, displayName: String) throws(Diagnostic) -> DocumentNode {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw Diagnostic(file: displayName, line: yamlErrorLine(error), message: "not valid YAML: \(yamlErrorSummary(error))")
        } catch {
            throw Diagnostic(file: displayName, message: "not valid YAML: \(error)")
        }
        guard let root else { return .null(line: 1) }
        return try convert(root, displayName: displayName)
    }

    private static func convert(_ node: Node, displayName: String) throws(Diagnostic) -> DocumentNode {
        let line = node.mark?.line
        switch node {
        case .scalar(let scalar):
            let quoted = scalar.style == .singleQuoted || scalar.style == .doubleQuoted
                || scalar.style == .literal || scalar.style == .folded
            if !quoted, ["", "~", "null", "Null", "NULL"].contains(scalar.string) { return .null(line: line) }
            return .scalar(scalar.string, isQuoted: quoted, line: line)
        case .sequence(let sequence):
            var items: [DocumentNode] = []
            for item in sequence { items.append(try convert(item, displayName: displayName)) }
            return .sequence(items, line: line)
        case .mapping(let mapping):
            var pairs: [(key: String, value: DocumentNode)] = []
            for (key, value) in mapping {
                guard let keyText = key.scalar?.string else {
                    throw Diagnostic(file: displayName, line: key.mark?.line, message: "a mapping key must be plain text")
                }
                if pairs.contains(where: { $0.key == keyText }) {
                    throw Diagnostic(file: displayName, line: key.mark?.line, message: "the key '\(keyText)' appears twice")
                }
                pairs.append((keyText, try convert(value, displayName: displayName)))
            }
            return .mapping(pairs, line: line)
        case .alias:
            throw Diagnostic(file: displayName, line: line, message: "YAML aliases are not supported; write the value out")
        }
    }

    private static func yamlErrorLine(_ error: YamlError) -> Int? {
        switch error {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _): mark.line
        default: nil
        }
    }

    private static func yamlErrorSummary(_ error: YamlError) -> String {
        switch error {
        case .scanner(let context, let problem, _, _), .parser(let context, let problem, _, _),
             .composer(let context, let problem, _, _):
            [context?.text, problem].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: ": ")
        default: "\(error)"
        }
    }
}
