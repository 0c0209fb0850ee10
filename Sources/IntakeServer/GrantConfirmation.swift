import DecisionFormats
import Eligibility
import Foundation
import Hummingbird
import IntakeRegister
import Synchronization

extension Role {
    /// Officers confirm grants (确认发放); intake staff assess, auditors read.
    var confirmsGrants: Bool { self == .officer }
}

/// An eligible decision of a stored answer that staff may confirm: what the centre pays (cash, a grant)
/// and what others owe (entitlements, claims), from the fund its programme names.
struct PayableDecision: Sendable {
    var programme: String
    var title: String
    var cash: [(amount: Money, period: Period)]
    var entitlements: [(amount: Money, period: Period, payer: String, subject: String)]
    /// nil when the rule set names no fund.
    var fund: String?
    var countsAsIncome: Bool

    init?(_ decision: AssessmentDocument.Decision, rules: LoadedRules) {
        guard decision.outcome == .eligible else { return nil }
        programme = decision.programme
        title = decision.title
        // A zero amount (gifts in kind instead of cash) pays nothing.
        cash = decision.benefits.compactMap {
            if case .cash(let amount, let period, _) = $0, amount > .zero { (amount: amount, period: period) } else { nil }
        }
        entitlements = decision.benefits.compactMap { benefit in
            guard case .entitlement(let amount, let period, let payer, _) = benefit, amount > .zero else { return nil }
            return (amount: amount, period: period, payer: payer, subject: DecisionLabels.name(benefit))
        }
        guard !cash.isEmpty || !entitlements.isEmpty else { return nil }
        let programme = rules.programmes.first { $0.id == decision.programme }
        fund = programme?.paidFrom(in: rules.ruleSet)
        countsAsIncome = programme?.countsAsIncome ?? true
    }

    /// How an amount of a decision is paid: a monthly amount as a year's schedule, a once or yearly
    /// amount once.
    static func schedule(_ amount: Money, _ period: Period) -> (amountFen: Int64, period: GrantPeriod) {
        switch period {
        case .once, .yearly: (amount.fen, .once)
        case .monthly: (amount.fen * period.timesAYear, .monthly(monthlyFen: amount.fen, months: Int(period.timesAYear)))
        }
    }
}

/// What a confirmation did: the grants written and the claims opened, and each programme asked for
/// that was not granted, with why.
struct GrantConfirmation: Sendable {
    struct Refusal: Sendable, Hashable {
        var programme: String
        /// In Chinese, naming the programme ("生活救助：…").
        var reason: String
    }

    /// nil when nothing asked for could be confirmed before the household was needed.
    var household: StoredHousehold?
    var grants: [StoredGrant]
    var claims: [StoredClaim]
    var refused: [Refusal]
}

/// What the last run of a confirmation's re-check decided: the programmes that stand and those
/// refused (a register may run it more than once; the last run is the one written).
final class Recheck: Sendable {
    let outcome = Mutex<(stands: [String], refused: [GrantConfirmation.Refusal])>(([], []))
}

/// Why nothing could be confirmed for an entry at all, in Chinese.
struct GrantConfirmationRefused: Error {
    var message: String
}

