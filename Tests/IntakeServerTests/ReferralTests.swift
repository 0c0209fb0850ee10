import EligibilityTesting
import Eligibility
import Foundation
import Hummingbird
import HummingbirdTesting
import IntakeRegister
@testable import IntakeServer
import SQLiteRegister
import Synchronization
import Testing

/// The interview fixture with a second programme that always refers (a caseworker must look), and a
/// fund to pay approvals from.
enum ReferralFixture {
    static let referredProgramme = """
        programme {
          id = "review",
          title = "大病救助",
          basis = "办法第九条",
          decide = function()
            return refer { reason("needs_review", "病情须经办人核实", "办法第九条") }
          end,
        }
        """

    static func make() throws -> RuleSetFixture {
        let fixture = try RuleSetFixture(programmes: [("basic", RuleSetFixture.basicProgramme), ("review", referredProgramme)],
                                         schema: PagesFixture.schema)
        try """
            title: 测试规则
            applicant: {name: name, id: id_number}
            funds: {centre: 帮扶中心帮扶资金}
            programmes: [basic, review]
            """.write(to: fixture.directory.appendingPathComponent("ruleset.yaml"), atomically: true, encoding: .utf8)
        return fixture
    }
}

/// A desk on `ReferralFixture` whose clock the test moves; one account per role, API tokens and
/// passwords `password-NAME`.
struct ReferralDesk: Sendable {
    let register: SQLiteRegister
    let desk: IntakeApplication
    let tokens: [String: String]
    let clock = TestClock()

    init() async throws {
        let fixture = try ReferralFixture.make()
        register = try SQLiteRegister(path: temporaryFolder().appendingPathComponent("register.sqlite").path)
        let accounts = Accounts(register: register, passwordCost: 4)
        let engine = try await RuleEngine(rulesDirectory: fixture.directory, casePaths: [], register: register, logger: Desk.logger, poolCapacity: 2)
        var desk = IntakeApplication(engine: engine, register: register, accounts: accounts, logger: Desk.logger)
        var tokens: [String: String] = [:]
        for (name, role) in [("clerk", Role.intake), ("clerk2", .intake), ("officer", .officer), ("officer2", .officer), ("auditor", .auditor)] {
            tokens[name] = try await accounts.create(name: name, role: role, password: "password-\(name)")
        }
        self.tokens = tokens
        let clock = self.clock
        desk.clock = { clock.now.withLock { $0 } }
        self.desk = desk
    }

    func passDays(_ days: Int) {
        clock.now.withLock { $0 += TimeInterval(days * 86_400) }
    }

    func test<T>(_ body: @Sendable (any TestClientProtocol) async throws -> T) async throws -> T {
        try await desk.application(host: "127.0.0.1", port: 0).test(.router, body)
    }

    func api(_ client: any TestClientProtocol, _ account: String, _ uri: String, post json: String? = nil) async throws -> TestResponse {
        try await client.execute(uri: uri, method: json == nil ? .get : .post,
                                 headers: [.authorization: "Bearer \(tokens[account]!)", .contentType: "application/json"],
                                 body: json.map { ByteBuffer(string: $0) })
    }

    /// Records an assessment of the applicant with this ID number through the API, as `account`: its entry.
    func assess(_ client: any TestClientProtocol, as account: String = "clerk", name: String = "王某", id: String = "110101197005011235") async throws -> Int64 {
        let answer = try await api(client, account, "/api/assess?on=2026-09-01", post: """
            {"name": "\(name)", "id_number": "\(id)", "birth_date": "1970-05-01", "income": 1000}
            """)
        #expect(answer.status == .ok, "\(answer.text)")
        return try #require(answer.headers[.init(IntakeApplication.entryHeaderName)!].flatMap { Int64($0) })
    }

    /// The referral of entry `entry`.
    func referral(of entry: Int64) async throws -> StoredReferral {
        try #require(try await register.referrals(assessmentID: entry).first)
    }
}

final class TestClock: Sendable {
    /// 2026-09-01 17:00 UTC: already 2026-09-02 at the desk in Asia/Shanghai.
    let now = Mutex(Date(timeIntervalSince1970: 1_788_282_000))
}

