import DecisionFormats
import Eligibility
import Foundation
import IntakeRegister

/// 转介: the queue of open referrals (referrals.mustache), one referral with its assign and answer
/// forms (referral.mustache), and the referrals out waiting for their result (referrals-out.mustache).
enum ReferralsPage {
    struct Queue: PageView {
        let mine: Bool
        let mayAnswer: Bool
        let table: Table?
    }

    struct Table: PageView {
        let count: Int
        let rows: [Row]
    }

    struct Row: PageView {
        let id: Int64
        let programme: String
        let applicant: String
        let maskedID: String
        let entry: Int64
        let openedOn: String
        let age: Int
        let owner: String
        let action: String
    }

    struct Field: PageView {
        let id: String
        let name: String
        let label: String
        let value: String
        let error: String?
    }

    struct Detail: PageView {
        let id: Int64
        let entry: Int64
        let programme: String
        let applicant: String
        let maskedID: String
        let openedOn: String
        let openedBy: String
        let open: Bool
        let age: Int
        let owner: String
        let answer: Answer?
        let forms: Forms?
    }

    struct Answer: PageView {
        let decision: String
        let reason: String
        let closedOn: String
        let closedBy: String
    }

    struct Forms: PageView {
        let id: Int64
        let me: String
        let csrfToken: String
        let summary: ErrorSummary?
        let owner: Field
        let decisions: [OptionView]
        let decisionError: String?
        let amount: Field
        let funds: [OptionView]
        let fundError: String?
        let body: Field
        let subject: Field
        let reason: Field
    }

    static let fieldLabels = ["owner": "负责人账号", "decision": "处理决定", "amount": "批准金额（元；发放现金时填写，服务、实物、建档等不涉及现金的批准留空）", "fund": "支付资金",
                              "body": "转交单位", "subject": "转交事项", "reason": "理由", "step": "进展", "on": "日期", "note": "结果说明"]

    static func summary(_ problems: [IntakeApplication.FieldProblem], prefix: String = "") -> ErrorSummary? {
        ErrorSummary(problems.map {
            ErrorSummary.Problem(target: "f-" + prefix + $0.field, label: fieldLabels[$0.field] ?? $0.field, message: $0.message)
        })
    }

    static func field(_ name: String, value: String, problems: [IntakeApplication.FieldProblem], prefix: String = "") -> Field {
        Field(id: prefix + name, name: name, label: fieldLabels[name] ?? name, value: value,
              error: problems.first { $0.field == name }?.message)
    }

    static func applicant(_ referral: StoredReferral) -> (name: String, id: String) {
        (referral.applicantName ?? "（未填姓名）", referral.applicantID.map(DecisionSheet.masked) ?? "—")
    }

    static func queue(_ referrals: [StoredReferral], mine: Bool, today: CivilDate, title: (String) -> String, session: WebSession) -> String {
        let mayAnswer = session.account.role == .officer
        let rows = referrals.map { referral in
            let (name, id) = applicant(referral)
            return Row(id: referral.id, programme: title(referral.referral.programme), applicant: name, maskedID: id,
                       entry: referral.referral.assessmentID, openedOn: referral.referral.openedOn.description,
                       age: referral.ageInDays(on: today), owner: referral.referral.owner ?? "未指派", action: mayAnswer ? "处理" : "查看")
        }
        return Layout.page(.referrals, Queue(mine: mine, mayAnswer: mayAnswer, table: rows.isEmpty ? nil : Table(count: rows.count, rows: rows)),
                           title: mine ? "我的转介" : "转介待办", session: session)
    }

    /// What the answer form showed when it was posted, to show it again with its problems.
    struct Posted {
        var owner = ""
        var answer = IntakeApplication.ReferralAnswerForm()
        var amountText = ""
        var problems: [IntakeApplication.FieldProblem] = []
    }

