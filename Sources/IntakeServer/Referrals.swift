import DecisionFormats
import Eligibility
import Foundation
import Hummingbird
import IntakeRegister

/// Referrals at the desk (件件有回音): every `refer` decision opens a referral with its assessment, in
/// the same transaction (`NewAssessment.referralsOpened`); officers work the queue (assign, answer),
/// auditors read it, and intake staff see the referrals of their own entries on the record page only. Answering decides money (an approval is a
/// grant), so it stays with caseworkers, apart from the clerk who took the application.
extension IntakeApplication {
    /// The desk's day in its time zone: what referrals open and close on, and their age is counted to.
    func today() -> CivilDate { CivilDate.day(of: clock(), in: timeZone) }

    // MARK: Answering a referral

    /// An answer as a form or the API gives it, before it is checked.
    struct ReferralAnswerForm: Sendable {
        var decision = ""
        /// The amount approved, in fen (the page reads yuan and says at `amount` what was wrong).
        var amountFen: Int64?
        var fund = ""
        var body = ""
        var subject = ""
        var reason = ""
    }

    /// A problem of a form, at its field, in Chinese.
    struct FieldProblem: Sendable, Error {
        let field: String
        let message: String
    }

    /// What a form asked, done, or refused with its problems.
    enum FormOutcome<Value: Sendable>: Sendable {
        case done(Value)
        case refused([FieldProblem])
    }

    static let referralDecisions: [(code: String, label: String)] = [("approve", "批准"), ("refuse", "不予批准"), ("hand_on", "转交其他单位")]

