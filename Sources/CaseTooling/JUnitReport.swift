import CaseTesting
import Eligibility

/// JUnit XML for any CI: one `<testcase>` per case, its differences as the failure text.
package enum JUnitReport {
    package static func xml(_ results: [CaseResult], suite: String, seconds: Double, in language: Language) -> String {
        let failures = results.filter { !$0.passed }.count
        var lines = [
            #"<?xml version="1.0" encoding="UTF-8"?>"#,
            #"<testsuites name="bangfu" tests="\#(results.count)" failures="\#(failures)" time="\#(seconds)">"#,
            #"  <testsuite name="\#(escape(suite))" tests="\#(results.count)" failures="\#(failures)" time="\#(seconds)">"#,
        ]
        for result in results {
            let place = escape(result.testCase.file)
            let name = escape(result.testCase.name)
            if result.passed {
                lines.append(#"    <testcase classname="\#(place)" name="\#(name)"/>"#)
            } else {
                let summary = (result.inputProblems.isEmpty
                    ? Text(zh: "\(result.mismatches.count) 处不同", en: "\(result.mismatches.count) difference(s)")
                    : Text(zh: "案例的输入无效", en: "the case's input is not valid")).rendered(in: language)
                lines.append(#"    <testcase classname="\#(place)" name="\#(name)">"#)
                lines.append(#"      <failure message="\#(escape(summary))">\#(escape(CaseReport.failure(result, in: language)))</failure>"#)
                lines.append("    </testcase>")
            }
        }
        lines += ["  </testsuite>", "</testsuites>"]
        return lines.joined(separator: "\n") + "\n"
    }

    static func escape(_ text: String) -> String {
        var out = ""
        // By scalar, not Character: a quote followed by a combining mark is one Character that is not `"`.
        for character in text.unicodeScalars {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            default: out.unicodeScalars.append(character)
            }
        }
        return out
    }
}
