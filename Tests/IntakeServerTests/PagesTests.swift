import EligibilityTesting
import Foundation
import Hummingbird
import HummingbirdTesting
import IntakeRegister
@testable import IntakeServer
import SQLiteRegister
import Testing

/// A rule set for the interview pages: the fixture's programme and facts on a schema that asks before
/// it assumes (no income defaults to 0), with screening questions, evidence, a "none" answer, an
/// optional date and every kind of input, and a running total to show.
enum PagesFixture {
    static let schema = """
        screening: [name, id_number, birth_date, hukou, registered_on, household.members]
        fields:
          name: {type: string, label: 姓名, required: true}
          id_number: {type: string, label: 身份证号, display_only: true, format: id_number}
          birth_date: {type: date, label: 出生日期, required: true}
          hukou:
            type: enum
            label: 户籍类型
            display_only: true
            values: {urban: 城镇户籍, rural: 农村户籍}
          registered_on: {type: date, label: 失业登记日期, display_only: true, evidence: 《就业创业证》}
          income: {type: money, label: 月收入, min: 0, evidence: 收入证明}
          union_member: {type: boolean, label: 工会会员, display_only: true}
          children: {type: integer, label: 子女人数, display_only: true, min: 0}
          disability_grade: {type: integer, label: 残疾等级, display_only: true, min: 1, max: 4, not_applicable: 无残疾人证}
          household:
            type: object
            label: 家庭
            fields:
              members:
                type: list
                label: 成员
                item_label: 家庭成员
                item_title: name
                default: []
                default_reason: 未填写即单人户
                max_items: 4
                item:
                  fields:
                    name: {type: string, label: 姓名, required: true}
                    monthly_income: {type: money, label: 月收入, min: 0, evidence: 家庭成员收入证明}
        """

    static func make() throws -> RuleSetFixture {
        let fixture = try RuleSetFixture(programmes: [("basic", RuleSetFixture.basicProgramme)], schema: schema)
        try "title: 测试规则\napplicant: {name: name, id: id_number}\nprogrammes:\n  - basic\ninterview: {show_facts: [income_per_head, people]}\n"
            .write(to: fixture.directory.appendingPathComponent("ruleset.yaml"), atomically: true, encoding: .utf8)
        return fixture
    }
}

/// The desk on `PagesFixture`, one account per role, passwords `password-NAME`.
struct PagesDesk: Sendable {
    let rulesDirectory: URL
    let register: SQLiteRegister
    let engine: RuleEngine
    let desk: IntakeApplication

    /// `fixture`: the rule set (default `PagesFixture`).
    init(fixture given: RuleSetFixture? = nil) async throws {
        let fixture = try given ?? PagesFixture.make()
        rulesDirectory = fixture.directory
        register = try SQLiteRegister(path: temporaryFolder().appendingPathComponent("register.sqlite").path)
        let accounts = Accounts(register: register, passwordCost: 4)
        engine = try await RuleEngine(rulesDirectory: fixture.directory, casePaths: [], register: register, logger: Desk.logger, poolCapacity: 2)
        desk = IntakeApplication(engine: engine, register: register, accounts: accounts, logger: Desk.logger)
        for (name, role) in [("clerk", Role.intake), ("clerk2", .intake), ("officer", .officer), ("auditor", .auditor)] {
            _ = try await accounts.create(name: name, role: role, password: "password-\(name)")
        }
    }

    func test<T>(_ body: @Sendable (any TestClientProtocol) async throws -> T) async throws -> T {
        try await desk.application(host: "127.0.0.1", port: 0).test(.router, body)
    }
}

/// A signed-in browser, as far as these tests need one: its session cookie and form token.
struct Browser: Sendable {
    var cookie: String
    var csrf: String

    static func formBody(_ pairs: [(String, String)]) -> ByteBuffer {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return ByteBuffer(string: pairs.map { "\($0.0.addingPercentEncoding(withAllowedCharacters: allowed)!)=\($0.1.addingPercentEncoding(withAllowedCharacters: allowed)!)" }
            .joined(separator: "&"))
    }

    static func cookieValue(_ name: String, in response: TestResponse) -> String? {
        for header in response.headers[values: .setCookie] where header.hasPrefix(name + "=") {
            return String(header.dropFirst(name.count + 1).prefix { $0 != ";" })
        }
        return nil
    }

