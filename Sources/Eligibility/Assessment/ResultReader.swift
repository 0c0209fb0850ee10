import LuaSandbox

/// What a rule's result may hold. A rule can change the tables `cash(…)` or `eligible { … }` gave it
/// before returning them, so the host checks the final values it reads, not the calls that made them.
public enum ResultLimits {
    /// The largest amount a rule may give (one benefit, a policy's cash limit) and the most a decision
    /// may pay a year, in cash or in entitlements: 100,000,000.00 yuan, far above any real benefit.
    /// With it, no total the host forms can overflow: a decision's, an applicant's, or a population's
    /// (up to 900 million decisions).
    public static let largestAmount = Money(fen: 100_000_000_00)
    /// Reasons and benefits in one decision, together.
    public static let partsPerDecision = 200
    /// Items of one kind given in kind.
    public static let largestQuantity: Int64 = 1_000_000
}

/// A result that breaks the rule contract: reported as a `malformed result` at `location`.
struct MalformedResult: Error {
    var message: Text
    var location: SourceLocation?
}

/// Reads a rule's result back into decision parts, checking every field.
struct ResultReader {
    /// Rule files by the number the rule library gives them (from 1).
    let files: [RuleFile]

    /// `programmes/x.lua:12` from a part's `file` and `line`, when they name a line of a rule file.
    func location(_ value: LuaValue) -> SourceLocation? {
        guard let number = value["file"].integerValue, number >= 1, number <= files.count,
              let line = value["line"].integerValue, line >= 1, line <= Int32.max else { return nil }
        return SourceLocation(file: files[Int(number) - 1].path, line: Int(line))
    }

    /// The outcome, reasons and benefits of a programme's result. `fallback` is where the programme is
    /// declared, for a result that no longer says where it was made.
    func decision(_ result: LuaValue, fallback: SourceLocation?)
        throws(MalformedResult) -> (outcome: Outcome, reasons: [Reason], benefits: [Benefit], decidedAt: SourceLocation?) {
        let decidedAt = location(result) ?? fallback
        func malformed(_ message: Text) -> MalformedResult { MalformedResult(message: message, location: decidedAt) }

        guard let outcome = result["outcome"].stringValue.flatMap(Outcome.init(rawValue:)), outcome != .error else {
            throw malformed(Text(zh: "决定没有结果（eligible、ineligible 或 refer）", en: "the decision has no outcome (eligible, ineligible or refer)"))
        }
        guard let reasonValues = result["reasons"].listValue, let benefitValues = result["benefits"].listValue else {
            throw malformed(Text(zh: "决定的理由和待遇都应是列表", en: "the decision's reasons and benefits must be lists"))
        }
        let parts = reasonValues.count + benefitValues.count
        guard parts <= ResultLimits.partsPerDecision else {
            throw malformed(Text(zh: "一项决定最多只能有 \(ResultLimits.partsPerDecision) 个理由和待遇，这一项有 \(parts) 个",
                                 en: "a decision may carry at most \(ResultLimits.partsPerDecision) reasons and benefits, this one has \(parts)"))
        }
        guard !reasonValues.isEmpty else {
            throw malformed(Text(zh: "\(outcome.rawValue) 至少要有一个理由", en: "\(outcome.rawValue) needs at least one reason"))
        }
        var reasons: [Reason] = []
        for (position, value) in reasonValues.enumerated() {
            reasons.append(try reason(value, policy: nil, what: Text(zh: "第 \(position + 1) 个理由", en: "reason \(position + 1)"),
                                      fallback: decidedAt))
        }
        var benefits: [Benefit] = []
        for (position, value) in benefitValues.enumerated() {
            benefits.append(try benefit(value, what: Text(zh: "第 \(position + 1) 项待遇", en: "benefit \(position + 1)"), fallback: decidedAt))
        }
        if outcome == .eligible {
            guard !benefits.isEmpty else { throw malformed(Text(zh: "eligible 至少要有一项待遇", en: "eligible needs at least one benefit")) }
        } else if let paid = benefits.first(where: { !$0.isService }) {
            throw malformed(Text(zh: "\(outcome.rawValue) 可以带服务，但不能带 \(paid.kindName)",
                                 en: "\(outcome.rawValue) can carry services but not \(paid.kindName)"))
        }
        // Each amount is at most the ceiling and there are at most 200: these sums cannot overflow.
        var cashPerYear = Money.zero, entitlements = Money.zero
        for benefit in benefits {
            switch benefit {
            case .cash(let amount, let period, _): cashPerYear += Money(fen: amount.fen * period.timesAYear)
            case .entitlement(let amount, _, _, _): entitlements += amount
            default: break
            }
        }
        if cashPerYear > ResultLimits.largestAmount || entitlements > ResultLimits.largestAmount {
            throw malformed(Text(zh: "这项决定每年发放超过 \(ResultLimits.largestAmount.grouped) 元，超出了任何决定的上限",
                                 en: "the decision pays more than \(ResultLimits.largestAmount.grouped) yuan a year, the most any decision may"))
        }
        return (outcome, reasons, benefits, decidedAt)
    }

