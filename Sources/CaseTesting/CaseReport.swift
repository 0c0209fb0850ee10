import DecisionFormats
import Eligibility

/// How `bangfu test` shows results: each failing case with its differences, expected against actual,
/// per programme, then the closing line `通过 N 个，未通过 M 个` (`N passed, M failed`).
package enum CaseReport {
    package static func failure(_ result: CaseResult, in language: Language) -> String {
        let place = result.testCase.line.map { "\(result.testCase.file):\($0)" } ?? result.testCase.file
        let zh = language == .zh
        var lines = [zh ? "未通过 \(place)：\(result.testCase.name)（评估日期 \(result.testCase.date)）"
                        : "FAIL \(place): \(result.testCase.name) (on \(result.testCase.date))"]
        for problem in result.inputProblems {
            lines.append((zh ? "    输入：" : "    input: ") + problem.rendered(in: language))
        }
        var subjects: [String] = []
        for mismatch in result.mismatches where !subjects.contains(mismatch.subject) { subjects.append(mismatch.subject) }
        for subject in subjects {
            let decision = result.assessment?.decision(subject)
            lines.append("    \(subject)" + (decision.map { zh ? "（\($0.title)）" : " (\($0.title))" } ?? ""))
            for mismatch in result.mismatches where mismatch.subject == subject {
                lines.append("      \(mismatch.field)" + (zh ? "：" : ":"))
                lines.append((zh ? "        应为：" : "        expected: ") + mismatch.expected)
                lines.append((zh ? "        实际：" : "        actual:   ") + mismatch.actual)
            }
            // The decision's own reasons tell whoever checks the change why it came out as it did.
            for reason in decision?.reasons ?? [] {
                lines.append("      · [\(reason.code)] \(reason.text)" + (reason.location.map { " @ \($0)" } ?? ""))
            }
        }
        return lines.joined(separator: "\n")
    }

    package static func summary(_ results: [CaseResult], in language: Language) -> String {
        let failed = results.filter { !$0.passed }.count
        return Text(zh: "通过 \(results.count - failed) 个，未通过 \(failed) 个", en: "\(results.count - failed) passed, \(failed) failed")
            .rendered(in: language)
    }
}
