import Dispatch
import Eligibility
import Foundation
import LuaSandbox
import Synchronization

/// Runs many cases at once on all cores: one assessor (one Lua state, rules compiled once) per worker.
/// Results come back in the order of the cases, whatever the number of workers.
public enum CaseSuite {
    public struct Run: Sendable {
        public var results: [CaseResult]
        /// What the rules ran, over all workers, when coverage was asked for.
        public var coverage: RuleCoverage?
    }

    public static func run(_ cases: [TestCase], ruleSet: RuleSet, limits: LuaLimits = .default,
                           jobs: Int = defaultJobs, measuringCoverage: Bool = false) -> Run {
        let workers = max(1, min(jobs, cases.count))
        let results = Mutex<[CaseResult?]>(Array(repeating: nil, count: cases.count))
        let coverage = Mutex<RuleCoverage?>(measuringCoverage ? RuleCoverage() : nil)
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            let runner: CaseRunner
            do {
                runner = CaseRunner(assessor: try Assessor(ruleSet: ruleSet, limits: limits, measuringCoverage: measuringCoverage))
            } catch {
                let problem = Diagnostic(message: "the rule engine could not start: \(error)")
                results.withLock { all in
                    for index in stride(from: worker, to: cases.count, by: workers) {
                        all[index] = CaseResult(testCase: cases[index], inputProblems: [problem], mismatches: [], assessment: nil)
                    }
                }
                return
            }
            for index in stride(from: worker, to: cases.count, by: workers) {
                let result = runner.run(cases[index])
                results.withLock { $0[index] = result }
            }
            if measuringCoverage {
                let mine = runner.assessor.coverage()
                coverage.withLock { $0?.merge(mine) }
            }
        }
        return Run(results: results.withLock { $0.map { $0! } }, coverage: coverage.withLock { $0 })
    }

    public static var defaultJobs: Int { ProcessInfo.processInfo.activeProcessorCount }
}
