import EligibilityTesting
import Eligibility
import Foundation
import Hummingbird
import HummingbirdTesting
import IntakeRegister
@testable import IntakeServer
import Testing

/// A rule set whose four programmes end in each outcome a notice tells apart, and a schema with an ID
/// number, options, a yes/no and a field with its evidence: what the sheets show.
enum SheetsFixture {
    static let extraFields = """

          id_number: {type: string, label: 公民身份号码, format: id_number}
          hukou:
            type: enum
            label: 户籍类型
            display_only: true
            values: {urban: 城镇户籍, rural: 农村户籍}
          union_member: {type: boolean, label: 工会会员（在职或退休职工）, display_only: true}
          children: {type: integer, label: 子女人数, min: 0, evidence: 户口簿}

        """

    static let programmes = [
        ("basic", RuleSetFixture.basicProgramme),
        ("school", """
            programme {
              id = "school", title = "助学补贴", basis = "办法第十一条",
              decide = function()
                if profile.children > 0 then
                  return eligible { reason("children", "有在读子女", "办法第十一条"), cash(money.yuan(1000), "once", "助学金") }
                end
                return ineligible { reason("no_children", "无在读子女", "办法第十一条") }
              end,
            }
            """),
        ("review", """
            programme {
              id = "review", title = "临时救助", basis = "办法第十条",
              decide = function() return refer { reason("check_income", "家庭收入需社工入户核实", "办法第十条") } end,
            }
            """),
        ("other", """
            programme {
              id = "other", title = "节日慰问", basis = "办法第十二条",
              decide = function() return ineligible { reason("not_on_file", "未建档", "办法第十二条") } end,
            }
            """),
    ]

    static func make() throws -> RuleSetFixture {
        let fixture = try RuleSetFixture(programmes: programmes, schema: RuleSetFixture.schema + extraFields)
        try """
            title: 测试规则
            authority: XX区总工会困难职工帮扶中心
            applicant: {name: name, id: id_number}
            programmes: [basic, school, review, other]
            contact:
              address: XX区人民路 88 号
              phone: 0551-6288 1234
              hours: 周一至周五 8:30–17:30
            """.write(to: fixture.directory.appendingPathComponent("ruleset.yaml"), atomically: true, encoding: .utf8)
        return fixture
    }

    /// 赵秀兰, born 1949-12-31, her ID number typed with a lower-case x; children not given.
    static func profileJSON(id: String = "11010519491231002x", name: String = "赵秀兰") -> String {
        #"{"name": "\#(name)", "id_number": "\#(id)", "birth_date": "1949-12-31", "income": 1000, "hukou": "urban", "union_member": true, "household": {"members": [{"monthly_income": 500}, {}]}}"#
    }
}

extension PagesDesk {
    /// Records an assessment as the API does, by `actor`, on 2026-09-01.
    func record(_ json: String, by actor: String) async throws -> Int64 {
        let rules = engine.current
        let date = CivilDate("2026-09-01")!
        let profile = try IntakeApplication.profile(from: json, schema: rules.ruleSet.schema, on: date)
        return try await desk.record(profile, profileText: json, rules: rules, date: date, actor: actor).id
    }
}

@Suite("The staff record and the applicant's notice")
struct SheetTests {
    @Test func theStaffRecordLinksTheNoticeAReassessmentAndTheApplicantsOtherAssessments() async throws {
        let desk = try await PagesDesk(fixture: SheetsFixture.make())
        let first = try await desk.record(SheetsFixture.profileJSON(), by: "clerk")
        let someoneElse = try await desk.record(SheetsFixture.profileJSON(id: "34010419780512001X", name: "李建国"), by: "clerk")
        let second = try await desk.record(SheetsFixture.profileJSON(id: "110105 19491231 002X"), by: "clerk")
        let third = try await desk.record(SheetsFixture.profileJSON(), by: "clerk2")
        try await desk.test { client in
            let officer = try await Browser.signIn(client, "officer")
            let html = try await officer.get(client, "/decisions/\(third)").text
            #expect(html.contains(#"<a href="/assess?from=\#(third)" id="reassess-link" class="button">修改后重新评估</a>"#))
            #expect(html.contains(#"href="/decisions/\#(third)/notice""#))
            #expect(html.contains("同一申请人的其他评估"))
            let others = try #require(html.range(of: #"id="other-assessments""#)).upperBound
            let list = String(html[others...])
            let secondAt = try #require(list.range(of: "/decisions/\(second)\"")), firstAt = try #require(list.range(of: "/decisions/\(first)\""))
            #expect(secondAt.lowerBound < firstAt.lowerBound) // newest first
            #expect(!list.contains("/decisions/\(someoneElse)\"") && !list.contains("/decisions/\(third)\""))
            #expect(list.contains(#"<span class="badge outcome-needs_information">待补充 1</span>"#))
            // What the pending programmes wait for, and what proves it.
            #expect(html.contains("需要补充：子女人数") && html.contains("<li>户口簿</li>"))
            // Recorded at, on the centre's clock.
            let stored = try #require(try await desk.register.assessment(id: third))
            #expect(html.contains("clerk2，\(RecordedTime.text(stored.createdAt, in: TimeZone(identifier: "Asia/Shanghai")!))"))
            #expect(html.contains(#"<script src="/print.js" defer></script>"#) && !html.contains("<script>"))

            // Intake staff see only their own among the other assessments; auditors cannot reassess.
            let clerk2 = try await Browser.signIn(client, "clerk2")
            #expect(!(try await clerk2.get(client, "/decisions/\(third)").text.contains("同一申请人的其他评估")))
            let auditor = try await Browser.signIn(client, "auditor")
            #expect(!(try await auditor.get(client, "/decisions/\(third)").text.contains("/assess?from=")))
        }
    }