    /// The decision an answer form asks for, or every problem with it, each at its field.
    /// An approval pays what its amount says; without an amount (a service, goods, a file to open) it
    /// pays nothing, and the fund chosen is not read.
    func referralDecision(_ form: ReferralAnswerForm, programme: String) -> FormOutcome<ReferralDecision> {
        var problems: [FieldProblem] = []
        var decision: ReferralDecision?
        switch form.decision {
        case "approve" where form.amountFen == nil:
            decision = .approve(nil)
        case "approve":
            let funds = engine.current.ruleSet.funds
            if let amount = form.amountFen, amount <= 0 { problems.append(FieldProblem(field: "amount", message: "批准金额须大于 0 元。")) }
            if !funds.isEmpty, !funds.contains(where: { $0.code == form.fund }) {
                problems.append(FieldProblem(field: "fund", message: "请选择支付资金：" + funds.map(\.label).joined(separator: "、") + "。"))
            } else if form.fund.isEmpty {
                problems.append(FieldProblem(field: "fund", message: "请选择支付资金。"))
            }
            let countsAsIncome = engine.current.programmes.first { $0.id == programme }?.countsAsIncome ?? true
            if let amount = form.amountFen {
                decision = .approve(ApprovedPayment(amountFen: amount, fund: form.fund, countsAsIncome: countsAsIncome))
            }
        case "refuse":
            decision = .refuse
        case "hand_on":
            let body = form.body.trimmingCharacters(in: .whitespacesAndNewlines)
            if body.isEmpty { problems.append(FieldProblem(field: "body", message: "请填写转交的单位（如法律援助中心、劳动保障监察大队）。")) }
            let subject = form.subject.trimmingCharacters(in: .whitespacesAndNewlines)
            decision = .handOn(body: body, subject: subject.isEmpty ? programmeTitle(programme) : subject)
        default:
            problems.append(FieldProblem(field: "decision", message: "请选择处理决定：批准、不予批准或转交其他单位。"))
        }
        if form.reason.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            problems.append(FieldProblem(field: "reason", message: "请填写理由：它将作为答复记入申请人的档案。"))
        }
        guard problems.isEmpty, let decision else { return .refused(problems) }
        return .done(decision)
    }

    /// Answers referral `id` as `account`; a refusal of the form or of the register comes back at its field.
    func closeReferral(id: Int64, _ form: ReferralAnswerForm, by account: Account) async throws -> FormOutcome<StoredReferral> {
        guard let referral = try await register.referral(id: id) else { throw APIError(.notFound, message: "没有第 \(id) 号转介。") }
        guard referral.isOpen else { return .refused([FieldProblem(field: "decision", message: "这项转介已经答复，不能再次处理。")]) }
        let programme = referral.referral.programme
        let title = programmeTitle(programme)
        let decision: ReferralDecision
        switch referralDecision(form, programme: programme) {
        case .done(let checked): decision = checked
        case .refused(let problems): return .refused(problems)
        }
        let day = today()
        do {
            let closed = try await register.closeReferral(id: id, decision: decision, reason: form.reason.trimmingCharacters(in: .whitespacesAndNewlines),
                                                          on: day, by: account.name) { grants in
                try Self.recheck(programme: programme, title: title, on: day, against: grants)
            }
            logger.info("referral closed", metadata: ["referral": "\(id)", "decision": "\(form.decision)", "actor": "\(loggable(account.name))"])
            return .done(closed)
        } catch let refusal as FieldProblem {
            return .refused([refusal])
        } catch ReferralError.noHousehold {
            return .refused([FieldProblem(field: "decision", message: "申请人尚无家庭档案（评估时未填写身份证号），无法批准发放；请不予批准并说明，或转交其他单位。")])
        } catch ReferralError.closed {
            return .refused([FieldProblem(field: "decision", message: "这项转介已经答复，不能再次处理。")])
        }
    }

    /// What the household's grants forbid an approval: the programme granted already this calendar
    /// year. The rules' fuller checks (one cash programme a year, yearly caps) need the referral's
    /// assessment run again with this history, which the answer does not do.
    static func recheck(programme: String, title: String, on day: CivilDate, against grants: [StoredGrant]) throws {
        if let earlier = grants.first(where: { $0.programme == programme && $0.grantedOn.year == day.year }) {
            throw FieldProblem(field: "decision", message: "该户本年度已于 \(earlier.grantedOn) 获批\(title)（\(Money(fen: earlier.amountFen).plain) 元），不能再次批准。")
        }
    }

    /// Gives a referral to an officer (who answers referrals).
    func assignReferral(id: Int64, to owner: String) async throws -> FieldProblem? {
        guard let account = try await register.account(named: owner), account.role == .officer else {
            return FieldProblem(field: "owner", message: "请填写一位经办人的账号。")
        }
        do {
            try await register.assignReferral(id: id, to: account.name)
        } catch ReferralError.noSuchReferral {
            throw APIError(.notFound, message: "没有第 \(id) 号转介。")
        } catch ReferralError.closed {
            return FieldProblem(field: "owner", message: "这项转介已经答复，不能再指派。")
        }
        return nil
    }

    // MARK: Referrals out

    /// A step of a referral out as a form or the API gives it.
    struct StepForm: Sendable {
        var step = ""
        var on = ""
        var amountFen: Int64?
        var note = ""
    }

    static let stepLabels: [(code: String, label: String)] = [("accepted", "对方已受理"), ("result", "办理结果")]

    func recordStep(outgoingReferralID id: Int64, _ form: StepForm, by account: Account) async throws -> FormOutcome<StoredOutgoingReferral> {
        var problems: [FieldProblem] = []
        let on = form.on.isEmpty ? today() : CivilDate(form.on)
        if on == nil { problems.append(FieldProblem(field: "on", message: "日期应为 YYYY-MM-DD 格式。")) }
        if let on, on > today() { problems.append(FieldProblem(field: "on", message: "日期不能晚于今天。")) }
        var step: OutgoingReferralStep?
        switch form.step {
        case "accepted": step = .accepted
        case "result":
            if let amount = form.amountFen, amount < 0 { problems.append(FieldProblem(field: "amount", message: "追回金额不能为负数。")) }
            let note = form.note.trimmingCharacters(in: .whitespacesAndNewlines)
            if note.isEmpty { problems.append(FieldProblem(field: "note", message: "请写明办理结果。")) }
            step = .result(amountRecoveredFen: form.amountFen ?? 0, note: note)
        default:
            problems.append(FieldProblem(field: "step", message: "请选择进展：对方已受理或办理结果。"))
        }
        guard problems.isEmpty, let step, let on else { return .refused(problems) }
        do {
            let recorded = try await register.recordStep(step, outgoingReferralID: id, on: on, by: account.name)
            logger.info("referral out step", metadata: ["referral_out": "\(id)", "step": "\(form.step)", "actor": "\(loggable(account.name))"])
            return .done(recorded)
        } catch ReferralError.noSuchOutgoingReferral {
            throw APIError(.notFound, message: "没有第 \(id) 号转出。")
        } catch ReferralError.stepOutOfOrder(_, let after, _) {
            return .refused([FieldProblem(field: "step", message: after == .result ? "已有办理结果，不能再记录进展。" : "对方已受理，请记录办理结果。")])
        } catch ReferralError.stepBeforePrevious(_, let previous, _) {
            return .refused([FieldProblem(field: "on", message: "日期不能早于上一步（\(previous)）。")])
        }
    }

    func programmeTitle(_ id: String) -> String {
        engine.current.programmes.first { $0.id == id }?.title ?? id
    }

    func fundLabel(_ code: String) -> String {
        engine.current.ruleSet.funds.first { $0.code == code }?.label ?? code
    }

    /// An answer in words: "批准 1000.00 元（帮扶中心帮扶资金）", "转交法律援助中心（追讨拖欠工资）".
    func answerText(_ decision: ReferralDecision) -> String {
        switch decision {
        case .approve(let payment?): "批准 \(Money(fen: payment.amountFen).plain) 元（\(fundLabel(payment.fund))）"
        case .approve(nil): "批准（不涉及现金发放）"
        case .refuse: "不予批准"
        case .handOn(let body, let subject): "转交\(body)（\(subject)）"
        }
    }
}

