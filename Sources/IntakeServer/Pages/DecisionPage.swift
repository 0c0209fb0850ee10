import DecisionFormats
import Eligibility
import IntakeRegister

/// The decision sheet (decision.mustache), rendered from the answer the register keeps (`bangfu.assessment/1`
/// JSON as it was sent), so the page shows the decision exactly as it was given, even after the rules
/// changed. A stored answer that cannot be read is said to be so (decision-unreadable.mustache).
enum DecisionPage {
    static let title = "帮扶资格评估单"

    struct View: PageView {
        let id: Int64
        let applicantName: String
        /// Masked, or a dash.
        let applicantID: String
        let date: String
        /// Who recorded it, and when.
        let actor: String
        let recordedAt: String
        let ruleSet: RuleSetView
        let complete: Bool
        let programmes: [Programme]
        /// The cash of eligible programmes, every period in the sheet's order.
        let totals: [Total]
        let perYear: String
    }

    struct Programme: PageView {
        let programme: String
        /// Its place on the sheet, from 1.
        let number: Int
        let title: String
        /// The outcome's code, for the class and `data-outcome`, and its label.
        let outcome: String
        let outcomeLabel: String
        let basis: String?
        let benefits: Benefits?
        let reasons: Reasons?
        /// Why the rules failed, when they did.
        let failure: String?
    }

    struct Benefits: PageView {
        let lines: [String]
    }

    struct Reasons: PageView {
        let items: [Reason]
    }

    struct Reason: PageView {
        let text: String
        let citation: String?
    }

    struct Total: PageView {
        let period: String
        let amount: String
    }

    struct Unreadable: PageView {
        let id: Int64
        /// What was wrong with the stored answer, for whoever looks into the register.
        let detail: String
    }

    static func render(_ entry: StoredAssessment, session: WebSession) -> String {
        let answer: AssessmentDocument
        do {
            answer = try AssessmentDocument(json: entry.decisionJSON)
        } catch {
            return Layout.page(.decisionUnreadable, Unreadable(id: entry.id, detail: error.description), title: title, session: session)
        }
        let view = View(
            id: entry.id, applicantName: answer.applicantName ?? "（未填姓名）", applicantID: answer.applicantID.map(DecisionSheet.masked) ?? "—",
            date: answer.date.description, actor: entry.actor, recordedAt: entry.createdAt,
            ruleSet: RuleSetView(title: answer.ruleSetTitle, hash: answer.ruleSetHash), complete: answer.complete,
            programmes: answer.decisions.enumerated().map { programme($1, number: $0 + 1) },
            totals: Period.allCases.map { Total(period: DecisionLabels.period($0), amount: (answer.cashTotals[$0] ?? .zero).plain) },
            perYear: answer.cashPerYear.plain)
        return Layout.page(.decision, view, title: title, session: session)
    }

    static func programme(_ decision: AssessmentDocument.Decision, number: Int) -> Programme {
        Programme(
            programme: decision.programme, number: number, title: decision.title,
            outcome: decision.outcome.rawValue, outcomeLabel: DecisionLabels.outcome(decision.outcome),
            basis: decision.basis.isEmpty ? nil : decision.basis,
            benefits: decision.benefits.isEmpty ? nil : Benefits(lines: decision.benefits.map(DecisionLabels.benefitLine)),
            reasons: decision.reasons.isEmpty ? nil : Reasons(items: decision.reasons.map {
                Reason(text: $0.text, citation: $0.citation.isEmpty ? nil : $0.citation)
            }),
            failure: decision.failure.map { "\(DecisionLabels.failure($0.kind))：\($0.message)" })
    }
}
