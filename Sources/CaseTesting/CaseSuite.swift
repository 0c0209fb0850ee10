import Eligibility
import Foundation

/// Runs many cases at once on all cores, on assessors from one pool (each a Lua state with the rules
/// compiled once). Results come back in the order of the cases, whatever the number of jobs.
package enum CaseSuite {
    package struct Run: Sendable {
        package var results: [CaseResult]
        /// What the rules ran, over every assessor, when coverage was asked for.
        package var coverage: RuleCoverage?
    }

    package static func run(_ cases: [TestCase], ruleSet: RuleSet, limits: RuleLimits = .default,
                           jobs: Int = defaultJobs, measuringCoverage: Bool = false) -> Run {
        let pool = AssessorPool(ruleSet: ruleSet, limits: limits, measuringCoverage: measuringCoverage, capacity: jobs)
        let results = AssessorPool.concurrentMap(count: cases.count, jobs: jobs) { index in
            do {
                return try pool.withAssessor { CaseRunner(assessor: $0).run(cases[index]) }
            } catch {
                let problem = Diagnostic(message: Text(zh: "规则引擎无法启动：\(error)", en: "the rule engine could not start: \(error)"))
                return CaseResult(testCase: cases[index], inputProblems: [problem], mismatches: [], assessment: nil)
            }
        }
        return Run(results: results, coverage: measuringCoverage ? pool.coverage() : nil)
    }

    package static var defaultJobs: Int { ProcessInfo.processInfo.activeProcessorCount }
}
