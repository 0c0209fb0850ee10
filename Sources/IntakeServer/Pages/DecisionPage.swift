import DecisionFormats
import Foundation
import IntakeRegister

/// The decision sheet, rendered from the answer the register keeps (`bangfu.assessment/1` JSON as it was
/// sent), so the page shows the decision exactly as it was given, even after the rules changed.
enum DecisionPage {
    static func render(_ entry: StoredAssessment, session: WebSession) -> String {
        let answer = (try? JSONSerialization.jsonObject(with: Data(entry.decisionJSON.utf8))) as? [String: Any] ?? [:]
        let applicant = answer["applicant"] as? [String: Any] ?? [:]
        let ruleSet = answer["rule_set"] as? [String: Any] ?? [:]
        let hash = (ruleSet["hash"] as? String ?? "").replacingOccurrences(of: "sha256:", with: "")
        var body = """
            <p class="noprint"><a href="/register">返回登记簿</a> · <a href="/decisions/\(entry.id)/replay" id="replay-link">按现行规则重新评估</a> · 打印本页即得评估单（A4）</p>
            <table class="header">
            <tr><th scope="row">申请人</th><td id="applicant-name">\(esc(applicant["name"] as? String ?? "（未填姓名）"))</td>
            <th scope="row">证件号</th><td id="applicant-id">\(esc((applicant["id"] as? String).map(DecisionSheet.masked) ?? "—"))</td></tr>
            <tr><th scope="row">评估日期</th><td id="assessment-date">\(esc(answer["date"] as? String ?? ""))</td>
            <th scope="row">登记号</th><td>\(entry.id)（\(esc(entry.actor))，\(esc(entry.createdAt))）</td></tr>
            <tr><th scope="row">规则</th><td colspan="3" id="rule-set">\(esc(ruleSet["title"] as? String ?? ""))（版本 \(esc(String(hash.prefix(12))))）</td></tr>
            </table>

            """
        if answer["complete"] as? Bool == false {
            body += "<p class=\"error\">部分项目因规则出错未能判定，请转经办人处理。</p>\n"
        }
        for (position, decision) in (answer["decisions"] as? [[String: Any]] ?? []).enumerated() {
            let outcome = decision["outcome"] as? String ?? ""
            let programme = decision["programme"] as? String ?? ""
            body += "<section class=\"programme\" id=\"programme-\(esc(programme))\">\n"
            body += "<h2>\(position + 1). \(esc(decision["title"] as? String ?? programme))</h2>\n"
            body += "<p>结论：<span class=\"outcome outcome-\(esc(outcome))\" data-outcome=\"\(esc(outcome))\">\(esc(outcomeLabel(outcome)))</span></p>\n"
            if let basis = decision["basis"] as? String, !basis.isEmpty { body += "<p>依据：\(esc(basis))</p>\n" }
            let benefits = decision["benefits"] as? [[String: Any]] ?? []
            if !benefits.isEmpty {
                body += "<h3>帮扶内容</h3><ul>\n" + benefits.map { "<li>\(esc(benefitText($0)))</li>\n" }.joined() + "</ul>\n"
            }
            let reasons = decision["reasons"] as? [[String: Any]] ?? []
            if !reasons.isEmpty {
                body += "<h3>理由</h3><ol>\n"
                for reason in reasons {
                    body += "<li>\(esc(reason["text"] as? String ?? ""))"
                    if let cite = reason["cite"] as? String, !cite.isEmpty { body += "<br><small>（\(esc(cite))）</small>" }
                    body += "</li>\n"
                }
                body += "</ol>\n"
            }
            if let error = decision["error"] as? [String: Any] {
                body += "<p class=\"error\">规则出错：\(esc(error["message"] as? String ?? ""))</p>\n"
            }
            body += "</section>\n"
        }
        let totals = answer["totals"] as? [String: Any] ?? [:]
        let cash = totals["cash"] as? [String: Any] ?? [:]
        body += "<h2>现金合计（符合的项目）</h2>\n<table id=\"totals\">\n"
        for (period, label) in [("monthly", "每月"), ("yearly", "每年"), ("once", "一次性")] {
            body += "<tr><th scope=\"row\">\(label)</th><td>\(esc(cash[period] as? String ?? "0.00")) 元</td></tr>\n"
        }
        body += "<tr><th scope=\"row\">折合每年</th><td>\(esc(totals["cash_per_year"] as? String ?? "0.00")) 元</td></tr>\n</table>\n"
        return Layout.page(title: "帮扶资格评估单", session: session, body: body)
    }

    static func outcomeLabel(_ outcome: String) -> String {
        switch outcome {
        case "eligible": "符合"
        case "ineligible": "不符合"
        case "refer": "转社工审核"
        case "error": "规则出错，无法判定"
        default: outcome
        }
    }

    static func periodLabel(_ period: String?) -> String {
        switch period {
        case "monthly": "每月"
        case "yearly": "每年"
        case "once": "一次性"
        default: period ?? ""
        }
    }

    static func benefitText(_ benefit: [String: Any]) -> String {
        let label = benefit["label"] as? String
        switch benefit["kind"] as? String {
        case "cash":
            return "\(label ?? "现金")：\(periodLabel(benefit["period"] as? String)) \(benefit["amount"] as? String ?? "") 元"
        case "entitlement":
            return "\(label ?? "待遇")：\(periodLabel(benefit["period"] as? String)) \(benefit["amount"] as? String ?? "") 元（\(benefit["payer"] as? String ?? "")支付）"
        case "in_kind":
            var text = "\(benefit["item"] as? String ?? "")：\((benefit["quantity"] as? NSNumber)?.stringValue ?? "") \(benefit["unit"] as? String ?? "")"
            if let value = benefit["value"] as? String { text += "（价值 \(value) 元）" }
            return text
        case "service":
            return (benefit["name"] as? String ?? "") + ((benefit["detail"] as? String).map { "：" + $0 } ?? "")
        default:
            return label ?? ""
        }
    }
}
