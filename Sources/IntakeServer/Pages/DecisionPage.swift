import DecisionFormats
import Eligibility
import Foundation
import IntakeRegister

/// The decision sheet (decision.mustache), the staff's record, rendered from the answer the register
/// keeps (`bangfu.assessment/1` JSON as it was sent), so the page shows the decision exactly as it was
/// given, even after the rules changed; with the applicant's other assessments, newest first. A stored
/// answer that cannot be read is said to be so (decision-unreadable.mustache).
enum DecisionPage {
    static let title = "帮扶资格评估单"

    struct View: PageView {
        let id: Int64
        let applicantName: String
        /// Masked, or a dash.
        let applicantID: String
        let date: String
        /// Who recorded it, and when (local time).
        let actor: String
        let recordedAt: String
        /// Whether the account may assess, so may start again from this entry's answers.
        let mayAssess: Bool
        /// Whether the account may open a hardship file from it (officers, for an applicant with an ID number).
        let opensHardshipFile: Bool
        /// Whether the account may save the entry as a case (officers).
        let savesCase: Bool
        /// The entry this one assessed again, when it did.
        let revises: Int64?
        let ruleSet: RuleSetView
        let complete: Bool
        let programmes: [Programme]
        /// The cash of eligible programmes, every period in the sheet's order.
        let totals: [Total]
        let perYear: String
        /// The documents that prove what the pending programmes wait for.
        let documents: Documents?
        /// The same applicant's other entries (same ID number), newest first.
        let others: Others?
        /// The referrals of its `refer` decisions, with their answers once closed (件件有回音).
        let referrals: Referrals?
        /// The grants confirmed from this entry, and the form to confirm more (officers only).
        let grants: ConfirmedGrants?
        let grantForm: GrantForm?
        /// What the last confirmation refused, and why (after a POST of the form).
        let refusals: Refusals?
        let csrfToken: String
    }

    struct Referrals: PageView {
        let rows: [ReferralLine]
    }

    struct ReferralLine: PageView {
        let id: Int64
        let programme: String
        /// 待答复 or 已答复.
        let status: String
        let open: Bool
        let owner: String
        let age: Int
        /// The answer and its reason, once closed.
        let answer: String?
        let reason: String?
        let closed: String?
        /// Whether the account may open the referral's page.
        let link: Bool
    }

    struct ConfirmedGrants: PageView {
        let rows: [ConfirmedGrant]
    }

    struct ConfirmedGrant: PageView {
        let title: String
        let amount: String
        let fund: String
        let confirmedBy: String
        let confirmedAt: String
    }

    struct GrantForm: PageView {
        let id: Int64
        let items: [GrantItem]
    }

    struct GrantItem: PageView {
        let programme: String
        let title: String
        /// Amount and period, and what others owe.
        let amount: String
        let fund: String
    }

    struct Refusals: PageView {
        let items: [String]
    }

    struct Documents: PageView {
        let items: [String]
    }

    struct Others: PageView {
        let rows: [Other]
    }

    struct Other: PageView {
        let id: Int64
        let date: String
        let recordedAt: String
        let actor: String
        let badges: [OutcomeBadge]
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
        /// What a programme that needs information waits for: the fields, by their labels.
        let missing: String?
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

    /// The grants and the form beside the record: those confirmed from the entry, what may be confirmed
    /// (nil for accounts that may not confirm), and what a confirmation just refused.
    struct GrantsShown {
        var confirmed: [StoredGrant] = []
        var payable: [PayableDecision]?
        var refused: [GrantConfirmation.Refusal] = []
    }

