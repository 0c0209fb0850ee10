extension RuleSetCheck {
    /// The marker `bangfu new` writes into every text an officer must replace (a reference, a
    /// programme's legal basis): "（示例：请改为本地调整低保标准的通知及其文号）".
    static let exampleMarker = "示例：请改为"

    /// Each line of a rule file still holding a skeleton's example text: a warning, so a new rule set
    /// checks, and `--strict` (ready for use) holds until every one is replaced.
    func exampleTexts() -> [Diagnostic] {
        func example(_ file: String, _ line: Int?, _ what: Text = Text(zh: "这一行", en: "this line")) -> Diagnostic {
            Diagnostic(.warning, file: file, line: line,
                       message: what + Text(zh: "还是 bangfu new 写入的示例文字（\(Self.exampleMarker)…）",
                                            en: " still holds the example text bangfu new wrote (\(Self.exampleMarker)…)"),
                       hint: Text(zh: "换成本地的文件名称、文号和条款", en: "write the local document's title, number and article"))
        }
        let inRules = ruleSet.files.flatMap { file in
            file.source.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
                .filter { $0.element.contains(Self.exampleMarker) }.map { example(file.path, $0.offset + 1) }
        }
        let inParameters = ruleSet.parameters.parameters.flatMap { parameter in
            // A value without a reference of its own gives the parameter's: that one is reported once, at the parameter.
            let own = parameter.values.filter { $0.reference != parameter.reference && $0.reference.contains(Self.exampleMarker) }
            return (parameter.reference?.contains(Self.exampleMarker) == true
                    ? [example(parameter.file, parameter.line,
                              Text(zh: "参数 \(parameter.path) 的 reference ", en: "the reference of parameter \(parameter.path)"))] : [])
                + own.map { example(parameter.file, $0.line,
                                          Text(zh: "参数 \(parameter.path) 自 \($0.from) 起的值的 reference ",
                                               en: "the reference of parameter \(parameter.path)'s value from \($0.from)")) }
        }
        return inRules + inParameters
    }
}
