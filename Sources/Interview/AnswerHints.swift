import Eligibility

/// What a clerk or applicant is told about an answer, in Chinese, for every medium that asks (the
/// desk's pages, the JSON API, the terminal): how to type it, with an example, and what was wrong.
/// Every switch is exhaustive, so a new field type or money problem has its words here before it builds.
package enum AnswerHints {
    /// How to type an answer to `field` (`元，如 1600.50`; options numbered); nil where plain text is all.
    package static func format(_ field: Field) -> String? {
        let hint: String? = switch field.type {
        case .money: "元，如 1600.50"
        case .date: "如 1964-05-08 或 19640508"
        case .integer(let min, let max): "整数" + range(min, max) + "，如 \(example(min, max))"
        case .boolean: "是 或 否"
        case .enumeration(let cases): cases.enumerated().map { "\($0.offset + 1) \($0.element.label)" }.joined(separator: " / ")
        case .string, .object, .list: nil
        }
        guard let none = field.notApplicable else { return hint }
        return (hint.map { $0 + "；" } ?? "") + "\(none)的填“无”"
    }

    /// Why `text` is not an answer to `field`, and what to type instead.
    package static func problem(_ field: Field, _ text: String) -> String {
        switch field.type {
        case .money(let min, let max):
            switch Money.parse(yuan: text) {
            case .failure(let problem): return "请填写金额（元），如 1600.50：" + money(problem)
            case .success(let amount):
                if let min, amount < min { return "金额不能少于 \(min.plain) 元" }
                if let max, amount > max { return "金额不能超过 \(max.plain) 元" }
                return "请填写金额（元），如 1600.50"
            }
        case .date: return "请填写日期，如 1964-05-08 或 19640508（须为真实日期）"
        case .integer(let min, let max): return "请填写整数" + range(min, max) + "，如 \(example(min, max))"
        case .boolean: return "请回答“是”或“否”"
        case .enumeration(let cases): return "请从以下选项中选一项：" + cases.map(\.label).joined(separator: "、")
        case .string:
            if field.format == .idNumber, case .failure(let problem) = ChineseIDNumber.parse(text) { return problem.message.zh }
            return "请填写\(field.label)"
        case .object, .list: return "请逐项填写\(field.label)"
        }
    }

    /// What an answer that the ID number beside it contradicts is told: the value the number carries
    /// (`implied`, as a profile writes it), and that a blank takes it.
    package static func contradictsIDNumber(_ field: Field, implied: String) -> String {
        "与公民身份号码不符：号码中的\(field.label)为“\(text(of: .text(implied), for: field))”（不填则按号码填写）"
    }

    /// What a required field left blank is told.
    package static func required(_ field: Field) -> String {
        switch field.type {
        case .enumeration, .boolean: "必填：请选择\(field.label)"
        default: "必填：请填写\(field.label)" + (format(field).map { "（\($0)）" } ?? "")
        }
    }

    /// An answer as a clerk reads it back to the applicant: option labels, 是/否, yuan grouped by
    /// thousands, the schema's words for "none".
    package static func text(of answer: AnswerSheet.Answer, for field: Field) -> String {
        guard case .text(let text) = answer else { return field.notApplicable ?? "无" }
        switch field.type {
        case .money:
            guard case .success(let amount) = Money.parse(yuan: text) else { return text }
            return "\(amount.grouped) 元"
        case .boolean:
            switch text.lowercased() {
            case "true", "yes", "是": return "是"
            case "false", "no", "否": return "否"
            default: return text
            }
        case .enumeration(let cases): return cases.first { $0.code == text || $0.label == text }?.label ?? text
        case .date: return CivilDate(text)?.description ?? text
        case .string, .integer, .object, .list: return text
        }
    }

    /// What to write instead, as profile problems say it.
    static func money(_ problem: Money.TextProblem) -> String {
        problem.advice?.zh ?? "只填数字"
    }

    private static func range(_ min: Int64?, _ max: Int64?) -> String {
        switch (min, max) {
        case let (min?, max?): "（\(min) 至 \(max)）"
        case let (min?, nil): "（不少于 \(min)）"
        case let (nil, max?): "（不超过 \(max)）"
        case (nil, nil): ""
        }
    }

    private static func example(_ min: Int64?, _ max: Int64?) -> Int64 {
        let low = min ?? 0, high = max ?? low + 3
        return Swift.min(Swift.max(low, 3), high)
    }
}
