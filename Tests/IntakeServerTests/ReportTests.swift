import Eligibility
import EligibilityTesting
import Foundation
import Hummingbird
import HummingbirdTesting
import IntakeRegister
@testable import IntakeServer
import Testing

extension ReferralDesk {
    /// A household of two (王某 and his wife) with a grant of 2026, a monthly schedule from October 2025
    /// to March 2026, and a grant of 2025; and its assessment of 2026, one decision eligible, one referred.
    func seedTwoYears() async throws {
        let entry = try await register.record(NewAssessment(
            actor: "clerk", applicantName: "王某", applicantID: "110101197005011235", assessmentDate: CivilDate("2026-03-01")!,
            ruleSetHash: desk.engine.current.ruleSet.contentHash, profileJSON: "{}", decisionJSON: "{}",
            outcomes: [("basic", "eligible"), ("review", "refer")]))
        let household = try await register.openHousehold(NewHousehold(
            assessmentID: entry, members: [HouseholdMember(idNumber: "110101197005011235", name: "王某", relation: "本人"),
                                           HouseholdMember(idNumber: "11010519491231002X", name: "赵某", relation: "配偶")],
            openedOn: CivilDate("2026-03-01")!, openedBy: "clerk"))
        _ = try await register.confirmGrants(householdID: household.id, confirmedBy: "officer") { _ in [
            NewGrant(assessmentID: entry, programme: "basic", amountFen: 1_000, fund: "centre", grantedOn: CivilDate("2025-05-01")!),
            NewGrant(assessmentID: entry, programme: "basic", amountFen: 60_000, period: .monthly(monthlyFen: 10_000, months: 6),
                     fund: "centre", grantedOn: CivilDate("2025-10-05")!),
            NewGrant(assessmentID: entry, programme: "basic", amountFen: 300_000, fund: "centre", grantedOn: CivilDate("2026-03-10")!),
        ] }
    }
}

/// The CSV's sections by title: each a header row and rows of cells (no field of these is quoted).
func csvSections(_ text: String) -> [String: [[String]]] {
    var sections: [String: [[String]]] = [:], current: String?
    for line in text.components(separatedBy: "\r\n") {
        let cells = line.components(separatedBy: ",")
        if line.isEmpty { current = nil } else if current == nil, cells.count == 1 { current = line; sections[line] = [] } else if let current {
            sections[current]!.append(cells)
        }
    }
    return sections
}

@Suite("The year at a glance (年度统计)")
struct ReportTests {
    @Test func thePageDrawsItsChartsAndShowsTheFiguresInTables() async throws {
        let desk = try await ReferralDesk()
        try await desk.seedTwoYears()
        try await desk.test { client in
            let officer = try await Browser.signIn(client, "officer")
            let page = try await officer.get(client, "/report?year=2026")
            #expect(page.status == .ok)
            let html = page.text
            #expect(html.contains(#"<p class="headline" id="headline">2026 年度帮扶困难职工 1 户 2 人，发放资金 3,300.00 元</p>"#))
            #expect(html.contains(#"<a href="/report" id="nav-report">年度统计</a>"#))
            // Two charts drawn on the server, named for screen readers, their figures beside the bars.
            #expect(html.contains(#"<svg xmlns="http://www.w3.org/2000/svg" id="chart-by-month""#))
            #expect(html.contains(#"<title id="chart-by-month-title">2026 年各月发放资金</title>"#))
            #expect(html.contains(#"<svg xmlns="http://www.w3.org/2000/svg" id="chart-by-programme""#))
            #expect(html.contains(">基本救助</text>") && html.contains(">3300.00 元</text>") && html.contains(">3100.00 元</text>"))
            #expect(!html.contains("<script"))
            // The same figures in tables: only 2026's payments, the schedule's three months of it.
            #expect(html.contains(#"<tr><th scope="row">3月</th><td>2</td><td>3100.00</td></tr>"#))
            #expect(html.contains(#"<tr><th scope="row">1月</th><td>1</td><td>100.00</td></tr>"#))
            #expect(html.contains(#"<tr><th scope="row">基本救助</th><td>2</td><td>3300.00</td></tr>"#))
            #expect(html.contains(#"<tr><th scope="row">帮扶中心帮扶资金</th><td>2</td><td>3300.00</td></tr>"#))
            #expect(html.contains(#"<tr><th scope="row">符合</th><td>1</td></tr>"#))
            #expect(html.contains(#"<tr><th scope="row">待工作人员审核</th><td>1</td></tr>"#))
            #expect(html.contains(#"<a href="/report.csv?year=2026" id="csv-export""#))
            #expect(html.contains(#"<a href="/report?year=2025" id="previous-year">"#) && !html.contains("next-year")) // 2027 is to come

            let before = try await officer.get(client, "/report?year=2025")
            #expect(before.text.contains("2025 年度帮扶困难职工 1 户 2 人，发放资金 310.00 元"))
            #expect(try await officer.get(client, "/report").text.contains("2026 年度帮扶困难职工")) // this year by default

            let auditor = try await Browser.signIn(client, "auditor")
            #expect(try await auditor.get(client, "/report?year=2026").status == .ok)
            let clerk = try await Browser.signIn(client, "clerk")
            #expect(try await clerk.get(client, "/report?year=2026").status == .forbidden)
            #expect(try await clerk.get(client, "/report.csv?year=2026").status == .forbidden)
            #expect(!(try await clerk.get(client, "/register").text.contains("nav-report")))

            let refused = try await officer.get(client, "/report?year=26")
            #expect(refused.status == .badRequest)
            #expect(refused.text.contains(#"id="error-summary""#) && refused.text.contains("年份应为四位数字"))
            #expect(refused.text.contains(#"aria-invalid="true""#))
        }
    }

