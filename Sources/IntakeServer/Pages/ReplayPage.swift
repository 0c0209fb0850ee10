import DecisionFormats
import Eligibility
import IntakeRegister

/// A stored decision assessed again (replay.mustache): per programme the outcome and cash then (the rules
/// it was made with, rebuilt from the register) and now (the running rules), and whether the original
/// rules give back the stored sheet exactly.
enum ReplayPage {
    struct View: PageView {
        let id: Int64
        let date: String
        let originalRules: RuleSetView
        let currentRules: RuleSetView
        let reproduced: Bool
        /// Only the sides that could not assess the profile.
        let problems: [Problems]
        /// Absent when either side could not assess the profile.
        let comparison: Comparison?
    }

    struct Problems: PageView {
        /// Which side: 当时规则 or 现行规则.
        let rules: String
        let messages: [String]
    }

    struct Comparison: PageView {
        let sameRules: Bool
        let rows: [Row]
        /// Whether some programme changed in what the table does not show: its reasons or entitlements.
        let beyondTheTable: Bool
    }

    struct Row: PageView {
        let programme: String
        let title: String
        let outcomeThen: String
        let cashThen: String
        let outcomeNow: String
        let cashNow: String
        let changed: Bool
    }

    static func render(_ replay: DecisionReplay, session: WebSession) -> String {
        let sides = [("当时规则", replay.originalProblems), ("现行规则", replay.currentProblems)]
        let view = View(
            id: replay.entry.id, date: replay.date.description,
            originalRules: RuleSetView(title: replay.originalTitle, hash: replay.originalHash),
            currentRules: RuleSetView(title: replay.currentTitle, hash: replay.currentHash),
            reproduced: replay.reproduced,
            problems: sides.filter { !$0.1.isEmpty }.map { side, problems in
                Problems(rules: side, messages: problems.map { ($0.path.map { $0 + "：" } ?? "") + $0.message.zh })
            },
            comparison: replay.decisions.isEmpty ? nil : Comparison(
                sameRules: replay.currentHash == replay.originalHash,
                rows: replay.decisions.map {
                    Row(programme: $0.programme, title: $0.title, outcomeThen: outcome($0.before), cashThen: cash($0.before),
                        outcomeNow: outcome($0.after), cashNow: cash($0.after), changed: $0.differs)
                },
                beyondTheTable: replay.changes.contains { $0.before?.reasons != $0.after?.reasons || $0.before?.entitlements != $0.after?.entitlements }))
        return Layout.page(.replay, view, title: "按现行规则重新评估", session: session)
    }

    static func outcome(_ summary: DecisionSummary?) -> String {
        summary.map { DecisionLabels.outcome($0.outcome) } ?? "（无此项目）"
    }

    static func cash(_ summary: DecisionSummary?) -> String {
        guard let summary else { return "—" }
        let parts = Period.allCases.compactMap { period in
            summary.cash[period].map { "\(DecisionLabels.period(period)) \($0.plain) 元" }
        }
        return parts.isEmpty ? "—" : parts.joined(separator: "，")
    }
}
