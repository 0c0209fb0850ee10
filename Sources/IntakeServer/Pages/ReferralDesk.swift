import Eligibility
import Foundation
import Hummingbird
import IntakeRegister

extension Role {
    /// Officers work the referral queue and auditors read it; intake staff see the referrals of their
    /// own entries on the record page.
    var readsReferralQueue: Bool { self != .intake }
    /// Answering decides money: officers only.
    var answersReferrals: Bool { self == .officer }
}

/// The referral pages (`/referrals`, `/referrals/:id`, `/referrals/out`) and their forms.
extension IntakeApplication {
    func addReferralPages(to router: Router<IntakeContext>) {
        router.get("/referrals") { request, _ in
            try await referralPage(request) { session in
                let mine = request.uri.queryParameters.get("mine") == "1" && session.account.role.answersReferrals
                let open = try await register.openReferrals(ownedBy: mine ? session.account.name : nil)
                return HTMLResponse.make(ReferralsPage.queue(open, mine: mine, today: today(), title: programmeTitle, session: session))
            }
        }
        router.get("/referrals/out") { request, _ in
            try await referralPage(request) { session in
                HTMLResponse.make(ReferralsPage.out(try await register.openOutgoingReferrals(), today: today(), session: session))
            }
        }
        router.get("/referrals/:id") { request, context in
            try await referralPage(request) { session in
                guard let referral = try await namedReferral(context) else { return noSuchReferral(session) }
                return HTMLResponse.make(ReferralsPage.detail(referral, today: today(), desk: self, session: session))
            }
        }
        router.post("/referrals/:id/assign") { request, context in
            try await referralForm(request) { session, form in
                guard let referral = try await namedReferral(context) else { return noSuchReferral(session) }
                let owner = (form["owner"] ?? "").trimmingCharacters(in: .whitespaces)
                if let problem = try await assignReferral(id: referral.id, to: owner) {
                    return HTMLResponse.make(ReferralsPage.detail(referral, today: today(), desk: self,
                                                                  posted: .init(owner: owner, problems: [problem]), session: session),
                                             status: .unprocessableContent)
                }
                return HTMLResponse.redirect("/referrals/\(referral.id)")
            }
        }
        router.post("/referrals/:id/close") { request, context in
            try await referralForm(request) { session, form in
                guard let referral = try await namedReferral(context) else { return noSuchReferral(session) }
                var posted = ReferralsPage.Posted(answer: ReferralAnswerForm(decision: form["decision"] ?? "", fund: form["fund"] ?? "",
                                                                             body: form["body"] ?? "", subject: form["subject"] ?? "",
                                                                             reason: form["reason"] ?? ""),
                                                  amountText: (form["amount"] ?? "").trimmingCharacters(in: .whitespaces))
                var amountProblem: FieldProblem?
                if !posted.amountText.isEmpty {
                    switch Money.parse(yuan: posted.amountText) {
                    case .success(let money): posted.answer.amountFen = money.fen
                    case .failure: amountProblem = FieldProblem(field: "amount", message: "金额应以元填写，如 1000 或 1000.50。")
                    }
                }
                let result: FormOutcome<StoredReferral>
                if let amountProblem, posted.answer.decision == "approve" {
                    // Every problem at once: the amount's, and the others the answer has.
                    var problems = [amountProblem]
                    if case .refused(let others) = referralDecision(posted.answer, programme: referral.referral.programme) {
                        problems += others.filter { $0.field != "amount" }
                    }
                    result = .refused(problems)
                } else {
                    result = try await closeReferral(id: referral.id, posted.answer, by: session.account)
                }
                switch result {
                case .done(let closed):
                    return HTMLResponse.redirect("/decisions/\(closed.referral.assessmentID)#referrals")
                case .refused(let problems):
                    posted.problems = problems
                    return HTMLResponse.make(ReferralsPage.detail(referral, today: today(), desk: self, posted: posted, session: session),
                                             status: .unprocessableContent)
                }
            }
        }
        router.post("/referrals/out/:id/steps") { request, context in
            try await referralForm(request) { session, form in
                guard let id = context.parameters.get("id", as: Int64.self), try await register.outgoingReferral(id: id) != nil else {
                    return HTMLResponse.problem(.notFound, title: "找不到转出记录", message: "没有这项转出。", session: session)
                }
                var step = StepForm(step: form["step"] ?? "", on: (form["on"] ?? "").trimmingCharacters(in: .whitespaces), note: form["note"] ?? "")
                let amountText = (form["amount"] ?? "").trimmingCharacters(in: .whitespaces)
                let result: FormOutcome<StoredOutgoingReferral>
                if !amountText.isEmpty, case .failure = Money.parse(yuan: amountText) {
                    result = .refused([FieldProblem(field: "amount", message: "金额应以元填写，如 1000 或 1000.50。")])
                } else {
                    step.amountFen = Money(yuan: amountText)?.fen
                    result = try await recordStep(outgoingReferralID: id, step, by: session.account)
                }
                switch result {
                case .done: return HTMLResponse.redirect("/referrals/out")
                case .refused(let problems):
                    return HTMLResponse.make(ReferralsPage.out(try await register.openOutgoingReferrals(), today: today(), postedID: id,
                                                               posted: step, amountText: amountText, problems: problems, session: session),
                                             status: .unprocessableContent)
                }
            }
        }
    }

    /// A referral as the record page lists it.
    func referralLine(_ referral: StoredReferral, session: WebSession) -> DecisionPage.ReferralLine {
        DecisionPage.ReferralLine(
            id: referral.id, programme: programmeTitle(referral.referral.programme), status: referral.isOpen ? "待答复" : "已答复",
            open: referral.isOpen, owner: referral.referral.owner ?? "未指派", age: referral.ageInDays(on: today()),
            answer: referral.answer.map { answerText($0.decision) }, reason: referral.answer?.reason,
            closed: referral.answer.map { "\($0.closedBy)，\($0.closedOn)" }, link: session.account.role.readsReferralQueue)
    }

    private func referralPage(_ request: Request, _ body: (WebSession) async throws -> Response) async throws -> Response {
        try await page(request) { session in
            guard session.account.role.readsReferralQueue else {
                return forbidden(session, "转介由经办人处理；受理员可在本人受理的评估记录页查看转介的答复。")
            }
            return try await body(session)
        }
    }

    /// A posted referral form of an officer, its CSRF token checked.
    private func referralForm(_ request: Request, _ body: (WebSession, FormData) async throws -> Response) async throws -> Response {
        let (posted, form) = try await postedForm(request)
        guard let posted else { return HTMLResponse.redirect("/login?next=/referrals") }
        guard let session = posted.valid else { return Self.csrfRefused() }
        guard session.account.role.answersReferrals else { return forbidden(session, "只有经办人可以指派和答复转介。") }
        return try await body(session, form)
    }

    private func namedReferral(_ context: IntakeContext) async throws -> StoredReferral? {
        guard let id = context.parameters.get("id", as: Int64.self) else { return nil }
        return try await register.referral(id: id)
    }

    private func noSuchReferral(_ session: WebSession) -> Response {
        HTMLResponse.problem(.notFound, title: "找不到转介", message: "没有这项转介。", session: session)
    }
}
