import DecisionFormats
import Eligibility
import Foundation
import Hummingbird
import HummingbirdAuth
import IntakeRegister
import Logging

/// The intake desk's HTTP application. API routes live under `/api` (bearer tokens); the web pages
/// (`Pages/`, session cookies) sit beside them, sharing the engine, register and accounts.
package struct IntakeApplication: Sendable {
    package let engine: RuleEngine
    package let register: any Register
    package let accounts: Accounts
    package let logger: Logger
    /// Failed sign-ins and tokens, by account name and client address.
    package var throttle = SignInThrottle()
    package var timeouts = ConnectionTimeouts()
    /// The largest profile body accepted.
    package var maximumBodySize = 1 << 20
    /// The centre's clock, for the times the sheets print (the register keeps UTC).
    package var timeZone = IntakeApplication.defaultTimeZone
    package static let defaultTimeZone = TimeZone(identifier: "Asia/Shanghai")!
    /// The desk's clock: referrals open, close and age by its day in `timeZone` (tests move it on).
    package var clock: @Sendable () -> Date = { Date() }
    /// Where a profile came from, as the answer's `profile` field names it.
    package static let profileSource = "api"

    package init(engine: RuleEngine, register: any Register, accounts: Accounts, logger: Logger) {
        self.engine = engine
        self.register = register
        self.accounts = accounts
        self.logger = logger
    }

    /// The OpenAPI document kept in the repository (Sources/IntakeServer/openapi.json), served as is.
    package static let openAPIDocument: String = {
        guard let url = Bundle.module.url(forResource: "openapi", withExtension: "json"),
              let text = try? String(contentsOf: url, encoding: .utf8) else { return "{}" }
        return text
    }()

    package func router() -> Router<IntakeContext> {
        let router = Router(context: IntakeContext.self)
        router.add(middleware: SecurityHeadersMiddleware())
        router.add(middleware: ErrorResponseMiddleware(logger: logger))
        router.add(middleware: RegisterCheckMiddleware(register: register))
        router.add(middleware: BearerTokenAuthenticator(accounts: accounts, throttle: throttle))
        router.get("/healthz") { _, _ in
            JSONResponse.make(.object([("status", .string("ok")), ("rules", .string(engine.current.ruleSet.version))]))
        }
        router.get("/openapi.json") { _, _ in
            JSONResponse.make(Self.openAPIDocument)
        }
        addPages(to: router) // the web pages (Pages/), signed in by session cookie
        let api = router.group("api")
        api.post("assess") { request, context in try await assess(request, context) }
        api.get("decisions") { request, context in try await search(request, context) }
        api.get("decisions/:id") { request, context in try await decision(request, context) }
        api.get("decisions/:id/replay") { request, context in try await replayDecision(request, context) }
        addReferralAPI(to: api)
        api.post("decisions/:id/grants") { request, context in try await confirmGrantsAPI(request, context) }
        api.get("rules") { _, context in
            _ = try context.requireAccount()
            return JSONResponse.make(RulesJSON.info(engine.current))
        }
        api.get("rules/status") { _, context in
            guard try context.requireAccount().role.seesRuleStatus else { throw APIError.forbidden("see the rule status") }
            return JSONResponse.make(RulesJSON.status(engine))
        }
        return router
    }

    /// The application on `host:port`; `onServerRunning` hears the port actually bound (port 0 picks one).
    package func application(host: String, port: Int, onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in })
        -> some ApplicationProtocol {
        Application(router: router(), server: timeouts.server(logger: logger),
                    configuration: .init(address: .hostname(host, port: port), serverName: "bangfu"),
                    onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? port) },
                    logger: logger)
    }

    // MARK: Handlers

    func assess(_ request: Request, _ context: IntakeContext) async throws -> Response {
        let account = try context.requireAccount()
        guard account.role.mayAssess else { throw APIError.forbidden("assess (auditors read only)") }
        var date = CivilDate.today()
        if let on = request.uri.queryParameters.get("on") {
            guard let given = CivilDate(on) else { throw APIError(.badRequest, message: "expected a date YYYY-MM-DD, got \"\(on)\"", path: "on") }
            date = given
        }
        let body = try await request.body.collect(upTo: maximumBodySize)
        let text = try Self.text(ofBody: body)
        let rules = engine.current // this request finishes on these rules even if others replace them
        let profile = try Self.profile(from: text, schema: rules.ruleSet.schema, on: date)
        let answer = try await record(profile, profileText: text, rules: rules, date: date, actor: account.name)
        let id = answer.id
        var headers = Self.entryHeaders(id)
        headers[.location] = "/api/decisions/\(id)"
        return JSONResponse.make(answer.text, extraHeaders: headers)
    }

    /// Assesses a validated profile with the household's history from the register and records it (on
    /// disk before the answer leaves: an answered assessment is never lost), with a referral for each
    /// `refer` decision; the answer lists the history used. The API and the web form both come through
    /// here. `revises`: the entry this one assesses again with changed answers.
    func record(_ profile: Profile, profileText: String, rules: LoadedRules, date: CivilDate, actor: String,
                revises: Int64? = nil) async throws -> (id: Int64, text: String) {
        let history = try await self.history(ofApplicant: rules.ruleSet.applicantIDField.flatMap(profile.text(at:)), on: date)
        let assessment = try rules.pool.withAssessor { $0.assess(profile, on: date, history: history) }
        let answer = AssessmentJSON.value(assessment).rendered(indent: true) + "\n"
        let entry = NewAssessment(assessment, actor: actor, profileJSON: profileText, decisionJSON: answer, revises: revises,
                                  referralsOpened: ReferralOpening(on: today(), by: actor))
        let id = try await register.record(entry)
        if !entry.referredProgrammes.isEmpty {
            logger.info("referrals opened", metadata: ["entry": "\(id)", "programmes": "\(entry.referredProgrammes.joined(separator: ","))"])
        }
        logger.info("assessed", metadata: [
            "entry": "\(id)", "actor": "\(loggable(actor))", "rules": "\(rules.ruleSet.version)", "date": "\(date)",
            "applicant_name": "\(PersonalData.maskedName(assessment.applicantName))",
            "applicant_id": "\(PersonalData.maskedID(assessment.applicantID))",
            "complete": "\(!assessment.hasFailures)",
        ])
        return (id, answer)
    }

    /// A request body as text: 400 when it is not UTF-8 or holds a NUL (nothing is replaced, so the
    /// register keeps exactly what was sent).
    static func text(ofBody body: ByteBuffer) throws -> String {
        switch UTF8Text.decode(body.readableBytesView, file: nil) {
        case .success(let text): return text
        case .failure(let problem):
            throw APIError(.badRequest, [APIError.Problem(message: "请求内容\(problem.message.zh)（第 \(problem.line ?? 1) 行第 \(problem.column ?? 1) 列）",
                                                          line: problem.line, hint: problem.hint?.zh)])
        }
    }

    /// A profile from JSON text: 400 when it is not JSON, 422 listing every problem when it does not fit
    /// the schema (assessed on `date`), or when it gives a `history` (the register holds the household's).
    static func profile(from text: String, schema: Schema, on date: CivilDate) throws -> Profile {
        let document: DocumentNode
        do {
            document = try DocumentNode.parse(text, displayName: profileSource, json: true)
        } catch {
            throw APIError(.badRequest, [APIError.Problem(message: "请求内容不是 JSON：" + error.message.zh, line: error.line)])
        }
        if let given = Assessor.splitHistory(document).history {
            throw APIError(.unprocessableContent, [APIError.Problem(
                path: Assessor.historyKey,
                message: "the desk reads the household's history from its register; a profile sent to the API gives none",
                line: given.line)])
        }
        do {
            return try ProfileValidator(schema: schema, on: date).validate(document, source: profileSource)
        } catch {
            throw APIError(.unprocessableContent, error.diagnostics.map(APIError.Problem.init))
        }
    }

    /// The register entry the path names, if the signed-in account may read it (its own, or any for
    /// officers and auditors); `doing` says what was refused.
    func readableEntry(_ context: IntakeContext, doing: String) async throws -> (Account, StoredAssessment) {
        let account = try context.requireAccount()
        guard let id = context.parameters.get("id", as: Int64.self) else {
            throw APIError(.badRequest, message: "a register entry is named by its number", path: "id")
        }
        guard let entry = try await register.assessment(id: id) else {
            throw APIError(.notFound, message: "no register entry \(id)")
        }
        guard account.role.readsWholeRegister || entry.actor == account.name else {
            throw APIError.forbidden(doing)
        }
        return (account, entry)
    }

    func decision(_ request: Request, _ context: IntakeContext) async throws -> Response {
        let (account, entry) = try await readableEntry(context, doing: "read entries other intake staff made")
        let id = entry.id
        logger.info("decision read", metadata: ["entry": "\(id)", "actor": "\(loggable(account.name))"])
        return JSONResponse.make(entry.decisionJSON, extraHeaders: Self.entryHeaders(id))
    }

    func search(_ request: Request, _ context: IntakeContext) async throws -> Response {
        let account = try context.requireAccount()
        let parameters = request.uri.queryParameters
        func date(_ name: String) throws -> CivilDate? {
            guard let text = parameters.get(name) else { return nil }
            guard let date = CivilDate(text) else { throw APIError(.badRequest, message: "expected a date YYYY-MM-DD, got \"\(text)\"", path: name) }
            return date
        }
        var query = RegisterQuery(applicantID: parameters.get("applicant_id"), name: parameters.get("name"),
                                  from: try date("from"), to: try date("to"), programme: parameters.get("programme"),
                                  outcome: parameters.get("outcome"),
                                  limit: min(500, parameters.get("limit", as: Int.self) ?? 100))
        if let id = query.applicantID, ChineseIDNumber.normalised(id).count < RegisterQuery.shortestApplicantIDSearch {
            throw APIError(.badRequest, message: "give the whole ID number or at least its last \(RegisterQuery.shortestApplicantIDSearch) characters",
                           path: "applicant_id")
        }
        if let outcome = query.outcome, Outcome(rawValue: outcome) == nil {
            throw APIError(.badRequest, message: "expected one of \(Outcome.allCases.map(\.rawValue).joined(separator: ", "))", path: "outcome")
        }
        if !account.role.readsWholeRegister { query.actor = account.name }
        let entries = try await register.search(query)
        return JSONResponse.make(.object([("entries", .array(entries.map { entry in
            .object([
                ("id", .integer(entry.id)),
                ("created_at", .string(entry.createdAt)),
                ("actor", .string(entry.actor)),
                ("applicant", .object([("name", entry.applicantName.map(JSONValue.string) ?? .null),
                                       ("id", entry.applicantID.map(JSONValue.string) ?? .null)])),
                ("date", .string(entry.assessmentDate)),
                ("rule_set_hash", .string("sha256:" + entry.ruleSetHash)),
                ("outcomes", .object(entry.outcomes.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) })),
                ("decision", .string("/api/decisions/\(entry.id)")),
            ])
        }))]))
    }
}

extension IntakeApplication {
    /// The header naming the register entry an answer was recorded as.
    package static let entryHeaderName = "Bangfu-Assessment-Id"

    static func entryHeaders(_ id: Int64) -> HTTPFields {
        [.init(entryHeaderName)!: "\(id)"]
    }
}

/// Before any request, the register is asked whether it can still keep what it is given (its file is
/// the one it opened): once it cannot, every request, the health check among them, gets 503 and a log
/// line, and no assessment is answered that would not be kept. The stylesheet is the exception: it holds
/// nothing of the register, and the 503 page needs it to look like the desk.
struct RegisterCheckMiddleware: RouterMiddleware {
    typealias Context = IntakeContext
    let register: any Register

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if request.uri.path != IntakeApplication.stylesheetPath { try register.checkStorage() }
        return try await next(request, context)
    }
}