    @Test func theCSVExportOpensInExcelAndHoldsTheTables() async throws {
        let desk = try await ReferralDesk()
        try await desk.seedTwoYears()
        try await desk.test { client in
            let officer = try await Browser.signIn(client, "officer")
            let answer = try await officer.get(client, "/report.csv?year=2026")
            #expect(answer.status == .ok)
            #expect(answer.headers[.contentType] == "text/csv; charset=utf-8")
            #expect(answer.headers[.contentDisposition] == #"attachment; filename="bangfu-report-2026.csv""#)
            let bytes = Array(answer.body.readableBytesView)
            #expect(bytes.prefix(3) == [0xEF, 0xBB, 0xBF]) // the byte order mark Excel looks for
            let text = try #require(String(bytes: bytes.dropFirst(3), encoding: .utf8))
            #expect(text.hasPrefix("标题,\"2026 年度帮扶困难职工 1 户 2 人，发放资金 3,300.00 元\"\r\n统计截至,2026-09-02\r\n"))
            let sections = csvSections(text)
            #expect(sections["按资金来源"] == [["资金来源", "笔数", "金额（元）"], ["帮扶中心帮扶资金", "2", "3300.00"]])
            #expect(sections["按月份（每月发放按当月计）"]?.count == 13)
            #expect(sections["按月份（每月发放按当月计）"]?[3] == ["3月", "2", "3100.00"])
            #expect(sections["概况"]?.contains(["帮扶户数（户）", "1"]) == true)
            #expect(sections["概况"]?.contains(["发放资金（元）", "3300.00"]) == true)
            // The export is the report's CSV, as `bangfu report --format csv` prints it.
            #expect(String(decoding: bytes, as: UTF8.self) == (try await desk.desk.yearReport(2026)).csv)
        }
    }

    @Test func theCommandPrintsTheSameFigures() async throws {
        let desk = try await ReferralDesk()
        try await desk.seedTwoYears()
        let rules = desk.desk.engine.rulesDirectory.path
        let text = try BangfuProcess.run(["report", "--year", "2025", "--db", desk.register.path, "--rules", rules])
        #expect(text.status == 0, "\(text.errors)")
        #expect(text.output.hasPrefix("2025 年度帮扶困难职工 1 户 2 人，发放资金 310.00 元\n截至 2025-12-31\n"))
        #expect(text.output.contains("  帮扶中心帮扶资金  2     310.00\n"))

        let csv = try BangfuProcess.run(["report", "--year", "2025", "--db", desk.register.path, "--rules", rules, "--format", "csv"])
        #expect(csv.status == 0, "\(csv.errors)")
        let expected = YearReport(try await desk.register.yearFigures(year: 2025, today: CivilDate("2030-01-01")!),
                                  programmes: desk.desk.engine.current.programmes, funds: desk.desk.engine.current.ruleSet.funds)
        #expect(csv.output == expected.csv)

        let json = try BangfuProcess.run(["report", "--year", "2025", "--db", desk.register.path, "--rules", rules, "--format", "json"])
        let figures = try #require(try JSONSerialization.jsonObject(with: Data(json.output.utf8)) as? [String: Any])
        #expect(figures["format"] as? String == "bangfu.year-report/1")
        #expect((figures["grants"] as? [String: Any])?["fen"] as? Int == 31_000)
        #expect((figures["by_month"] as? [[String: Any]])?.map { $0["count"] as? Int } == [0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 1, 1])

        let missing = try BangfuProcess.run(["report", "--year", "2025", "--db", desk.register.path + ".missing", "--rules", rules])
        #expect(missing.status == 1 && missing.output.isEmpty)
        #expect(try BangfuProcess.run(["report", "--year", "25", "--db", desk.register.path, "--rules", rules]).status != 0)
    }
}