// MARK: The JSON API

extension IntakeApplication {
    func addReferralAPI(to api: RouterGroup<IntakeContext>) {
        api.get("referrals") { request, context in
            let account = try referralReader(context)
            let mine = request.uri.queryParameters.get("mine") == "1"
            let open = try await register.openReferrals(ownedBy: mine ? account.name : nil)
            let day = today()
            return JSONResponse.make(.object([("referrals", .array(open.map { referralJSON($0, today: day) }))]))
        }
        api.get("referrals/out") { _, context in
            _ = try referralReader(context)
            let day = today()
            return JSONResponse.make(.object([("referrals_out", .array(try await register.openOutgoingReferrals().map { outJSON($0, today: day) }))]))
        }
        api.get("referrals/:id") { _, context in
            _ = try referralReader(context)
            return JSONResponse.make(referralJSON(try await apiReferral(context), today: today()))
        }
        api.post("referrals/:id/assign") { request, context in
            _ = try referralAnswerer(context)
            let referral = try await apiReferral(context)
            let fields = try await jsonObject(request)
            if let problem = try await assignReferral(id: referral.id, to: fields["owner"] as? String ?? "") { throw Self.unprocessable([problem]) }
            return JSONResponse.make(referralJSON(try await apiReferral(context), today: today()))
        }
        api.post("referrals/:id/close") { request, context in
            let account = try referralAnswerer(context)
            let referral = try await apiReferral(context)
            let fields = try await jsonObject(request)
            let form = ReferralAnswerForm(decision: fields["decision"] as? String ?? "", amountFen: (fields["amount_fen"] as? NSNumber)?.int64Value,
                                          fund: fields["fund"] as? String ?? "", body: fields["body"] as? String ?? "",
                                          subject: fields["subject"] as? String ?? "", reason: fields["reason"] as? String ?? "")
            switch try await closeReferral(id: referral.id, form, by: account) {
            case .done(let closed): return JSONResponse.make(referralJSON(closed, today: today()))
            case .refused(let problems): throw Self.unprocessable(problems)
            }
        }
        api.post("referrals/out/:id/steps") { request, context in
            let account = try referralAnswerer(context)
            guard let id = context.parameters.get("id", as: Int64.self) else {
                throw APIError(.badRequest, message: "a referral out is named by its number", path: "id")
            }
            let fields = try await jsonObject(request)
            let form = StepForm(step: fields["step"] as? String ?? "", on: fields["on"] as? String ?? "",
                                amountFen: (fields["amount_fen"] as? NSNumber)?.int64Value, note: fields["note"] as? String ?? "")
            switch try await recordStep(outgoingReferralID: id, form, by: account) {
            case .done(let out): return JSONResponse.make(outJSON(out, today: today()))
            case .refused(let problems): throw Self.unprocessable(problems)
            }
        }
    }

