import Dispatch
import Eligibility
import Foundation
import LuaSandbox
import Synchronization

/// Runs many cases at once on all cores: one assessor (one Lua state, rules compiled once) per worker.
/// Results come back in the order of the cases, whatever the number of workers.
public enum CaseSuite {
    public static func run(_ cases: [TestCase], ruleSet: RuleSet, limits: LuaLimits = .default,
                           jobs: Int = defaultJobs) -> [CaseResult] {
        let workers = max(1, min(jobs, cases.count))
        let results = Mutex<[CaseResult?]>(Array(repeating: nil, count: cases.count))
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            let runner: CaseRunner
            do {
                runner = CaseRunner(assessor: try Assessor(ruleSet: ruleSet, limits: limits))
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
        }
        return results.withLock { $0.map { $0! } }
    }

    public static var defaultJobs: Int { ProcessInfo.processInfo.activeProcessorCount }
}
