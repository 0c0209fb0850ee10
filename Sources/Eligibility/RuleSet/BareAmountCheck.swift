extension RuleSetCheck {
    /// A bare amount among the items of `eligible { … }`, `ineligible { … }` or `refer { … }` (`3000`,
    /// `params.dibao.urban`, `money.times(…)`, a money fact) where a benefit belongs: the rule meant
    /// `cash(amount, period, label)`. Found in the text, so also in branches no case runs.
    func bareAmounts() -> [Diagnostic] {
        let amountFacts = Set(assessor.facts.filter { ["money", "integer"].contains($0.type) }.map(\.id))
        let amountParameters = Set(ruleSet.parameters.parameters.filter { $0.kind == .money }.map(\.path))
        var findings: [Diagnostic] = []
        for file in ruleSet.files {
            let code = Self.codeLines(file).map(\.1).joined(separator: "\n")
            for block in code.matches(of: /\b(eligible|ineligible|refer)\s*\{/) {
                for (position, item) in Self.items(of: code[block.range.upperBound...]).enumerated() {
                    let text = item.text
                    let shown = text.count > 40 ? text.prefix(40) + "…" : String(text)
                    let amount: Text
                    var written = shown
                    if let literal = text.wholeMatch(of: /[0-9]+(?:\.[0-9]+)?/) {
                        let fen = Int64(literal.output)
                        let yuan = fen.map { Money(fen: $0).grouped }
                        amount = Text(zh: "数字 \(text)" + (yuan.map { "（作为金额是 \($0) 元）" } ?? ""),
                                      en: "the bare number \(text)" + (yuan.map { " (as an amount, \($0) yuan)" } ?? ""))
                        written = fen.map { "money.yuan(\($0 % 100 == 0 ? String($0 / 100) : Money(fen: $0).plain))" } ?? written
                    } else if let read = text.wholeMatch(of: /params\.([A-Za-z0-9_.]+)/), amountParameters.contains(String(read.1)) {
                        amount = Text(zh: "金额 \(text)", en: "the amount \(text)")
                    } else if let read = text.wholeMatch(of: /facts\.([A-Za-z0-9_]+)/), amountFacts.contains(String(read.1)) {
                        amount = Text(zh: "金额 \(text)", en: "the amount \(text)")
                    } else if text.wholeMatch(of: /money\.(?!text\b)[A-Za-z_]+\s*\(.*\)/.dotMatchesNewlines()) != nil {
                        amount = Text(zh: "金额 \(shown)", en: "the amount \(shown)")
                    } else {
                        continue
                    }
                    let line = code[..<item.start].count(where: { $0 == "\n" }) + 1
                    findings.append(Diagnostic(file: file.path, line: line,
                                               message: Text(zh: "\(block.1) { … }：第 \(position + 1) 项是\(amount.zh)，不是待遇：这样写什么也不发",
                                                             en: "\(block.1) { … }: item \(position + 1) is \(amount.en), not a benefit: it pays nothing as it stands"),
                                               hint: Text(zh: "写成 cash(\(written), \"once\", \"标签\")，注明发放周期：once、monthly 或 yearly",
                                                          en: "write cash(\(written), \"once\", \"标签\") with its period: once, monthly or yearly")))
                }
            }
        }
        return findings
    }

    /// The comma-separated items of a `{ … }` (or, with `closing: ")"`, the arguments of a call) whose
    /// text starts just after its opening bracket, up to its closing one; commas inside brackets or
    /// strings do not separate.
    static func items(of text: Substring, closing: Character = "}") -> [(text: Substring, start: String.Index)] {
        var items: [(text: Substring, start: String.Index)] = []
        var depth = 0, quote: Character?, escaped = false
        var itemStart = text.startIndex
        func close(at end: String.Index) {
            let item = text[itemStart..<end]
            let trimmed = item.drop { $0.isWhitespace }
            let text = trimmed.reversed().drop { $0.isWhitespace }.count
            if text > 0 { items.append((trimmed.prefix(text), trimmed.startIndex)) }
        }
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            if let open = quote {
                if escaped { escaped = false } else if character == "\\" { escaped = true } else if character == open { quote = nil }
            } else {
                switch character {
                case "\"", "'": quote = character
                case "(", "{", "[": depth += 1
                case ")", "]", "}":
                    if depth == 0 && character == closing { close(at: index); return items }
                    depth -= 1
                case "," where depth == 0, ";" where depth == 0:
                    close(at: index)
                    itemStart = text.index(after: index)
                default: break
                }
            }
            index = text.index(after: index)
        }
        return items
    }
}