    static func csrfToken(in html: String) -> String? {
        guard let range = html.range(of: #"name="_csrf" value=""#) else { return nil }
        return String(html[range.upperBound...].prefix { $0 != "\"" })
    }

    static func signIn(_ client: any TestClientProtocol, _ name: String) async throws -> Browser {
        let page = try await client.execute(uri: "/login", method: .get)
        let loginCookie = try #require(cookieValue(IntakeApplication.loginCookie, in: page))
        let token = try #require(csrfToken(in: page.text))
        let answer = try await client.execute(uri: "/login", method: .post,
                                              headers: [.cookie: "\(IntakeApplication.loginCookie)=\(loginCookie)", .contentType: "application/x-www-form-urlencoded"],
                                              body: formBody([("_csrf", token), ("next", "/assess"), ("name", name), ("password", "password-\(name)")]))
        #expect(answer.status == .seeOther)
        let setCookie = answer.headers[values: .setCookie].first { $0.hasPrefix(IntakeApplication.sessionCookie + "=") } ?? ""
        #expect(setCookie.contains("HttpOnly") && setCookie.contains("SameSite=Strict") && setCookie.contains("Path=/"))
        #expect(!setCookie.contains("Secure")) // plain HTTP here
        let session = try #require(cookieValue(IntakeApplication.sessionCookie, in: answer))
        let form = try await client.execute(uri: "/register", method: .get, headers: [.cookie: "\(IntakeApplication.sessionCookie)=\(session)"])
        return Browser(cookie: "\(IntakeApplication.sessionCookie)=\(session)", csrf: try #require(csrfToken(in: form.text)))
    }

    func get(_ client: any TestClientProtocol, _ uri: String) async throws -> TestResponse {
        try await client.execute(uri: uri, method: .get, headers: [.cookie: cookie])
    }

    /// Posts a form with this browser's CSRF token (unless `csrf` is false).
    func post(_ client: any TestClientProtocol, _ uri: String, _ pairs: [(String, String)], csrf: Bool = true) async throws -> TestResponse {
        try await client.execute(uri: uri, method: .post, headers: [.cookie: cookie, .contentType: "application/x-www-form-urlencoded"],
                                 body: Browser.formBody((csrf ? [("_csrf", self.csrf)] : []) + pairs))
    }
}

/// Every answer for the fixture, as a review page carries them: an applicant with two household
/// members; the birth date left blank, to be taken from the ID number. By default "确认记录" is pressed.
func filledForm(name: String = "王某", id: String = "110101197005011235", action: String = "confirm") -> [(String, String)] {
    [("_page", "review"), ("name", name), ("id_number", id), ("birth_date", ""), ("income", "1000"), ("hukou", "urban"),
     ("union_member", "true"), ("children", "1"), ("_count:household.members", "2"),
     ("household.members[1].name", "李娜"), ("household.members[1].monthly_income", "500"),
     ("household.members[2].name", "王小明"), ("household.members[2].monthly_income", "0"), ("_action", action)]
}

@Suite("The intake desk's web pages")
struct PagesTests {
    @Test func signedOutPagesRedirectToTheSignInPage() async throws {
        let desk = try await PagesDesk()
        try await desk.test { client in
            for uri in ["/assess", "/register", "/decisions/1", "/rules/status", "/"] {
                let answer = try await client.execute(uri: uri, method: .get)
                #expect(answer.status == .seeOther, "\(uri)")
                #expect(answer.headers[.location]?.hasPrefix("/login") == true, "\(uri)")
                #expect(!answer.text.contains("王"))
            }
            let forged = try await client.execute(uri: "/register", method: .get, headers: [.cookie: "bangfu_session=0123abcd"])
            #expect(forged.status == .seeOther)
            // A page posted signed out is kept on the sign-in page (see InterviewPagesTests), never recorded.
            let post = try await client.execute(uri: "/assess", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                                                body: Browser.formBody(filledForm()))
            #expect(post.status == .ok)
            #expect(post.text.contains(#"name="password" type="password""#))
            #expect(try await desk.register.search(RegisterQuery()).isEmpty)

            let login = try await client.execute(uri: "/login", method: .get)
            #expect(login.status == .ok)
            #expect(login.text.contains("<label for=\"password\">密码</label>"))
            let wrong = try await client.execute(uri: "/login", method: .post,
                                                 headers: [.cookie: "bangfu_login=\(Browser.cookieValue("bangfu_login", in: login)!)", .contentType: "application/x-www-form-urlencoded"],
                                                 body: Browser.formBody([("_csrf", Browser.csrfToken(in: login.text)!), ("name", "clerk"), ("password", "wrong password")]))
            #expect(wrong.status == .unauthorized)
            #expect(wrong.text.contains("账号或密码不正确"))
            #expect(Browser.cookieValue(IntakeApplication.sessionCookie, in: wrong) == nil)
        }
    }

    /// Bytes that are not text once %-decoded are refused, never replaced with U+FFFD or dropped to "".
    @Test func aFormThatIsNotTextIsRefusedWhole() async throws {
        let desk = try await PagesDesk()
        try await desk.test { client in
            let browser = try await Browser.signIn(client, "clerk")
            for name in ["%FF%FE", "%E7%8E", "%00", "%G1", "%4"] {
                let answer = try await client.execute(
                    uri: "/assess", method: .post, headers: [.cookie: browser.cookie, .contentType: "application/x-www-form-urlencoded"],
                    body: ByteBuffer(string: "_csrf=\(browser.csrf)&name=\(name)&_action=record"))
                #expect(answer.status == .badRequest, "\(name)")
                #expect(answer.text.contains("表单内容无法读取"), "\(name)")
            }
            #expect(try await desk.register.search(RegisterQuery()).isEmpty)
        }
    }

    @Test func postsWithoutTheFormTokenAreRefused() async throws {
        let desk = try await PagesDesk()
        try await desk.test { client in
            let browser = try await Browser.signIn(client, "clerk")
            let missing = try await browser.post(client, "/assess", filledForm(), csrf: false)
            #expect(missing.status == .forbidden)
            let wrong = try await browser.post(client, "/assess", [("_csrf", String(repeating: "0", count: 64))] + filledForm(), csrf: false)
            #expect(wrong.status == .forbidden)
            let logout = try await browser.post(client, "/logout", [], csrf: false)
            #expect(logout.status == .forbidden)
            #expect(try await desk.register.search(RegisterQuery()).isEmpty)
            // The session still works; signing out with the token ends it.
            #expect(try await browser.get(client, "/assess").status == .ok)
            let out = try await browser.post(client, "/logout", [])
            #expect(out.status == .seeOther)
            #expect(out.headers[.init("Clear-Site-Data")!] == "\"cache\"") // the interview pages kept for Back go too
            #expect(try await browser.get(client, "/assess").status == .seeOther)
            // Signing in needs the sign-in page's own token too.
            let login = try await client.execute(uri: "/login", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                                                 body: Browser.formBody([("name", "clerk"), ("password", "password-clerk")]))
            #expect(login.status == .forbidden)
        }
    }

    @Test func anAuditorCannotAssess() async throws {
        let desk = try await PagesDesk()
        try await desk.test { client in
            let browser = try await Browser.signIn(client, "auditor")
            let page = try await browser.get(client, "/assess")
            #expect(page.status == .forbidden)
            #expect(page.text.contains("审计员只能查阅"))
            let post = try await browser.post(client, "/assess", filledForm())
            #expect(post.status == .forbidden)
            #expect(try await desk.register.search(RegisterQuery()).isEmpty)
            #expect(!(try await browser.get(client, "/register").text.contains(#"href="/assess""#)))
        }
    }

    @Test func anAssessmentIsRecordedAndItsSheetShowsTheStoredDecision() async throws {
        let desk = try await PagesDesk()
        try await desk.test { client in
            let browser = try await Browser.signIn(client, "clerk")
            let answer = try await browser.post(client, "/assess", filledForm(name: "王<b>某</b>"))
            #expect(answer.status == .seeOther)
            let location = try #require(answer.headers[.location])
            let id = try #require(Int64(location.replacingOccurrences(of: "/decisions/", with: "")))
            let stored = try #require(try await desk.register.assessment(id: id))
            #expect(stored.actor == "clerk")
            #expect(stored.applicantName == "王<b>某</b>")
            #expect(stored.profileJSON.contains(#""union_member": true"#))
            let members = try #require((try JSONSerialization.jsonObject(with: Data(stored.profileJSON.utf8)) as? [String: Any])?["household"] as? [String: Any])
            #expect((members["members"] as? [Any])?.count == 2)

            // The rules change afterwards; the sheet still shows the decision as it was given.
            try retitledProgramme.write(to: desk.rulesDirectory.appendingPathComponent("programmes/basic.lua"), atomically: true, encoding: .utf8)
            #expect(try await desk.engine.reloadIfChanged())

            let sheet = try await browser.get(client, location)
            #expect(sheet.status == .ok)
            let html = sheet.text
            let decision = try #require(try JSONSerialization.jsonObject(with: Data(stored.decisionJSON.utf8)) as? [String: Any])
            for programme in decision["decisions"] as? [[String: Any]] ?? [] {
                #expect(html.contains("<h2>1. \(programme["title"] as! String)</h2>"))
                #expect(html.contains("data-outcome=\"\(programme["outcome"] as! String)\">符合</span>"))
                for reason in programme["reasons"] as? [[String: Any]] ?? [] {
                    #expect(html.contains("<li>\(reason["text"] as! String)<br><small>（\(reason["cite"] as! String)）</small></li>"))
                }
                for benefit in programme["benefits"] as? [[String: Any]] ?? [] {
                    #expect(html.contains("救助金：每月 \(benefit["amount"] as! String) 元"))
                }
            }
            #expect(!html.contains("基本生活救助")) // the new title is not on the old sheet
            #expect(html.contains("王&lt;b&gt;某&lt;/b&gt;") && !html.contains("<b>某"))
            #expect(html.contains("1101**********1235"))
            #expect(!html.contains("110101197005011235"))
            #expect(html.contains(String(stored.ruleSetHash.prefix(12))))
            let cash = (decision["totals"] as? [String: Any])?["cash"] as? [String: Any]
            #expect(html.contains("<th scope=\"row\">每月</th><td>\(cash?["monthly"] as? String ?? "?") 元</td>"))
            // Print: A4, no navigation.
            let css = try await client.execute(uri: "/style.css", method: .get)
            #expect(css.text.contains("@media print") && css.text.contains("size: A4") && css.text.contains("nav"))

            // Another clerk may not read it; an officer may.
            let other = try await Browser.signIn(client, "clerk2")
            #expect(try await other.get(client, location).status == .forbidden)
            let officer = try await Browser.signIn(client, "officer")
            #expect(try await officer.get(client, location).status == .ok)
        }
    }

    @Test func theRegisterIsSearchableAndIntakeStaffSeeTheirOwn() async throws {
        let desk = try await PagesDesk()
        try await desk.test { client in
            let clerk = try await Browser.signIn(client, "clerk")
            let clerk2 = try await Browser.signIn(client, "clerk2")
            for (browser, name, id) in [(clerk, "王某", "110101197005011235"), (clerk, "李某", "110101198001019875"), (clerk2, "张某", "110101199001015553")] {
                #expect(try await browser.post(client, "/assess", filledForm(name: name, id: id)).status == .seeOther)
            }
            let own = try await clerk.get(client, "/register").text
            #expect(own.contains("王某") && own.contains("李某") && !own.contains("张某"))
            let searched = try await clerk.get(client, "/register?name=%E6%9D%8E&outcome=eligible").text
            #expect(searched.contains("李某") && !searched.contains("王某"))
            #expect(searched.contains(#"<a href="/decisions/2">"#))
            let byID = try await clerk.get(client, "/register?applicant_id=110101197005011235").text
            #expect(byID.contains("王某") && !byID.contains("李某"))
            let none = try await clerk.get(client, "/register?outcome=ineligible").text
            #expect(none.contains(#"id="no-entries""#))
            let bad = try await clerk.get(client, "/register?from=yesterday")
            #expect(bad.status == .badRequest)

            let officer = try await Browser.signIn(client, "officer")
            let all = try await officer.get(client, "/register").text
            #expect(all.contains("王某") && all.contains("李某") && all.contains("张某"))
            let status = try await officer.get(client, "/rules/status")
            #expect(status.status == .ok)
            #expect(status.text.contains(desk.engine.current.ruleSet.version))
            #expect(try await clerk.get(client, "/rules/status").status == .forbidden)
        }
    }

    @Test func behindATLSProxyTheCookieIsSecureAndSessionsExpire() async throws {
        let desk = try await PagesDesk()
        try await desk.test { client in
            let proxied: HTTPFields = [.init("X-Forwarded-Proto")!: "https"]
            let page = try await client.execute(uri: "/login?next=/register", method: .get, headers: proxied)
            #expect(page.headers[values: .setCookie].allSatisfy { $0.contains("; Secure") })
            #expect(page.text.contains(#"name="next" value="/register""#))
            var headers = proxied
            headers[.cookie] = "bangfu_login=\(Browser.cookieValue("bangfu_login", in: page)!)"
            headers[.contentType] = "application/x-www-form-urlencoded"
            let answer = try await client.execute(uri: "/login", method: .post, headers: headers, body: Browser.formBody([
                ("_csrf", Browser.csrfToken(in: page.text)!), ("next", "https://elsewhere.example/"), ("name", "officer"), ("password", "password-officer"),
            ]))
            #expect(answer.headers[.location] == "/assess") // never sent off the site
            let cookie = try #require(answer.headers[values: .setCookie].first { $0.hasPrefix("bangfu_session=") })
            #expect(cookie.contains("; Secure") && cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"))
            let id = try #require(Browser.cookieValue("bangfu_session", in: answer))
            #expect(try await desk.register.session(id: id)?.account.name == "officer")
            #expect(try await desk.register.session(id: id, now: Date().addingTimeInterval(IntakeApplication.sessionLifetime + 60)) == nil)
        }
    }

    @Test func everyTemplateParsesAndEveryPartialItUsesExists() throws {
        let folder = try #require(PageTemplates.folder)
        let library = try PageTemplates.load(from: folder)
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".mustache") }
            .map { String($0.dropLast(".mustache".count)) }
        #expect(Set(PageTemplates.Name.allCases.map(\.rawValue)).isSubset(of: names))
        for name in names { #expect(library.getTemplate(named: name) != nil, "\(name)") }
    }

    @Test func aTemplateThatDoesNotParseOrIsMissingIsNamed() throws {
        let shipped = try #require(PageTemplates.folder)
        func loadError(_ change: (URL) throws -> Void) throws -> String? {
            let folder = try temporaryFolder().appendingPathComponent("Templates")
            try FileManager.default.copyItem(at: shipped, to: folder)
            try change(folder)
            do {
                _ = try PageTemplates.load(from: folder)
                return nil
            } catch {
                return "\(error)"
            }
        }
        let misclosed = try loadError { try "<p>\n{{#error}}\n{{/errors}}\n".write(to: $0.appendingPathComponent("login.mustache"), atomically: true, encoding: .utf8) }
        #expect(misclosed?.hasPrefix("login.mustache, line 3, column") == true, "\(misclosed ?? "loaded")")
        let missing = try loadError { try FileManager.default.removeItem(at: $0.appendingPathComponent("problem.mustache")) }
        #expect(missing?.hasPrefix("problem.mustache is missing") == true, "\(missing ?? "loaded")")
        let noPartial = try loadError { try FileManager.default.removeItem(at: $0.appendingPathComponent("navigation.mustache")) }
        #expect(noPartial == "layout.mustache uses the partial navigation, which has no navigation.mustache")
    }

    @Test func aFieldWithoutAnErrorDoesNotShowItsLists() throws {
        let member = InterviewPage.Question(id: "f-g-1-a", blockID: "q-g-1-a", name: "g[1].a", label: "甲", required: false, format: nil, evidence: nil,
                                            error: nil, autofocus: false, input: .init(value: ""))
        let list = InterviewPage.Question(id: "f-g", blockID: "q-g", name: "g", label: "组", required: false, format: nil, evidence: nil,
                                          error: "组的问题", autofocus: false,
                                          list: .init(items: [.init(id: "f-g-1", name: "g[1]", title: "第 1 项", fields: [member])], mayAdd: true,
                                                      addedFieldID: "f-g-2-a"))
        let html = try #require(PageTemplates.library.render(list, withTemplate: "question"))
        #expect(html.components(separatedBy: "组的问题").count == 2)
        #expect(html.contains(#"<div class="field" id="q-g-1-a"><label for="f-g-1-a">甲</label><input type="text" autocomplete="off" id="f-g-1-a" name="g[1].a" value=""></div>"#))
    }

    @Test func textIsEscapedOneUnicodeScalarAtATime() {
        // A quote and a combining mark make one Character; escaped by Character, the quote would pass and
        // end an attribute value. Partials (navigation) start again from mustache's own escaping.
        let tricky = "\"\u{301} autofocus x=\"<b>"
        let html = PageTemplates.render(.layout, Layout.Frame(
            title: tricky, navigation: .init(account: tricky, role: "受理员", mayAssess: true, seesRuleStatus: false, seesReferrals: false, csrfToken: "0", seesYearReport: false), body: ""))
        let escaped = "&quot;\u{301} autofocus x=&quot;&lt;b&gt;"
        #expect(html.contains("<title>\(escaped) · 帮扶受理</title>"))
        #expect(html.contains("<span class=\"who\">\(escaped)（受理员）</span>"))
        #expect(Data(html.utf8).range(of: Data("\"\u{301}".utf8)) == nil)
    }
}
