import Foundation
import Hummingbird
import HummingbirdTesting
@testable import IntakeServer
import IntakeRegister
import Testing

@Suite("The parameters page")
struct ParametersPageTests {
    @Test func everyParameterIsListedWithItsDatedValuesUnitAndReferences() async throws {
        let desk = try await Desk()
        try await desk.test { client in
            let officer = try await Browser.signIn(client, "officer")
            let page = try await officer.get(client, "/parameters")
            #expect(page.status == .ok)
            let text = page.text
            #expect(text.contains("<a href=\"/parameters\">参数</a>"))
            let dibao = try #require(text.range(of: "id=\"parameter-dibao.urban\"")).upperBound
            let section = String(text[dibao...]).components(separatedBy: "</section>")[0]
            #expect(section.contains("城市低保标准") && section.contains("单位：元/月") && section.contains("依据：XX民发〔2023〕12号"))
            // Dated values, oldest first; the one in force today marked.
            #expect(section.contains("<tr><td>2020-07-01</td><td>740.00</td><td>XX民发〔2023〕12号</td><td>已被替代</td></tr>"), "\(section)")
            #expect(section.contains("<tr><td>2023-07-01</td><td>940.00</td><td>XX民发〔2023〕12号</td><td><strong>现行</strong></td></tr>"))
            #expect(text.contains("id=\"parameter-share\"") && text.contains("<td>0.8</td>"))

            let auditor = try await Browser.signIn(client, "auditor")
            #expect(try await auditor.get(client, "/parameters").status == .ok)
            let clerk = try await Browser.signIn(client, "clerk")
            #expect(try await clerk.get(client, "/parameters").status == .forbidden)
        }
    }
}

