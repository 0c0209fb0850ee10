import DecisionFormats
import Eligibility

extension ImpactReport {
    /// For a policy officer: who changed and how, then per programme, then the budget line.
    package func text(baseName: String) -> String {
        var lines = [
            "Rule change: base \(baseHash.prefix(12)) (\(baseName)) → current \(currentHash.prefix(12))",
            "Applicants: \(applicants) assessed, \(changed.count) with changed decisions, \(problems.count) not assessable"
                + (ruleFailures > 0 ? ", \(ruleFailures) assessments with failing rules" : ""),
        ]
        for applicant in changed {
            lines.append("")
            lines.append("\(applicant.applicantName ?? applicant.label) — \(applicant.source) (on \(applicant.date))")
            for change in applicant.decisions {
                lines.append("  \(change.programme) \(change.title): \(Self.describe(change.before)) → \(Self.describe(change.after))")
                let before = Set(change.before?.reasons ?? []), after = Set(change.after?.reasons ?? [])
                let added = (change.after?.reasons ?? []).filter { !before.contains($0) }
                let removed = (change.before?.reasons ?? []).filter { !after.contains($0) }
                if !added.isEmpty || !removed.isEmpty {
                    lines.append("    reasons: " + (added.map { "+\($0)" } + removed.map { "-\($0)" }).joined(separator: " "))
                }
            }
        }
        for (source, diagnostics) in problems {
            lines.append("")
            lines.append("not assessable: \(source)")
            lines += diagnostics.map { "  \($0)" }
        }
        lines.append("")
        lines.append("Per programme (cash paid by the centre):")
        let header = ["programme", "gain", "lose", "pending", "changed", "once", "monthly", "yearly", "a year"]
        var rows = [header]
        for impact in programmes where impact.changed > 0 {
            rows.append([impact.programme, String(impact.gained), String(impact.lost), String(impact.pending), String(impact.changed)]
                        + Period.allCases.map { Self.signed(impact.cashChange[$0] ?? .zero) } + [Self.signed(impact.cashPerYearChange)])
        }
        if rows.count == 1 { lines.append("  no programme changed") } else { lines += Self.table(rows) }
        lines.append("")
        lines.append("Total: \(Self.signed(cashPerYearChange)) yuan a year over \(applicants) applicants"
                     + (pendingCashPerYear == .zero ? "" : ", of which -\(pendingCashPerYear.grouped) only waits for information"
                        + " (decisions that now need a field their applicants were never asked)"))
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

    static func describe(_ summary: DecisionSummary?) -> String {
        guard let summary else { return "(no such programme)" }
        var text = summary.outcome.rawValue
        let cash = Period.allCases.compactMap { period in summary.cash[period].map { "\($0.grouped) \(period.rawValue)" } }
        if !cash.isEmpty { text += " " + cash.joined(separator: " + ") }
        if summary.entitlements != .zero { text += " (owed \(summary.entitlements.grouped))" }
        if !summary.missing.isEmpty { text += " (" + summary.missing.joined(separator: ", ") + ")" }
        return text
    }

    static func signed(_ money: Money) -> String { (money.fen > 0 ? "+" : "") + money.grouped }

    /// Left-aligned first column, right-aligned figures.
    static func table(_ rows: [[String]]) -> [String] {
        let widths = rows[0].indices.map { column in rows.map { $0[column].count }.max() ?? 0 }
        return rows.map { row in
            "  " + row.enumerated().map { column, cell in
                let padding = String(repeating: " ", count: widths[column] - cell.count)
                return column == 0 ? cell + padding : padding + cell
            }.joined(separator: "  ")
        }
    }
}
