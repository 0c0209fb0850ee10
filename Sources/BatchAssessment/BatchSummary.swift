import DecisionFormats
import Eligibility

/// The end of a batch: how many records, how they came out per programme, and the centre's cash.
package struct BatchSummary: Sendable {
    package var records = 0
    /// Records that could not be assessed (unreadable, or not valid against the schema).
    package var unreadable = 0
    /// Records assessed with at least one failing rule.
    package var withRuleFailures = 0
    package var programmes: [String]
    package var outcomes: [String: [Outcome: Int]] = [:]
    package var cash: [String: [Period: Money]] = [:]

    init(programmes: [String]) { self.programmes = programmes }

    mutating func add(_ outcome: RecordOutcome) {
        records += 1
        if outcome.unreadable { unreadable += 1 } else if outcome.failed { withRuleFailures += 1 }
        for decision in outcome.decisions {
            outcomes[decision.programme, default: [:]][decision.outcome, default: 0] += 1
            cash[decision.programme, default: [:]].add(decision.cash)
        }
    }

    package var cashTotals: [Period: Money] {
        var totals: [Period: Money] = [:]
        for byPeriod in cash.values { totals.add(byPeriod) }
        return totals
    }

    /// Monthly cash counted twelve times.
    package var cashPerYear: Money { cashTotals.perYear }

    package func text(in language: Language) -> String {
        func say(_ zh: String, _ en: String) -> String { Text(zh: zh, en: en).rendered(in: language) }
        var rows = [[say("项目", "programme")] + Outcome.allCases.map(\.rawValue) + Period.allCases.map(\.rawValue)]
        for id in programmes {
            let counts = outcomes[id] ?? [:]
            rows.append([id] + Outcome.allCases.map { String(counts[$0] ?? 0) }
                        + Period.allCases.map { (cash[id]?[$0] ?? .zero).grouped })
        }
        let totals = cashTotals
        rows.append([say("合计", "total")] + Outcome.allCases.map { _ in "" } + Period.allCases.map { (totals[$0] ?? .zero).grouped })
        let widths = rows[0].indices.map { column in rows.map { $0[column].displayWidth }.max() ?? 0 }
        let assessed = records - unreadable - withRuleFailures
        var lines = [say("共 \(records) 条记录：评估 \(assessed) 条，规则出错 \(withRuleFailures) 条，无法评估 \(unreadable) 条",
                         "\(records) records: \(assessed) assessed, \(withRuleFailures) with failing rules, \(unreadable) not assessable")]
        lines += rows.map { row in
            row.enumerated().map { column, cell in
                let padding = String(repeating: " ", count: widths[column] - cell.displayWidth)
                return column == 0 ? cell + padding : padding + cell
            }.joined(separator: "  ")
        }
        lines.append(say("帮扶中心每年现金（每月 × 12）：\(cashPerYear.grouped) 元", "centre's cash a year (monthly × 12): \(cashPerYear.grouped) yuan"))
        return lines.joined(separator: "\n") + "\n"
    }
}
