extension RuleSetCheck {
    /// The arguments of the money helpers and benefits that are amounts, by position (nil: every one).
    static let amountArguments: [String: Int?] = [
        "money.min": nil, "money.max": nil, "money.times": 1, "money.scale": 1, "money.percent": 1, "money.per_head": 1,
        "money.divide": 1, "money.per_month": 1, "cash": 1, "entitlement": 1,
    ]

    /// A plain number where an amount goes (`money.min(x, 3000)`, `cash(800, "once", …)`): amounts in
    /// rules are fen, so 3000 is 30.00 yuan, which is rarely what was meant. An amount is written
    /// `money.yuan(3000)` or taken from a parameter; 0 is the same in fen and yuan, and stays allowed.
    func plainNumbersAsMoney() -> [Diagnostic] {
        let units = Dictionary(ruleSet.parameters.parameters.map { ($0.path, $0.unit) }, uniquingKeysWith: { first, _ in first })
        var findings: [Diagnostic] = []
        for file in ruleSet.files where file.path.hasSuffix(".lua") {
            let code = Self.codeLines(file).map(\.1).joined(separator: "\n")
            for call in code.matches(of: /\b(money\.[a-z_]+|cash|entitlement)\s*\(/) {
                let callee = String(call.1)
                // `x.cash(…)` is some other table's function.
                let isField = call.range.lowerBound > code.startIndex && code[code.index(before: call.range.lowerBound)] == "."
                guard !isField, let position = Self.amountArguments[callee] else { continue }
                let arguments = Self.items(of: code[call.range.upperBound...], closing: ")")
                // A percent parameter (30 for 30%) scales 100 times too much as a ratio (0.3), and a ratio as a percent 100 times too little.
                if ["money.scale", "money.percent"].contains(callee), arguments.count == 2,
                   let read = arguments[1].text.wholeMatch(of: /params\.([A-Za-z0-9_.]+)/), let unit = units[String(read.1)],
                   let right = ["ratio": "money.scale", "percent": "money.percent"][unit], right != callee {
                    findings.append(Diagnostic(
                        file: file.path, line: code[..<arguments[1].start].count(where: { $0 == "\n" }) + 1,
                        message: unit == "percent"
                            ? Text(zh: "\(callee)(…) 的比例 \(arguments[1].text) 的单位是 percent：30 表示 30%，当作比例会放大 100 倍",
                                   en: "\(callee)(…): \(arguments[1].text) is a percent (30 is 30%): as a ratio it is a hundred times too much")
                            : Text(zh: "\(callee)(…) 的比例 \(arguments[1].text) 的单位是 ratio：0.3 表示 30%，当作百分数会缩小 100 倍",
                                   en: "\(callee)(…): \(arguments[1].text) is a ratio (0.3 is 30%): as a percent it is a hundred times too little"),
                        hint: Text(zh: "改用 \(right)(…)", en: "use \(right)(…)")))
                }
                for (index, argument) in arguments.enumerated() where position == nil || position == index + 1 {
                    guard let number = argument.text.wholeMatch(of: /-?[0-9]+(?:\.[0-9]+)?/), Double(number.output) != 0 else { continue }
                    let line = code[..<argument.start].count(where: { $0 == "\n" }) + 1
                    let fen = Int64(number.output), literal = String(number.output)
                    let asFen = fen.map { Text(zh: "，按分计即 \(Money(fen: $0).grouped) 元", en: ", which as fen is \(Money(fen: $0).grouped) yuan") }
                        ?? Text(zh: "，而金额须是整数分", en: ", and an amount is whole fen")
                    let meant = fen.map { Text(zh: "；若指 \(Money(fen: $0).grouped) 元，写 money.yuan(\(Money(fen: $0).plain))",
                                               en: "; for \(Money(fen: $0).grouped) yuan, money.yuan(\(Money(fen: $0).plain))") }
                        ?? Text(verbatim: "")
                    findings.append(Diagnostic(
                        file: file.path, line: line,
                        message: Text(zh: "\(callee)(…) 的第 \(index + 1) 个参数是裸数字 \(literal)：规则里的金额以分计",
                                      en: "\(callee)(…): argument \(index + 1) is the plain number \(literal): amounts in rules are fen") + asFen,
                        hint: Text(zh: "若指 \(literal) 元，写 money.yuan(\(literal))", en: "for \(literal) yuan write money.yuan(\(literal))") + meant
                            + Text(zh: "；或把金额放进 parameters.yaml 并注明依据", en: "; or make the amount a parameter with its reference")))
                }
            }
        }
        return findings
    }
}