    static func render(_ entry: StoredAssessment, others: [AssessmentSummary], referrals: [ReferralLine], grants: GrantsShown, ruleSet: RuleSet, timeZone: TimeZone,
                       session: WebSession) -> String {
        let answer: AssessmentDocument
        do {
            answer = try AssessmentDocument(json: entry.decisionJSON)
        } catch {
            return Layout.page(.decisionUnreadable, Unreadable(id: entry.id, detail: error.description), title: title, session: session)
        }
        let documents = DecisionSheet.documentsToBring(answer.decisions.flatMap(\.missing))
        let view = View(
            id: entry.id, applicantName: answer.applicantName ?? "（未填姓名）", applicantID: answer.applicantID.map(DecisionSheet.masked) ?? "—",
            date: answer.date.description, actor: entry.actor, recordedAt: RecordedTime.text(entry.createdAt, in: timeZone),
            mayAssess: session.account.role.mayAssess,
            opensHardshipFile: session.account.role.changesHardshipFiles && !(answer.applicantID ?? "").isEmpty,
            savesCase: session.account.role.savesCases && answer.complete, revises: entry.revises,
            ruleSet: RuleSetView(title: answer.ruleSetTitle, hash: answer.ruleSetHash), complete: answer.complete,
            programmes: answer.decisions.enumerated().map { programme($1, number: $0 + 1) },
            totals: Period.allCases.map { Total(period: DecisionLabels.period($0), amount: (answer.cashTotals[$0] ?? .zero).plain) },
            perYear: answer.cashPerYear.plain,
            documents: documents.isEmpty ? nil : Documents(items: documents),
            others: others.isEmpty ? nil : Others(rows: others.map {
                Other(id: $0.id, date: $0.assessmentDate, recordedAt: RecordedTime.text($0.createdAt, in: timeZone), actor: $0.actor,
                      badges: OutcomeBadge.badges($0.outcomes))
            }),
            referrals: referrals.isEmpty ? nil : Referrals(rows: referrals),
            grants: grants.confirmed.isEmpty ? nil : ConfirmedGrants(rows: grants.confirmed.map { grant in
                ConfirmedGrant(title: answer.decisions.first { $0.programme == grant.programme }?.title ?? grant.programme,
                               amount: amountText(grant), fund: fundLabel(grant.fund, ruleSet), confirmedBy: grant.confirmedBy,
                               confirmedAt: RecordedTime.text(grant.confirmedAt, in: timeZone))
            }),
            grantForm: grants.payable.flatMap { payable in
                payable.isEmpty ? nil : GrantForm(id: entry.id, items: payable.map { item in
                    grantItem(item, ruleSet)
                })
            },
            refusals: grants.refused.isEmpty ? nil : Refusals(items: grants.refused.map(\.reason)),
            csrfToken: session.csrfToken)
        return Layout.page(.decision, view, title: title, session: session)
    }

    /// A line of the form: what the centre pays, what others owe (a claim), and the fund that pays.
    static func grantItem(_ item: PayableDecision, _ ruleSet: RuleSet) -> GrantItem {
        let paid: [String] = item.cash.map { "\(DecisionLabels.period($0.period)) \($0.amount.plain) 元" }
        let owed: [String] = item.entitlements.map { "代追\($0.subject) \($0.amount.plain) 元（\($0.payer)）" }
        let fund: String = item.cash.isEmpty ? "—" : item.fund.map { fundLabel($0, ruleSet) } ?? "—"
        return GrantItem(programme: item.programme, title: item.title, amount: (paid + owed).joined(separator: "；"), fund: fund)
    }

    /// A grant's amount as staff read it: once, or its monthly amount and months.
    static func amountText(_ grant: StoredGrant) -> String {
        switch grant.period {
        case .once: "\(Money(fen: grant.amountFen).plain) 元"
        case .monthly(let monthlyFen, let months): "每月 \(Money(fen: monthlyFen).plain) 元 × \(months) 个月，共 \(Money(fen: grant.amountFen).plain) 元"
        }
    }

    static func fundLabel(_ code: String, _ ruleSet: RuleSet) -> String {
        ruleSet.funds.first { $0.code == code }?.label ?? code
    }

    static func programme(_ decision: AssessmentDocument.Decision, number: Int) -> Programme {
        Programme(
            programme: decision.programme, number: number, title: decision.title,
            outcome: decision.outcome.rawValue,
            outcomeLabel: DecisionLabels.outcome(decision.outcome, reasons: decision.reasons, benefits: decision.benefits),
            basis: decision.basis.isEmpty ? nil : decision.basis,
            benefits: decision.benefits.isEmpty ? nil : Benefits(lines: decision.benefits.map(DecisionLabels.benefitLine)),
            reasons: decision.reasons.isEmpty ? nil : Reasons(items: decision.reasons.map {
                Reason(text: $0.text, citation: $0.citation.isEmpty ? nil : $0.citation)
            }),
            missing: decision.missing.isEmpty ? nil : decision.missing.map(\.label).joined(separator: "、"),
            failure: decision.failure.map { "\(DecisionLabels.failure($0.kind))：\($0.message)" })
    }
}
