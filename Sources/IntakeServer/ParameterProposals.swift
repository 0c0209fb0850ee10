import ChangeImpact
import Eligibility
import Foundation
import IntakeRegister

/// What the desk finds of a proposal before a second officer decides it: `check`, every case, and the
/// change over the register's caseload.
struct ProposalReview: Sendable {
    /// Check errors; the cases run only once there are none.
    var checkProblems: [Diagnostic]
    var casesRun: Int
    var caseFailures: [Diagnostic]
    var impact: ImpactReport
    /// The assessment date of the caseload: the new value's date, or today when that has passed.
    var impactDate: CivilDate
}

extension IntakeApplication {
    /// How many of the register's newest entries the caseload is drawn from.
    static let caseloadEntries = 5_000

    /// Files a proposal of a new dated value: the running rule set with the value written into the
    /// parameter's file, loaded and stored, so that any desk can review and publish it.
    func propose(_ change: ParameterChange, by account: Account) async throws -> FormOutcome<StoredProposal> {
        let base = engine.current.ruleSet
        let files: [RuleSetFile]
        do {
            files = try change.files(changing: base)
        } catch {
            return .refused([FieldProblem(field: error.field, message: error.message)])
        }
        let proposed: RuleSet
        do {
            proposed = try RuleSet.load(files: files)
        } catch {
            return .refused([FieldProblem(field: "value", message: "改后的规则无法载入：" + error.diagnostics.map(\.description).joined(separator: "；"))])
        }
        guard !Self.sameValues(base.parameters.parameter(change.parameter), proposed.parameters.parameter(change.parameter)) else {
            return .refused([FieldProblem(field: "value", message: "与现行规则相同，无需修改。")])
        }
        try await register.storeRuleSet(proposed)
        let stored = try await register.addProposal(NewProposal(
            parameter: change.parameter, from: change.from, value: change.value, reference: change.reference.trimmingCharacters(in: .whitespaces),
            proposedBy: account.name, baseHash: base.contentHash, proposedHash: proposed.contentHash))
        logger.info("parameter change proposed", metadata: ["proposal": "\(stored.id)", "parameter": "\(change.parameter)",
                                                            "by": "\(loggable(account.name))"])
        return .done(stored)
    }

    /// Whether the parameter's dated values, their values and references are the same in both.
    static func sameValues(_ before: Parameter?, _ after: Parameter?) -> Bool {
        guard let before, let after else { return false }
        return before.values.elementsEqual(after.values) { ($0.from, $0.value, $0.reference) == ($1.from, $1.value, $1.reference) }
    }

    /// Runs `check` and the desk's cases on the proposed rule set, and assesses the caseload (the
    /// newest entry of each applicant on file) under the rules it changes and under it.
    func review(_ proposal: StoredProposal) async throws -> ProposalReview {
        let base = try await register.storedRuleSet(hash: proposal.proposal.baseHash)
        let proposed = try await register.storedRuleSet(hash: proposal.proposal.proposedHash)
        var checkProblems: [Diagnostic] = [], casesRun = 0, caseFailures: [Diagnostic] = []
        switch RuleEngine.validate(proposed, casePaths: engine.casePaths, limits: engine.limits, poolCapacity: 1) {
        case .success(let prepared): casesRun = prepared.casesRun
        case .failure(let rejection) where rejection.casesRun > 0: (casesRun, caseFailures) = (rejection.casesRun, rejection.problems)
        case .failure(let rejection): checkProblems = rejection.problems
        }
        let date = max(proposal.proposal.from, today())
        let impact = ImpactAnalysis.run(try await caseload(on: date), base: base, current: proposed, on: date, limits: engine.limits, jobs: 2)
        let review = ProposalReview(checkProblems: checkProblems, casesRun: casesRun, caseFailures: caseFailures, impact: impact, impactDate: date)
        return review
    }

    /// The newest assessment of each applicant on file, with their household's grants on `date`.
    func caseload(on date: CivilDate) async throws -> [Applicant] {
        try await register.caseload(on: date, entries: Self.caseloadEntries).compactMap(Applicant.init)
    }

    /// Publishes, refuses or withdraws a proposal; a published one is taken here at once (the other
    /// desks take it at their next poll).
    func decide(_ proposal: StoredProposal, _ decision: ProposalDecision, by account: Account) async throws -> FormOutcome<StoredProposal> {
        let decided: StoredProposal
        do {
            decided = try await register.decideProposal(id: proposal.id, decision, by: account.name)
        } catch let refusal as ProposalError {
            return .refused([FieldProblem(field: refusal == .reasonRequired ? "reason" : "decision", message: Self.message(refusal))])
        }
        logger.info("parameter proposal decided", metadata: ["proposal": "\(proposal.id)", "status": "\(decided.status.rawValue)",
                                                             "by": "\(loggable(account.name))"])
        if decided.status == .published { try await engine.followRegister() }
        return .done(decided)
    }

    static func message(_ refusal: ProposalError) -> String {
        switch refusal {
        case .noSuchProposal: "没有这项修改建议。"
        case .notOpen(_, let status): "这项建议已\(ParametersPage.statusLabel(status))，不能再处理。"
        case .ownProposal: "提出人不能批准或驳回自己的建议，须由另一位经办人处理。"
        case .notOwnProposal: "只有提出人可以撤回建议。"
        case .reasonRequired: "驳回或撤回须写明理由。"
        case .baseNotRunning: "建议提出后现行规则已更换，发布会撤销其后的修改；请在现行规则上重新提出。"
        case .notStored: "建议的规则未存入登记簿。"
        }
    }
}