@Suite("Parameters published with four eyes")
struct ParameterProposalTests {
    static func proposalID(_ response: TestResponse) throws -> String {
        let location = try #require(response.headers[.location])
        return String(try #require(location.split(separator: "/").last))
    }

    @Test func anOfficerProposesASecondPublishesAndTheDeskAnswersWithTheNewValue() async throws {
        let desk = try await Desk()
        _ = try await desk.accounts.create(name: "officer2", role: .officer, password: "password-officer2")
        let running = desk.engine.current.ruleSet
        try await desk.test { client in
            // One applicant on file: the caseload the change is measured on.
            let recorded = try await client.execute(uri: "/api/assess?on=2026-09-01", method: .post, headers: desk.headers("clerk"),
                                                    body: ByteBuffer(string: sampleProfileJSON))
            #expect(recorded.status == .ok)

            let first = try await Browser.signIn(client, "officer")
            let proposed = try await first.post(client, "/parameters/proposals", [
                ("parameter", "dibao.urban"), ("from", "2027-01-01"), ("value", "1000"), ("reference", "XX民发〔2026〕3号"),
            ])
            #expect(proposed.status == .seeOther, "\(proposed.text)")
            let id = try Self.proposalID(proposed)
            let page = try await first.get(client, "/parameters/proposals/\(id)").text
            #expect(page.contains("城市低保标准（dibao.urban）自 2027-01-01 起为 1000 元/月"), "\(page)")
            #expect(page.contains("<p id=\"check-result\">检查通过，没有错误。</p>"))
            #expect(page.contains("<p id=\"cases-result\">运行案例 0 个，未通过 0 个。</p>"))
            #expect(page.contains("按 2027-01-01 评估在册申请人 1 人"))
            #expect(page.contains("id=\"budget-line\""))
            // The proposer may only withdraw it.
            #expect(page.contains("id=\"withdraw\"") && !page.contains("id=\"publish\""))
            let own = try await first.post(client, "/parameters/proposals/\(id)/decide", [("decision", "publish")])
            #expect(own.status == .unprocessableContent)
            #expect(own.text.contains("提出人不能批准或驳回自己的建议"))
            #expect(desk.engine.current.ruleSet.contentHash == running.contentHash)

            let second = try await Browser.signIn(client, "officer2")
            let review = try await second.get(client, "/parameters/proposals/\(id)").text
            #expect(review.contains("id=\"publish\"") && review.contains("id=\"refuse\""))
            let published = try await second.post(client, "/parameters/proposals/\(id)/decide", [("decision", "publish"), ("reason", "")])
            #expect(published.status == .seeOther, "\(published.text)")
            #expect(try await second.get(client, "/parameters/proposals/\(id)").text.contains("<td id=\"proposal-status\">已发布</td>"))

            // Taken at once by this desk, as the register's running rule set.
            let now = desk.engine.current.ruleSet
            #expect(now.contentHash != running.contentHash)
            #expect(desk.engine.runningEntry?.taking == RuleSetTaking(hash: now.contentHash, takenBy: "officer2", source: .proposal, origin: "#\(id)"))
            let file = String(decoding: try #require(now.hashedFiles.first { $0.path == "parameters.yaml" }).bytes, as: UTF8.self)
            let before = String(decoding: try #require(running.hashedFiles.first { $0.path == "parameters.yaml" }).bytes, as: UTF8.self)
            // One line added among the dated values; every other line as it was.
            #expect(file == before.replacingOccurrences(of: "      2023-07-01: 940\n",
                                                        with: "      2023-07-01: 940\n      2027-01-01: {value: 1000, reference: \"XX民发〔2026〕3号\"}\n"), "\(file)")
            let answer = try await client.execute(uri: "/api/assess?on=2027-02-01", method: .post, headers: desk.headers("clerk"),
                                                  body: ByteBuffer(string: sampleProfileJSON))
            #expect(answer.text.contains("\"value\": \"1000.00\""), "\(answer.text)")

            let parameters = try await second.get(client, "/parameters").text
            #expect(parameters.contains("<tr><td>2027-01-01</td><td>1,000.00</td><td>XX民发〔2026〕3号</td><td>待生效</td></tr>"), "\(parameters)")
            #expect(parameters.contains("建议 #\(id)：城市低保标准（dibao.urban）自 2027-01-01 起为 1000 元/月"))
        }
    }

    @Test func refusedAndWithdrawnProposalsAreKeptWithTheirReasons() async throws {
        let desk = try await Desk()
        _ = try await desk.accounts.create(name: "officer2", role: .officer, password: "password-officer2")
        try await desk.test { client in
            let first = try await Browser.signIn(client, "officer"), second = try await Browser.signIn(client, "officer2")
            let change = [("parameter", "dibao.urban"), ("from", "2027-01-01"), ("value", "1000"), ("reference", "XX民发〔2026〕3号")]
            let refusedID = try Self.proposalID(try await first.post(client, "/parameters/proposals", change))
            let withdrawnID = try Self.proposalID(try await first.post(client, "/parameters/proposals", change))

            let noReason = try await second.post(client, "/parameters/proposals/\(refusedID)/decide", [("decision", "refuse"), ("reason", "")])
            #expect(noReason.status == .unprocessableContent)
            #expect(noReason.text.contains("id=\"error-summary\"") && noReason.text.contains("驳回或撤回须写明理由"))
            #expect(try await second.post(client, "/parameters/proposals/\(refusedID)/decide", [("decision", "refuse"), ("reason", "文号有误")]).status == .seeOther)
            #expect(try await first.post(client, "/parameters/proposals/\(withdrawnID)/decide", [("decision", "withdraw"), ("reason", "重复提出")]).status == .seeOther)

            let page = try await first.get(client, "/parameters").text
            #expect(page.contains("<td>已驳回</td><td>officer2，") && page.contains("<td>文号有误</td>"), "\(page)")
            #expect(page.contains("<td>已撤回</td><td>officer，") && page.contains("<td>重复提出</td>"))
            let refusedPage = try await second.get(client, "/parameters/proposals/\(refusedID)").text
            #expect(!refusedPage.contains("id=\"decide-form\""))
        }
        #expect(desk.engine.runningEntry?.taking.source == .folder) // nothing published
    }

    @Test func aChangeTheDeskCannotWriteIsRefusedOnTheForm() async throws {
        let desk = try await Desk()
        try await desk.test { client in
            let officer = try await Browser.signIn(client, "officer")
            let cases: [([(String, String)], String)] = [
                ([("parameter", "dibao.urban"), ("from", "2027-13-01"), ("value", "1000"), ("reference", "文号")], "请按 2027-01-01 的格式填写起始日期"),
                ([("parameter", "dibao.urban"), ("from", "2027-01-01"), ("value", "一千"), ("reference", "文号")], "请填写数字"),
                ([("parameter", "dibao.urban"), ("from", "2027-01-01"), ("value", "1000"), ("reference", " ")], "请填写新值的依据"),
                ([("parameter", "share"), ("from", "2027-01-01"), ("value", "0.9"), ("reference", "文号")], "写在同一行内"),
                ([("parameter", "dibao.urban"), ("from", "2023-07-01"), ("value", "940"), ("reference", "XX民发〔2023〕12号")], "与现行规则相同"),
            ]
            for (form, message) in cases {
                let answer = try await officer.post(client, "/parameters/proposals", form)
                #expect(answer.status == .unprocessableContent, "\(form)")
                #expect(answer.text.contains("id=\"error-summary\"") && answer.text.contains(message), "\(form): \(answer.text)")
            }
            let auditor = try await Browser.signIn(client, "auditor")
            #expect(try await auditor.post(client, "/parameters/proposals", cases[0].0).status == .forbidden)
            #expect(try await officer.post(client, "/parameters/proposals", cases[0].0, csrf: false).status == .forbidden)
        }
        #expect(try await desk.register.proposals().isEmpty)
    }
}
