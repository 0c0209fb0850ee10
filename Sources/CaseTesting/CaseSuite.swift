import Dispatch
import Eligibility
import Foundation
import LuaSandbox

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
        let results = ResultSlots<CaseResult>(count: cases.count)
        let coverage = ResultSlots<RuleCoverage>(count: workers)
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            let runner: CaseRunner
            do {
                runner = CaseRunner(assessor: try Assessor(ruleSet: ruleSet, limits: limits, measuringCoverage: measuringCoverage))
            } catch {
                let problem = Diagnostic(message: "the rule engine could not start: \(error)")
                for index in stride(from: worker, to: cases.count, by: workers) {
                    results.put(CaseResult(testCase: cases[index], inputProblems: [problem], mismatches: [], assessment: nil), at: index)
                }
                coverage.put(RuleCoverage(), at: worker)
                return
            }
            for index in stride(from: worker, to: cases.count, by: workers) {
                let result = runner.run(cases[index])
                results.put(result, at: index)
            }
            coverage.put(measuringCoverage ? runner.assessor.coverage() : RuleCoverage(), at: worker)
        }
        var measured: RuleCoverage?
        if measuringCoverage {
            measured = coverage.all.reduce(into: RuleCoverage()) { $0.merge($1) }
        }
        return Run(results: results.all, coverage: measured)
    }

    public static var defaultJobs: Int { ProcessInfo.processInfo.activeProcessorCount }
}
