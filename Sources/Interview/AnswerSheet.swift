import Eligibility

/// What an applicant has answered so far, by field path (`household.members[2].monthly_income`): the
/// text as typed and checked, or "none". It becomes the profile document the validator reads, in schema
/// order, and the YAML an officer keeps. Nothing is assumed: a field not answered is left out.
package struct AnswerSheet: Sendable, Hashable {
    package enum Answer: Sendable, Hashable {
        /// The value in the profile grammar (dates as YYYY-MM-DD, money in yuan, enum codes).
        case text(String)
        /// The schema's `not_applicable` answer.
        case none
    }

    package private(set) var answers: [String: Answer] = [:]
    /// Items in each list answered so far (`household.members` → 2).
    package private(set) var itemCounts: [String: Int] = [:]

    package init() {}

    /// The answers a profile document gives (a stored profile, read back to revise it): each scalar
    /// field as its text, null as "none", each list's length. Defaults are not answers, so a field the
    /// document leaves out stays unanswered. Keys the schema lacks are left out: validate first.
    package init(document: DocumentNode, schema: Schema) {
        func read(_ node: DocumentNode, _ shape: ObjectShape, prefix: String) {
            guard case .mapping(let pairs, _) = node else { return }
            for (key, value) in pairs {
                guard let field = shape.field(named: key) else { continue }
                let path = prefix + key
                switch (field.type, value) {
                case (.object(let inner), _): read(value, inner, prefix: path + ".")
                case (.list(let item, _), .sequence(let items, _)):
                    itemCounts[path] = items.count
                    for (offset, member) in items.enumerated() { read(member, item, prefix: "\(path)[\(offset + 1)].") }
                case (_, .null): answers[path] = Answer.none
                case (_, .scalar(let text, _, _)): answers[path] = .text(text)
                default: continue
                }
            }
        }
        read(document, schema.root, prefix: "")
    }

    package subscript(path: String) -> Answer? { answers[path] }

    /// The text answered at `path`, if any (the applicant's ID number, to find their household).
    package func text(at path: String) -> String? {
        if case .text(let text)? = answers[path] { text } else { nil }
    }

    package mutating func set(_ path: String, _ answer: Answer?) { answers[path] = answer }

    /// Items in the list at `listPath` (none when it was never answered).
    package func itemCount(_ listPath: String) -> Int { itemCounts[listPath] ?? 0 }

    /// Says how many items the list at `listPath` has; answers of items beyond them are dropped.
    package mutating func setItemCount(_ count: Int, for listPath: String) {
        let count = max(0, count)
        while itemCount(listPath) > count { removeItem(itemCount(listPath), from: listPath) }
        itemCounts[listPath] = count
    }

    /// Adds an item to the list at `listPath`; returns its position (from 1).
    @discardableResult
    package mutating func addItem(to listPath: String) -> Int {
        itemCounts[listPath, default: 0] += 1
        return itemCounts[listPath]!
    }

    /// Removes item `position` of a list; the items after it move up, with their answers (and the
    /// lengths of lists inside them).
    package mutating func removeItem(_ position: Int, from listPath: String) {
        let count = itemCount(listPath)
        guard position >= 1, position <= count else { return }
        func renumbered<Value>(_ dictionary: [String: Value]) -> [String: Value] {
            var kept: [String: Value] = [:]
            for (path, value) in dictionary {
                if let path = Self.path(path, afterRemoving: position, from: listPath) { kept[path] = value }
            }
            return kept
        }
        answers = renumbered(answers)
        itemCounts = renumbered(itemCounts)
        itemCounts[listPath] = count - 1
    }

    /// Where `path` is once item `position` of the list at `listPath` is removed: the same path before
    /// it or outside the list, one position up after it, nil inside it.
    package static func path(_ path: String, afterRemoving position: Int, from listPath: String) -> String? {
        let prefix = "\(listPath)["
        guard path.hasPrefix(prefix), let close = path[path.index(path.startIndex, offsetBy: prefix.count)...].firstIndex(of: "]"),
              let number = Int(path[path.index(path.startIndex, offsetBy: prefix.count)..<close]) else { return path }
        if number == position { return nil }
        return number > position ? "\(prefix)\(number - 1)\(path[close...])" : path
    }

    /// Whether every list position in `path` is an item the sheet has (`household.members[3].name`
    /// with two members: no).
    package func holds(_ path: String) -> Bool {
        var prefix: [FieldPath.Step] = []
        for step in FieldPath.steps(path) {
            if case .item(let number) = step, number > itemCount(FieldPath.text(prefix)) { return false }
            prefix.append(step)
        }
        return true
    }

    /// The answers as a profile document, fields in schema order.
    package func document(_ schema: Schema) -> DocumentNode {
        mapping(schema.root, prefix: "") ?? .mapping([], line: nil)
    }

    private func mapping(_ shape: ObjectShape, prefix: String) -> DocumentNode? {
        var pairs: [(key: String, value: DocumentNode)] = []
        for field in shape.fields {
            let path = prefix + field.name
            switch field.type {
            case .object(let inner):
                if let node = mapping(inner, prefix: path + ".") { pairs.append((field.name, node)) }
            case .list(let item, _):
                guard let count = itemCounts[path] else { continue }
                pairs.append((field.name, .sequence((0..<count).map { mapping(item, prefix: "\(path)[\($0 + 1)].") ?? .mapping([], line: nil) }, line: nil)))
            default:
                switch answers[path] {
                case .text(let text)?:
                    // Yes/no and whole numbers in their plain form as themselves, so the profile's JSON holds
                    // true and 3, not "true" and "3".
                    let plain: Bool = switch field.type {
                    case .boolean: text == "true" || text == "false"
                    case .integer: Int64(text).map(String.init) == text
                    default: false
                    }
                    pairs.append((field.name, .scalar(text, isQuoted: !plain, line: nil)))
                case .none?: pairs.append((field.name, .null(line: nil)))
                case nil: continue
                }
            }
        }
        return pairs.isEmpty ? nil : .mapping(pairs, line: nil)
    }

    /// The answers as a YAML profile, each field with its label as a comment, so an officer can read it
    /// and run it again (`bangfu assess`).
    package func yaml(_ schema: Schema, header: [String]) -> String {
        var lines = header.map { "# " + $0 }
        YAMLText.write(document(schema), shape: schema.root, indent: "", into: &lines)
        return lines.joined(separator: "\n") + "\n"
    }
}

