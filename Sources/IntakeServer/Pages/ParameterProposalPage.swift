import ChangeImpact
import DecisionFormats
import Eligibility
import Foundation
import IntakeRegister

/// One proposal (`/parameters/proposals/:id`): the change, what `check`, the cases and the caseload make
/// of it, and the forms that publish, refuse or withdraw it.
enum ParameterProposalPage {
    struct View: PageView {
        let id: Int64
        let change: String
        let reference: String
        let proposedBy: String
        let proposedAt: String
        let status: String
        let decided: String?
        let reason: String?
        let review: Review?
        let forms: Forms?
    }

    struct Review: PageView {
        let checkPassed: Bool
        let checkProblems: TableRows<RulesStatusPage.Row>?
        let casesRan: Bool
        let casesRun: Int
        let casesFailed: Int
        let caseFailures: TableRows<RulesStatusPage.Row>?
        let impactDate: String
        let applicants: Int
        let changedApplicants: Int
        let programmes: TableRows<ProgrammeLine>?
        /// The change in the centre's cash a year, signed yuan.
        let budgetLine: String
        let pending: String?
        let changed: TableRows<ApplicantLine>?
        let notAssessable: Int?
    }

    struct ProgrammeLine: PageView {
        let title: String
        let gained: Int
        let lost: Int
        let changed: Int
        let cashPerYear: String
    }

    struct ApplicantLine: PageView {
        let label: String
        let source: String
        let changes: String
    }

    struct Forms: PageView {
        let id: Int64
        let csrfToken: String
        let summary: ErrorSummary?
        /// Another officer than the proposer: publish or refuse; the proposer: withdraw.
        let decidesAsSecond: Bool
        let reason: ReferralsPage.Field
    }

    /// How many changed applicants the page lists.
    static let changedShown = 50

    static func render(_ stored: StoredProposal, ruleSet: RuleSet, review: ProposalReview?, problems: [IntakeApplication.FieldProblem] = [],
                       reason: String = "", session: WebSession) -> String {
        var forms: Forms?
        if stored.status == .open, session.account.role.proposesParameters {
            let summary = ErrorSummary(problems.map {
                ErrorSummary.Problem(target: "f-" + $0.field, label: ParametersPage.fieldLabels[$0.field] ?? $0.field, message: $0.message)
            })
            forms = Forms(id: stored.id, csrfToken: session.csrfToken, summary: summary,
                          decidesAsSecond: session.account.name != stored.proposal.proposedBy,
                          reason: ReferralsPage.Field(id: "reason", name: "reason", label: "理由（驳回或撤回时必填）", value: reason,
                                                      error: problems.first { $0.field == "reason" }?.message))
        }
        let view = View(id: stored.id, change: ParametersPage.change(stored.proposal, ruleSet), reference: stored.proposal.reference,
                        proposedBy: stored.proposal.proposedBy, proposedAt: stored.proposedAt.formatted(.iso8601),
                        status: ParametersPage.statusLabel(stored.status),
                        decided: stored.decidedBy.map { by in "\(by)，\(stored.decidedAt?.formatted(.iso8601) ?? "")" }, reason: stored.reason,
                        review: review.map(Self.review), forms: forms)
        return Layout.page(.parameterProposal, view, title: "参数修改建议 #\(stored.id)", session: session)
    }

    static func review(_ review: ProposalReview) -> Review {
        let report = review.impact
        func rows(_ problems: [Diagnostic]) -> TableRows<RulesStatusPage.Row>? {
            TableRows(problems.map { RulesStatusPage.Row(file: $0.file, line: $0.line, path: $0.path, message: $0.message.zh) })
        }
        let changed = report.changed.prefix(changedShown).map { applicant in
            ApplicantLine(label: applicant.applicantName ?? applicant.label, source: applicant.source,
                          changes: applicant.decisions.map { change in
                              "\(change.title)：\(describe(change.before)) → \(describe(change.after))"
                          }.joined(separator: "；"))
        }
        return Review(checkPassed: review.checkProblems.isEmpty, checkProblems: rows(review.checkProblems),
                      casesRan: review.checkProblems.isEmpty, casesRun: review.casesRun, casesFailed: review.caseFailures.count,
                      caseFailures: rows(review.caseFailures),
                      impactDate: review.impactDate.description, applicants: report.applicants, changedApplicants: report.changed.count,
                      programmes: TableRows(report.programmes.filter { $0.changed > 0 }.map {
                          ProgrammeLine(title: $0.title, gained: $0.gained, lost: $0.lost, changed: $0.changed, cashPerYear: signed($0.cashPerYearChange))
                      }),
                      budgetLine: signed(report.cashPerYearChange),
                      pending: report.pendingCashPerYear == .zero ? nil : report.pendingCashPerYear.grouped,
                      changed: TableRows(Array(changed)), notAssessable: report.problems.isEmpty ? nil : report.problems.count)
    }

    /// `符合（每年 11,280.00 元）`.
    static func describe(_ summary: DecisionSummary?) -> String {
        guard let summary else { return "无此项目" }
        let outcome = DecisionLabels.outcome(summary.outcome)
        return summary.cashPerYear == .zero ? outcome : "\(outcome)（每年 \(summary.cashPerYear.grouped) 元）"
    }

    static func signed(_ money: Money) -> String {
        (money.fen > 0 ? "+" : "") + money.grouped
    }
}
