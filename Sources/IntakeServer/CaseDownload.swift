import CaseTooling
import Eligibility
import Foundation
import Hummingbird
import IntakeRegister

extension Role {
    /// Officers keep the rule set's cases, so they turn assessments into cases.
    var savesCases: Bool { self == .officer }
}

/// "保存为案例" on the decision sheet: the entry as a regression case file (`CaseFromAssessment`, the
/// same conversion as `bangfu case new --from-register`), offered as a download. The desk never writes
/// into the rules or cases folder: the officer adds the file to the cases and runs them.
extension IntakeApplication {
    func addCaseDownload(to router: Router<IntakeContext>) {
        router.get("/decisions/:id/case") { request, context in
            try await entryPage(request, context) { session, entry in
                guard session.account.role.savesCases else { return forbidden(session, "只有经办人可以把评估保存为案例。") }
                let rules = try await ruleSet(decidedUnder: entry.ruleSetHash)
                let made: CaseFromAssessment
                do {
                    made = try CaseFromAssessment(entryID: entry.id, profileJSON: entry.profileJSON, decisionJSON: entry.decisionJSON, ruleSet: rules)
                } catch {
                    logger.info("case refused", metadata: ["entry": "\(entry.id)", "reason": "\(error)"])
                    return HTMLResponse.problem(.conflict, title: "无法保存为案例", message: "这条记录有项目因规则出错未能判定，或记录无法读取，不能作为案例。",
                                                session: session)
                }
                logger.info("case downloaded", metadata: ["entry": "\(entry.id)", "actor": "\(loggable(session.account.name))"])
                return Response(status: .ok,
                                headers: [.contentType: "application/yaml; charset=utf-8", .cacheControl: "no-store",
                                          .contentDisposition: "attachment; filename=\"\(made.slug).yaml\""],
                                body: ResponseBody(byteBuffer: ByteBuffer(string: made.yaml)))
            }
        }
    }

    /// The rules a stored decision was made under: the running ones when they are those, else rebuilt
    /// from the register; the running ones when they can no longer be rebuilt.
    func ruleSet(decidedUnder hash: String) async throws -> RuleSet {
        let current = engine.current.ruleSet
        guard current.contentHash != hash else { return current }
        do {
            return try await register.storedRuleSet(hash: hash)
        } catch is StoredRuleSetError {
            return current
        }
    }
}
