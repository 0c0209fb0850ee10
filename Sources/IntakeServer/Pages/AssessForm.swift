import DecisionFormats
import Eligibility
import Foundation

/// What the intake form holds (AssessPage shows it). Field names are field paths
/// (`household.members[2].monthly_income`, items counted from 1 as the validator counts them), so a
/// validator error lands next to the input it is about. Lists of objects grow and shrink without
/// JavaScript: "添加一名成员" and "删除" are submit buttons (`_action=add:PATH`, `_action=remove:PATH[N]`)
/// whose POST re-renders the form with every value kept; each list's length travels in a hidden
/// `_count:PATH` field.
package struct AssessForm: Sendable {
    /// Text entered, by field path (a ticked checkbox reads "true").
    package var values: [String: String] = [:]
    /// How many items each list shows, by list path.
    package var counts: [String: Int] = [:]
    /// Problems by field path.
    var errors: [String: [String]] = [:]

    /// A fresh form: enum and boolean defaults filled in.
    init(schema: Schema) {
        func fill(_ shape: ObjectShape, _ prefix: String) {
            for field in shape.fields {
                let path = prefix + field.name
                switch (field.type, field.defaultValue) {
                case (.object(let inner), _): fill(inner, path + ".")
                case (.enumeration, .enumeration(let code)?): values[path] = code
                case (.boolean, .boolean(let on)?): values[path] = on ? "true" : nil
                default: break
                }
            }
        }
        fill(schema.root, "")
    }

    /// The form as posted: values, list lengths (then the add or remove the button asked for).
    package init(posted form: FormData) {
        for (name, value) in form.pairs {
            if name.hasPrefix("_count:") {
                counts[String(name.dropFirst("_count:".count))] = max(0, min(Int(value) ?? 0, 200))
            } else if !name.hasPrefix("_") {
                values[name] = value
            }
        }
    }

    /// Adds an empty item at the end of the list at `path`.
    mutating func addItem(to path: String, maxItems: Int?) {
        let count = counts[path] ?? 0
        if let maxItems, count >= maxItems { return }
        counts[path] = count + 1
    }

    /// Removes item `index` (from 1) of the list at `path`; the items after it move up, values kept.
    package mutating func removeItem(_ index: Int, of path: String) {
        let count = counts[path] ?? 0
        guard (1...max(1, count)).contains(index), count > 0 else { return }
        func renumbered(_ key: String) -> String?? {
            // nil: not inside this list; .some(nil): inside the removed item; .some(key): its new key
            let head = path + "["
            guard key.hasPrefix(head), let close = key[key.index(key.startIndex, offsetBy: head.count)...].firstIndex(of: "]"),
                  let position = Int(key[key.index(key.startIndex, offsetBy: head.count)..<close]) else { return nil }
            if position == index { return .some(nil) }
            if position < index { return .some(key) }
            return .some(head + String(position - 1) + key[close...])
        }
        func move<V>(_ dictionary: [String: V]) -> [String: V] {
            var moved: [String: V] = [:]
            for (key, value) in dictionary {
                switch renumbered(key) {
                case .none: moved[key] = value
                case .some(.none): break
                case .some(.some(let newKey)): moved[newKey] = value
                }
            }
            return moved
        }
        values = move(values)
        counts = move(counts)
        counts[path] = count - 1
    }

    /// The profile document the form describes: empty inputs left out, checkboxes true or false, every
    /// list item shown (even an empty one) present.
    package func document(schema: Schema) -> DocumentNode {
        func pairs(_ shape: ObjectShape, _ prefix: String) -> [(key: String, value: DocumentNode)] {
            var out: [(key: String, value: DocumentNode)] = []
            for field in shape.fields {
                let path = prefix + field.name
                switch field.type {
                case .object(let inner):
                    let inside = pairs(inner, path + ".")
                    if !inside.isEmpty { out.append((field.name, .mapping(inside, line: nil))) }
                case .list(let inner, _):
                    let count = counts[path] ?? 0
                    if count > 0 {
                        let items: [DocumentNode] = (1...count).map { .mapping(pairs(inner, "\(path)[\($0)]."), line: nil) }
                        out.append((field.name, .sequence(items, line: nil)))
                    }
                case .boolean:
                    out.append((field.name, .scalar(values[path] == "true" ? "true" : "false", isQuoted: false, line: nil)))
                case .integer:
                    if let text = entered(path) { out.append((field.name, .scalar(text, isQuoted: false, line: nil))) }
                default:
                    if let text = entered(path) { out.append((field.name, .scalar(text, isQuoted: true, line: nil))) }
                }
            }
            return out
        }
        return .mapping(pairs(schema.root, ""), line: nil)
    }

    func entered(_ path: String) -> String? {
        guard let text = values[path]?.trimmingCharacters(in: .whitespacesAndNewlines), !text.isEmpty else { return nil }
        return text
    }
}

extension DocumentNode {
    /// The JSON a form-made profile is recorded as: quoted scalars as strings, others as they are.
    var json: JSONValue {
        switch self {
        case .scalar(let text, let quoted, _):
            if quoted { return .string(text) }
            if text == "true" || text == "false" { return .bool(text == "true") }
            return .number(text)
        case .null: return .null
        case .sequence(let items, _): return .array(items.map(\.json))
        case .mapping(let pairs, _): return .object(pairs.map { ($0.key, $0.value.json) })
        }
    }
}
