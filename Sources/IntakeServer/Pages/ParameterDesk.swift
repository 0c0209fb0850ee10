import Eligibility
import Foundation
import Hummingbird
import IntakeRegister

/// The parameters pages (`/parameters`, `/parameters/proposals/:id`) and their forms: an officer
/// proposes a new dated value, a second officer publishes or refuses it, the proposer may withdraw it.
extension IntakeApplication {
    func addParameterPages(to router: Router<IntakeContext>) {
        router.get("/parameters") { request, _ in
            try await parametersPage(request) { session in HTMLResponse.make(try await renderParameters(session)) }
        }
        router.post("/parameters/proposals") { request, _ in
            try await parameterForm(request) { session, form in
                var posted = ParametersPage.Posted(parameter: form["parameter"] ?? "", from: (form["from"] ?? "").trimmingCharacters(in: .whitespaces),
                                                   value: (form["value"] ?? "").trimmingCharacters(in: .whitespaces), reference: form["reference"] ?? "")
                guard let from = CivilDate(posted.from) else {
                    posted.problems = [FieldProblem(field: "from", message: "请按 2027-01-01 的格式填写起始日期。")]
                    return HTMLResponse.make(try await renderParameters(session, posted: posted), status: .unprocessableContent)
                }
                let change = ParameterChange(parameter: posted.parameter, from: from, value: posted.value, reference: posted.reference)
                switch try await propose(change, by: session.account) {
                case .done(let proposal): return HTMLResponse.redirect("/parameters/proposals/\(proposal.id)")
                case .refused(let problems):
                    posted.problems = problems
                    return HTMLResponse.make(try await renderParameters(session, posted: posted), status: .unprocessableContent)
                }
            }
        }
        router.get("/parameters/proposals/:id") { request, context in
            try await parametersPage(request) { session in
                guard let proposal = try await namedProposal(context) else { return noSuchProposal(session) }
                return HTMLResponse.make(try await proposalPage(proposal, session: session))
            }
        }
        router.post("/parameters/proposals/:id/decide") { request, context in
            try await parameterForm(request) { session, form in
                guard let proposal = try await namedProposal(context) else { return noSuchProposal(session) }
                let reason = (form["reason"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
                let decision: ProposalDecision
                switch form["decision"] ?? "" {
                case "publish": decision = .publish
                case "refuse": decision = .refuse(reason: reason)
                case "withdraw": decision = .withdraw(reason: reason)
                default:
                    return HTMLResponse.make(try await proposalPage(proposal, problems: [FieldProblem(field: "decision", message: "请选择批准、驳回或撤回。")],
                                                                    reason: reason, session: session), status: .unprocessableContent)
                }
                switch try await decide(proposal, decision, by: session.account) {
                case .done(let decided): return HTMLResponse.redirect("/parameters/proposals/\(decided.id)")
                case .refused(let problems):
                    let now = try await register.proposal(id: proposal.id) ?? proposal
                    return HTMLResponse.make(try await proposalPage(now, problems: problems, reason: reason, session: session),
                                             status: .unprocessableContent)
                }
            }
        }
    }

    private func renderParameters(_ session: WebSession, posted: ParametersPage.Posted? = nil) async throws -> String {
        ParametersPage.render(engine.current, on: today(), proposals: try await register.proposals(),
                              history: try await register.runningRuleSetHistory(limit: RulesStatusPage.historyShown), posted: posted, session: session)
    }

    /// An open proposal is shown with its review (check, cases, caseload), made afresh: the cases and
    /// the caseload may have changed since it was proposed.
    private func proposalPage(_ proposal: StoredProposal, problems: [FieldProblem] = [], reason: String = "", session: WebSession) async throws -> String {
        let review = proposal.status == .open ? try await self.review(proposal) : nil
        return ParameterProposalPage.render(proposal, ruleSet: try await register.storedRuleSet(hash: proposal.proposal.proposedHash), review: review,
                                            problems: problems, reason: reason, session: session)
    }

    private func parametersPage(_ request: Request, _ body: (WebSession) async throws -> Response) async throws -> Response {
        try await page(request) { session in
            guard session.account.role.seesRuleStatus else { return forbidden(session, "只有经办人和审计员可以查看参数。") }
            return try await body(session)
        }
    }

    /// A posted parameters form of an officer, its CSRF token checked.
    private func parameterForm(_ request: Request, _ body: (WebSession, FormData) async throws -> Response) async throws -> Response {
        let (posted, form) = try await postedForm(request)
        guard let posted else { return HTMLResponse.redirect("/login?next=/parameters") }
        guard let session = posted.valid else { return Self.csrfRefused() }
        guard session.account.role.proposesParameters else { return forbidden(session, "只有经办人可以提出和批准参数修改。") }
        return try await body(session, form)
    }

    private func namedProposal(_ context: IntakeContext) async throws -> StoredProposal? {
        guard let id = context.parameters.get("id", as: Int64.self) else { return nil }
        return try await register.proposal(id: id)
    }

    private func noSuchProposal(_ session: WebSession) -> Response {
        HTMLResponse.problem(.notFound, title: "找不到修改建议", message: "没有这项修改建议。", session: session)
    }
}
