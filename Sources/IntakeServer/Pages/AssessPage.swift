import Foundation
import DecisionFormats
import Eligibility
import IntakeRegister

/// The intake form, generated from the running rule set's schema. Field names are field paths
/// (`household.members[2].monthly_income`, items counted from 1 as the validator counts them), so a
/// validator error lands next to the input it is about. Lists of objects grow and shrink without
/// JavaScript: "添加一名成员" and "删除" are submit buttons (`_action=add:PATH`, `_action=remove:PATH[N]`)
/// whose POST re-renders the form with every value kept; each list's length travels in a hidden
/// `_count:PATH` field.
struct AssessForm: Sendable {
    /// Text entered, by field path (a ticked checkbox reads "true").
    var values: [String: String] = [:]
    /// How many items each list shows, by list path.
    var counts: [String: Int] = [:]
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
    init(posted form: FormData) {
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
    mutating func removeItem(_ index: Int, of path: String) {
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
    func document(schema: Schema) -> DocumentNode {
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

enum AssessPage {
    static func render(schema: Schema, form: AssessForm, session: WebSession) -> String {
        var shown: [String: String] = [:] // field path → label, for the summary
        let fields = self.fields(schema.root, prefix: "", form: form, shown: &shown)
        var body = ""
        let all = form.errors.sorted { $0.key < $1.key }
        if !all.isEmpty {
            body += "<div class=\"errors\" role=\"alert\" id=\"error-summary\"><h2>请更正以下 \(all.reduce(0) { $0 + $1.value.count }) 个问题</h2><ul>\n"
            for (path, messages) in all {
                for message in messages {
                    let target = shown[path].map { "<a href=\"#\(fieldID(path))\">\(esc($0))</a>" } ?? esc(path.isEmpty ? "档案" : path)
                    body += "<li>\(target)：\(esc(message))</li>\n"
                }
            }
            body += "</ul></div>\n"
        }
        body += """
            <p>带 <span class="required">*</span> 的为必填项。金额以元为单位。</p>
            <form method="post" action="/assess" novalidate>
            \(Layout.csrfField(session))
            <button type="submit" name="_action" value="assess" class="default-submit" tabindex="-1" aria-hidden="true">提交评估</button>
            \(fields)
            <button type="submit" name="_action" value="assess" id="submit-assessment">提交评估</button>
            </form>
            """
        return Layout.page(title: "帮扶资格评估", session: session, body: body)
    }

    static func fieldID(_ path: String) -> String {
        "f-" + path.compactMap { $0 == "]" ? nil : "[.".contains($0) ? "-" : String($0) }.joined()
    }

    static func fields(_ shape: ObjectShape, prefix: String, form: AssessForm, shown: inout [String: String]) -> String {
        var out = ""
        for field in shape.fields {
            let path = prefix + field.name
            shown[path] = (shown[String(prefix.dropLast())].map { $0 + " › " } ?? "") + field.label
            let id = fieldID(path)
            let errors = form.errors[path] ?? []
            let errorHTML = errors.isEmpty ? "" : "<p class=\"error\" id=\"e-\(id)\">\(errors.map(esc).joined(separator: "；"))</p>"
            let mark = field.isRequired ? " <span class=\"required\" aria-hidden=\"true\">*</span><span class=\"visually-hidden\">（必填）</span>" : ""
            let described = errors.isEmpty ? "" : " aria-invalid=\"true\" aria-describedby=\"e-\(id)\""
            let required = field.isRequired ? " aria-required=\"true\"" : ""
            let hint = field.description.map { "<small>\(esc($0))</small>" } ?? ""
            let value = esc(form.values[path] ?? "")
            let name = esc(path)
            switch field.type {
            case .object(let inner):
                out += "<fieldset id=\"\(id)\"><legend>\(esc(field.label))\(mark)</legend>\(errorHTML)\n"
                out += fields(inner, prefix: path + ".", form: form, shown: &shown)
                out += "</fieldset>\n"
            case .list(let inner, let maxItems):
                let count = form.counts[path] ?? 0
                out += "<fieldset id=\"\(id)\"><legend>\(esc(field.label))\(mark)</legend>\(errorHTML)\n"
                out += "<input type=\"hidden\" name=\"_count:\(name)\" value=\"\(count)\">\n"
                if count == 0 { out += "<p>（暂无）</p>\n" }
                for item in stride(from: 1, through: count, by: 1) {
                    let itemPath = "\(path)[\(item)]"
                    shown[itemPath] = "\(field.label) 第 \(item) 项"
                    let itemErrors = form.errors[itemPath] ?? []
                    out += "<fieldset id=\"\(fieldID(itemPath))\" class=\"item\"><legend>\(esc(field.label)) 第 \(item) 项</legend>"
                    if !itemErrors.isEmpty { out += "<p class=\"error\">\(itemErrors.map(esc).joined(separator: "；"))</p>" }
                    out += "\n" + fields(inner, prefix: itemPath + ".", form: form, shown: &shown)
                    out += "<button type=\"submit\" name=\"_action\" value=\"remove:\(esc(itemPath))\" class=\"remove\">删除<span class=\"visually-hidden\">\(esc(field.label)) 第 \(item) 项</span></button>\n"
                    out += "</fieldset>\n"
                }
                if maxItems.map({ count < $0 }) ?? true {
                    out += "<button type=\"submit\" name=\"_action\" value=\"add:\(name)\" class=\"add\" id=\"add-\(id)\">添加一名成员</button>\n"
                }
                out += "</fieldset>\n"
            case .boolean:
                let checked = form.values[path] == "true" ? " checked" : ""
                out += "<div class=\"field check\"><input type=\"checkbox\" id=\"\(id)\" name=\"\(name)\" value=\"true\"\(checked)\(described)>"
                out += " <label for=\"\(id)\">\(esc(field.label))</label>\(mark) \(hint)\(errorHTML)</div>\n"
            case .enumeration(let cases):
                out += "<div class=\"field\"><label for=\"\(id)\">\(esc(field.label))\(mark)</label>\(hint)\(errorHTML)"
                out += "<select id=\"\(id)\" name=\"\(name)\"\(required)\(described)>"
                let chosen = form.values[path] ?? ""
                out += "<option value=\"\"\(chosen.isEmpty ? " selected" : "")>（请选择）</option>"
                for option in cases {
                    out += "<option value=\"\(esc(option.code))\"\(option.code == chosen ? " selected" : "")>\(esc(option.label))</option>"
                }
                out += "</select></div>\n"
            default:
                var attributes: String
                switch field.type {
                case .date: attributes = "type=\"date\""
                case .money(let min, _):
                    attributes = "type=\"text\" inputmode=\"decimal\""
                    if let min { attributes += " data-min=\"\(esc(min.plain))\"" }
                case .integer(let min, let max):
                    attributes = "type=\"number\" step=\"1\""
                    if let min { attributes += " min=\"\(min)\"" }
                    if let max { attributes += " max=\"\(max)\"" }
                default: attributes = "type=\"text\""
                }
                out += "<div class=\"field\"><label for=\"\(id)\">\(esc(field.label))\(mark)</label>\(hint)\(errorHTML)"
                out += "<input \(attributes) id=\"\(id)\" name=\"\(name)\" value=\"\(value)\"\(required)\(described)></div>\n"
            }
        }
        return out
    }
}
