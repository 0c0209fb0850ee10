import Eligibility
import Foundation
import Hummingbird
import IntakeRegister

extension Role {
    /// The year's figures are for officers and auditors, as the whole register is.
    var readsYearReport: Bool { readsWholeRegister }
}

/// 年度统计 (`/report?year=YYYY`, report.mustache): the year's headline, a chart of the cash paid by month
/// and one by programme (`BarChart`), and every table of `YearReport`, which `/report.csv?year=YYYY`
/// exports as `bangfu report --format csv` does.
enum ReportPage {
    struct View: PageView {
        let year: String
        let summary: ErrorSummary?
        let yearField: ReferralsPage.Field
        let figures: Figures?
    }

    struct Figures: PageView {
        let year: Int
        let headline: String
        let asOf: String
        let previousYear: Int
        let nextYear: Int?
        let monthChart: String
        let programmeChart: String?
        let tables: [Table]
    }

    struct Table: PageView {
        let id: String
        let title: String
        let header: [Cell]
        let columns: Int
        let rows: [Row]
    }

    struct Row: PageView {
        let first: String
        let cells: [Cell]
    }

    struct Cell: PageView {
        let text: String
    }

    static func render(_ report: YearReport, today: CivilDate, session: WebSession) -> String {
        let figures = report.figures
        let months = figures.byMonth.enumerated().map { month, amount in
            BarChart.Bar(label: YearReport.monthLabel(month + 1), value: amount.fen, valueText: YearReport.yuan(amount.fen) + " 元")
        }
        let programmes = figures.byProgramme.map {
            BarChart.Bar(label: report.programmeTitle($0.code), value: $0.amount.fen, valueText: YearReport.yuan($0.amount.fen) + " 元")
        }
        let view = Figures(
            year: figures.year, headline: report.headline, asOf: report.asOfText, previousYear: figures.year - 1,
            nextYear: figures.year < today.year ? figures.year + 1 : nil,
            monthChart: BarChart.svg(id: "chart-by-month", title: "\(figures.year) 年各月发放资金", bars: months, tableID: "by-month"),
            programmeChart: programmes.isEmpty ? nil
                : BarChart.svg(id: "chart-by-programme", title: "\(figures.year) 年各帮扶项目发放资金", bars: programmes, tableID: "by-programme"),
            tables: report.tables.map { table in
                Table(id: table.id, title: table.title, header: table.header.map(Cell.init), columns: table.header.count,
                      rows: table.rows.map { Row(first: $0.first ?? "", cells: $0.dropFirst().map(Cell.init)) })
            })
        return page(View(year: String(figures.year), summary: nil, yearField: yearField(String(figures.year), error: nil), figures: view),
                     session: session)
    }

    /// The page when the year asked for is not one.
    static func refused(_ year: String, message: String, session: WebSession) -> String {
        page(View(year: year, summary: ErrorSummary([.init(target: "f-year", label: "年份", message: message)]),
                  yearField: yearField(year, error: message), figures: nil), session: session)
    }

    private static func yearField(_ value: String, error: String?) -> ReferralsPage.Field {
        ReferralsPage.Field(id: "year", name: "year", label: "年份", value: value, error: error)
    }

    private static func page(_ view: View, session: WebSession) -> String {
        Layout.page(.report, view, title: "年度统计", session: session)
    }
}

extension IntakeApplication {
    func addReportPages(to router: Router<IntakeContext>) {
        router.get("/report") { request, _ in
            try await reportPage(request) { session, year in
                HTMLResponse.make(ReportPage.render(try await yearReport(year), today: today(), session: session))
            }
        }
        router.get("/report.csv") { request, _ in
            try await reportPage(request) { session, year in
                let csv = try await yearReport(year).csv
                logger.info("year report exported", metadata: ["year": "\(year)", "actor": "\(loggable(session.account.name))"])
                return Response(status: .ok, headers: [.contentType: "text/csv; charset=utf-8", .cacheControl: "no-store",
                                                       .contentDisposition: "attachment; filename=\"bangfu-report-\(year).csv\""],
                                 body: ResponseBody(byteBuffer: ByteBuffer(string: csv)))
            }
        }
    }

    /// The year's figures, worded with the running rule set's titles and labels.
    func yearReport(_ year: Int) async throws -> YearReport {
        YearReport(try await register.yearFigures(year: year, today: today()), programmes: engine.current.programmes,
                   funds: engine.current.ruleSet.funds)
    }

    /// Runs `body` for an officer or auditor with the year the query asks for (this year when none);
    /// a year that is not one gets the page with the problem, 400.
    private func reportPage(_ request: Request, _ body: (WebSession, Int) async throws -> Response) async throws -> Response {
        try await page(request) { session in
            guard session.account.role.readsYearReport else { return forbidden(session, "年度统计供经办人和审计员查看。") }
            let asked = (request.uri.queryParameters.get("year") ?? "").trimmingCharacters(in: .whitespaces)
            guard !asked.isEmpty else { return try await body(session, today().year) }
            guard asked.count == 4, asked.allSatisfy({ $0.isASCII && $0.isNumber }), let year = Int(asked), year >= 1000 else {
                return HTMLResponse.make(ReportPage.refused(asked, message: "年份应为四位数字，如 \(today().year)。", session: session),
                                         status: .badRequest)
            }
            return try await body(session, year)
        }
    }
}
