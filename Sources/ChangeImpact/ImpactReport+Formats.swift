import DecisionFormats
import Eligibility

extension ImpactReport {
    /// For a policy officer: who changed and how, then per programme, then the budget line.
    package func text(baseName: String, in language: Language) -> String {
        func say(_ zh: String, _ en: String) -> String { Text(zh: zh, en: en).rendered(in: language) }
        let (base, current) = (baseHash.prefix(12), currentHash.prefix(12))
        var lines = [
            say("规则变更：基准 \(base)（\(baseName)）→ 当前 \(current)", "Rule change: base \(base) (\(baseName)) → current \(current)"),
            say("申请人：评估 \(applicants) 人，决定有变化 \(changed.count) 人，无法评估 \(problems.count) 人"
                    + (ruleFailures > 0 ? "，规则出错的评估 \(ruleFailures) 次" : ""),
                "Applicants: \(applicants) assessed, \(changed.count) with changed decisions, \(problems.count) not assessable"
                    + (ruleFailures > 0 ? ", \(ruleFailures) assessments with failing rules" : "")),
        ]
        for applicant in changed {
            lines.append("")
            let name = applicant.applicantName ?? applicant.label
            lines.append(say("\(name) — \(applicant.source)（评估日期 \(applicant.date)）", "\(name) — \(applicant.source) (on \(applicant.date))"))
            for change in applicant.decisions {
                lines.append("  \(change.programme) \(change.title)" + say("：", ": ")
                             + "\(Self.describe(change.before, in: language)) → \(Self.describe(change.after, in: language))")
                let before = Set(change.before?.reasons ?? []), after = Set(change.after?.reasons ?? [])
                let added = (change.after?.reasons ?? []).filter { !before.contains($0) }
                let removed = (change.before?.reasons ?? []).filter { !after.contains($0) }
                if !added.isEmpty || !removed.isEmpty {
                    lines.append(say("    理由：", "    reasons: ") + (added.map { "+\($0)" } + removed.map { "-\($0)" }).joined(separator: " "))
                }
            }
        }
        for (source, diagnostics) in problems {
            lines.append("")
            lines.append(say("无法评估：", "not assessable: ") + source)
            lines += diagnostics.map { "  " + $0.rendered(in: language) }
        }
        lines.append("")
        lines.append(say("按项目（帮扶中心支付的现金）：", "Per programme (cash paid by the centre):"))
        let header = language == .zh ? ["项目", "新增", "失去", "待补充", "有变化", "一次", "每月", "每年", "全年合计"]
            : ["programme", "gain", "lose", "pending", "changed", "once", "monthly", "yearly", "a year"]
        var rows = [header]
        for impact in programmes where impact.changed > 0 {
            rows.append([impact.programme, String(impact.gained), String(impact.lost), String(impact.pending), String(impact.changed)]
                        + Period.allCases.map { Self.signed(impact.cashChange[$0] ?? .zero) } + [Self.signed(impact.cashPerYearChange)])
        }
        if rows.count == 1 { lines.append(say("  没有项目发生变化", "  no programme changed")) } else { lines += Self.table(rows) }
        lines.append("")
        let (total, pending) = (Self.signed(cashPerYearChange), pendingCashPerYear.grouped)
        lines.append(say("合计：每年 \(total) 元，涉及 \(applicants) 位申请人"
                             + (pendingCashPerYear == .zero ? "" : "，其中 -\(pending) 元只是在等待补充信息（这些决定现在需要申请人从未被问过的字段）"),
                         "Total: \(total) yuan a year over \(applicants) applicants"
                             + (pendingCashPerYear == .zero ? "" : ", of which -\(pending) only waits for information"
                                + " (decisions that now need a field their applicants were never asked)")))
        return lines.joined(separator: "\n") + "\n"
    }

    package func json(baseName: String) -> JSONValue {
        .object([
            ("format", .string("bangfu.impact/1")),
            ("base", .object([("name", .string(baseName)), ("hash", .string("sha256:" + baseHash))])),
            ("current", .object([("hash", .string("sha256:" + currentHash))])),
            ("applicants", .integer(Int64(applicants))),
            ("changed", .array(changed.map { applicant in
                .object([
                    ("source", .string(applicant.source)),
                    ("label", .string(applicant.label)),
                    ("applicant", applicant.applicantName.map(JSONValue.string) ?? .null),
                    ("date", .string(applicant.date.description)),
                    ("decisions", .array(applicant.decisions.map(DecisionChangeJSON.value))),
                ])
            })),
            ("not_assessable", .array(problems.map { source, diagnostics in
                .object([("source", .string(source)), ("problems", .array(diagnostics.map { .string($0.description) }))])
            })),
            ("programmes", .array(programmes.map { impact in
                .object([
                    ("programme", .string(impact.programme)), ("title", .string(impact.title)),
                    ("gained", .integer(Int64(impact.gained))), ("lost", .integer(Int64(impact.lost))),
                    ("changed", .integer(Int64(impact.changed))),
                    ("pending", .integer(Int64(impact.pending))),
                    ("pending_cash_per_year", .string(impact.pendingCashPerYear.plain)),
                    ("cash_change", AssessmentJSON.cash(impact.cashChange, everyPeriod: true)),
                    ("cash_per_year_change", .string(impact.cashPerYearChange.plain)),
                ])
            })),
            ("cash_per_year_change", .string(cashPerYearChange.plain)),
            ("pending_cash_per_year", .string(pendingCashPerYear.plain)),
            ("rule_failures", .integer(Int64(ruleFailures))),
        ])
    }

    static func describe(_ summary: DecisionSummary?, in language: Language) -> String {
        guard let summary else { return Text(zh: "（没有这个项目）", en: "(no such programme)").rendered(in: language) }
        var text = summary.outcome.rawValue
        let cash = Period.allCases.compactMap { period in summary.cash[period].map { "\($0.grouped) \(period.rawValue)" } }
        if !cash.isEmpty { text += " " + cash.joined(separator: " + ") }
        if summary.entitlements != .zero {
            text += Text(zh: "（他方应付 \(summary.entitlements.grouped)）", en: " (owed \(summary.entitlements.grouped))").rendered(in: language)
        }
        if !summary.missing.isEmpty {
            let missing = summary.missing.joined(separator: ", ")
            text += language == .zh ? "（\(missing)）" : " (\(missing))"
        }
        return text
    }

    static func signed(_ money: Money) -> String { (money.fen > 0 ? "+" : "") + money.grouped }

    /// Left-aligned first column, right-aligned figures.
    static func table(_ rows: [[String]]) -> [String] {
        let widths = rows[0].indices.map { column in rows.map { $0[column].displayWidth }.max() ?? 0 }
        return rows.map { row in
            "  " + row.enumerated().map { column, cell in
                let padding = String(repeating: " ", count: widths[column] - cell.displayWidth)
                return column == 0 ? cell + padding : padding + cell
            }.joined(separator: "  ")
        }
    }
}
