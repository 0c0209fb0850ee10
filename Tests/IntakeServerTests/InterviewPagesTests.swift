import Foundation
import Hummingbird
import HummingbirdTesting
import IntakeRegister
@testable import IntakeServer
import Testing

/// What a browser posts from a page's interview form: its hidden and text inputs with their values and
/// each list's chosen option, in document order (not the form token: `Browser.post` adds it).
enum PageForm {
    static func fields(in html: String) -> [(String, String)] {
        guard let start = html.range(of: #"<form method="post" action="/assess""#),
              let end = html[start.upperBound...].range(of: "</form>") else { return [] }
        let form = html[start.lowerBound..<end.lowerBound]
        var fields: [(String, String)] = []
        for tag in form.matches(of: /<(input|select)\b([^>]*)>/) {
            let attributes = String(tag.2)
            guard let name = attribute("name", in: attributes), name != "_csrf" else { continue }
            if tag.1 == "input" {
                fields.append((name, attribute("value", in: attributes) ?? ""))
            } else {
                let rest = form[tag.range.upperBound...]
                let list = rest[..<(rest.range(of: "</select>")?.lowerBound ?? rest.endIndex)]
                let chosen = list.matches(of: /<option value="([^"]*)"( selected)?>/).first { $0.2 != nil }
                fields.append((name, chosen.map { unescaped(String($0.1)) } ?? ""))
            }
        }
        return fields
    }

    static func attribute(_ name: String, in attributes: String) -> String? {
        let pattern = " \(name)=\""
        guard let range = attributes.range(of: pattern) else { return nil }
        return unescaped(String(attributes[range.upperBound...].prefix { $0 != "\"" }))
    }

    static func unescaped(_ text: String) -> String {
        text.replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
            .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">").replacingOccurrences(of: "&amp;", with: "&")
    }

    /// `fields` with the answers in `answers` put in (added when the page has no such field), and the button.
    static func filled(_ fields: [(String, String)], _ answers: [String: String], action: String) -> [(String, String)] {
        var out = fields.filter { $0.0 != "_action" }.map { ($0.0, answers[$0.0] ?? $0.1) }
        for (name, value) in answers.sorted(by: { $0.key < $1.key }) where !out.contains(where: { $0.0 == name }) { out.append((name, value)) }
        return out + [("_action", action)]
    }

    /// The names of the text inputs and lists a page asks (not the hidden ones).
    static func asked(in html: String) -> [String] {
        html.matches(of: /<(?:input type="text"|select)[^>]* name="([^"]*)"/).map { unescaped(String($0.1)) }
    }
}

@Suite("The interview at the desk")
struct InterviewPagesTests {
    /// The fixture's screening answers: an applicant and one household member.
    static let screening = ["name": "王某", "id_number": "110101197005011235", "birth_date": "19700501", "hukou": "urban",
                            "household.members[1].name": "李娜"]

    /// Signs in and answers the screening page (adding the member first); the first round's page.
    static func firstRound(_ client: any TestClientProtocol, _ browser: Browser) async throws -> TestResponse {
        let start = try await browser.get(client, "/assess")
        let added = try await browser.post(client, "/assess", PageForm.filled(PageForm.fields(in: start.text), [:], action: "add:household.members"))
        return try await browser.post(client, "/assess", PageForm.filled(PageForm.fields(in: added.text), screening, action: "next"))
    }

    @Test func theFirstPageAsksTheScreeningQuestionsOnly() async throws {
        let desk = try await PagesDesk()
        try await desk.test { client in
            let browser = try await Browser.signIn(client, "clerk")
            let page = try await browser.get(client, "/assess")
            #expect(page.status == .ok)
            let html = page.text
            #expect(PageForm.asked(in: html) == ["name", "id_number", "birth_date", "hukou", "registered_on"])
            #expect(html.contains(#"<label for="f-name">姓名 <span class="required" aria-hidden="true">*</span>"#))
            // Dates are typed (19640508 or 1964-05-08): a browser's date field would drop what it cannot read.
            #expect(html.contains(#"<small class="format" id="h-f-birth_date">如 1964-05-08 或 19640508</small>"#))
            #expect(html.contains(#"<input type="text" autocomplete="off" id="f-birth_date" name="birth_date" value="" aria-required="true">"#))
            #expect(html.contains(#"<small class="evidence">证明材料：《就业创业证》</small>"#))
            #expect(html.contains(#"<option value="urban">城镇户籍</option><option value="rural">农村户籍</option>"#))
            #expect(html.contains(#"<fieldset id="q-household-members" class="list"><legend>成员</legend>"#))
            #expect(html.contains(#"<button type="submit" name="_action" value="add:household.members" formaction="/assess#f-household-members-1-name" class="add" id="add-f-household-members">添加一名成员</button>"#))
            #expect(!html.contains(#"name="income""#) && !html.contains(#"name="union_member""#) && !html.contains("按目前情况记录"))
            #expect(!html.contains("<script"))
            // Enter in a field presses the form's first submit button: it goes on, it never records.
            #expect(Self.firstSubmit(html) == "next")
        }
    }