    @Test func theNoticeTellsTheApplicantWhatWasRecordedWhatTheyGetWhatWaitsAndWhereToGo() async throws {
        let desk = try await PagesDesk(fixture: SheetsFixture.make())
        let id = try await desk.record(SheetsFixture.profileJSON(), by: "clerk")
        try await desk.test { client in
            let clerk = try await Browser.signIn(client, "clerk")
            let notice = try await clerk.get(client, "/decisions/\(id)/notice")
            #expect(notice.status == .ok)
            let html = notice.text
            #expect(html.contains("<h1>帮扶申请告知书</h1>") && html.contains("XX区总工会困难职工帮扶中心"))
            // The facts as recorded, in Chinese, the ID number masked; what nobody said is not listed.
            for (label, value) in [("姓名", "赵秀兰"), ("公民身份号码", "1101**********002X"), ("出生日期", "1949-12-31"), ("月收入", "1,000.00 元"),
                                   ("户籍类型", "城镇户籍"), ("工会会员", "是")] {
                #expect(html.contains(#"<span class="fact"><span class="label">\#(label)</span> \#(value)</span>"#), "\(label)")
            }
            #expect(html.contains(#"<span class="fact item"><span class="label">成员 1</span> 月收入 500.00 元</span>"#))
            #expect(!html.contains("11010519491231002") && !html.contains("子女人数</span>"))
            // What they get, what waits, what to bring, the rest in one line.
            #expect(html.contains("<strong>基本救助</strong>：救助金 752.00 元（每月）"))
            #expect(html.contains("现金帮扶合计：每月 752.00 元"))
            #expect(html.contains(#"<li data-outcome="needs_information"><strong>助学补贴</strong>：待补充：子女人数</li>"#))
            #expect(html.contains(#"<li data-outcome="refer"><strong>临时救助</strong>：待工作人员审核：家庭收入需社工入户核实</li>"#))
            #expect(html.contains("<li>户口簿</li>"))
            #expect(html.contains("以下项目不符合条件：节日慰问。"))
            #expect(html.contains("地址：XX区人民路 88 号") && html.contains("电话：0551-6288 1234") && html.contains("办公时间：周一至周五 8:30–17:30"))
            #expect(html.contains("申请人（签字）：") && html.contains("受理人（签字）："))
            #expect(html.contains(#"<button type="button" class="print" hidden>"#) && html.contains("Ctrl+P"))

            // Another clerk's applicant's notice is not theirs to print.
            let clerk2 = try await Browser.signIn(client, "clerk2")
            #expect(try await clerk2.get(client, "/decisions/\(id)/notice").status == .forbidden)
            #expect(try await clerk.get(client, "/decisions/999/notice").status == .notFound)
        }
    }

    @Test func theRegisterShowsOutcomesCountedFiltersWhatWaitsAndFindsIDNumbersAsTyped() async throws {
        let desk = try await PagesDesk(fixture: SheetsFixture.make())
        let zhao = try await desk.record(SheetsFixture.profileJSON(), by: "clerk")
        let li = try await desk.record(SheetsFixture.profileJSON(id: "34010419780512001X", name: "李建国"), by: "clerk")
        try await desk.test { client in
            let clerk = try await Browser.signIn(client, "clerk")
            let all = try await clerk.get(client, "/register").text
            #expect(all.contains(#"<span class="badge outcome-eligible">符合 1</span> <span class="badge outcome-needs_information">待补充 1</span> <span class="badge outcome-refer">待工作人员审核 1</span> <span class="badge outcome-ineligible">不符合 1</span>"#))
            #expect(all.contains(#"<tr class="waits" data-entry="\#(zhao)">"#))
            #expect(all.contains(#"href="/register?outcome=needs_information""#) && all.contains("只看待补充（2 条）"))
            let waiting = try await clerk.get(client, "/register?outcome=refer").text
            #expect(waiting.contains("赵秀兰") && waiting.contains("李建国"))
            for typed in ["11010519491231002x", "110105%2019491231%20002X", "002x", "31002x"] {
                let found = try await clerk.get(client, "/register?applicant_id=\(typed)").text
                #expect(found.contains(#"data-entry="\#(zhao)""#) && !found.contains(#"data-entry="\#(li)""#), "\(typed)")
            }
            let tooShort = try await clerk.get(client, "/register?applicant_id=02x")
            #expect(tooShort.status == .badRequest && tooShort.text.contains("至少后 4 位"))
        }
    }

    @Test func thePrintButtonsScriptIsTheDesksOwnAndTheOnlyOne() async throws {
        let desk = try await PagesDesk(fixture: SheetsFixture.make())
        try await desk.test { client in
            let script = try await client.execute(uri: "/print.js", method: .get)
            #expect(script.status == .ok && script.headers[.contentType] == "text/javascript; charset=utf-8")
            #expect(script.text.contains("window.print()"))
            let policy = try #require(script.headers[.contentSecurityPolicy])
            #expect(policy.contains("script-src 'self'") && policy.contains("default-src 'none'"))
            let css = try await client.execute(uri: "/style.css", method: .get).text
            #expect(css.contains("size: A4") && css.contains("@bottom-center") && css.contains("counter(pages)"))
        }
    }
}
