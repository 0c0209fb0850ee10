import DecisionFormats
import Eligibility
import IntakeRegister

/// A stored decision assessed again: per programme the outcome and cash then (the rules it was made
/// with, rebuilt from the register) and now (the running rules), and whether the original rules give
/// back the stored sheet exactly.
enum ReplayPage {
    static func render(_ replay: DecisionReplay, session: WebSession) -> String {
        let id = replay.entry.id
        var body = """
            <p class="noprint"><a href="/decisions/\(id)">返回评估单</a> · <a href="/register">返回登记簿</a></p>
            <table class="header">
            <tr><th scope="row">登记号</th><td>\(id)</td><th scope="row">评估日期</th><td id="assessment-date">\(esc(replay.date.description))</td></tr>
            <tr><th scope="row">当时规则</th><td colspan="3" id="original-rules">\(esc(replay.originalTitle))（版本 \(esc(String(replay.originalHash.prefix(12))))）</td></tr>
            <tr><th scope="row">现行规则</th><td colspan="3" id="current-rules">\(esc(replay.currentTitle))（版本 \(esc(String(replay.currentHash.prefix(12))))）</td></tr>
            </table>

            """
        if replay.reproduced {
            body += "<p id=\"reproduced\" data-reproduced=\"true\">按当时规则重新评估，结果与存档评估单完全一致。</p>\n"
        } else {
            body += "<p id=\"reproduced\" class=\"error\" data-reproduced=\"false\">按当时规则重新评估，结果与存档评估单不一致，请转经办人核查。</p>\n"
        }
        for (label, problems) in [("当时规则", replay.originalProblems), ("现行规则", replay.currentProblems)] where !problems.isEmpty {
            body += "<p class=\"error\">\(label)无法评估该申请资料：</p><ul>\n"
            body += problems.map { "<li>\(esc(($0.path.map { $0 + "：" } ?? "") + $0.message))</li>\n" }.joined() + "</ul>\n"
        }
        if !replay.decisions.isEmpty {
            if replay.currentHash == replay.originalHash {
                body += "<p>现行规则与当时规则相同。</p>\n"
            }
            body += """
                <table id="replay">
                <thead><tr><th scope="col">项目</th><th scope="col">当时结论</th><th scope="col">当时现金</th>
                <th scope="col">现行结论</th><th scope="col">现行现金</th><th scope="col">是否变化</th></tr></thead>
                <tbody>

                """
            for change in replay.decisions {
                body += "<tr id=\"replay-\(esc(change.programme))\" data-changed=\"\(change.differs)\">"
                body += "<th scope=\"row\">\(esc(change.title))</th>"
                body += "<td>\(esc(outcome(change.before)))</td><td>\(esc(cash(change.before)))</td>"
                body += "<td>\(esc(outcome(change.after)))</td><td>\(esc(cash(change.after)))</td>"
                body += "<td>\(change.differs ? "<strong>有变化</strong>" : "无变化")</td></tr>\n"
            }
            body += "</tbody>\n</table>\n"
            if replay.changes.contains(where: { $0.before?.reasons != $0.after?.reasons || $0.before?.entitlements != $0.after?.entitlements }) {
                body += "<p><small>“有变化”也包括理由或待遇金额的变化，详见接口 /api/decisions/\(id)/replay。</small></p>\n"
            }
        }
        return Layout.page(title: "按现行规则重新评估", session: session, body: body)
    }

    static func outcome(_ summary: DecisionSummary?) -> String {
        summary.map { DecisionLabels.outcome($0.outcome) } ?? "（无此项目）"
    }

    static func cash(_ summary: DecisionSummary?) -> String {
        guard let summary else { return "—" }
        let parts = Period.allCases.compactMap { period in
            summary.cash[period].map { "\(DecisionLabels.period(period)) \($0.plain) 元" }
        }
        return parts.isEmpty ? "—" : parts.joined(separator: "，")
    }
}