extension IntakeApplication {
    /// Confirms the eligible decisions of `entry` for `programmes` as grants of the applicant's
    /// household (opened from the entry when there is none), on today's date, by `account`. Under the
    /// household's lock the stored profile is assessed again with the history the register's grants
    /// make: a programme no longer eligible, or whose amount changed, is refused with the reason. What
    /// others owe becomes claims, not grants.
    func confirmGrants(of entry: StoredAssessment, programmes: [String], by account: String) async throws -> GrantConfirmation {
        let rules = engine.current
        let answer: AssessmentDocument
        do {
            answer = try AssessmentDocument(json: entry.decisionJSON)
        } catch {
            throw GrantConfirmationRefused(message: "第 \(entry.id) 号记录保存的结论无法读取：\(error.description)")
        }
        let document: DocumentNode
        do {
            document = try DocumentNode.parse(entry.profileJSON, displayName: answer.profile, json: true)
        } catch {
            throw GrantConfirmationRefused(message: "第 \(entry.id) 号记录保存的档案无法读取：\(error.message)")
        }
        var refused: [GrantConfirmation.Refusal] = []
        var wanted: [PayableDecision] = []
        for programme in programmes where !wanted.contains(where: { $0.programme == programme }) {
            guard let decision = answer.decisions.first(where: { $0.programme == programme }) else {
                refused.append(.init(programme: programme, reason: "“\(programme)”不是本次评估的项目"))
                continue
            }
            guard let payable = PayableDecision(decision, rules: rules) else {
                refused.append(.init(programme: programme, reason: "\(decision.title)：本次评估结论为“\(DecisionLabels.outcome(decision.outcome))”，"
                                     + "没有可发放的现金或代追款项"))
                continue
            }
            guard payable.fund != nil || payable.cash.isEmpty else {
                refused.append(.init(programme: programme, reason: "\(payable.title)：规则未指定发放资金（ruleset.yaml 的 funds:）"))
                continue
            }
            wanted.append(payable)
        }
        guard !wanted.isEmpty else { return GrantConfirmation(household: nil, grants: [], claims: [], refused: refused) }
        let household = try await household(of: entry, answer: answer, document: document, rules: rules, by: account)
        let date = CivilDate.today()
        let confirming = wanted
        let stood = Recheck()
        let grants = try await register.confirmGrants(householdID: household.id, confirmedBy: account) { onRecord in
            // Only deciding here: a register may call this again (a retried transaction).
            // The entry's own grants are not its history: the entry decided its programmes together
            // (policy.lua), so one confirmed a moment ago neither counts as income nor as paid this year
            // against another of the same entry; it only cannot be confirmed twice.
            let confirmedHere = onRecord.filter { $0.assessmentID == entry.id }
            let earlier = onRecord.filter { $0.assessmentID != entry.id }
            let assessed = try rules.pool.withAssessor {
                $0.assess(document: document, source: answer.profile, on: date, history: History(onRecord: earlier, on: date))
            }
            var stands: [String] = [], refusals: [GrantConfirmation.Refusal] = [], grants: [NewGrant] = []
            for payable in confirming {
                if let done = confirmedHere.first(where: { $0.programme == payable.programme }) {
                    refusals.append(.init(programme: payable.programme,
                                          reason: "\(payable.title)：本次评估的这一项已于 \(done.grantedOn) 由 \(done.confirmedBy) 确认发放，不能重复确认"))
                    continue
                }
                let stored = answer.decisions.first { $0.programme == payable.programme }!
                switch Self.recheck(payable, stored: stored, against: assessed) {
                case .some(let reason):
                    refusals.append(.init(programme: payable.programme, reason: "\(payable.title)：\(reason)"))
                case nil:
                    stands.append(payable.programme)
                    grants += payable.cash.map { amount, period in
                        let (fen, schedule) = PayableDecision.schedule(amount, period)
                        return NewGrant(assessmentID: entry.id, programme: payable.programme, amountFen: fen, period: schedule,
                                        fund: payable.fund!, grantedOn: date, countsAsIncome: payable.countsAsIncome)
                    }
                }
            }
            stood.outcome.withLock { $0 = (stands, refusals) }
            return grants
        }
        let (stands, recheckRefusals) = stood.outcome.withLock { $0 }
        refused += recheckRefusals
        var claims: [StoredClaim] = []
        let open = try await register.claims(householdID: household.id).filter { $0.claim.assessmentID == entry.id }
        for payable in wanted where stands.contains(payable.programme) {
            for owed in payable.entitlements {
                // One claim per entitlement of an entry, however often it is confirmed.
                guard !open.contains(where: { $0.claim.programme == payable.programme && $0.claim.subject == owed.subject }) else { continue }
                claims.append(try await register.openClaim(NewClaim(
                    householdID: household.id, assessmentID: entry.id, programme: payable.programme, subject: owed.subject,
                    payer: owed.payer, amountFen: PayableDecision.schedule(owed.amount, owed.period).amountFen, openedOn: date, openedBy: account)))
            }
        }
        logger.info("grants confirmed", metadata: [
            "entry": "\(entry.id)", "household": "\(household.id)", "actor": "\(loggable(account))",
            "granted": "\(grants.map(\.programme).joined(separator: ","))", "claims": "\(claims.count)",
            "refused": "\(refused.map(\.programme).joined(separator: ","))",
        ])
        return GrantConfirmation(household: household, grants: grants, claims: claims, refused: refused)
    }

