/// Rewrites the Lua runtime errors policy officers meet most into words they can act on, keeping
/// Lua's own text after it for whoever knows Lua; in Chinese, the sandbox's own refusals (written in
/// C, in English) too.
enum PlainMessages {
    static func explain(_ message: String, in language: Language) -> String {
        if language == .zh, let chinese = sandboxRefusal(message) { return chinese }
        for rule in rules {
            if let match = message.firstMatch(of: rule.pattern) {
                let plain = rule.plain(String(match.output.1)).rendered(in: language)
                return plain + (language == .zh ? "（Lua：\(message)）" : " (Lua: \(message))")
            }
        }
        return message
    }

    private struct Rule {
        var pattern: Regex<(Substring, Substring)>
        var plain: (String) -> Text
    }

    // Built on use: only error paths read it, and Regex is not Sendable.
    private static var rules: [Rule] {
        [
            Rule(pattern: #/^attempt to perform arithmetic on a nil value(.*)$/#) { place in
                Text(zh: "计算中用到的值\(named(place, .zh))缺失（nil）：在 schema.yaml 中给这个字段设 default，或先检查：if x ~= nil then … end",
                     en: "a value used in a calculation is missing (nil)\(named(place, .en)); give the field a default in schema.yaml, or check it first: if x ~= nil then … end")
            },
            Rule(pattern: #/^attempt to compare (?:nil with \w+|\w+ with nil)()$/#) { _ in
                Text(zh: "比较（<、>、<=、>=）用到的值缺失（nil）：先检查：if x ~= nil and … then",
                     en: "a comparison (<, >, <=, >=) uses a value that is missing (nil); check it first: if x ~= nil and … then")
            },
            Rule(pattern: #/^attempt to index a nil value(.*)$/#) { place in
                Text(zh: "从一个缺失（nil）的值\(named(place, .zh))里读取内容：先检查：if x ~= nil then … end",
                     en: "something is read from a value that is missing (nil)\(named(place, .en)); check it first: if x ~= nil then … end")
            },
            Rule(pattern: #/^attempt to concatenate a nil value(.*)$/#) { place in
                Text(zh: "用 .. 拼接文字时有一个值\(named(place, .zh))缺失（nil）：先检查，或写成 tostring(x)",
                     en: "a missing value (nil)\(named(place, .en)) is joined into a text with ..; check it first, or write tostring(x)")
            },
            Rule(pattern: #/^attempt to call a nil value(.*)$/#) { place in
                Text(zh: "调用了不存在的函数\(named(place, .zh))：对照 Rules/README.md 检查拼写",
                     en: "a function is called that does not exist\(named(place, .en)); check the spelling against Rules/README.md")
            },
        ]
    }

    /// A read-only table changed, or a table without a fixed key order visited, in Chinese.
    private static func sandboxRefusal(_ message: String) -> String? {
        if let match = message.firstMatch(of: #/^(.+) cannot be changed by a rule \(tried to set '(.*)'\)(.*)$/#) {
            let name = match.1.last?.isASCII == true ? match.1 + " " : match.1
            return "\(name)不能由规则修改（试图设置 '\(match.2)'）\(match.3)"
        }
        if let match = message.firstMatch(of: #/^(.+): a table with a (.+) as a key has no fixed order to visit its keys in \(use a list and ipairs\)$/#) {
            return "\(match.1)：以 \(match.2) 为键的表没有固定的遍历顺序（请改用列表和 ipairs）"
        }
        return nil
    }

    /// ` (field 'income')` → `: field 'income'`, in Chinese `（字段 'income'）`.
    private static func named(_ place: String, _ language: Language) -> String {
        let trimmed = place.trimmingWhitespace()
        guard trimmed.hasPrefix("("), trimmed.hasSuffix(")") else { return "" }
        let inside = String(trimmed.dropFirst().dropLast())
        guard language == .zh else { return ": " + inside }
        let kinds = ["field": "字段", "local": "局部变量", "global": "全局名", "upvalue": "外层变量", "method": "方法", "constant": "常量"]
        let parts = inside.split(separator: " ", maxSplits: 1).map(String.init)
        guard parts.count == 2, let kind = kinds[parts[0]] else { return "（\(inside)）" }
        return "（\(kind) \(parts[1])）"
    }
}
