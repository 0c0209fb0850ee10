import DecisionFormats
import Eligibility
import Foundation
import IntakeRegister

/// 登记簿: search the register (GET form, so a search can be bookmarked) and open each entry's sheet.
enum RegisterPage {
    struct Filters: Sendable {
        var applicantID = "", name = "", from = "", to = "", programme = "", outcome = ""
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
    }

    struct Row: PageView {
        let id: Int64
        let date: String
        let applicant: String
        let maskedID: String
        /// The programmes it was eligible for.
        let eligible: String
        let actor: String
    }

    static func render(filters: Filters, entries: [AssessmentSummary], programmes: [(id: String, title: String)],
                       error: String?, session: WebSession) -> String {
        let titles = Dictionary(programmes.map { ($0.id, $0.title) }, uniquingKeysWith: { a, _ in a })
        let rows = entries.map { entry in
            let eligible = entry.outcomes.filter { $0.value == "eligible" }.keys.sorted().map { titles[$0] ?? $0 }
            return Row(id: entry.id, date: entry.assessmentDate, applicant: entry.applicantName ?? "（未填）",
                       maskedID: entry.applicantID.map(DecisionSheet.masked) ?? "—",
                       eligible: eligible.isEmpty ? "无" : eligible.joined(separator: "、"), actor: entry.actor)
        }
        let view = View(
            filters: filters,
            programmes: programmes.map { OptionView(value: $0.id, label: $0.title, selected: $0.id == filters.programme) },
            outcomes: Outcome.allCases.map {
                OptionView(value: $0.rawValue, label: DecisionLabels.outcome($0), selected: $0.rawValue == filters.outcome)
            },
            error: error, entries: rows.isEmpty ? nil : Entries(count: rows.count, rows: rows))
        return Layout.page(.register, view, title: "登记簿", session: session)
    }
}