    /// Why `payable` no longer stands when the stored profile is assessed again (`assessed`; nil when it
    /// no longer fits the rules), or nil when it does: still eligible, for the same amounts.
    static func recheck(_ payable: PayableDecision, stored: AssessmentDocument.Decision,
                        against assessed: Result<Assessment, DiagnosticList>) -> String? {
        guard case .success(let assessment) = assessed else { return "档案已不符合现行规则，请重新评估后再确认发放" }
        guard let now = assessment.decisions.first(where: { $0.id == payable.programme }) else { return "现行规则已没有这个项目" }
        guard now.outcome == .eligible else {
            let before = Set(stored.reasons.map(\.code))
            let new = now.reasons.filter { !before.contains($0.code) }.map(\.text)
            guard new.isEmpty else { return new.joined() }
            let missing = now.missing.isEmpty ? "" : "（需要补充：" + now.missing.map(\.label).joined(separator: "、") + "）"
            return "重新核对的结论为“\(DecisionLabels.outcome(now.outcome))”\(missing)，不能发放"
        }
        let cash = now.benefits.compactMap {
            if case .cash(let amount, let period, _) = $0, amount > .zero { "\(DecisionLabels.period(period)) \(amount.plain) 元" } else { nil }
        }
        let before = payable.cash.map { "\(DecisionLabels.period($0.period)) \($0.amount.plain) 元" }
        guard cash == before else {
            return "重新核对的金额为\(cash.isEmpty ? "无" : cash.joined(separator: "、"))（评估时为\(before.joined(separator: "、"))），请重新评估后再确认发放"
        }
        return nil
    }

    /// The open household the entry's applicant belongs to, or one opened from the entry: the applicant
    /// and the members the profile gives an ID number for. Two desks opening it at once open one.
    func household(of entry: StoredAssessment, answer: AssessmentDocument, document: DocumentNode, rules: LoadedRules,
                   by account: String) async throws -> StoredHousehold {
        guard let applicantID = answer.applicantID, !applicantID.isEmpty else {
            throw GrantConfirmationRefused(message: "申请人没有证件号码，无法建立家庭档案（一户一档），不能确认发放")
        }
        if let household = try await register.household(memberIDNumber: applicantID) { return household }
        let applicant = HouseholdMember(idNumber: applicantID, name: answer.applicantName ?? "", relation: "本人")
        let members = [applicant] + Self.members(in: document, shape: rules.ruleSet.schema.root).filter { $0.idNumber != applicant.idNumber }
        do {
            return try await register.openHousehold(NewHousehold(assessmentID: entry.id, members: members, openedOn: .today(), openedBy: account))
        } catch HouseholdError.memberOfAnotherHousehold(let idNumber, let householdID) {
            // Another desk opened it a moment ago; a member already in another household is said so.
            if idNumber == applicant.idNumber, let household = try await register.household(id: householdID) { return household }
            throw GrantConfirmationRefused(message: "家庭成员（证件号 \(DecisionSheet.masked(idNumber))）已在第 \(householdID) 号家庭档案中，请先核对家庭成员")
        } catch HouseholdError.duplicateMember(let idNumber) {
            throw GrantConfirmationRefused(message: "家庭成员中证件号 \(DecisionSheet.masked(idNumber)) 出现两次，请先核对家庭成员")
        }
    }

