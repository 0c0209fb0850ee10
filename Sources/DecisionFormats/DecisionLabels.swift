import Eligibility

/// The Chinese words for the parts of a decision, for every medium a caseworker reads: the text sheet
/// (`DecisionSheet`) and the intake desk's pages. Every switch is exhaustive, so a new outcome, period,
/// failure or benefit kind does not compile until it has its words here.
package enum DecisionLabels {
    package static func outcome(_ outcome: Outcome) -> String {
        switch outcome {
        case .eligible: "符合"
        case .ineligible: "不符合"
        case .refer: "转社工审核"
        case .needsInformation: "待补充"
        case .error: "规则出错，无法判定"
        }
    }

    package static func period(_ period: Period) -> String {
        switch period {
        case .once: "一次性"
        case .monthly: "每月"
        case .yearly: "每年"
        }
    }

    package static func failure(_ kind: RuleFailure.Kind) -> String {
        switch kind {
        case .ruleError: "规则错误"
        case .instructionLimit: "超出运算上限"
        case .memoryLimit: "超出内存上限"
        case .timeLimit: "超出时间上限"
        case .malformedResult: "规则结果格式有误"
        case .notLoaded: "规则文件未能加载"
        }
    }

    /// What a benefit is called: its label, or the kind of money it is; goods by their item, a service by
    /// its name.
    package static func name(_ benefit: Benefit) -> String {
        switch benefit {
        case .cash(_, _, let label): label ?? "现金"
        case .entitlement(_, _, _, let label): label ?? "应得款项"
        case .inKind(let item, _, _, _): item
        case .service(let name, _): name
        }
    }

    /// A benefit as the sheet reads it aloud, amounts grouped: `生活救助金 11,280.00 元（每年）`.
    package static func benefit(_ benefit: Benefit) -> String {
        let name = Self.name(benefit)
        return switch benefit {
        case .cash(let amount, let period, _):
            "\(name) \(amount.grouped) 元（\(Self.period(period))）"
        case .entitlement(let amount, let period, let payer, _):
            "\(name) \(amount.grouped) 元（\(Self.period(period))，\(Self.paidBy(payer))）"
        case .inKind(_, let quantity, let unit, let value):
            "\(name) \(quantity) \(unit)" + (value.map { "（价值 \($0.grouped) 元）" } ?? "")
        case .service(_, let detail):
            detail.map { "\(name)（\($0)）" } ?? name
        }
    }

    /// A benefit as a line of the web sheet's list, name first and amounts as the stored answer writes
    /// them: `生活救助金：每年 11280.00 元`. (The page is scanned down its list of names, not read aloud.)
    package static func benefitLine(_ benefit: Benefit) -> String {
        let name = Self.name(benefit)
        return switch benefit {
        case .cash(let amount, let period, _):
            "\(name)：\(Self.period(period)) \(amount.plain) 元"
        case .entitlement(let amount, let period, let payer, _):
            "\(name)：\(Self.period(period)) \(amount.plain) 元（\(Self.paidBy(payer))）"
        case .inKind(_, let quantity, let unit, let value):
            "\(name)：\(quantity) \(unit)" + (value.map { "（价值 \($0.plain) 元）" } ?? "")
        case .service(_, let detail):
            detail.map { "\(name)：\($0)" } ?? name
        }
    }

    /// Who pays an entitlement: `由工伤保险基金支付`.
    package static func paidBy(_ payer: String) -> String { "由\(payer)支付" }
}
