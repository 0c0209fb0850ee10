import DecisionFormats
import Eligibility

/// How `bangfu test` shows results: each failing case with its differences, expected against actual,
/// per programme, then the closing line `N passed, M failed`.
public enum CaseReport {
    public static func failure(_ result: CaseResult) -> String {
        let place = result.testCase.line.map { "\(result.testCase.file):\($0)" } ?? result.testCase.file
        var lines = ["FAIL \(place): \(result.testCase.name) (on \(result.testCase.date))"]
        for problem in result.profileProblems {
            lines.append("    profile: \(problem)")
        }
        var subject = ""
        for mismatch in result.mismatches {
            if mismatch.subject != subject {
                subject = mismatch.subject
                let title = result.assessment?.decision(subject)?.title
                lines.append("    \(subject)" + (title.map { " (\($0))" } ?? ""))
            }
            lines.append("      \(mismatch.field):")
            lines.append("        expected: \(mismatch.expected)")
            lines.append("        actual:   \(mismatch.actual)")
            if mismatch.field == "outcome" || mismatch.field == "cash",
               let decision = result.assessment?.decision(mismatch.subject) {
                for reason in decision.reasons {
                    lines.append("          · [\(reason.code)] \(reason.text)" + (reason.location.map { " @ \($0)" } ?? ""))
                }
            }
        }
        return lines.joined(separator: "\n")
    }

    public static func summary(_ results: [CaseResult]) -> String {
        let failed = results.filter { !$0.passed }.count
        return "\(results.count - failed) passed, \(failed) failed"
    }
}