    /// The people of a profile's lists whose items have an ID number (`format: id_number`), named by
    /// the item's title field, related by its `relation` answer's label or else the item's label.
    static func members(in node: DocumentNode, shape: ObjectShape) -> [HouseholdMember] {
        shape.fields.flatMap { field -> [HouseholdMember] in
            switch field.type {
            case .object(let inner):
                return node[field.name].map { members(in: $0, shape: inner) } ?? []
            case .list(let item, _):
                guard let idField = item.fields.first(where: { $0.format == .idNumber }),
                      case .sequence(let items, _)? = node[field.name] else { return [] }
                return items.compactMap { member in
                    guard let idNumber = member[idField.name]?.scalarText, !idNumber.isEmpty else { return nil }
                    let name = field.itemTitle.flatMap { member[$0]?.scalarText } ?? ""
                    var relation = field.itemLabel ?? field.label
                    if case .enumeration(let cases)? = item.field(named: "relation")?.type, let code = member["relation"]?.scalarText {
                        relation = cases.first { $0.code == code }?.label ?? relation
                    }
                    return HouseholdMember(idNumber: idNumber, name: name, relation: relation)
                }
            default:
                return []
            }
        }
    }
}

// MARK: The record page's grants and the form, and the API

extension IntakeApplication {
    /// The staff record of `entry`, with the grants confirmed from it and, for officers, the form to
    /// confirm its payable decisions; `refused`: what a confirmation just refused.
    func recordPage(_ entry: StoredAssessment, others: [AssessmentSummary], session: WebSession,
                    refused: [GrantConfirmation.Refusal] = [], status: HTTPResponse.Status = .ok) async throws -> Response {
        let rules = engine.current
        var grants = DecisionPage.GrantsShown(confirmed: try await grantsConfirmed(from: entry), refused: refused)
        if session.account.role.confirmsGrants {
            let decisions = (try? AssessmentDocument(json: entry.decisionJSON))?.decisions ?? []
            grants.payable = decisions.compactMap { PayableDecision($0, rules: rules) }
        }
        let referrals = try await register.referrals(assessmentID: entry.id).map { referralLine($0, session: session) }
        return HTMLResponse.make(DecisionPage.render(entry, others: others, referrals: referrals, grants: grants, ruleSet: rules.ruleSet,
                                                     timeZone: timeZone, session: session), status: status)
    }

    /// The grants of the applicant's household that confirm decisions of `entry`, in date order.
    func grantsConfirmed(from entry: StoredAssessment) async throws -> [StoredGrant] {
        guard let id = entry.applicantID, let household = try await register.household(memberIDNumber: id) else { return [] }
        return try await register.grants(householdID: household.id, from: nil, to: nil).filter { $0.assessmentID == entry.id }
    }

