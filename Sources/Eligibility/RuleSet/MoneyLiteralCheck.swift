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
                        message: "\(callee)(…) 的比例 \(arguments[1].text) 的单位是 \(unit)：" + (unit == "percent" ? "30 表示 30%，当作比例会放大 100 倍" : "0.3 表示 30%，当作百分数会缩小 100 倍"),
                        hint: "改用 \(right)(…)"))
                }
                for (index, argument) in arguments.enumerated() where position == nil || position == index + 1 {
                    guard let number = argument.text.wholeMatch(of: /-?[0-9]+(?:\.[0-9]+)?/), Double(number.output) != 0 else { continue }
                    let line = code[..<argument.start].count(where: { $0 == "\n" }) + 1
                    let fen = Int64(number.output)
                    let asFen = fen.map { "，按分计即 \(Money(fen: $0).grouped) 元" } ?? "，而金额须是整数分"
                    let meant = fen.map { "；若指 \(Money(fen: $0).grouped) 元，写 money.yuan(\(Money(fen: $0).plain))" } ?? ""
                    findings.append(Diagnostic(
                        file: file.path, line: line,
                        message: "\(callee)(…) 的第 \(index + 1) 个参数是裸数字 \(number.output)：规则里的金额以分计\(asFen)",
                        hint: "若指 \(number.output) 元，写 money.yuan(\(number.output))\(meant)；或把金额放进 parameters.yaml 并注明依据"))
                }
            }
        }
        return findings
    }
}
