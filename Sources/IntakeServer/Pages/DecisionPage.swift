import DecisionFormats
import Eligibility
import IntakeRegister

/// The decision sheet, rendered from the answer the register keeps (`bangfu.assessment/1` JSON as it was
/// sent), so the page shows the decision exactly as it was given, even after the rules changed.
enum DecisionPage {
    static func render(_ entry: StoredAssessment, session: WebSession) -> String {
        let answer: AssessmentDocument
        do {
            answer = try AssessmentDocument(json: entry.decisionJSON)
        } catch {
            let body = """
                <p class="noprint"><a href="/register">返回登记簿</a></p>
                <p class="error" id="unreadable">登记号 \(entry.id) 的存档评估单无法读取，请联系系统管理员核查登记簿。</p>
                <details><summary>技术信息（供系统管理员）</summary><p><small>\(esc(error.description))</small></p></details>

                """
            return Layout.page(title: "帮扶资格评估单", session: session, body: body)
        }
        var body = """
            <p class="noprint"><a href="/register">返回登记簿</a> · <a href="/decisions/\(entry.id)/replay" id="replay-link">按现行规则重新评估</a> · 打印本页即得评估单（A4）</p>
            <table class="header">
            <tr><th scope="row">申请人</th><td id="applicant-name">\(esc(answer.applicantName ?? "（未填姓名）"))</td>
            <th scope="row">证件号</th><td id="applicant-id">\(esc(answer.applicantID.map(DecisionSheet.masked) ?? "—"))</td></tr>
            <tr><th scope="row">评估日期</th><td id="assessment-date">\(esc(answer.date.description))</td>
            <th scope="row">登记号</th><td>\(entry.id)（\(esc(entry.actor))，\(esc(entry.createdAt))）</td></tr>
            <tr><th scope="row">规则</th><td colspan="3" id="rule-set">\(esc(answer.ruleSetTitle))（版本 \(esc(String(answer.ruleSetHash.prefix(12)))))</td></tr>
            </table>

            """
        if !answer.complete {
            body += "<p class=\"error\">部分项目因规则出错未能判定，请转经办人处理。</p>\n"
        }
        for (position, decision) in answer.decisions.enumerated() {
            body += section(decision, number: position + 1)
        }
        body += "<h2>现金合计（符合的项目）</h2>\n<table id=\"totals\">\n"
        for period in Period.allCases {
            body += "<tr><th scope=\"row\">\(esc(DecisionLabels.period(period)))</th><td>\(esc((answer.cashTotals[period] ?? .zero).plain)) 元</td></tr>\n"
        }
        body += "<tr><th scope=\"row\">折合每年</th><td>\(esc(answer.cashPerYear.plain)) 元</td></tr>\n</table>\n"
        return Layout.page(title: "帮扶资格评估单", session: session, body: body)
    }

    static func section(_ decision: AssessmentDocument.Decision, number: Int) -> String {
        let outcome = decision.outcome.rawValue
        var html = "<section class=\"programme\" id=\"programme-\(esc(decision.programme))\">\n"
        html += "<h2>\(number). \(esc(decision.title))</h2>\n"
        html += "<p>结论：<span class=\"outcome outcome-\(esc(outcome))\" data-outcome=\"\(esc(outcome))\">\(esc(DecisionLabels.outcome(decision.outcome)))</span></p>\n"
        if !decision.basis.isEmpty { html += "<p>依据：\(esc(decision.basis))</p>\n" }
        if !decision.benefits.isEmpty {
            html += "<h3>帮扶内容</h3><ul>\n" + decision.benefits.map { "<li>\(esc(DecisionLabels.benefitLine($0)))</li>\n" }.joined() + "</ul>\n"
        }
        if !decision.reasons.isEmpty {
            html += "<h3>理由</h3><ol>\n"
            for reason in decision.reasons {
                html += "<li>\(esc(reason.text))"
                if !reason.citation.isEmpty { html += "<br><small>（\(esc(reason.citation))）</small>" }
                html += "</li>\n"
            }
            html += "</ol>\n"
        }
        if let failure = decision.failure {
            html += "<p class=\"error\">\(esc(DecisionLabels.failure(failure.kind)))：\(esc(failure.message))</p>\n"
        }
        return html + "</section>\n"
    }
}
