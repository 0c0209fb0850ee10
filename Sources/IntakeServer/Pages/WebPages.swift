import DecisionFormats
import Eligibility
import Foundation
import Hummingbird
import IntakeRegister

/// The pages intake staff use in a browser: server-rendered HTML, no JavaScript. A signed-in browser
/// holds a random session id in the `bangfu_session` cookie (HttpOnly, SameSite=Strict, Path=/, and
/// Secure when a TLS proxy in front says the request came over HTTPS); the register's `sessions` table
/// maps it to the account, its CSRF token and its expiry. Every POST must carry the session's token in
/// the hidden `_csrf` field, or it is refused with 403.
extension IntakeApplication {
    static let sessionCookie = "bangfu_session"
    static let loginCookie = "bangfu_login"
    static let sessionLifetime: TimeInterval = 8 * 3600
    static let webProfileSource = "web"
    static let stylesheetPath = "/style.css"
    static let printScriptPath = "/print.js"

    func addPages(to router: Router<IntakeContext>) {
        _ = (PageTemplates.library, Stylesheet.css, Stylesheet.printScript) // loaded now: a broken build stops the desk at start-up, not at a page
        router.get(RouterPath(stringLiteral: Self.stylesheetPath)) { _, _ in
            Response(status: .ok, headers: [.contentType: "text/css; charset=utf-8", .cacheControl: "max-age=300"],
                     body: ResponseBody(byteBuffer: ByteBuffer(string: Stylesheet.css)))
        }
        router.get(RouterPath(stringLiteral: Self.printScriptPath)) { _, _ in
            Response(status: .ok, headers: [.contentType: "text/javascript; charset=utf-8", .cacheControl: "max-age=300"],
                     body: ResponseBody(byteBuffer: ByteBuffer(string: Stylesheet.printScript)))
        }
        router.get("/") { request, _ in
            try await webSession(request) == nil ? HTMLResponse.redirect("/login") : HTMLResponse.redirect("/assess")
        }
        router.get("/login") { request, _ in
            if try await webSession(request) != nil { return HTMLResponse.redirect("/assess") }
            return loginPage(request, name: "", error: nil, status: .ok)
        }
        router.post("/login") { request, context in try await login(request, context) }
        router.post("/logout") { request, _ in
            let (session, _) = try await postedForm(request)
            guard let session else { return HTMLResponse.redirect("/login") }
            guard let valid = session.valid else { return Self.csrfRefused() }
            try await register.removeSession(id: valid.id)
            // The interview's pages the browser kept for Back (`HTMLResponse.revisitable`) go with the session.
            return HTMLResponse.redirect("/login", extraHeaders: [.setCookie: Self.cookie(Self.sessionCookie, "", request: request, maxAge: 0),
                                                                  .init("Clear-Site-Data")!: "\"cache\""])
        }
        router.get("/assess") { request, _ in try await page(request) { session in try await startInterview(request, session) } }
        router.post("/assess") { request, _ in try await continueInterview(request) }
        router.get("/decisions/:id") { request, context in
            try await entryPage(request, context) { session, entry in
                logger.info("decision page read", metadata: ["entry": "\(entry.id)", "actor": "\(loggable(session.account.name))"])
                let others = try await otherAssessments(of: entry, for: session)
                return try await recordPage(entry, others: others, session: session)
            }
        }
        router.post("/decisions/:id/grants") { request, context in try await confirmGrantsPage(request, context) }
        router.get("/decisions/:id/notice") { request, context in
            try await entryPage(request, context) { session, entry in
                logger.info("notice page read", metadata: ["entry": "\(entry.id)", "actor": "\(loggable(session.account.name))"])
                let current = engine.current.ruleSet
                return HTMLResponse.make(NoticePage.render(entry, schema: try await schema(decidedUnder: entry.ruleSetHash),
                                                           authority: current.authority, contact: current.contact,
                                                           timeZone: timeZone, session: session))
            }
        }
        router.get("/decisions/:id/replay") { request, context in
            try await entryPage(request, context) { session, entry in
                let id = entry.id
                let replay: DecisionReplay
                do {
                    replay = try await self.replay(entry)
                } catch let refused as ReplayRefused {
                    return HTMLResponse.problem(.conflict, title: "无法重新评估", message: "原规则无法从登记簿原样重建：\(refused.description)", session: session)
                }
                logger.info("decision replay page read", metadata: ["entry": "\(id)", "actor": "\(loggable(session.account.name))",
                                                                    "reproduced": "\(replay.reproduced)"])
                return HTMLResponse.make(ReplayPage.render(replay, session: session))
            }
        }
        addReferralPages(to: router)
        addReportPages(to: router)
        addHouseholdPages(to: router)
        addReviewPages(to: router)
        router.get("/register") { request, _ in try await page(request) { session in try await registerPage(request, session) } }
        router.get("/rules/status") { request, _ in
            try await page(request) { session in
                guard session.account.role.seesRuleStatus else { return forbidden(session, "只有经办人和审计员可以查看规则状态。") }
                let history = try await register.runningRuleSetHistory(limit: RulesStatusPage.historyShown)
                return HTMLResponse.make(RulesStatusPage.render(engine: engine, history: history, session: session))
            }
        }
        addParameterPages(to: router)
        addCaseDownload(to: router)
    }

