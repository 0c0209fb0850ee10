import DecisionFormats
import Eligibility

/// How `bangfu test` shows results: each failing case with its differences, expected against actual,
/// per programme, then the closing line `N passed, M failed`.
package enum CaseReport {
    package static func failure(_ result: CaseResult) -> String {
        let place = result.testCase.line.map { "\(result.testCase.file):\($0)" } ?? result.testCase.file
        var lines = ["FAIL \(place): \(result.testCase.name) (on \(result.testCase.date))"]
        for problem in result.inputProblems {
            lines.append("    input: \(problem)")
        }
        var subjects: [String] = []
        for mismatch in result.mismatches where !subjects.contains(mismatch.subject) { subjects.append(mismatch.subject) }
        for subject in subjects {
            let decision = result.assessment?.decision(subject)
            lines.append("    \(subject)" + (decision.map { " (\($0.title))" } ?? ""))
            for mismatch in result.mismatches where mismatch.subject == subject {
                lines.append("      \(mismatch.field):")
                lines.append("        expected: \(mismatch.expected)")
                lines.append("        actual:   \(mismatch.actual)")
            }
            // The decision's own reasons tell whoever checks the change why it came out as it did.
            for reason in decision?.reasons ?? [] {
                lines.append("      · [\(reason.code)] \(reason.text)" + (reason.location.map { " @ \($0)" } ?? ""))
            }
        }
        return lines.joined(separator: "\n")
    }

    package static func summary(_ results: [CaseResult]) -> String {
        let failed = results.filter { !$0.passed }.count
        return "\(results.count - failed) passed, \(failed) failed"
    }
}