    /// `POST /decisions/:id/grants` (确认发放, officers): the ticked programmes confirmed, then 303 back
    /// to the record; when some were refused, the record with the reasons (409 when none was granted).
    func confirmGrantsPage(_ request: Request, _ context: IntakeContext) async throws -> Response {
        let (posted, form) = try await postedForm(request)
        guard let posted else { return HTMLResponse.redirect("/login") }
        guard let session = posted.valid else { return Self.csrfRefused() }
        guard session.account.role.confirmsGrants else { return forbidden(session, "只有经办人可以确认发放。") }
        guard let id = context.parameters.get("id", as: Int64.self), let entry = try await register.assessment(id: id) else {
            return HTMLResponse.problem(.notFound, title: "找不到记录", message: "没有这条登记记录。", session: session)
        }
        let programmes = form.pairs.filter { $0.name == "programme" }.map { $0.value }
        let others = try await otherAssessments(of: entry, for: session)
        guard !programmes.isEmpty else {
            return try await recordPage(entry, others: others, session: session,
                                        refused: [.init(programme: "", reason: "请勾选要确认发放的项目。")], status: .unprocessableContent)
        }
        let confirmation: GrantConfirmation
        do {
            confirmation = try await confirmGrants(of: entry, programmes: programmes, by: session.account.name)
        } catch let refused as GrantConfirmationRefused {
            return HTMLResponse.problem(.conflict, title: "无法确认发放", message: refused.message, session: session)
        }
        guard !confirmation.refused.isEmpty else { return HTMLResponse.redirect("/decisions/\(id)") }
        let nothingWritten = confirmation.grants.isEmpty && confirmation.claims.isEmpty
        return try await recordPage(entry, others: others, session: session, refused: confirmation.refused,
                                    status: nothingWritten ? .conflict : .ok)
    }

    /// `POST /api/decisions/{id}/grants` with `{"programmes": [...]}` (officers): the grants written,
    /// the claims opened and the programmes refused with their reasons.
    func confirmGrantsAPI(_ request: Request, _ context: IntakeContext) async throws -> Response {
        let account = try context.requireAccount()
        guard account.role.confirmsGrants else { throw APIError.forbidden("confirm grants (officers confirm them)") }
        let (_, entry) = try await readableEntry(context, doing: "confirm grants")
        let text = try Self.text(ofBody: try await request.body.collect(upTo: maximumBodySize))
        let document: DocumentNode
        do {
            document = try DocumentNode.parse(text, displayName: Self.profileSource, json: true)
        } catch {
            throw APIError(.badRequest, [APIError.Problem(message: "请求内容不是 JSON：" + error.message.zh, line: error.line)])
        }
        guard case .sequence(let items, _)? = document["programmes"], !items.isEmpty,
              case let programmes = items.compactMap(\.scalarText), programmes.count == items.count else {
            throw APIError(.unprocessableContent, message: "expected {\"programmes\": [\"living_relief\", …]}: the programmes to confirm",
                           path: "programmes")
        }
        let confirmation: GrantConfirmation
        do {
            confirmation = try await confirmGrants(of: entry, programmes: programmes, by: account.name)
        } catch let refused as GrantConfirmationRefused {
            throw APIError(.conflict, message: refused.message)
        }
        return JSONResponse.make(.object([
            ("household", confirmation.household.map { .integer($0.id) } ?? .null),
            ("grants", .array(confirmation.grants.map(Self.json))),
            ("claims", .array(confirmation.claims.map { claim in
                .object([("id", .integer(claim.id)), ("programme", claim.claim.programme.map(JSONValue.string) ?? .null),
                         ("subject", .string(claim.claim.subject)), ("payer", .string(claim.claim.payer)),
                         ("amount", .string(Money(fen: claim.claim.amountFen).plain))])
            })),
            ("refused", .array(confirmation.refused.map { .object([("programme", .string($0.programme)), ("reason", .string($0.reason))]) })),
        ]))
    }

    static func json(_ grant: StoredGrant) -> JSONValue {
        var fields: [(String, JSONValue)] = [("id", .integer(grant.id)), ("programme", .string(grant.programme)),
                                             ("amount", .string(Money(fen: grant.amountFen).plain))]
        switch grant.period {
        case .once: fields.append(("schedule", .string("once")))
        case .monthly(let monthlyFen, let months):
            fields += [("schedule", .string("monthly")), ("monthly_amount", .string(Money(fen: monthlyFen).plain)), ("months", .integer(Int64(months)))]
        }
        fields += [("fund", .string(grant.fund)), ("granted_on", .string(grant.grantedOn.description)),
                   ("confirmed_by", .string(grant.confirmedBy)), ("confirmed_at", .string(grant.confirmedAt))]
        return .object(fields)
    }
}
