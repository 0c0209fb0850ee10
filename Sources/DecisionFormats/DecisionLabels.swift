import Eligibility

/// The Chinese words for the parts of a decision, for every medium a caseworker reads: the text sheet
/// (`DecisionSheet`) and the intake desk's pages. Every switch is exhaustive, so a new outcome, period,
/// failure or benefit kind does not compile until it has its words here.
package enum DecisionLabels {
    /// A parameter's unit as an officer reads it (`yuan_per_month` → 元/月). Units are the rule set's
    /// own codes: one this table does not know is shown as written.
    package static func unit(_ code: String) -> String {
        switch code {
        case "yuan": "元"
        case "yuan_per_month": "元/月"
        case "yuan_per_year": "元/年"
        case "ratio": "比例"
        case "percent": "%"
        case "months": "个月"
        case "years": "年"
        case "days": "天"
        case "month_of_year": "月份"
        case "people", "persons": "人"
        case "bags": "袋"
        default: code
        }
    }

    package static func outcome(_ outcome: Outcome) -> String {
        switch outcome {
        case .eligible: "符合"
        case .ineligible: "不符合"
        case .refer: "待工作人员审核"
        case .needsInformation: "待补充"
        case .error: "规则出错，无法判定"
        }
    }

    /// What one decision's outcome is called where the decision itself is shown. Two eligible-looking
    /// cases are not the outcome's plain word: a decision that only helps claim what another body decides
    /// and pays (money others owe, besides services; nothing from the centre) is `可协助申请`, since the
    /// centre cannot promise it; and one a cross-programme policy withheld did qualify, so it is not `不符合`.
    package static func outcome(_ outcome: Outcome, reasons: [Reason], benefits: [Benefit]) -> String {
        switch outcome {
        case .eligible where benefits.contains(where: \.isEntitlement)
                          && benefits.allSatisfy({ $0.isEntitlement || $0.isService }):
            assistToApply
        case .ineligible where reasons.contains(where: { $0.policy != nil }):
            withheldByPolicy
        default:
            Self.outcome(outcome)
        }
    }

    package static let assistToApply = "可协助申请"
    package static let withheldByPolicy = "符合条件，本年度不重复发放"

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
            "\(name) \(amount.grouped) 元（\(Self.period(period))，\(Self.paidBy(payer, label: name))）"
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
            "\(name)：\(Self.period(period)) \(amount.plain) 元（\(Self.paidBy(payer, label: name))）"
        case .inKind(_, let quantity, let unit, let value):
            "\(name)：\(quantity) \(unit)" + (value.map { "（价值 \($0.plain) 元）" } ?? "")
        case .service(_, let detail):
            detail.map { "\(name)：\($0)" } ?? name
        }
    }

    /// Who pays an entitlement: `由工伤保险基金支付`. A deduction limit (its label ends in 扣减限额, as the
    /// start-up tax relief's) is not paid by anyone: the tax office deducts up to it from what is owed.
    package static func paidBy(_ payer: String, label: String) -> String {
        isDeductionLimit(label) ? "\(payer)在限额内扣减" : "由\(payer)支付"
    }

    package static func isDeductionLimit(_ label: String) -> Bool { label.hasSuffix("扣减限额") }
}

private extension Benefit {
    var isEntitlement: Bool {
        if case .entitlement = self { return true }
        return false
    }
}