@Suite("Referrals at the desk")
struct ReferralTests {
    @Test func aReferDecisionOpensAReferralThatWaitsInTheQueueWithItsAge() async throws {
        let desk = try await ReferralDesk()
        try await desk.test { client in
            let entry = try await desk.assess(client)
            let referrals = try await desk.register.referrals(assessmentID: entry)
            #expect(referrals.map(\.referral.programme) == ["review"]) // the other decision needs information, not a caseworker
            let referral = try #require(referrals.first)
            #expect(referral.referral.openedOn == CivilDate("2026-09-02")) // the desk's day in Asia/Shanghai, not UTC's
            #expect(referral.referral.owner == nil)
            #expect(referral.referral.householdID != nil) // the applicant's household, opened for the approval

            desk.passDays(5)
            let queue = try await desk.api(client, "officer", "/api/referrals")
            #expect(queue.status == .ok)
            let listed = try #require((queue.json["referrals"] as? [[String: Any]])?.first)
            #expect(listed["id"] as? Int == Int(referral.id))
            #expect(listed["age_days"] as? Int == 5)
            #expect(listed["owner"] is NSNull)
            #expect(listed["programme_title"] as? String == "大病救助")

            let officer = try await Browser.signIn(client, "officer")
            let page = try await officer.get(client, "/referrals")
            #expect(page.status == .ok)
            #expect(page.text.contains(#"<tr data-referral="\#(referral.id)">"#))
            #expect(page.text.contains("<td>大病救助</td><td>王某</td>"))
            #expect(page.text.contains(#"<td class="age">5 天</td><td class="owner">未指派</td>"#))
            #expect(page.text.contains(#"<a href="/referrals" id="nav-referrals">转介</a>"#))

            // The record page shows it waiting, with its age.
            let record = try await officer.get(client, "/decisions/\(entry)")
            #expect(record.text.contains(#"<td class="status">待答复</td><td>未指派</td><td class="age">已等待 5 天</td>"#))
        }
    }