    static func detail(_ referral: StoredReferral, today: CivilDate, desk: IntakeApplication, posted: Posted = Posted(),
                       session: WebSession) -> String {
        let (name, maskedID) = applicant(referral)
        let problems = posted.problems
        let funds = desk.engine.current.ruleSet.funds
        let forms = referral.isOpen && session.account.role == .officer ? Forms(
            id: referral.id, me: session.account.name, csrfToken: session.csrfToken, summary: summary(problems),
            owner: field("owner", value: posted.owner, problems: problems),
            decisions: IntakeApplication.referralDecisions.map { OptionView(value: $0.code, label: $0.label, selected: $0.code == posted.answer.decision) },
            decisionError: problems.first { $0.field == "decision" }?.message,
            amount: field("amount", value: posted.amountText, problems: problems),
            funds: funds.map { OptionView(value: $0.code, label: $0.label, selected: $0.code == posted.answer.fund) },
            fundError: problems.first { $0.field == "fund" }?.message,
            body: field("body", value: posted.answer.body, problems: problems),
            subject: field("subject", value: posted.answer.subject, problems: problems),
            reason: field("reason", value: posted.answer.reason, problems: problems)) : nil
        let view = Detail(
            id: referral.id, entry: referral.referral.assessmentID, programme: desk.programmeTitle(referral.referral.programme),
            applicant: name, maskedID: maskedID, openedOn: referral.referral.openedOn.description, openedBy: referral.referral.openedBy,
            open: referral.isOpen, age: referral.ageInDays(on: today), owner: referral.referral.owner ?? "未指派",
            answer: referral.answer.map { Answer(decision: desk.answerText($0.decision), reason: $0.reason, closedOn: $0.closedOn.description,
                                                 closedBy: $0.closedBy) },
            forms: forms)
        return Layout.page(.referral, view, title: "第 \(referral.id) 号转介", session: session)
    }

    // MARK: Referrals out

    struct OutList: PageView {
        let summary: ErrorSummary?
        let rows: [Out]
    }

    struct Out: PageView {
        let id: Int64
        let body: String
        let subject: String
        let entry: Int64?
        let age: Int
        let steps: [Step]
        let form: StepFormView?
    }

    struct Step: PageView {
        let label: String
        let on: String
        let by: String
        let detail: String?
    }

    struct StepFormView: PageView {
        let csrfToken: String
        let stepID: String
        let stepOptions: [OptionView]
        let stepError: String?
        let on: Field
        let amount: Field
        let note: Field
    }

    static func stepLabel(_ kind: OutgoingReferralStep.Kind) -> String {
        switch kind {
        case .sent: "已转出"
        case .accepted: "对方已受理"
        case .result: "办理结果"
        }
    }

    /// `problems`: those of the form posted for referral out `postedID`.
    static func out(_ referrals: [StoredOutgoingReferral], today: CivilDate, postedID: Int64? = nil, posted: IntakeApplication.StepForm = .init(),
                    amountText: String = "", problems: [IntakeApplication.FieldProblem] = [], session: WebSession) -> String {
        let rows = referrals.map { referral in
            let prefix = "out\(referral.id)-"
            let mine = referral.id == postedID
            let mineProblems = mine ? problems : []
            let form = session.account.role == .officer ? StepFormView(
                csrfToken: session.csrfToken, stepID: prefix + "step",
                stepOptions: IntakeApplication.stepLabels.map { OptionView(value: $0.code, label: $0.label, selected: mine && $0.code == posted.step) },
                stepError: mineProblems.first { $0.field == "step" }?.message,
                on: field("on", value: mine ? posted.on : today.description, problems: mineProblems, prefix: prefix),
                amount: Field(id: prefix + "amount", name: "amount", label: "追回金额（元，办理结果时）", value: mine ? amountText : "",
                              error: mineProblems.first { $0.field == "amount" }?.message),
                note: field("note", value: mine ? posted.note : "", problems: mineProblems, prefix: prefix)) : nil
            return Out(id: referral.id, body: referral.body, subject: referral.subject, entry: referral.assessmentID,
                       age: referral.ageInDays(on: today),
                       steps: referral.steps.map { event in
                           var detail: String?
                           if case .result(let amount, let note) = event.step { detail = "追回 \(Money(fen: amount).plain) 元；\(note)" }
                           return Step(label: stepLabel(event.step.kind), on: event.on.description, by: event.by, detail: detail)
                       },
                       form: form)
        }
        let prefix = postedID.map { "out\($0)-" } ?? ""
        return Layout.page(.referralsOut, OutList(summary: summary(problems, prefix: prefix), rows: rows), title: "转出跟踪", session: session)
    }
}