/// A profile document written as YAML: block style, strings quoted unless plainly safe.
enum YAMLText {
    static func write(_ node: DocumentNode, shape: ObjectShape, indent: String, into lines: inout [String]) {
        guard case .mapping(let pairs, _) = node else { return }
        for (key, value) in pairs {
            guard let field = shape.field(named: key) else { continue }
            switch (value, field.type) {
            case (.mapping, .object(let inner)):
                lines.append("\(indent)\(key):  # \(field.label)")
                write(value, shape: inner, indent: indent + "  ", into: &lines)
            case (.sequence(let items, _), .list(let item, _)):
                lines.append("\(indent)\(key):  # \(field.label)")
                for member in items {
                    var inner: [String] = []
                    write(member, shape: item, indent: indent + "    ", into: &inner)
                    if inner.isEmpty { lines.append("\(indent)  - {}"); continue }
                    inner[0] = indent + "  - " + inner[0].dropFirst(indent.count + 4)
                    lines += inner
                }
            case (.null, _):
                lines.append("\(indent)\(key): ~  # \(field.label)：\(field.notApplicable ?? "无")")
            case (.scalar(let text, let quoted, _), _):
                lines.append("\(indent)\(key): \(quoted ? scalar(text) : text)  # \(field.label)")
            default:
                continue
            }
        }
    }

    /// Plain when YAML reads it back as the same text (letters, digits, CJK, a few marks); else quoted.
    static func scalar(_ text: String) -> String {
        let reserved: Set<String> = ["", "~", "null", "true", "false", "yes", "no", "on", "off"]
        let plain = !reserved.contains(text.lowercased()) && text.first.map { !"-?:,[]{}#&*!|>'\"%@` ".contains($0) } == true
            && text.last != " " && !text.contains(": ") && !text.contains(" #") && text.unicodeScalars.allSatisfy { $0.value >= 0x20 && $0.value != 0x7F }
        if plain { return text }
        var quoted = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": quoted += "\\\""
            case "\\": quoted += "\\\\"
            case "\n": quoted += "\\n"
            case "\t": quoted += "\\t"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    quoted += "\\x" + String(scalar.value, radix: 16, uppercase: true).leftPadded(to: 2)
                } else {
                    quoted.unicodeScalars.append(scalar)
                }
            }
        }
        return quoted + "\""
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}