    static func firstSubmit(_ html: String) -> String? {
        guard let form = html.range(of: #"<form method="post" action="/assess""#) else { return nil }
        return html[form.upperBound...].firstMatch(of: /<button type="submit" name="_action" value="([^"]*)"/).map { String($0.1) }
    }

    @Test func addingAMemberOpensAtTheirFirstFieldAndRemovingOneKeepsTheOthers() async throws {
        let desk = try await PagesDesk()
        try await desk.test { client in
            let browser = try await Browser.signIn(client, "clerk")
            let start = try await browser.get(client, "/assess")
            let one = try await browser.post(client, "/assess", PageForm.filled(PageForm.fields(in: start.text), ["name": "王某"], action: "add:household.members"))
            #expect(one.status == .ok)
            #expect(one.text.contains(#"name="name" value="王某""#))
            #expect(one.text.contains(#"<fieldset id="f-household-members-1" class="item"><legend>家庭成员 1</legend>"#))
            #expect(one.text.contains(#"id="f-household-members-1-name" name="household.members[1].name" value="" aria-required="true" autofocus>"#))
            #expect(one.text.components(separatedBy: " autofocus").count == 2)
            #expect(one.text.contains(#"formaction="/assess#f-household-members-2-name""#))
            #expect(!one.text.contains(#"name="household.members[1].monthly_income""#)) // asked only when a rule needs it

            var page = one
            for name in ["甲", "乙"] {
                let count = page.text.components(separatedBy: "class=\"item\"").count - 1
                page = try await browser.post(client, "/assess", PageForm.filled(PageForm.fields(in: page.text),
                                                                                  ["household.members[\(count)].name": count == 1 ? "丙" : name],
                                                                                  action: "add:household.members"))
            }
            let three = PageForm.filled(PageForm.fields(in: page.text), ["household.members[3].name": "丁"], action: "remove:household.members[2]")
            let removed = try await browser.post(client, "/assess", three)
            #expect(removed.text.contains(#"<input type="hidden" name="_count:household.members" value="2">"#))
            #expect(removed.text.contains(#"name="household.members[1].name" value="丙""#))
            #expect(removed.text.contains(#"name="household.members[2].name" value="丁""#))
            #expect(!removed.text.contains("household.members[3]"))
            #expect(removed.text.contains(#"<legend>家庭成员 2（丁）</legend>"#))
            #expect(try await desk.register.search(RegisterQuery()).isEmpty) // nothing assessed yet
        }
    }