    /// A reason: a code like `deep_hardship`, a text and a citation, none of them blank.
    func reason(_ value: LuaValue, policy: String?, what: @autoclosure () -> Text, fallback: SourceLocation?) throws(MalformedResult) -> Reason {
        let location = location(value), place = location ?? fallback
        guard let code = value["code"].stringValue, isLuaName(code) else {
            let what = what()
            throw MalformedResult(message: Text(zh: "\(what.zh)：代码应是像 'deep_hardship' 这样的简短名字",
                                                en: "\(what.en): the code must be a short name like 'deep_hardship'"), location: place)
        }
        guard let text = nonBlank(value["text"]), let citation = nonBlank(value["cite"]) else {
            let what = what()
            throw MalformedResult(message: Text(zh: "\(what.zh) '\(code)' 要有说明文字和依据", en: "\(what.en) '\(code)' needs a text and a citation"),
                                  location: place)
        }
        return Reason(code: code, text: text, citation: citation, location: location, policy: policy)
    }

    func benefit(_ value: LuaValue, what: @autoclosure () -> Text, fallback: SourceLocation?) throws(MalformedResult) -> Benefit {
        let place = location(value) ?? fallback
        func malformed(_ message: Text) -> MalformedResult {
            let what = what()
            return MalformedResult(message: Text(zh: "\(what.zh)：\(message.zh)", en: "\(what.en): \(message.en)"), location: place)
        }
        func period() throws(MalformedResult) -> Period {
            guard let period = value["period"].stringValue.flatMap(Period.init(rawValue:)) else {
                throw malformed(Text(zh: "发放周期应是 once、monthly 或 yearly", en: "the period must be once, monthly or yearly"))
            }
            return period
        }
        func label() throws(MalformedResult) -> String? {
            if case .nil = value["label"] { return nil }
            guard let label = nonBlank(value["label"]) else { throw malformed(Text(zh: "标签应是文字", en: "a label must be text")) }
            return label
        }
        switch value["kind"].stringValue {
        case "cash":
            return .cash(try amount(value["amount"], what: what(), at: place), try period(), label: try label())
        case "entitlement":
            guard let payer = nonBlank(value["payer"]) else {
                throw malformed(Text(zh: "entitlement 要写明由谁支付", en: "an entitlement must say who pays"))
            }
            return .entitlement(try amount(value["amount"], what: what(), at: place), try period(), payer: payer, label: try label())
        case "in_kind":
            guard let item = nonBlank(value["item"]), let unit = nonBlank(value["unit"]) else {
                throw malformed(Text(zh: "实物要写明物品和单位", en: "goods in kind need an item and a unit"))
            }
            guard let quantity = value["quantity"].integerValue, (1...ResultLimits.largestQuantity).contains(quantity) else {
                throw malformed(Text(zh: "数量应是 1 到 \(ResultLimits.largestQuantity) 之间的整数",
                                     en: "the quantity must be a whole number from 1 to \(ResultLimits.largestQuantity)"))
            }
            if case .nil = value["value"] { return .inKind(item: item, quantity: quantity, unit: unit, value: nil) }
            return .inKind(item: item, quantity: quantity, unit: unit, value: try amount(value["value"], what: what(), at: place))
        case "service":
            guard let name = nonBlank(value["name"]) else { throw malformed(Text(zh: "服务要有名称", en: "a service needs a name")) }
            if case .nil = value["detail"] { return .service(name: name, detail: nil) }
            guard let detail = nonBlank(value["detail"]) else {
                throw malformed(Text(zh: "服务的说明应是文字", en: "a service's detail must be text"))
            }
            return .service(name: name, detail: detail)
        default:
            if let fen = value.integerValue {
                let yuan = Money(fen: fen).grouped
                throw malformed(Text(zh: "数字 \(fen)（作为金额是 \(yuan) 元）不是待遇：写成 cash(\(fen), 周期, 标签)",
                                     en: "the bare number \(fen) (as an amount, \(yuan) yuan) is not a benefit; write cash(\(fen), period, label)"))
            }
            throw malformed(Text(zh: "不是由 cash、entitlement、in_kind 或 service 生成的待遇",
                                 en: "not a benefit made by cash, entitlement, in_kind or service"))
        }
    }

    /// Whole fen from 0 to the ceiling.
    func amount(_ value: LuaValue, what: @autoclosure () -> Text, at place: SourceLocation?) throws(MalformedResult) -> Money {
        guard let fen = value.integerValue else {
            let what = what()
            throw MalformedResult(message: Text(zh: "\(what.zh)：金额应是以分计的整数", en: "\(what.en): the amount must be whole fen"),
                                  location: place)
        }
        guard (0...ResultLimits.largestAmount.fen).contains(fen) else {
            let what = what(), yuan = Money(fen: fen).grouped, largest = ResultLimits.largestAmount.grouped
            throw MalformedResult(message: Text(zh: "\(what.zh)：金额 \(yuan) 元不在 0 到 \(largest) 元之间",
                                                en: "\(what.en): the amount \(yuan) yuan is outside 0 to \(largest) yuan"), location: place)
        }
        return Money(fen: fen)
    }

    /// Text with something other than white space in it. By scalar: the same answer as by character
    /// (a combining mark after a space is not white space), without breaking the text into graphemes.
    private func nonBlank(_ value: LuaValue) -> String? {
        guard let text = value.stringValue, text.unicodeScalars.contains(where: { !$0.properties.isWhitespace }) else { return nil }
        return text
    }
}

extension Benefit {
    /// The rule-contract name of this kind of benefit.
    var kindName: String {
        switch self {
        case .cash: "cash"
        case .entitlement: "entitlement"
        case .inKind: "in_kind"
        case .service: "service"
        }
    }
}