    // MARK: Sessions

    /// The session the request's cookie names, if it is valid.
    func webSession(_ request: Request) async throws -> WebSession? {
        guard let id = request.cookies[Self.sessionCookie]?.value, !id.isEmpty else { return nil }
        return try await register.session(id: id)
    }

    /// Runs `body` for a signed-in browser; others are sent to the sign-in page.
    func page(_ request: Request, _ body: (WebSession) async throws -> Response) async throws -> Response {
        guard let session = try await webSession(request) else {
            return HTMLResponse.redirect("/login?next=" + (request.uri.path.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(.init(charactersIn: "/"))) ?? "/"))
        }
        return try await body(session)
    }

    /// Runs `body` for a signed-in browser on the register entry the path names, if the account may read
    /// it (its own, or any for officers and auditors); 404 and 403 pages otherwise.
    func entryPage(_ request: Request, _ context: IntakeContext,
                   _ body: (WebSession, StoredAssessment) async throws -> Response) async throws -> Response {
        try await page(request) { session in
            guard let id = context.parameters.get("id", as: Int64.self), let entry = try await register.assessment(id: id) else {
                return HTMLResponse.problem(.notFound, title: "找不到记录", message: "没有这条登记记录。", session: session)
            }
            guard session.account.role.readsWholeRegister || entry.actor == session.account.name else {
                return forbidden(session, "受理员只能查看自己受理的记录。")
            }
            return try await body(session, entry)
        }
    }

    /// The same applicant's other entries (the same ID number, in its standard form), newest first, as
    /// far as the account may read the register.
    func otherAssessments(of entry: StoredAssessment, for session: WebSession) async throws -> [AssessmentSummary] {
        guard let id = entry.applicantID, ChineseIDNumber.normalised(id).count >= RegisterQuery.shortestApplicantIDSearch else { return [] }
        var query = RegisterQuery(applicantID: id, limit: 51)
        if !session.account.role.readsWholeRegister { query.actor = session.account.name }
        let key = RegisterQuery.applicantIDSearchKey(id)
        // The search matches endings; the same person is the same whole number.
        return try await register.search(query).filter {
            $0.id != entry.id && $0.applicantID.map(RegisterQuery.applicantIDSearchKey) == key
        }
    }

    /// The schema of the rules a stored decision was made under, to read its stored profile: the
    /// running one when they are the running rules, else rebuilt from the register; the running one
    /// when they can no longer be rebuilt.
    func schema(decidedUnder hash: String) async throws -> Schema {
        try await ruleSet(decidedUnder: hash).schema
    }

    func forbidden(_ session: WebSession, _ message: String) -> Response {
        HTMLResponse.problem(.forbidden, title: "无权操作", message: message, session: session)
    }

    /// A session whose CSRF token the form carried, or the reason it is refused.
    enum PostedSession {
        case valid(WebSession)
        case badToken(WebSession)
        var valid: WebSession? { if case .valid(let session) = self { return session } else { return nil } }
    }

    /// The posted form and the session, checked against the form's CSRF token.
    func postedForm(_ request: Request) async throws -> (PostedSession?, FormData) {
        let body = try await request.body.collect(upTo: maximumBodySize)
        let form = try FormData(encoded: body)
        guard let session = try await webSession(request) else { return (nil, form) }
        let given = form["_csrf"] ?? ""
        return (Self.constantTimeEqual(given, session.csrfToken) ? .valid(session) : .badToken(session), form)
    }

    static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count, !x.isEmpty else { return false }
        return zip(x, y).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }

    static func cookie(_ name: String, _ value: String, request: Request, maxAge: Int) -> String {
        var cookie = "\(name)=\(value); Path=/; HttpOnly; SameSite=Strict; Max-Age=\(maxAge)"
        // The desk speaks plain HTTP; in service it sits behind a TLS proxy that says so in this header.
        if request.headers[.init("X-Forwarded-Proto")!]?.lowercased() == "https" { cookie += "; Secure" }
        return cookie
    }

    static func csrfRefused() -> Response {
        HTMLResponse.problem(.forbidden, title: "请求被拒绝", message: "表单已过期或来源不明（缺少有效的表单令牌）。请返回重新填写。", session: nil)
    }

    /// `carried`: a form posted after the session expired (`_carried:NAME`), which signing in takes up.
    func loginPage(_ request: Request, name: String, error: String?, status: HTTPResponse.Status, extraHeaders: HTTPFields = [:],
                   carried: [HiddenField] = []) -> Response {
        let token = Accounts.randomHex(bytes: 16)
        let next = carried.isEmpty ? Self.safeNext(request.uri.queryParameters.get("next")) : "/assess"
        var headers: HTTPFields = [.setCookie: Self.cookie(Self.loginCookie, token, request: request, maxAge: 3600)]
        headers.append(contentsOf: extraHeaders)
        return HTMLResponse.make(LoginPage.render(loginToken: token, name: name, error: error, next: next, carried: carried), status: status,
                                 extraHeaders: headers)
    }

    /// Only paths on this site are followed after signing in: one "/" and then printable ASCII with no
    /// "//" and no backslash, checked on the value as given and once more percent-decoded (browsers
    /// drop tabs and line breaks and read "\\" as "/", so `/%09/evil.example` would leave the site).
    /// Anything else goes to the start page.
    static func safeNext(_ next: String?) -> String {
        func isLocalPath(_ path: String) -> Bool {
            path.hasPrefix("/") && !path.contains("//") && !path.contains("\\")
                && path.unicodeScalars.allSatisfy { (0x21...0x7E).contains($0.value) }
        }
        guard let next, isLocalPath(next), isLocalPath(next.removingPercentEncoding ?? "") else { return "/assess" }
        return next
    }

    /// Signs in, throttled (`SignInThrottle`) by account name and by client address: while either is
    /// locked out the answer is 429 with `Retry-After` and no password is checked.
    func login(_ request: Request, _ context: IntakeContext) async throws -> Response {
        // As large as an interview page: the sign-in form may carry one (`carriedPrefix`).
        let body = try await request.body.collect(upTo: maximumBodySize)
        let form = try FormData(encoded: body)
        guard let expected = request.cookies[Self.loginCookie]?.value, Self.constantTimeEqual(form["_csrf"] ?? "", expected) else {
            return Self.csrfRefused()
        }
        let carried = form.pairs.filter { $0.name.hasPrefix(Self.carriedPrefix) }.map { HiddenField(name: $0.name, value: $0.value) }
        let name = form["name"] ?? "", password = form["password"] ?? ""
        let keys: [SignInThrottle.Key] = [.account(String(name.prefix(64))), .address(context.clientAddress)]
        if let wait = throttle.retryAfter(keys) {
            logger.warning("sign-in refused: locked out", metadata: ["account": "\(loggable(name))", "client": "\(context.clientAddress)"])
            let refusal = APIError.tooManyAttempts(retryAfter: wait)
            return loginPage(request, name: name, error: refusal.pageMessage, status: refusal.status, extraHeaders: refusal.headers,
                             carried: carried)
        }
        guard let account = try await accounts.account(name: name, password: password) else {
            throttle.recordFailure(keys)
            logger.info("sign-in refused", metadata: ["account": "\(loggable(name))", "client": "\(context.clientAddress)"])
            return loginPage(request, name: name, error: "账号或密码不正确。", status: .unauthorized, carried: carried)
        }
        throttle.recordSuccess(.account(account.name))
        let id = Accounts.randomHex(bytes: 32), csrf = Accounts.randomHex(bytes: 32)
        let expiresAt = Date().addingTimeInterval(Self.sessionLifetime)
        try await register.addSession(id: id, accountName: account.name, csrfToken: csrf, expiresAt: expiresAt)
        logger.info("signed in", metadata: ["account": "\(loggable(account.name))"])
        var headers = HTTPFields()
        headers.append(.init(name: .setCookie, value: Self.cookie(Self.sessionCookie, id, request: request, maxAge: Int(Self.sessionLifetime))))
        headers.append(.init(name: .setCookie, value: Self.cookie(Self.loginCookie, "", request: request, maxAge: 0)))
        if !carried.isEmpty, account.role.mayAssess {
            // The interview page the expired session posted, answered now under the new session's token.
            let posted = FormData(pairs: carried.map { (String($0.name.dropFirst(Self.carriedPrefix.count)), $0.value) })
            var response = try await resumeInterview(posted, session: WebSession(id: id, account: account, csrfToken: csrf, expiresAt: expiresAt))
            response.headers.append(contentsOf: headers)
            return response
        }
        return HTMLResponse.redirect(Self.safeNext(form["next"]), extraHeaders: headers)
    }

    // MARK: The register

    func registerPage(_ request: Request, _ session: WebSession) async throws -> Response {
        let parameters = request.uri.queryParameters
        func text(_ name: String) -> String { (parameters.get(name) ?? "").trimmingCharacters(in: .whitespaces) }
        let filters = RegisterPage.Filters(applicantID: text("applicant_id"), name: text("name"), from: text("from"), to: text("to"),
                                           programme: text("programme"), outcome: text("outcome"))
        var error: String?
        func date(_ text: String, _ label: String) -> CivilDate? {
            guard !text.isEmpty else { return nil }
            guard let date = CivilDate(text) else { error = "\(label)应为 YYYY-MM-DD 格式的日期。"; return nil }
            return date
        }
        func given(_ text: String) -> String? { text.isEmpty ? nil : text }
        if !filters.applicantID.isEmpty, ChineseIDNumber.normalised(filters.applicantID).count < RegisterQuery.shortestApplicantIDSearch {
            error = "证件号请填写完整号码，或至少后 \(RegisterQuery.shortestApplicantIDSearch) 位。"
        }
        var query = RegisterQuery(applicantID: given(filters.applicantID), name: given(filters.name),
                                  from: date(filters.from, "起始日期"), to: date(filters.to, "截止日期"),
                                  programme: given(filters.programme),
                                  outcome: Outcome(rawValue: filters.outcome) == nil ? nil : filters.outcome, limit: 200)
        if !session.account.role.readsWholeRegister { query.actor = session.account.name }
        let entries = error == nil ? try await register.search(query) : []
        let programmes = engine.current.programmes.map { (id: $0.id, title: $0.title) }
        return HTMLResponse.make(RegisterPage.render(filters: filters, entries: entries, programmes: programmes, error: error, session: session),
                                 status: error == nil ? .ok : .badRequest)
    }
}
