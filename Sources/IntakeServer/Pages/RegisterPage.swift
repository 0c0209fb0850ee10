import DecisionFormats
import Foundation
import IntakeRegister

/// 登记簿: search the register (GET form, so a search can be bookmarked) and open each entry's sheet.
enum RegisterPage {
    struct Filters: Sendable {
        var applicantID = "", name = "", from = "", to = "", programme = "", outcome = ""
    }

    static func render(filters: Filters, entries: [AssessmentSummary], programmes: [(id: String, title: String)],
                       error: String?, session: WebSession) -> String {
        func input(_ id: String, _ label: String, _ value: String, type: String = "text") -> String {
            "<div class=\"field\"><label for=\"q-\(id)\">\(label)</label><input type=\"\(type)\" id=\"q-\(id)\" name=\"\(id)\" value=\"\(esc(value))\"></div>"
        }
        var body = "<form method=\"get\" action=\"/register\" role=\"search\" aria-label=\"查找评估记录\"><fieldset><legend>查找</legend>\n"
        body += input("applicant_id", "证件号", filters.applicantID)
        body += input("name", "姓名（部分即可）", filters.name)
        body += input("from", "评估日期从", filters.from, type: "date")
        body += input("to", "至", filters.to, type: "date")
        body += "<div class=\"field\"><label for=\"q-programme\">项目</label><select id=\"q-programme\" name=\"programme\"><option value=\"\">（全部）</option>"
        for programme in programmes {
            body += "<option value=\"\(esc(programme.id))\"\(programme.id == filters.programme ? " selected" : "")>\(esc(programme.title))</option>"
        }
        body += "</select></div>\n<div class=\"field\"><label for=\"q-outcome\">结论</label><select id=\"q-outcome\" name=\"outcome\"><option value=\"\">（全部）</option>"
        for outcome in ["eligible", "ineligible", "refer", "error"] {
            body += "<option value=\"\(outcome)\"\(outcome == filters.outcome ? " selected" : "")>\(esc(DecisionPage.outcomeLabel(outcome)))</option>"
        }
        body += "</select></div>\n<button type=\"submit\" id=\"search\">查找</button></fieldset></form>\n"
        if let error { body += "<p class=\"error\" role=\"alert\">\(esc(error))</p>\n" }
        let titles = Dictionary(programmes.map { ($0.id, $0.title) }, uniquingKeysWith: { a, _ in a })
        if entries.isEmpty {
            body += "<p id=\"no-entries\">没有符合条件的记录。</p>"
        } else {
            body += "<table id=\"entries\"><caption>共 \(entries.count) 条，最新的在前</caption><thead><tr><th scope=\"col\">登记号</th><th scope=\"col\">评估日期</th><th scope=\"col\">申请人</th><th scope=\"col\">证件号</th><th scope=\"col\">符合的项目</th><th scope=\"col\">受理人</th></tr></thead><tbody>\n"
            for entry in entries {
                let eligible = entry.outcomes.filter { $0.value == "eligible" }.keys.sorted().map { titles[$0] ?? $0 }
                body += "<tr><td><a href=\"/decisions/\(entry.id)\">第 \(entry.id) 号</a></td><td>\(esc(entry.assessmentDate))</td>"
                body += "<td>\(esc(entry.applicantName ?? "（未填）"))</td><td>\(esc(entry.applicantID.map(DecisionSheet.masked) ?? "—"))</td>"
                body += "<td>\(eligible.isEmpty ? "无" : esc(eligible.joined(separator: "、")))</td><td>\(esc(entry.actor))</td></tr>\n"
            }
            body += "</tbody></table>\n"
        }
        return Layout.page(title: "登记簿", session: session, body: body)
    }
}