    private func referralReader(_ context: IntakeContext) throws -> Account {
        let account = try context.requireAccount()
        guard account.role.readsReferralQueue else { throw APIError.forbidden("read the referral queue (intake staff read their entries' referrals on the record page)") }
        return account
    }

    private func referralAnswerer(_ context: IntakeContext) throws -> Account {
        let account = try context.requireAccount()
        guard account.role.answersReferrals else { throw APIError.forbidden("assign or answer referrals (officers only)") }
        return account
    }

    private func apiReferral(_ context: IntakeContext) async throws -> StoredReferral {
        guard let id = context.parameters.get("id", as: Int64.self) else {
            throw APIError(.badRequest, message: "a referral is named by its number", path: "id")
        }
        guard let referral = try await register.referral(id: id) else { throw APIError(.notFound, message: "no referral \(id)") }
        return referral
    }

    /// A request body that is a JSON object.
    private func jsonObject(_ request: Request) async throws -> [String: Any] {
        let text = try Self.text(ofBody: try await request.body.collect(upTo: maximumBodySize))
        guard let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else {
            throw APIError(.badRequest, message: "the body is not a JSON object")
        }
        return object
    }

    static func unprocessable(_ problems: [FieldProblem]) -> APIError {
        APIError(.unprocessableContent, problems.map { APIError.Problem(path: $0.field, message: $0.message) })
    }

    func referralJSON(_ referral: StoredReferral, today: CivilDate) -> JSONValue {
        var answer = JSONValue.null
        if let closed = referral.answer {
            var fields: [(String, JSONValue)] = []
            switch closed.decision {
            case .approve(let payment):
                fields = [("decision", .string("approve")), ("amount_fen", payment.map { .integer($0.amountFen) } ?? .null),
                          ("fund", payment.map { .string($0.fund) } ?? .null)]
            case .refuse:
                fields = [("decision", .string("refuse"))]
            case .handOn(let body, let subject):
                fields = [("decision", .string("hand_on")), ("body", .string(body)), ("subject", .string(subject))]
            }
            fields += [("text", .string(answerText(closed.decision))), ("reason", .string(closed.reason)),
                       ("closed_on", .string(closed.closedOn.description)), ("closed_by", .string(closed.closedBy)),
                       ("grant_id", closed.grantID.map(JSONValue.integer) ?? .null),
                       ("referral_out_id", closed.outgoingReferralID.map(JSONValue.integer) ?? .null)]
            answer = .object(fields)
        }
        return .object([
            ("id", .integer(referral.id)),
            ("assessment_id", .integer(referral.referral.assessmentID)),
            ("programme", .string(referral.referral.programme)),
            ("programme_title", .string(programmeTitle(referral.referral.programme))),
            ("applicant", .object([("name", referral.applicantName.map(JSONValue.string) ?? .null),
                                   ("id", referral.applicantID.map(JSONValue.string) ?? .null)])),
            ("household_id", referral.referral.householdID.map(JSONValue.integer) ?? .null),
            ("opened_on", .string(referral.referral.openedOn.description)),
            ("opened_by", .string(referral.referral.openedBy)),
            ("age_days", .integer(Int64(referral.ageInDays(on: today)))),
            ("owner", referral.referral.owner.map(JSONValue.string) ?? .null),
            ("status", .string(referral.isOpen ? "open" : "closed")),
            ("answer", answer),
        ])
    }

    func outJSON(_ out: StoredOutgoingReferral, today: CivilDate) -> JSONValue {
        .object([
            ("id", .integer(out.id)),
            ("body", .string(out.body)),
            ("subject", .string(out.subject)),
            ("assessment_id", out.assessmentID.map(JSONValue.integer) ?? .null),
            ("referral_id", out.referralID.map(JSONValue.integer) ?? .null),
            ("age_days", .integer(Int64(out.ageInDays(on: today)))),
            ("steps", .array(out.steps.map { event in
                var fields: [(String, JSONValue)] = [("step", .string(event.step.kind.rawValue)), ("on", .string(event.on.description)),
                                                     ("by", .string(event.by))]
                if case .result(let amount, let note) = event.step { fields += [("amount_recovered_fen", .integer(amount)), ("note", .string(note))] }
                return .object(fields)
            })),
        ])
    }
}
