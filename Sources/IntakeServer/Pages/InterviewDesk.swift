import Eligibility
import Foundation
import Hummingbird
import IntakeRegister
import Interview

/// The interview at the desk (`GET/POST /assess`): the screening questions, then round after round
/// the questions the needs-information decisions named, then 请核对, and only "确认记录" records. The
/// pages carry the interview (`InterviewForm`); the server keeps nothing between them.
extension IntakeApplication {
    /// Names under which the sign-in page carries a form whose session had expired.
    static let carriedPrefix = "_carried:"

    /// The screening page; with `?from=ID`, register entry ID's answers on the review page, to correct
    /// and assess again as a new entry that names it.
    func startInterview(_ request: Request, _ session: WebSession) async throws -> Response {
        guard session.account.role.mayAssess else { return forbidden(session, "审计员只能查阅，不能提交评估。") }
        let rules = engine.current
        let schema = rules.ruleSet.schema
        guard let from = request.uri.queryParameters.get("from") else {
            return HTMLResponse.make(InterviewPage.render(InterviewForm(schema: schema), round: nil, session: session))
        }
        let entry: StoredAssessment
        switch try await revisable(from, session) {
        case .success(let found): entry = found
        case .failure(let refusal): return refusal.response
        }
        let document: DocumentNode
        do {
            document = try DocumentNode.parse(entry.profileJSON, displayName: "第 \(entry.id) 号记录", json: true)
        } catch {
            return HTMLResponse.problem(.conflict, title: "无法重新评估", message: "第 \(entry.id) 号记录保存的档案无法读取：\(error.message)",
                                        session: session)
        }
        logger.info("register entry reopened", metadata: ["entry": "\(entry.id)", "actor": "\(loggable(session.account.name))"])
        return try await proceed(InterviewForm(revising: document, entry: entry.id, schema: schema), rules: rules, session: session)
    }

    /// A POST of an interview page. Signed out (the session expired while the clerk typed), the
    /// sign-in page carries the form, and signing in goes on from it.
    func continueInterview(_ request: Request) async throws -> Response {
        let (posted, data) = try await postedForm(request)
        guard let posted else {
            let carried = data.pairs.filter { $0.name != "_csrf" }.map { HiddenField(name: Self.carriedPrefix + $0.name, value: $0.value) }
            return loginPage(request, name: "", error: nil, status: .ok, carried: carried)
        }
        guard let session = posted.valid else { return Self.csrfRefused() }
        guard session.account.role.mayAssess else { return forbidden(session, "审计员只能查阅，不能提交评估。") }
        let rules = engine.current // this request finishes on these rules even if others replace them
        return try await proceed(InterviewForm(posted: data, schema: rules.ruleSet.schema), rules: rules, session: session)
    }

    /// Does what the page's button asked: add or remove an item, show every answer, assess and ask
    /// what is missing, review, or record.
    func proceed(_ form: InterviewForm, rules: LoadedRules, session: WebSession) async throws -> Response {
        var form = form
        func page(_ round: InterviewRound? = nil, status: HTTPResponse.Status = .ok) -> Response {
            HTMLResponse.make(InterviewPage.render(form, round: round, session: session), status: status, cacheControl: HTMLResponse.revisitable)
        }
        /// Problems are shown where the answers can be changed: the review page has no inputs.
        func refused() -> Response {
            if form.page == .review {
                form.page = .edit
                form.showAllAnswers()
            }
            return page(status: .unprocessableContent)
        }
        switch form.action {
        case .add(let list):
            form.addItem(to: list)
            return page()
        case .remove(let list, let position):
            form.removeItem(position, from: list)
            return page()
        case .edit:
            form.page = .edit
            form.showAllAnswers()
            return page()
        case .next, .review, .confirm:
            break
        }
        guard form.problems.isEmpty else {
            form.refuseIncompleteProfile() // every problem at once: a required field left blank too
            return refused()
        }
        let schema = rules.ruleSet.schema
        let date = CivilDate.today()
        if form.action == .confirm {
            let document = form.interview.answers.document(schema)
            let profile: Profile
            do {
                profile = try ProfileValidator(schema: schema).validate(document, source: Self.webProfileSource)
            } catch {
                form.refuse(error)
                return refused()
            }
            if let revises = form.revises, case .failure(let refusal) = try await revisable(String(revises), session) { return refusal.response }
            let text = document.json.rendered(indent: true) + "\n"
            let id = try await record(profile, profileText: text, rules: rules, date: date, actor: session.account.name, revises: form.revises).id
            return HTMLResponse.redirect("/decisions/\(id)")
        }
        var interview = form.interview
        let history = try await self.history(ofApplicant: rules.ruleSet.applicantIDField.flatMap(interview.answers.text(at:)), on: date)
        let assessed = try rules.pool.withAssessor { interview.assess(with: $0, on: date, source: Self.webProfileSource, history: history) }
        form.interview = interview
        let round: InterviewRound
        switch assessed {
        case .failure(let problems):
            form.refuse(problems)
            return refused()
        case .success(let result):
            round = result
        }
        if form.action == .review || round.isComplete || interview.fresh(round).isEmpty {
            form.page = .review
            form.questions = []
            return HTMLResponse.make(InterviewPage.review(form, round: round, session: session), cacheControl: HTMLResponse.revisitable)
        }
        form.page = .round
        form.questions = round.questions.map(\.path)
        return page(round)
    }

    /// A page that refuses a request, ready to send.
    struct PageRefusal: Error {
        let response: Response
    }

    /// Register entry `id` if the signed-in account may assess it again (its own, or any for officers).
    func revisable(_ id: String, _ session: WebSession) async throws -> Result<StoredAssessment, PageRefusal> {
        guard let number = Int64(id), let entry = try await register.assessment(id: number) else {
            return .failure(PageRefusal(response: HTMLResponse.problem(.notFound, title: "找不到记录", message: "没有这条登记记录。", session: session)))
        }
        guard session.account.role.readsWholeRegister || entry.actor == session.account.name else {
            return .failure(PageRefusal(response: forbidden(session, "受理员只能重新评估自己受理的记录。")))
        }
        return .success(entry)
    }

    /// After signing in: the form the expired session had posted, taken up where it was. A form that
    /// asked to record is shown for review again first: nothing is recorded that the clerk did not
    /// confirm while signed in.
    func resumeInterview(_ carried: FormData, session: WebSession) async throws -> Response {
        let rules = engine.current
        var form = InterviewForm(posted: carried, schema: rules.ruleSet.schema)
        if form.action == .confirm { form.action = .review }
        return try await proceed(form, rules: rules, session: session)
    }
}
