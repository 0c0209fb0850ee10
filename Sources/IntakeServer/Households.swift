import DecisionFormats
import Eligibility
import Foundation
import Hummingbird
import IntakeRegister

extension Role {
    /// Officers open hardship files and move them; every account reads households (intake staff see
    /// only their own entries among a household's assessments).
    var changesHardshipFiles: Bool { self == .officer }
}

/// 档案: households (一户一档) with their members, hardship files, grants, claims and assessments; the
/// opening of a hardship file from a decision; the model workers' list.
extension IntakeApplication {
    func addHouseholdPages(to router: Router<IntakeContext>) {
        router.get("/households") { request, _ in try await page(request) { session in try await householdsPage(request, session) } }
        router.get("/households/:id") { request, context in
            try await page(request) { session in
                guard let household = try await namedHousehold(context) else { return noSuchHousehold(session) }
                return HTMLResponse.make(try await householdPage(household, session: session))
            }
        }
        router.post("/households/:id/files/:file/status") { request, context in
            try await fileForm(request) { session, form in
                guard let household = try await namedHousehold(context) else { return noSuchHousehold(session) }
                guard let fileID = context.parameters.get("file", as: Int64.self),
                      let file = try await register.hardshipFile(id: fileID), file.householdID == household.id else {
                    return HTMLResponse.problem(.notFound, title: "找不到档案", message: "本户没有这份困难职工档案。", session: session)
                }
                let reason = (form["reason"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
                var problems: [FieldProblem] = []
                if let status = HardshipFileStatus(rawValue: form["status"] ?? ""), file.status.mayMove(to: status) {
                    if status == .closed, reason.isEmpty {
                        problems.append(FieldProblem(field: "reason", message: "关闭档案须填写理由。"))
                    } else {
                        _ = try await register.moveHardshipFile(id: file.id, to: status, reason: reason.isEmpty ? nil : reason, on: today(),
                                                                by: session.account.name)
                        logger.info("hardship file moved", metadata: ["file": "\(file.id)", "status": "\(status.rawValue)",
                                                                      "actor": "\(loggable(session.account.name))"])
                        return HTMLResponse.redirect("/households/\(household.id)#file-\(file.id)")
                    }
                } else {
                    problems.append(FieldProblem(field: "status", message: "请选择档案的新状态。"))
                }
                return HTMLResponse.make(try await householdPage(household, session: session, posted: (file.id, reason, problems)),
                                         status: .unprocessableContent)
            }
        }
        router.get("/decisions/:id/hardship-file") { request, context in
            try await entryPage(request, context) { session, entry in
                guard session.account.role.changesHardshipFiles else { return forbidden(session, "只有经办人可以建立困难职工档案。") }
                return try await openFilePage(entry, session: session)
            }
        }
        router.post("/decisions/:id/hardship-file") { request, context in
            try await fileForm(request) { session, form in
                guard let id = context.parameters.get("id", as: Int64.self), let entry = try await register.assessment(id: id) else {
                    return HTMLResponse.problem(.notFound, title: "找不到记录", message: "没有这条登记记录。", session: session)
                }
                guard let tier = HardshipTier(rawValue: form["tier"] ?? "") else {
                    return try await openFilePage(entry, session: session, chosen: nil,
                                                  problems: [FieldProblem(field: "tier", message: "请选择困难类型。")])
                }
                switch try await openHardshipFile(from: entry, tier: tier, by: session.account.name) {
                case .done(let file): return HTMLResponse.redirect("/households/\(file.householdID)#file-\(file.id)")
                case .refused(let problems): return try await openFilePage(entry, session: session, chosen: tier, problems: problems)
                }
            }
        }
        router.get("/model-workers") { request, _ in
            try await page(request) { session in
                HTMLResponse.make(HouseholdPages.modelWorkers(try await register.modelWorkers(), ruleSet: engine.current.ruleSet, session: session))
            }
        }
    }

    // MARK: Opening a hardship file from a decision

    /// The tier the rules gave the entry's applicant: the stored profile assessed again with the running
    /// rules (as a confirmation does), its `HardshipReview.tierFact`; nil when they give none.
    func tierFromRules(_ entry: StoredAssessment) -> HardshipTier? {
        guard let answer = try? AssessmentDocument(json: entry.decisionJSON),
              let document = try? DocumentNode.parse(entry.profileJSON, displayName: answer.profile, json: true),
              case .success(let assessment)? = try? engine.current.pool.withAssessor({
                  $0.assess(document: document, source: answer.profile, on: answer.date, history: History.empty)
              }) else { return nil }
        return HardshipReview.tier(in: assessment)
    }

    func openFilePage(_ entry: StoredAssessment, session: WebSession, chosen: HardshipTier? = nil, problems: [FieldProblem] = []) async throws -> Response {
        let suggested = tierFromRules(entry)
        var household: StoredHousehold?
        if let idNumber = entry.applicantID { household = try await register.household(memberIDNumber: idNumber) }
        return HTMLResponse.make(HouseholdPages.openFile(entry, suggested: suggested, chosen: chosen ?? suggested, household: household,
                                                         problems: problems, session: session),
                                 status: problems.isEmpty ? .ok : .unprocessableContent)
    }

    /// Opens a hardship file of `tier` for the entry's applicant's household, opening the household
    /// from the entry when there is none; what the register refuses comes back in Chinese at the field.
    func openHardshipFile(from entry: StoredAssessment, tier: HardshipTier, by account: String) async throws -> FormOutcome<StoredHardshipFile> {
        guard !(entry.applicantID ?? "").isEmpty else {
            return .refused([FieldProblem(field: "tier", message: "申请人没有证件号码，无法建立家庭档案（一户一档）。")])
        }
        let rules = engine.current
        let household: StoredHousehold
        do {
            let answer = try AssessmentDocument(json: entry.decisionJSON)
            let document = try DocumentNode.parse(entry.profileJSON, displayName: answer.profile, json: true)
            household = try await self.household(of: entry, answer: answer, document: document, rules: rules, by: account)
        } catch let refused as GrantConfirmationRefused {
            return .refused([FieldProblem(field: "tier", message: refused.message)])
        } catch is AssessmentDocument.Unreadable {
            return .refused([FieldProblem(field: "tier", message: "第 \(entry.id) 号记录保存的结论无法读取。")])
        } catch let error as Diagnostic {
            return .refused([FieldProblem(field: "tier", message: "第 \(entry.id) 号记录保存的档案无法读取：\(error.message)")])
        }
        do {
            let file = try await register.openHardshipFile(householdID: household.id, tier: tier, openedOn: today(), openedBy: account)
            logger.info("hardship file opened", metadata: ["file": "\(file.id)", "household": "\(household.id)", "entry": "\(entry.id)",
                                                           "tier": "\(tier.rawValue)", "actor": "\(loggable(account))"])
            return .done(file)
        } catch HouseholdError.hardshipFileOpen(let householdID, let fileID) {
            return .refused([FieldProblem(field: "tier", message: "第 \(householdID) 号家庭已有在档的第 \(fileID) 号困难职工档案（一户一档），请在家庭档案页处理。")])
        } catch HouseholdError.householdClosed(let householdID) {
            return .refused([FieldProblem(field: "tier", message: "第 \(householdID) 号家庭档案已关闭。")])
        }
    }

    // MARK: Pages

    func householdsPage(_ request: Request, _ session: WebSession) async throws -> Response {
        let parameters = request.uri.queryParameters
        let idNumber = (parameters.get("id_number") ?? "").trimmingCharacters(in: .whitespaces)
        let name = (parameters.get("name") ?? "").trimmingCharacters(in: .whitespaces)
        var error: String?
        if !idNumber.isEmpty, case .failure = ChineseIDNumber.parse(idNumber) {
            error = "请填写完整的证件号码（18 位）。"
        }
        let households = error == nil
            ? try await register.households(matching: HouseholdQuery(idNumber: idNumber.isEmpty ? nil : idNumber, name: name.isEmpty ? nil : name, limit: 200))
            : []
        var rows: [HouseholdPages.ListRow] = []
        for household in households {
            rows.append(HouseholdPages.listRow(household, files: try await register.hardshipFiles(householdID: household.id), today: today()))
        }
        return HTMLResponse.make(HouseholdPages.list(rows, idNumber: idNumber, name: name, error: error, session: session),
                                 status: error == nil ? .ok : .badRequest)
    }

    /// `posted`: the status form of a file posted with problems.
    func householdPage(_ household: StoredHousehold, session: WebSession,
                       posted: (fileID: Int64, reason: String, problems: [FieldProblem])? = nil) async throws -> String {
        var files: [HouseholdPages.FileShown] = []
        for file in try await register.hardshipFiles(householdID: household.id) {
            files.append(HouseholdPages.FileShown(file: file, history: try await register.hardshipFileHistory(id: file.id),
                                                  reviews: try await register.reviews(fileID: file.id)))
        }
        var entries: [AssessmentSummary] = []
        for member in household.members {
            var query = RegisterQuery(applicantID: member.idNumber, limit: 50)
            if !session.account.role.readsWholeRegister { query.actor = session.account.name }
            let key = RegisterQuery.applicantIDSearchKey(member.idNumber)
            // The search matches endings; a member is the whole number.
            entries += try await register.search(query).filter { $0.applicantID.map(RegisterQuery.applicantIDSearchKey) == key }
        }
        return HouseholdPages.detail(
            household, files: files, grants: try await register.grants(householdID: household.id, from: nil, to: nil),
            claims: try await register.claims(householdID: household.id), entries: entries.sorted { $0.id > $1.id },
            desk: self, posted: posted, session: session)
    }

    /// A posted form of an officer about hardship files, its CSRF token checked.
    private func fileForm(_ request: Request, _ body: (WebSession, FormData) async throws -> Response) async throws -> Response {
        let (posted, form) = try await postedForm(request)
        guard let posted else { return HTMLResponse.redirect("/login?next=/households") }
        guard let session = posted.valid else { return Self.csrfRefused() }
        guard session.account.role.changesHardshipFiles else { return forbidden(session, "只有经办人可以建立和变更困难职工档案。") }
        return try await body(session, form)
    }

    private func namedHousehold(_ context: IntakeContext) async throws -> StoredHousehold? {
        guard let id = context.parameters.get("id", as: Int64.self) else { return nil }
        return try await register.household(id: id)
    }

    private func noSuchHousehold(_ session: WebSession) -> Response {
        HTMLResponse.problem(.notFound, title: "找不到家庭档案", message: "没有这个家庭档案。", session: session)
    }
}