    @Test func eachRoundAsksExactlyWhatTheDecisionsNeedThenTheReviewThenTheRegister() async throws {
        let desk = try await PagesDesk()
        try await desk.test { client in
            let browser = try await Browser.signIn(client, "clerk")
            let round = try await Self.firstRound(client, browser)
            #expect(round.status == .ok)
            let html = round.text
            #expect(html.contains("<h1>帮扶资格面谈 · 第 1 轮</h1>"))
            #expect(html.contains(#"<p id="round-summary">第 1 轮评估：待补充 1 项。</p>"#))
            #expect(html.contains(#"<p id="pending">补充情况后才能判定：基本救助</p>"#))
            // Only the fields the needs-information decision named, each with how to type it and what proves it.
            #expect(PageForm.asked(in: html) == ["income", "household.members[1].monthly_income"])
            #expect(html.contains(#"<label for="f-income">月收入</label><small class="format" id="h-f-income">元，如 1600.50</small><small class="evidence">证明材料：收入证明</small><input type="text" inputmode="decimal" autocomplete="off" id="f-income" name="income" value="" autofocus>"#))
            #expect(html.contains(#"<label for="f-household-members-1-monthly_income">家庭成员 1（李娜） · 月收入</label>"#))
            #expect(html.contains("证明材料：家庭成员收入证明"))
            // Every earlier answer travels along, as read: the date typed as digits is a date.
            #expect(html.contains(#"<input type="hidden" name="birth_date" value="1970-05-01">"#))
            #expect(html.contains(#"<input type="hidden" name="household.members[1].name" value="李娜">"#))
            #expect(html.contains(#"<input type="hidden" name="_count:household.members" value="1">"#))
            // The rule set's running totals: what is known, and 待补充.
            #expect(html.contains(#"<div id="fact-income_per_head"><dt>人均月收入</dt><dd class="unknown">待补充</dd></div>"#))
            #expect(html.contains(#"<div id="fact-people"><dt>家庭人口</dt><dd>2</dd></div>"#))
            #expect(Self.firstSubmit(html) == "next")
            #expect(html.contains(#"value="review" id="review">按目前情况记录</button>"#))

            let review = try await browser.post(client, "/assess", PageForm.filled(PageForm.fields(in: html),
                                                                                   ["income": "1,000", "household.members[1].monthly_income": "500"], action: "next"))
            #expect(review.status == .ok)
            let sheet = review.text
            #expect(sheet.contains("<h1>请核对</h1>"))
            #expect(sheet.contains(#"<p id="round-summary">第 2 轮评估：符合 1 项。</p>"#))
            #expect(sheet.contains("基本救助：<span class=\"outcome outcome-eligible\" data-outcome=\"eligible\">符合</span>"))
            #expect(sheet.contains(#"<dt>人均月收入</dt><dd>750.00 元</dd>"#))
            for row in ["<th scope=\"row\">姓名</th><td>王某</td>", "<th scope=\"row\">出生日期</th><td>1970-05-01</td>",
                        "<th scope=\"row\">户籍类型</th><td>城镇户籍</td>", "<th scope=\"row\">月收入</th><td>1,000.00 元</td>",
                        "<th scope=\"row\">家庭成员 1（李娜） · 月收入</th><td>500.00 元</td>"] {
                #expect(sheet.contains(row), "\(row)")
            }
            #expect(!sheet.contains(#"id="missing""#))
            #expect(sheet.contains(#"value="confirm" id="confirm" class="primary">确认记录</button>"#))
            #expect(sheet.contains(#"value="edit" id="edit">返回修改</button>"#))
            #expect(!sheet.contains(#"<input type="text""#))
            #expect(try await desk.register.search(RegisterQuery()).isEmpty) // nothing recorded before 确认记录

            let recorded = try await browser.post(client, "/assess", PageForm.filled(PageForm.fields(in: sheet), [:], action: "confirm"))
            #expect(recorded.status == .seeOther) // reloading the sheet never records again
            #expect(recorded.headers[.location] == "/decisions/1")
            // The interview's pages are kept for Back (no "send the form again?"); signing out clears them.
            #expect(round.headers[.cacheControl] == "private, no-cache" && review.headers[.cacheControl] == "private, no-cache")
            #expect(try await browser.get(client, "/decisions/1").headers[.cacheControl] == "no-store")
            let stored = try #require(try await desk.register.assessment(id: 1))
            #expect(stored.profileJSON.contains(#""income": "1000.00""#))
            #expect(stored.profileJSON.contains(#""birth_date": "1970-05-01""#))
            #expect(stored.decisionJSON.contains(#""outcome": "eligible""#))
            #expect(stored.revises == nil)
            #expect(!(try await browser.get(client, "/decisions/1").text.contains("重新评估</p>")))
        }
    }

