import Eligibility

/// The decision sheet a caseworker reads aloud at the window: per programme the outcome, benefits and
/// reasons with their legal basis, then the totals by period. With `explain`, the trace for policy
/// officers: facts, parameters (with the date each value applies from) and history items each decision
/// read, and the rule line behind every outcome and reason.
package struct DecisionSheet {
    package var explain: Bool

    package init(explain: Bool = false) { self.explain = explain }

    /// An ID number shows only its first 4 and last 4 characters on a sheet that leaves the office.
    package static func masked(_ id: String) -> String {
        guard id.count > 8 else { return String(repeating: "*", count: id.count) }
        return String(id.prefix(4)) + String(repeating: "*", count: id.count - 8) + String(id.suffix(4))
    }

    package func render(_ assessment: Assessment) -> String {
        var lines: [String] = []
        lines.append("帮扶资格评估单")
        var applicant = "申请人：\(assessment.applicantName ?? "（未填姓名）")"
        if let id = assessment.applicantID { applicant += "　　证件号：\(Self.masked(id))" }
        lines.append(applicant + "　　来源：\(assessment.profileSource)")
        lines.append("评估日期：\(assessment.date)　　规则：\(assessment.ruleSetTitle)（版本 \(assessment.ruleSetHash.prefix(12))）")
        lines.append("已有帮扶记录：" + (assessment.history.isEmpty ? "无" : "\(assessment.history.grants.count) 条，评估已据此计算"))
        lines.append(String(repeating: "─", count: 40))
        for (position, decision) in assessment.decisions.enumerated() {
            lines.append("")
            lines += section(decision, number: position + 1, in: assessment)
        }
        lines.append("")
        lines.append(String(repeating: "─", count: 40))
        lines += summary(assessment)
        for failure in assessment.policyFailures {
            lines.append("！跨项目政策「\(failure.policy ?? "")」未能执行（\(failure)）：各项目结果未经该政策调整，请联系政策专员。")
        }
        if explain && !assessment.policyParametersUsed.isEmpty {
            lines.append("")
            lines.append("【跨项目政策使用的参数】")
            lines += assessment.policyParametersUsed.map { "  " + Self.parameterLine($0) }
        }
        if explain && !assessment.policyHistoryUsed.isEmpty {
            lines.append("")
            lines.append("【跨项目政策使用的帮扶记录】")
            lines += assessment.policyHistoryUsed.map { "  " + Self.historyLine($0, in: assessment) }
        }
        if explain && !assessment.history.isEmpty {
            lines.append("")
            lines.append("【帮扶记录】")
            lines += assessment.history.grants.indices.map { "  " + Self.historyLine($0 + 1, in: assessment) }
        }
        if explain && !assessment.facts.isEmpty {
            lines.append("")
            lines.append("【事实】")
            for fact in assessment.facts {
                lines.append("  \(fact.title)（\(fact.id)）= \(Self.factText(fact.value))" + (fact.location.map { "　@ \($0)" } ?? ""))
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private func section(_ decision: ProgrammeDecision, number: Int, in assessment: Assessment) -> [String] {
        let outcome = DecisionLabels.outcome(decision.outcome, reasons: decision.reasons, benefits: decision.benefits)
        var lines = ["\(number). \(decision.title) —— \(outcome)"]
        if !decision.basis.isEmpty { lines.append("   依据：\(decision.basis)") }
        for benefit in decision.benefits { lines.append("   待遇：\(DecisionLabels.benefit(benefit))") }
        for reason in decision.reasons {
            var line = "   · \(reason.text)〔\(reason.citation)〕"
            if reason.policy != nil { line += "（跨项目政策）" }
            if explain, let location = reason.location { line += "　@ \(location)" }
            lines.append(line)
        }
        if !decision.missing.isEmpty {
            lines.append("   需要补充：" + decision.missing.map(\.label).joined(separator: "、"))
        }
        if let failure = decision.failure {
            lines.append("   ！\(DecisionLabels.failure(failure.kind))：\(failure)")
            lines.append("   此项目暂无法判定，其他项目不受影响；请将此信息转交政策专员。")
        }
        if explain { lines += trace(decision, in: assessment) }
        return lines
    }

    private func trace(_ decision: ProgrammeDecision, in assessment: Assessment) -> [String] {
        var lines: [String] = []
        if let decidedAt = decision.decidedAt, decision.failure == nil { lines.append("   [判定] \(decidedAt)") }
        if !decision.factsUsed.isEmpty { lines.append("   [事实] " + decision.factsUsed.joined(separator: "、")) }
        for use in decision.parametersUsed { lines.append("   [参数] " + Self.parameterLine(use)) }
        for number in decision.historyUsed { lines.append("   [记录] " + Self.historyLine(number, in: assessment)) }
        return lines
    }

    /// `#1 生活救助（living_relief）9,400.00 元，2026-03-10 发放；资金 centre；计入收入`.
    static func historyLine(_ number: Int, in assessment: Assessment) -> String {
        guard let grant = assessment.historyItem(number) else { return "#\(number)（不在帮扶记录中）" }
        let title = assessment.decision(grant.programme)?.title ?? grant.programme
        let paid = switch grant.schedule {
        case .once: "\(grant.amount.grouped) 元，\(grant.granted) 发放"
        case .monthly(let months): "每月 \(grant.amount.grouped) 元，自 \(grant.granted) 起共 \(months) 个月"
        }
        return "#\(number) \(title)（\(grant.programme)）\(paid)；资金 \(grant.fund)；" + (grant.countsAsIncome ? "计入收入" : "不计入收入")
            + (grant.reference.map { "；\($0)" } ?? "")
    }

    private func summary(_ assessment: Assessment) -> [String] {
        var lines: [String] = []
        let labels = assessment.decisions.map { DecisionLabels.outcome($0.outcome, reasons: $0.reasons, benefits: $0.benefits) }
        // the first three are always counted, the others only when some decision has them
        let counted: [(label: String, always: Bool)] = [
            (DecisionLabels.outcome(.eligible), true), (DecisionLabels.assistToApply, false),
            (DecisionLabels.outcome(.ineligible), true), (DecisionLabels.withheldByPolicy, false),
            (DecisionLabels.outcome(.refer), true), (DecisionLabels.outcome(.needsInformation), false),
        ]
        let counts = counted.compactMap { item -> String? in
            let count = labels.filter { $0 == item.label }.count
            return count > 0 || item.always ? "\(item.label) \(count) 项" : nil
        }
        let errors = assessment.decisions.filter { $0.outcome == .error }.count
        lines.append("结果：" + counts.joined(separator: "，") + (errors > 0 ? "，规则出错 \(errors) 项" : ""))
        let totals = assessment.cashTotals
        let cash = Period.allCases.compactMap { period in totals[period].map { "\(DecisionLabels.period(period)) \($0.grouped) 元" } }
        lines.append("现金帮扶合计：" + (cash.isEmpty ? "无" : cash.joined(separator: "；")))
        let entitlements = assessment.decisions.filter { $0.outcome == .eligible }.flatMap { decision in
            decision.benefits.compactMap { benefit -> (text: String, deduction: Bool)? in
                guard case .entitlement(let amount, let period, let payer, let label) = benefit else { return nil }
                let name = label ?? decision.title
                return ("\(name) \(amount.grouped) 元（\(DecisionLabels.period(period))，\(DecisionLabels.paidBy(payer, label: name))）",
                        DecisionLabels.isDeductionLimit(name))
            }
        }
        let owed = entitlements.filter { !$0.deduction }.map(\.text)
        if !owed.isEmpty { lines.append("应由他方支付：" + owed.joined(separator: "；")) }
        let deductions = entitlements.filter(\.deduction).map(\.text)
        if !deductions.isEmpty { lines.append("可申报扣减：" + deductions.joined(separator: "；")) }
        let referred = assessment.decisions.filter { $0.outcome == .refer }.map(\.title)
        if !referred.isEmpty { lines.append("待工作人员审核：" + referred.joined(separator: "、")) }
        let missing = assessment.missing
        if !missing.isEmpty {
            lines.append("待补充情况：" + missing.map(\.label).joined(separator: "、"))
            let documents = Self.documentsToBring(missing)
            if !documents.isEmpty { lines.append("请携带：" + documents.joined(separator: "、")) }
        }
        return lines
    }

    /// The documents that prove the missing fields, once each, in the order first needed.
    package static func documentsToBring(_ missing: [MissingInformation]) -> [String] {
        var seen: Set<String> = []
        return missing.compactMap(\.evidence).filter { seen.insert($0).inserted }
    }

    package static func factText(_ value: FactValue.Value) -> String {
        switch value {
        case .money(let money): "\(money.grouped) 元"
        case .integer(let n): String(n)
        case .boolean(let b): b ? "是" : "否"
        case .string(let text): text
        case .date(let date): date.description
        case .ratio(let x): String(x)
        case .enumeration(let code, let label): "\(label)（\(code)）"
        case .unknown(let needs): "未知（缺少 \(needs.joined(separator: "、"))）"
        }
    }

    static func parameterLine(_ use: ParameterUse) -> String {
        "\(use.label)（\(use.path)\(use.on.map { "，按 \($0) 适用" } ?? "")）= \(parameterText(use.value)) \(DecisionLabels.unit(use.unit))，自 \(use.from) 起；\(use.reference)"
    }

    package static func parameterText(_ value: ParameterValue) -> String {
        switch value {
        case .money(let money): money.grouped
        case .decimal(let text): text
        case .whole(let n): String(n)
        case .list(let items): "[" + items.map(parameterText).joined(separator: ", ") + "]"
        case .table(let entries):
            "{" + entries.sorted { $0.key < $1.key }.map { "\($0.key): \(parameterText($0.value))" }.joined(separator: ", ") + "}"
        }
    }
}
