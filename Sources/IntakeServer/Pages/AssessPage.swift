import Foundation
import DecisionFormats
import Eligibility
import IntakeRegister

/// The intake form, generated from the running rule set's schema; AssessForm holds what is entered.
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