    @Test func problemsAreSaidInChineseAtTheirFieldsAndAboveInPageOrder() async throws {
        let desk = try await PagesDesk()
        try await desk.test { client in
            let browser = try await Browser.signIn(client, "clerk")
            let start = try await browser.get(client, "/assess")
            let answers = ["name": "", "birth_date": "1970-02-30", "registered_on": "2025-13-01"]
            let refused = try await browser.post(client, "/assess", PageForm.filled(PageForm.fields(in: start.text), answers, action: "next"))
            #expect(refused.status == .unprocessableContent)
            let html = refused.text
            let summary = try #require(html.range(of: #"<div class="errors" role="alert" id="error-summary">"#))
            let items = html[summary.upperBound...].components(separatedBy: "</ul>")[0]
            #expect(items.contains("<h2>请更正以下 3 个问题</h2>"))
            let expected = [##"<li><a href="#q-name">姓名</a>：必填：请填写姓名</li>"##,
                            ##"<li><a href="#q-birth_date">出生日期</a>：请填写日期，如 1964-05-08 或 19640508（须为真实日期）</li>"##,
                            ##"<li><a href="#q-registered_on">失业登记日期</a>：请填写日期，如 1964-05-08 或 19640508（须为真实日期）</li>"##]
            let positions = expected.map { items.range(of: $0)?.lowerBound }
            #expect(positions.allSatisfy { $0 != nil }, "\(items)")
            #expect(positions.compactMap { $0 } == positions.compactMap { $0 }.sorted()) // page order
            // Each field: its block is the link's target, its input is marked and described by the message.
            #expect(html.contains(#"<div class="field" id="q-registered_on"><label for="f-registered_on">失业登记日期</label>"#))
            #expect(html.contains(#"<p class="error" id="e-f-registered_on">请填写日期"#))
            #expect(html.contains(#"name="registered_on" value="2025-13-01" aria-invalid="true" aria-describedby="e-f-registered_on" autofocus>"#) == false)
            #expect(html.contains(#"name="registered_on" value="2025-13-01" aria-invalid="true" aria-describedby="e-f-registered_on">"#))
            #expect(html.contains(#"name="name" value="" aria-required="true" aria-invalid="true" aria-describedby="e-f-name" autofocus>"#))
            let css = try await client.execute(uri: "/style.css", method: .get).text
            #expect(css.contains(#"[aria-invalid="true"] { border: 2px solid #b00020;"#))
            #expect(css.contains(".field, fieldset { scroll-margin-top: 1rem; }"))

            let round = try await Self.firstRound(client, browser)
            let money = try await browser.post(client, "/assess", PageForm.filled(PageForm.fields(in: round.text), ["income": "1.2万"], action: "next"))
            #expect(money.status == .unprocessableContent)
            #expect(money.text.contains("<li><a href=\"#q-income\">月收入</a>：请填写金额（元），如 1600.50：请写成元，如 1.2万 写作 12000</li>"))
            #expect(money.text.contains(#"name="income" value="1.2万" aria-invalid="true""#))
            #expect(money.text.contains("<h1>帮扶资格面谈 · 第 1 轮</h1>")) // the same page again, the same questions
            #expect(PageForm.asked(in: money.text) == ["income", "household.members[1].monthly_income"])
            #expect(try await desk.register.search(RegisterQuery()).isEmpty)
        }
    }

    @Test func anOptionalDateIsReadAsTypedOrRefusedNeverDropped() async throws {
        let desk = try await PagesDesk()
        try await desk.test { client in
            let browser = try await Browser.signIn(client, "clerk")
            let start = PageForm.fields(in: try await browser.get(client, "/assess").text)
            var answers = ["name": "王某", "birth_date": "1970-5-1"]
            answers["registered_on"] = "2025-11-31"
            let refused = try await browser.post(client, "/assess", PageForm.filled(start, answers, action: "next"))
            #expect(refused.status == .unprocessableContent)
            #expect(refused.text.contains(#"<p class="error" id="e-f-registered_on">请填写日期，如 1964-05-08 或 19640508（须为真实日期）</p>"#))
            answers["registered_on"] = "20251101"
            let taken = try await browser.post(client, "/assess", PageForm.filled(start, answers, action: "next"))
            #expect(taken.status == .ok)
            #expect(taken.text.contains(#"<input type="hidden" name="registered_on" value="2025-11-01">"#))
            #expect(taken.text.contains(#"<input type="hidden" name="birth_date" value="1970-05-01">"#))
        }
    }

    @Test func theBirthDateLeftBlankIsTakenFromTheIDNumberAndOneTypedAgainstItIsAProblem() async throws {
        let desk = try await PagesDesk()
        try await desk.test { client in
            let browser = try await Browser.signIn(client, "clerk")
            let start = PageForm.fields(in: try await browser.get(client, "/assess").text)
            var answers = ["name": "王某", "id_number": "110101197005011235", "birth_date": ""]
            let taken = try await browser.post(client, "/assess", PageForm.filled(start, answers, action: "next"))
            #expect(taken.status == .ok)
            #expect(taken.text.contains(#"<input type="hidden" name="birth_date" value="1970-05-01">"#))

            answers["birth_date"] = "1970-05-02"
            let refused = try await browser.post(client, "/assess", PageForm.filled(start, answers, action: "next"))
            #expect(refused.status == .unprocessableContent)
            #expect(refused.text.contains(#"<p class="error" id="e-f-birth_date">与公民身份号码不符：号码中的出生日期为“1970-05-01”（不填则按号码填写）</p>"#))
            #expect(refused.text.contains(#"name="birth_date" value="1970-05-02" aria-required="true" aria-invalid="true""#))
        }
    }

    @Test func recordingAsItStandsGoesThroughTheReviewWithWhatIsMissingAndWhatToBring() async throws {
        let desk = try await PagesDesk()
        try await desk.test { client in
            let browser = try await Browser.signIn(client, "clerk")
            let round = try await Self.firstRound(client, browser)
            // Left blank and asked again: no loop, the review says what is missing.
            let again = try await browser.post(client, "/assess", PageForm.filled(PageForm.fields(in: round.text), [:], action: "next"))
            #expect(again.text.contains("<h1>请核对</h1>"))
            let review = try await browser.post(client, "/assess", PageForm.filled(PageForm.fields(in: round.text), [:], action: "review"))
            let html = review.text
            #expect(html.contains("<h1>请核对</h1>"))
            #expect(html.contains("<h2>还需补充</h2>\n<ul>\n<li>月收入</li>\n<li>家庭成员 1（李娜） · 月收入</li>\n</ul>"), "\(html)")
            #expect(html.contains(#"<p id="bring">请申请人携带：收入证明、家庭成员收入证明</p>"#))
            #expect(html.contains("待补充 1 项"))
            #expect(try await desk.register.search(RegisterQuery()).isEmpty)
            let recorded = try await browser.post(client, "/assess", PageForm.filled(PageForm.fields(in: html), [:], action: "confirm"))
            #expect(recorded.status == .seeOther)
            let stored = try #require(try await desk.register.assessment(id: 1))
            #expect(stored.decisionJSON.contains(#""outcome": "needs_information""#))
            #expect(!stored.profileJSON.contains("income"))
        }
    }

    @Test func aPageSentAfterTheSessionExpiredIsKeptThroughSigningIn() async throws {
        let desk = try await PagesDesk()
        try await desk.test { client in
            let browser = try await Browser.signIn(client, "clerk")
            let round = try await Self.firstRound(client, browser)
            let sessionID = String(browser.cookie.dropFirst(IntakeApplication.sessionCookie.count + 1))
            try await desk.register.removeSession(id: sessionID) // as when it expires
            let answers = PageForm.filled(PageForm.fields(in: round.text), ["income": "1000", "household.members[1].monthly_income": "0"], action: "next")
            let signIn = try await browser.post(client, "/assess", answers)
            #expect(signIn.status == .ok)
            let html = signIn.text
            #expect(html.contains(#"<p class="callout" id="session-expired">"#))
            #expect(html.contains(#"<input type="hidden" name="_carried:income" value="1000">"#))
            #expect(html.contains(#"<input type="hidden" name="_carried:household.members[1].name" value="李娜">"#))
            #expect(!html.contains("_carried:_csrf") && !html.contains(browser.csrf))
            #expect(try await desk.register.search(RegisterQuery()).isEmpty)

            // Signing in on that page goes on from it: the answers are assessed, the review comes next.
            let loginCookie = try #require(Browser.cookieValue(IntakeApplication.loginCookie, in: signIn))
            let token = try #require(Browser.csrfToken(in: html))
            let carried = html.matches(of: /<input type="hidden" name="(_carried:[^"]*)" value="([^"]*)">/).map { (PageForm.unescaped(String($0.1)), PageForm.unescaped(String($0.2))) }
            let resumed = try await client.execute(uri: "/login", method: .post,
                                                   headers: [.cookie: "\(IntakeApplication.loginCookie)=\(loginCookie)", .contentType: "application/x-www-form-urlencoded"],
                                                   body: Browser.formBody([("_csrf", token), ("next", "/assess"), ("name", "clerk"), ("password", "password-clerk")] + carried))
            #expect(resumed.status == .ok)
            #expect(resumed.text.contains("<h1>请核对</h1>"))
            #expect(resumed.text.contains("<th scope=\"row\">月收入</th><td>1,000.00 元</td>"))
            let session = try #require(Browser.cookieValue(IntakeApplication.sessionCookie, in: resumed))
            let signedIn = Browser(cookie: "\(IntakeApplication.sessionCookie)=\(session)", csrf: try #require(Browser.csrfToken(in: resumed.text)))
            let recorded = try await signedIn.post(client, "/assess", PageForm.filled(PageForm.fields(in: resumed.text), [:], action: "confirm"))
            #expect(recorded.status == .seeOther)

            // "确认记录" sent with an expired session is shown for review again after signing in, not recorded.
            try await desk.register.removeSession(id: session)
            let confirm = try await signedIn.post(client, "/assess", PageForm.filled(PageForm.fields(in: resumed.text), [:], action: "confirm"))
            let again = confirm.text.matches(of: /<input type="hidden" name="(_carried:[^"]*)" value="([^"]*)">/).map { (PageForm.unescaped(String($0.1)), PageForm.unescaped(String($0.2))) }
            let shown = try await client.execute(uri: "/login", method: .post,
                                                 headers: [.cookie: "\(IntakeApplication.loginCookie)=\(try #require(Browser.cookieValue(IntakeApplication.loginCookie, in: confirm)))",
                                                           .contentType: "application/x-www-form-urlencoded"],
                                                 body: Browser.formBody([("_csrf", try #require(Browser.csrfToken(in: confirm.text))), ("name", "clerk"),
                                                                         ("password", "password-clerk")] + again))
            #expect(shown.text.contains("<h1>请核对</h1>"))
            #expect(try await desk.register.search(RegisterQuery()).count == 1)
        }
    }

    @Test func anEntryIsAssessedAgainFromItsStoredAnswersAndNamesTheOneItRevises() async throws {
        let desk = try await PagesDesk()
        try await desk.test { client in
            let browser = try await Browser.signIn(client, "clerk")
            #expect(try await browser.post(client, "/assess", filledForm()).headers[.location] == "/decisions/1")
            let review = try await browser.get(client, "/assess?from=1")
            #expect(review.status == .ok)
            let html = review.text
            #expect(html.contains("<h1>请核对</h1>"))
            #expect(html.contains(#"<p class="callout" id="revises">修改第 1 号记录的回答后重新评估"#))
            #expect(html.contains(#"<input type="hidden" name="_revises" value="1">"#))
            for row in ["<th scope=\"row\">姓名</th><td>王某</td>", "<th scope=\"row\">工会会员</th><td>是</td>", "<th scope=\"row\">子女人数</th><td>1</td>",
                        "<th scope=\"row\">月收入</th><td>1,000.00 元</td>", "<th scope=\"row\">家庭成员 2（王小明） · 月收入</th><td>0.00 元</td>"] {
                #expect(html.contains(row), "\(row)")
            }
            // 返回修改: every answer, editable.
            let edit = try await browser.post(client, "/assess", PageForm.filled(PageForm.fields(in: html), [:], action: "edit"))
            #expect(edit.text.contains("<h1>帮扶资格面谈 · 修改回答</h1>"))
            #expect(PageForm.asked(in: edit.text) == ["name", "id_number", "birth_date", "hukou", "registered_on", "income", "union_member",
                                                      "children", "household.members[1].name", "household.members[1].monthly_income",
                                                      "household.members[2].name", "household.members[2].monthly_income"])
            #expect(edit.text.contains(#"<option value="true" selected>是</option>"#))
            let changed = try await browser.post(client, "/assess", PageForm.filled(PageForm.fields(in: edit.text), ["income": "2000"], action: "next"))
            #expect(changed.text.contains("<th scope=\"row\">月收入</th><td>2,000.00 元</td>"))
            let recorded = try await browser.post(client, "/assess", PageForm.filled(PageForm.fields(in: changed.text), [:], action: "confirm"))
            #expect(recorded.headers[.location] == "/decisions/2")
            let stored = try #require(try await desk.register.assessment(id: 2))
            #expect(stored.revises == 1)
            #expect(stored.profileJSON.contains(#""income": "2000.00""#))
            let sheet = try await browser.get(client, "/decisions/2").text
            #expect(sheet.contains(#"<p id="revises">本次为<a href="/decisions/1">第 1 号记录</a>的重新评估</p>"#))

            // Only entries one may read are reopened, and only those are named as revised.
            let other = try await Browser.signIn(client, "clerk2")
            #expect(try await other.get(client, "/assess?from=1").status == .forbidden)
            #expect(try await other.post(client, "/assess", filledForm() + [("_revises", "1")]).status == .forbidden)
            #expect(try await browser.get(client, "/assess?from=99").status == .notFound)
            let officer = try await Browser.signIn(client, "officer")
            #expect(try await officer.get(client, "/assess?from=1").status == .ok)
            #expect(try await desk.register.search(RegisterQuery()).count == 2)
        }
    }
}
