import Dispatch
import CaseTesting
import Eligibility
import Foundation

/// What a rule change does: the same applicants assessed under a base rule set and the current one,
/// compared decision by decision, then summed per programme and over the whole population.
package struct ImpactReport: Sendable {
    package var baseHash: String
    package var currentHash: String
    package var applicants: Int
    /// Applicants with at least one changed decision, in input order.
    package var changed: [ApplicantChange]
    /// Applicants that could not be assessed under one of the rule sets (invalid profile, say).
    package var problems: [(source: String, diagnostics: [Diagnostic])]
    /// Every programme in either rule set: current order, then any the change removed.
    package var programmes: [ProgrammeImpact]
    /// Programme or policy rules that failed, under either rule set.
    package var ruleFailures: Int

    /// The change in the centre's cash a year over all applicants.
    package var cashPerYearChange: Money { programmes.reduce(.zero) { $0 + $1.cashPerYearChange } }
    /// Of that change, what decisions that now wait for information paid before: not saved, only not
    /// yet decided (a changed rule reads a field the applicants were never asked).
    package var pendingCashPerYear: Money { programmes.reduce(.zero) { $0 + $1.pendingCashPerYear } }
    package var hasChanges: Bool { !changed.isEmpty }
}

package struct ApplicantChange: Sendable {
    package var source: String
    package var label: String
    package var applicantName: String?
    package var date: CivilDate
    package var decisions: [DecisionChange]
}

package struct ProgrammeImpact: Sendable {
    package var programme: String
    package var title: String
    /// Applicants who become eligible, and who stop being eligible.
    package var gained: Int
    package var lost: Int
    /// Decisions that changed in any way (outcome, amounts, reasons).
    package var changed: Int
    /// Decisions that now need information and did not, and the cash a year they paid before.
    package var pending = 0
    package var pendingCashPerYear = Money.zero
    package var cashChange: [Period: Money]
    package var cashPerYearChange: Money

    /// Counts one applicant's changed decision of this programme.
    mutating func count(_ change: DecisionChange) {
        let wasEligible = change.before?.outcome == .eligible, isEligible = change.after?.outcome == .eligible
        if isEligible && !wasEligible { gained += 1 }
        if wasEligible && !isEligible { lost += 1 }
        if change.after?.outcome == .needsInformation && change.before?.outcome != .needsInformation {
            pending += 1
            pendingCashPerYear += change.before?.cashPerYear ?? .zero
        }
        changed += 1
        for period in Period.allCases {
            let delta = (change.after?.cash[period] ?? .zero) - (change.before?.cash[period] ?? .zero)
            if delta != .zero { cashChange[period, default: .zero] += delta }
        }
        cashPerYearChange += (change.after?.cashPerYear ?? .zero) - (change.before?.cashPerYear ?? .zero)
    }
}

package enum ImpactAnalysis {
    /// Assesses every applicant under both rule sets (in parallel, on a pool of assessors for each) and
    /// compares. `date` is the assessment date for applicants that do not carry their own (plain profiles).
    package static func run(_ applicants: [Applicant], base: RuleSet, current: RuleSet, on date: CivilDate,
                           limits: RuleLimits = .default, jobs: Int) -> ImpactReport {
        let basePool = AssessorPool(ruleSet: base, limits: limits, capacity: jobs)
        let currentPool = AssessorPool(ruleSet: current, limits: limits, capacity: jobs)
        let outcomes = AssessorPool.concurrentMap(count: applicants.count, jobs: jobs) { index in
            do {
                return try basePool.withAssessor { before in
                    try currentPool.withAssessor { after in compare(applicants[index], before, after, defaultDate: date) }
                }
            } catch {
                return Compared.problem([Diagnostic(message: Text(zh: "规则引擎无法启动：\(error)", en: "the rule engine could not start: \(error)"))])
            }
        }
        return summarise(outcomes, applicants: applicants, base: base, current: current)
    }

    enum Compared: Sendable {
        case assessed(before: Assessment, after: Assessment)
        case problem([Diagnostic])
    }

    static func compare(_ applicant: Applicant, _ base: Assessor, _ current: Assessor, defaultDate: CivilDate) -> Compared {
        let date = applicant.date ?? defaultDate
        let before = assess(applicant, with: base, on: date), after = assess(applicant, with: current, on: date)
        switch (before, after) {
        case (.success(let before), .success(let after)): return .assessed(before: before, after: after)
        case (.failure(let problems), .success), (.success, .failure(let problems)): return .problem(problems.diagnostics)
        case (.failure(let first), .failure(let second)):
            return .problem(first.diagnostics + second.diagnostics.filter { !first.diagnostics.contains($0) })
        }
    }

    static func assess(_ applicant: Applicant, with assessor: Assessor, on date: CivilDate) -> Result<Assessment, DiagnosticList> {
        switch applicant.history {
        case .given(let history):
            assessor.assess(document: applicant.profile, source: applicant.profileSource, on: date, history: history,
                            historySource: applicant.source, overriding: applicant.parameterOverrides)
        case .onRecord(let history):
            assessor.assess(document: applicant.profile, source: applicant.profileSource, on: date, history: history)
        }
    }

    static func summarise(_ compared: [Compared], applicants: [Applicant], base: RuleSet, current: RuleSet) -> ImpactReport {
        var order = current.programmeIDs
        order += base.programmeIDs.filter { !order.contains($0) }
        var impacts: [String: ProgrammeImpact] = [:]
        var report = ImpactReport(baseHash: base.contentHash, currentHash: current.contentHash, applicants: applicants.count,
                                  changed: [], problems: [], programmes: [], ruleFailures: 0)
        for (applicant, outcome) in zip(applicants, compared) {
            guard case .assessed(let before, let after) = outcome else {
                if case .problem(let diagnostics) = outcome { report.problems.append((applicant.source, diagnostics)) }
                continue
            }
            report.ruleFailures += (before.hasFailures ? 1 : 0) + (after.hasFailures ? 1 : 0)
            var changes: [DecisionChange] = []
            for change in DecisionChange.compare(before: before, after: after) {
                var impact = impacts[change.programme] ?? ProgrammeImpact(programme: change.programme, title: change.title,
                                                                          gained: 0, lost: 0, changed: 0,
                                                                          cashChange: [:], cashPerYearChange: .zero)
                if change.differs {
                    impact.count(change)
                    changes.append(change)
                }
                impacts[change.programme] = impact
            }
            if !changes.isEmpty {
                report.changed.append(ApplicantChange(source: applicant.source, label: applicant.label,
                                                      applicantName: after.applicantName ?? before.applicantName,
                                                      date: after.date, decisions: changes))
            }
        }
        report.programmes = order.compactMap { impacts[$0] }
        return report
    }
}