    @Test func anOfficerAssignsAndAnswersEachWayAndTheRecordShowsTheAnswer() async throws {
        let desk = try await ReferralDesk()
        try await desk.test { client in
            let approved = try await desk.referral(of: try await desk.assess(client, name: "王某", id: "110101197005011235"))
            let refused = try await desk.referral(of: try await desk.assess(client, name: "李某", id: "110101197005011243"))
            let handedOn = try await desk.referral(of: try await desk.assess(client, name: "张某", id: "110101197005011251"))
            desk.passDays(3)
            let officer = try await Browser.signIn(client, "officer")

            // 指派给: to an officer; only officers answer referrals.
            let toClerk = try await officer.post(client, "/referrals/\(approved.id)/assign", [("owner", "clerk")])
            #expect(toClerk.status == .unprocessableContent)
            #expect(toClerk.text.contains(#"<p class="error" id="e-owner">请填写一位经办人的账号。</p>"#))
            let assigned = try await officer.post(client, "/referrals/\(approved.id)/assign", [("owner", "officer")])
            #expect(assigned.status == .seeOther)
            #expect(try await desk.referral(of: approved.referral.assessmentID).referral.owner == "officer")
            let toOther = try await desk.api(client, "officer", "/api/referrals/\(refused.id)/assign", post: #"{"owner": "officer2"}"#)
            #expect(toOther.json["owner"] as? String == "officer2")
            let mine = try await officer.get(client, "/referrals?mine=1")
            #expect(mine.text.contains(#"data-referral="\#(approved.id)""#))
            #expect(!mine.text.contains(#"data-referral="\#(refused.id)""#) && !mine.text.contains(#"data-referral="\#(handedOn.id)""#))

            // Approve: a grant of the programme for the household, paid from the fund.
            let approve = try await officer.post(client, "/referrals/\(approved.id)/close",
                                                 [("decision", "approve"), ("amount", "1000"), ("fund", "centre"), ("reason", "病历与发票已核实")])
            #expect(approve.status == .seeOther)
            #expect(approve.headers[.location] == "/decisions/\(approved.referral.assessmentID)#referrals")
            let householdID = try #require(approved.referral.householdID)
            let grants = try await desk.register.grants(householdID: householdID, from: nil, to: nil)
            #expect(grants.count == 1)
            #expect(grants.first?.programme == "review" && grants.first?.amountFen == 100_000 && grants.first?.fund == "centre")
            #expect(grants.first?.referralID == approved.id && grants.first?.confirmedBy == "officer")
            let record = try await officer.get(client, "/decisions/\(approved.referral.assessmentID)")
            #expect(record.text.contains(#"<td class="status">已答复</td><td>officer</td><td class="age">3 天</td><td class="answer"><strong>批准 1000.00 元（帮扶中心帮扶资金）</strong><br>理由：病历与发票已核实"#))

            // Refuse, through the API: the reason is the answer.
            let refuse = try await desk.api(client, "officer2", "/api/referrals/\(refused.id)/close",
                                            post: #"{"decision": "refuse", "reason": "经核实收入高于标准"}"#)
            #expect(refuse.status == .ok, "\(refuse.text)")
            let answer = try #require(refuse.json["answer"] as? [String: Any])
            #expect(answer["decision"] as? String == "refuse" && answer["reason"] as? String == "经核实收入高于标准")
            #expect(answer["closed_by"] as? String == "officer2" && answer["closed_on"] as? String == "2026-09-05")

            // Hand on: a referral out, followed to its result.
            let handOn = try await officer.post(client, "/referrals/\(handedOn.id)/close",
                                                [("decision", "hand_on"), ("body", "法律援助中心"), ("subject", "追讨拖欠工资"), ("reason", "欠薪须经法律途径追讨")])
            #expect(handOn.status == .seeOther)
            let closed = try await desk.referral(of: handedOn.referral.assessmentID)
            #expect(closed.answer?.decision == .handOn(body: "法律援助中心", subject: "追讨拖欠工资"))
            #expect(closed.answer?.reason == "欠薪须经法律途径追讨")
            let outID = try #require(closed.answer?.outgoingReferralID)
            let handedRecord = try await officer.get(client, "/decisions/\(handedOn.referral.assessmentID)")
            #expect(handedRecord.text.contains("<strong>转交法律援助中心（追讨拖欠工资）</strong><br>理由：欠薪须经法律途径追讨"))

            #expect(try await desk.register.openReferrals(ownedBy: nil).isEmpty)
            let emptyQueue = try await officer.get(client, "/referrals")
            #expect(emptyQueue.text.contains("没有待答复的转介。"))

            desk.passDays(4)
            let out = try await officer.get(client, "/referrals/out")
            #expect(out.text.contains("第 \(outID) 号：法律援助中心（追讨拖欠工资）"))
            #expect(out.text.contains(#"已等待 <span class="age">4</span> 天"#))
            let accepted = try await officer.post(client, "/referrals/out/\(outID)/steps", [("step", "accepted"), ("on", "2026-09-07")])
            #expect(accepted.status == .seeOther)
            let noNote = try await officer.post(client, "/referrals/out/\(outID)/steps", [("step", "result"), ("on", "2026-09-09"), ("amount", "3200")])
            #expect(noNote.status == .unprocessableContent)
            #expect(noNote.text.contains(#"<p class="error" id="e-out\#(outID)-note">请写明办理结果。</p>"#))
            let result = try await desk.api(client, "officer", "/api/referrals/out/\(outID)/steps",
                                            post: #"{"step": "result", "on": "2026-09-09", "amount_fen": 320000, "note": "调解后用人单位支付"}"#)
            #expect(result.status == .ok, "\(result.text)")
            let steps = try #require(try await desk.register.outgoingReferral(id: outID)?.steps)
            #expect(steps.map(\.step) == [.sent, .accepted, .result(amountRecoveredFen: 320_000, note: "调解后用人单位支付")])
            #expect(steps.map(\.on.description) == ["2026-09-05", "2026-09-07", "2026-09-09"])
            #expect(steps.allSatisfy { $0.by == "officer" })
            #expect(try await desk.register.openOutgoingReferrals().isEmpty)
        }
    }

    @Test func anAnswerNeedsAReasonAndWhatTheHouseholdsGrantsAllow() async throws {
        let desk = try await ReferralDesk()
        try await desk.test { client in
            let first = try await desk.referral(of: try await desk.assess(client))
            let officer = try await Browser.signIn(client, "officer")
            let blank = try await officer.post(client, "/referrals/\(first.id)/close", [("decision", "approve"), ("amount", "1000元"), ("fund", "centre"), ("reason", " ")])
            #expect(blank.status == .unprocessableContent)
            #expect(blank.text.contains(#"<p class="error" id="e-reason">请填写理由：它将作为答复记入申请人的档案。</p>"#))
            #expect(blank.text.contains(#"<p class="error" id="e-amount">金额应以元填写，如 1000 或 1000.50。</p>"#))
            #expect(blank.text.contains(#"value="1000元""#)) // what was typed stays to be corrected
            #expect(blank.text.contains(##"<a href="#f-reason">理由</a>"##))
            let none = try await officer.post(client, "/referrals/\(first.id)/close", [("reason", "已核实")])
            #expect(none.text.contains(#"<p class="error" id="e-decision">请选择处理决定"#))
            let api = try await desk.api(client, "officer", "/api/referrals/\(first.id)/close", post: #"{"decision": "refuse"}"#)
            #expect(api.status == .unprocessableContent)
            #expect(api.errorPaths == ["reason"])
            #expect(try await desk.referral(of: first.referral.assessmentID).isOpen)

            // Approved once this year, the programme is not approved again for the household.
            _ = try await officer.post(client, "/referrals/\(first.id)/close", [("decision", "approve"), ("amount", "1000"), ("fund", "centre"), ("reason", "已核实")])
            let again = try await desk.referral(of: try await desk.assess(client))
            #expect(again.referral.householdID == first.referral.householdID)
            let twice = try await officer.post(client, "/referrals/\(again.id)/close", [("decision", "approve"), ("amount", "500"), ("fund", "centre"), ("reason", "再次申请")])
            #expect(twice.status == .unprocessableContent)
            #expect(twice.text.contains("该户本年度已于 2026-09-02 获批大病救助（1000.00 元），不能再次批准。"))
            #expect(try await desk.register.grants(householdID: first.referral.householdID!, from: nil, to: nil).count == 1)
            // Answered, it cannot be answered again.
            let closedAgain = try await desk.api(client, "officer", "/api/referrals/\(first.id)/close", post: #"{"decision": "refuse", "reason": "改判"}"#)
            #expect(closedAgain.status == .unprocessableContent)
            #expect(closedAgain.errorPaths == ["decision"])
        }
    }

    /// A service, goods or a file to open is approved without money: no amount, no grant, and the
    /// answer says so; the fund chosen is not read.
    @Test func anApprovalWithoutAnAmountPaysNothing() async throws {
        let desk = try await ReferralDesk()
        try await desk.test { client in
            let referral = try await desk.referral(of: try await desk.assess(client))
            let officer = try await Browser.signIn(client, "officer")
            let page = try await officer.get(client, "/referrals/\(referral.id)")
            #expect(page.text.contains("不涉及现金的批准留空"))
            let approve = try await officer.post(client, "/referrals/\(referral.id)/close",
                                                 [("decision", "approve"), ("amount", ""), ("fund", "centre"), ("reason", "协助办理医保报销")])
            #expect(approve.status == .seeOther, "\(approve.text)")
            let closed = try await desk.referral(of: referral.referral.assessmentID)
            #expect(closed.answer?.decision == .approve(nil) && closed.answer?.grantID == nil)
            #expect(try await desk.register.grants(householdID: try #require(referral.referral.householdID), from: nil, to: nil).isEmpty)
            let record = try await officer.get(client, "/decisions/\(referral.referral.assessmentID)")
            #expect(record.text.contains("<strong>批准（不涉及现金发放）</strong><br>理由：协助办理医保报销"), "\(record.text)")
            let api = try await desk.api(client, "officer", "/api/referrals/\(referral.id)", post: nil)
            let answer = try #require(api.json["answer"] as? [String: Any], "\(api.text)")
            #expect(answer["decision"] as? String == "approve" && answer["amount_fen"] is NSNull && answer["fund"] is NSNull)
        }
    }

    /// Intake staff take applications and see the answers on their own records; officers work the
    /// queue; auditors read it and change nothing.
    @Test func intakeStaffSeeTheirRecordsAnswersAndNotTheQueue() async throws {
        let desk = try await ReferralDesk()
        try await desk.test { client in
            let entry = try await desk.assess(client, as: "clerk")
            let referral = try await desk.referral(of: entry)
            let clerk = try await Browser.signIn(client, "clerk")
            let record = try await clerk.get(client, "/decisions/\(entry)")
            #expect(record.text.contains(#"<td class="status">待答复</td>"#))
            #expect(!record.text.contains(#"<a href="/referrals/"#) && !record.text.contains("nav-referrals"))
            for uri in ["/referrals", "/referrals/\(referral.id)", "/referrals/out"] {
                #expect(try await clerk.get(client, uri).status == .forbidden, "\(uri)")
            }
            #expect(try await clerk.post(client, "/referrals/\(referral.id)/close", [("decision", "refuse"), ("reason", "自己答复")]).status == .forbidden)
            #expect(try await desk.api(client, "clerk", "/api/referrals").status == .forbidden)
            #expect(try await desk.api(client, "clerk", "/api/referrals/\(referral.id)/close", post: #"{"decision": "refuse", "reason": "x"}"#).status == .forbidden)

            let auditor = try await Browser.signIn(client, "auditor")
            let queue = try await auditor.get(client, "/referrals")
            #expect(queue.status == .ok && queue.text.contains(#"<a href="/referrals/\#(referral.id)">查看</a>"#))
            let page = try await auditor.get(client, "/referrals/\(referral.id)")
            #expect(page.status == .ok && !page.text.contains("close-form"))
            #expect(try await auditor.post(client, "/referrals/\(referral.id)/assign", [("owner", "officer")]).status == .forbidden)
            #expect(try await desk.api(client, "auditor", "/api/referrals").status == .ok)
            #expect(try await desk.referral(of: entry).isOpen)

            // Answered, the clerk's record shows the answer.
            _ = try await desk.api(client, "officer", "/api/referrals/\(referral.id)/close", post: #"{"decision": "refuse", "reason": "病情不属大病范围"}"#)
            let answered = try await clerk.get(client, "/decisions/\(entry)")
            #expect(answered.text.contains("<strong>不予批准</strong><br>理由：病情不属大病范围"))
        }
    }
}
