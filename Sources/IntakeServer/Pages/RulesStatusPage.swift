import Foundation
import IntakeRegister

/// 规则状态: the running rule set and the last reload attempt with its problems.
enum RulesStatusPage {
    static func render(engine: RuleEngine, session: WebSession) -> String {
        let rules = engine.current
        var body = """
            <h2>当前运行的规则</h2>
            <table>
            <tr><th scope="row">名称</th><td>\(esc(rules.ruleSet.title))</td></tr>
            <tr><th scope="row">版本</th><td id="rules-version">\(esc(rules.ruleSet.version))</td></tr>
            <tr><th scope="row">载入时间</th><td>\(esc(rules.loadedAt.formatted(.iso8601)))</td></tr>
            <tr><th scope="row">规则目录</th><td>\(esc(engine.rulesDirectory.path))</td></tr>
            </table>
            <h2>最近一次载入</h2>

            """
        guard let last = engine.lastAttempt else {
            return Layout.page(title: "规则状态", session: session, body: body + "<p>尚无记录。</p>")
        }
        body += """
            <p>\(esc(last.at.formatted(.iso8601)))：版本 \(esc(last.hash.map { String($0.prefix(12)) } ?? "无法载入"))，\
            \(last.accepted ? "已采用" : "<strong class=\"error\">未采用，继续使用当前规则</strong>")；\
            案例 \(last.casesRun) 个，未通过 \(last.casesFailed) 个。</p>

            """
        if last.problems.isEmpty {
            body += "<p>没有问题。</p>"
        } else {
            body += "<table><thead><tr><th scope=\"col\">文件</th><th scope=\"col\">行</th><th scope=\"col\">字段</th><th scope=\"col\">问题</th></tr></thead><tbody>\n"
            for problem in last.problems {
                body += "<tr><td>\(esc(problem.file ?? ""))</td><td>\(problem.line.map(String.init) ?? "")</td><td>\(esc(problem.path ?? ""))</td><td>\(esc(problem.message))</td></tr>\n"
            }
            body += "</tbody></table>"
        }
        return Layout.page(title: "规则状态", session: session, body: body)
    }
}
