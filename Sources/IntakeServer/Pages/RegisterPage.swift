import DecisionFormats
import Eligibility
import Foundation
import IntakeRegister

/// 登记簿: search the register (GET form, so a search can be bookmarked) and open each entry's sheet.
/// Each entry shows its outcomes counted, and entries waiting for information or a caseworker stand out
/// and can be listed alone.
enum RegisterPage {
    struct Filters: Sendable {
        var applicantID = "", name = "", from = "", to = "", programme = "", outcome = ""

        /// This search as a link, with its outcome replaced by `outcome`.
        func link(outcome: String) -> String {
            var allowed = CharacterSet.alphanumerics
            allowed.insert(charactersIn: "-._~")
            let pairs = [("applicant_id", applicantID), ("name", name), ("from", from), ("to", to), ("programme", programme),
                         ("outcome", outcome)]
            return "/register?" + pairs.filter { !$0.1.isEmpty }
                .map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")" }.joined(separator: "&")
        }
    }

    struct View: PageView {
        let filters: Filters
        let programmes: [OptionView]
        let outcomes: [OptionView]
        let error: String?
        let entries: Entries?
    }

    struct Entries: PageView {
        let count: Int
        let rows: [Row]
        /// Links that list only the entries waiting for information or for a caseworker, with how many
        /// of the entries shown do; absent when none does.
        let waiting: Waiting?
    }

    struct Waiting: PageView {
        let links: [WaitingFilter]
    }

    struct WaitingFilter: PageView {
        let outcome: String
        let label: String
        let count: Int
        let link: String
    }

    struct Row: PageView {
        let id: Int64
        let date: String
        let applicant: String
        let maskedID: String
        /// The programmes it was eligible for.
        let eligible: String
        let badges: [OutcomeBadge]
        /// Waiting for information or a caseworker.
        let waits: Bool
        let actor: String
    }

    static func render(filters: Filters, entries: [AssessmentSummary], programmes: [(id: String, title: String)],
                       error: String?, session: WebSession) -> String {
        let titles = Dictionary(programmes.map { ($0.id, $0.title) }, uniquingKeysWith: { a, _ in a })
        let rows = entries.map { entry in
            let eligible = entry.outcomes.filter { $0.value == "eligible" }.keys.sorted().map { titles[$0] ?? $0 }
            return Row(id: entry.id, date: entry.assessmentDate, applicant: entry.applicantName ?? "（未填）",
                       maskedID: entry.applicantID.map(DecisionSheet.masked) ?? "—",
                       eligible: eligible.isEmpty ? "无" : eligible.joined(separator: "、"),
                       badges: OutcomeBadge.badges(entry.outcomes), waits: OutcomeBadge.waits(entry.outcomes), actor: entry.actor)
        }
        let waiting = [Outcome.needsInformation, .refer].map { outcome in
            WaitingFilter(outcome: outcome.rawValue, label: DecisionLabels.outcome(outcome),
                          count: entries.filter { $0.outcomes.values.contains(outcome.rawValue) }.count,
                          link: filters.link(outcome: outcome.rawValue))
        }.filter { $0.count > 0 }
        let view = View(
            filters: filters,
            programmes: programmes.map { OptionView(value: $0.id, label: $0.title, selected: $0.id == filters.programme) },
            outcomes: Outcome.allCases.map {
                OptionView(value: $0.rawValue, label: DecisionLabels.outcome($0), selected: $0.rawValue == filters.outcome)
            },
            error: error,
            entries: rows.isEmpty ? nil : Entries(count: rows.count, rows: rows,
                                                  waiting: waiting.isEmpty ? nil : Waiting(links: waiting)))
        return Layout.page(.register, view, title: "登记簿", session: session)
    }
}
