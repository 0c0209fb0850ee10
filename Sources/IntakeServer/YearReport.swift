import DecisionFormats
import Eligibility
import Foundation
import IntakeRegister

/// The year's figures (`YearFigures`) in words, for every medium that shows them: `bangfu report`
/// (text, CSV, JSON) and the `/report` page with its CSV export. Programme titles and fund labels come
/// from the rule set; a code it no longer names is shown as it is.
///
/// Its tables are the report: the page shows them under its charts, the text prints them, and the CSV
/// opens with the headline (`标题,…`) and the day ages are counted to (`统计截至,…`), then holds one
/// section per table (an empty line, its title on a line of its own, its header row, its rows), UTF-8
/// with a byte order mark so that Excel reads the Chinese right. Amounts are yuan
/// with two decimals, exact, without thousands separators (so a spreadsheet reads them as numbers).
package struct YearReport: Sendable {
    package struct Table: Sendable, Hashable {
        package var id: String
        package var title: String
        package var header: [String]
        package var rows: [[String]]
    }

    package var figures: YearFigures
    private var programmeTitles: [String: String]
    private var fundLabels: [String: String]

    package init(_ figures: YearFigures, programmes: [ProgrammeInfo], funds: [Fund]) {
        self.figures = figures
        programmeTitles = Dictionary(programmes.map { ($0.id, $0.title) }, uniquingKeysWith: { first, _ in first })
        fundLabels = Dictionary(funds.map { ($0.code, $0.label) }, uniquingKeysWith: { first, _ in first })
    }

    package func programmeTitle(_ code: String) -> String { programmeTitles[code] ?? code }
    package func fundLabel(_ code: String) -> String { fundLabels[code] ?? code }

    /// The sentence the centre reports: "2026 年度帮扶困难职工 3 户 5 人，发放资金 12,345.00 元".
    package var headline: String {
        "\(figures.year) 年度帮扶困难职工 \(figures.households) 户 \(figures.people) 人，发放资金 \(Money(fen: figures.cashPaidFen).grouped) 元"
    }

    /// "截至 2026-12-31", the day the ages of what is still open are counted to.
    package var asOfText: String { "截至 \(figures.asOf)" }

    static func yuan(_ fen: Int64) -> String { Money(fen: fen).plain }

    /// Days as the tables write them: "12", "12.5"; "—" for none.
    static func days(_ days: Double?) -> String {
        guard let days else { return "—" }
        return days == days.rounded() ? String(Int(days)) : String(format: "%.1f", days)
    }

    static func monthLabel(_ month: Int) -> String { "\(month)月" }

    /// The referral answer's words, as the referral page's form offers them.
    static func referralDecisionLabel(_ code: String) -> String {
        IntakeApplication.referralDecisions.first { $0.code == code }?.label ?? code
    }

    static func outcomeLabel(_ code: String) -> String { Outcome(rawValue: code).map(DecisionLabels.outcome) ?? code }

    package var tables: [Table] {
        let f = figures
        let amountHeader = ["笔数", "金额（元）"]
        func amountRow(_ label: String, _ amount: YearFigures.Amount) -> [String] { [label, String(amount.count), Self.yuan(amount.fen)] }
        return [
            Table(id: "summary", title: "概况", header: ["指标", "数值"], rows: [
                ["帮扶户数（户）", String(f.households)],
                ["帮扶人数（人）", String(f.people)],
                ["发放笔数", String(f.grants.count)],
                ["发放资金（元）", Self.yuan(f.cashPaidFen)],
                ["评估人次", String(f.assessments)],
                ["新开转介（件）", String(f.referralsOpened)],
                ["办结转介（件）", String(f.referralsClosed.count)],
                ["办结用时中位数（天）", Self.days(f.referralsClosed.medianDays)],
                ["办结用时最长（天）", Self.days(f.referralsClosed.longestDays.map(Double.init))],
                ["\(asOfText)未办结转介（件）", String(f.referralsStillOpen.count)],
                ["未办结转介最长已等待（天）", Self.days(f.referralsStillOpen.map(\.ageInDays).max().map(Double.init))],
                ["转出其他机构（件）", String(f.referralsOutSent)],
                ["转出有结果（件）", String(f.referralsOutResults.count)],
                ["转出追回金额（元）", Self.yuan(f.referralsOutResults.fen)],
                ["\(asOfText)转出待结果（件）", String(f.referralsOutStillOpen)],
                ["新立应追款项（笔）", String(f.claimsOpened.count)],
                ["新立应追金额（元）", Self.yuan(f.claimsOpened.fen)],
                ["追回款项（笔）", String(f.claimsRecovered.count)],
                ["追回金额（元）", Self.yuan(f.claimsRecovered.fen)],
            ]),
            Table(id: "by-programme", title: "按帮扶项目", header: ["项目"] + amountHeader,
                  rows: f.byProgramme.map { amountRow(programmeTitle($0.code), $0.amount) }),
            Table(id: "by-fund", title: "按资金来源", header: ["资金来源"] + amountHeader,
                  rows: f.byFund.map { amountRow(fundLabel($0.code), $0.amount) }),
            Table(id: "by-month", title: "按月份（每月发放按当月计）", header: ["月份"] + amountHeader,
                  rows: f.byMonth.enumerated().map { amountRow(Self.monthLabel($0.offset + 1), $0.element) }),
            Table(id: "outcomes", title: "评估结果（按项目计）", header: ["结果", "项次"],
                  rows: f.decisionsByOutcome.map { [Self.outcomeLabel($0.code), String($0.amount.count)] }),
            Table(id: "referral-answers", title: "转介办结方式", header: ["方式", "件数"],
                  rows: f.referralsClosedBy.map { [Self.referralDecisionLabel($0.code), String($0.amount.count)] }),
            Table(id: "open-referrals", title: "\(asOfText)未办结的转介", header: ["编号", "项目", "转介日期", "已等待（天）"],
                  rows: f.referralsStillOpen.map { [String($0.id), programmeTitle($0.programme), $0.openedOn.description, String($0.ageInDays)] }),
        ]
    }

    // MARK: Text, CSV, JSON

    /// The headline, then each table with its columns lined up (a CJK character is two columns wide).
    package var text: String {
        var out = headline + "\n" + asOfText + "\n"
        for table in tables {
            out += "\n" + table.title + "\n"
            let lines = [table.header] + (table.rows.isEmpty ? [["（无）"]] : table.rows)
            let widths = (0..<table.header.count).map { column in lines.map { $0.count > column ? Self.width($0[column]) : 0 }.max() ?? 0 }
            for line in lines {
                let cells = line.enumerated().map { column, cell in
                    column == line.count - 1 ? cell : cell + String(repeating: " ", count: widths[column] - Self.width(cell))
                }
                out += "  " + cells.joined(separator: "  ") + "\n"
            }
        }
        return out
    }

    /// Columns a terminal gives `text`: two for East Asian wide characters.
    private static func width(_ text: String) -> Int {
        text.unicodeScalars.reduce(0) { total, scalar in
            let wide = (0x1100...0x115F).contains(scalar.value) || (0x2E80...0xA4CF).contains(scalar.value)
                || (0xAC00...0xD7A3).contains(scalar.value) || (0xF900...0xFAFF).contains(scalar.value)
                || (0xFE30...0xFE4F).contains(scalar.value) || (0xFF00...0xFF60).contains(scalar.value)
                || (0xFFE0...0xFFE6).contains(scalar.value)
            return total + (wide ? 2 : 1)
        }
    }

    /// One section per table (see the type's comment), lines ending CRLF as RFC 4180 has them.
    package var csv: String {
        var out = "\u{FEFF}"
        func line(_ cells: [String]) { out += cells.map(Self.csvField).joined(separator: ",") + "\r\n" }
        line(["标题", headline])
        line(["统计截至", figures.asOf.description])
        for table in tables {
            out += "\r\n"
            line([table.title])
            line(table.header)
            table.rows.forEach(line)
        }
        return out
    }

    private static func csvField(_ field: String) -> String {
        field.contains(where: { ",\"\r\n".contains($0) }) ? "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : field
    }

    /// The figures by code, in fen and in yuan (`bangfu.year-report/1`).
    package var json: JSONValue {
        let f = figures
        func amount(_ amount: YearFigures.Amount) -> [(String, JSONValue)] {
            [("count", .integer(Int64(amount.count))), ("fen", .integer(amount.fen)), ("yuan", .string(Self.yuan(amount.fen)))]
        }
        func ages(_ ages: YearFigures.Ages) -> JSONValue {
            .object([("count", .integer(Int64(ages.count))),
                     ("median_days", ages.medianDays.map { JSONValue.number(Self.days($0)) } ?? .null),
                     ("longest_days", ages.longestDays.map { JSONValue.integer(Int64($0)) } ?? .null)])
        }
        return .object([
            ("format", .string("bangfu.year-report/1")),
            ("year", .integer(Int64(f.year))),
            ("as_of", .string(f.asOf.description)),
            ("headline", .string(headline)),
            ("households", .integer(Int64(f.households))),
            ("people", .integer(Int64(f.people))),
            ("grants", .object(amount(f.grants))),
            ("by_programme", .array(f.byProgramme.map {
                .object([("programme", .string($0.code)), ("title", .string(programmeTitle($0.code)))] + amount($0.amount))
            })),
            ("by_fund", .array(f.byFund.map {
                .object([("fund", .string($0.code)), ("label", .string(fundLabel($0.code)))] + amount($0.amount))
            })),
            ("by_month", .array(f.byMonth.enumerated().map { .object([("month", .integer(Int64($0.offset + 1)))] + amount($0.element)) })),
            ("assessments", .object([
                ("count", .integer(Int64(f.assessments))),
                ("decisions_by_outcome", .object(f.decisionsByOutcome.map { ($0.code, .integer(Int64($0.amount.count))) })),
            ])),
            ("referrals", .object([
                ("opened", .integer(Int64(f.referralsOpened))),
                ("closed", ages(f.referralsClosed)),
                ("closed_by", .object(f.referralsClosedBy.map { ($0.code, .integer(Int64($0.amount.count))) })),
                ("still_open", .array(f.referralsStillOpen.map {
                    .object([("id", .integer($0.id)), ("programme", .string($0.programme)), ("opened_on", .string($0.openedOn.description)),
                             ("age_days", .integer(Int64($0.ageInDays)))])
                })),
            ])),
            ("referrals_out", .object([
                ("sent", .integer(Int64(f.referralsOutSent))),
                ("results", .object(amount(f.referralsOutResults))),
                ("still_open", .integer(Int64(f.referralsOutStillOpen))),
            ])),
            ("claims", .object([("opened", .object(amount(f.claimsOpened))), ("recovered", .object(amount(f.claimsRecovered)))])),
        ])
    }
}

extension CivilDate {
    /// The calendar day `date` falls on in `zone`: the desk's and the commands' "today".
    package static func day(of date: Date, in zone: TimeZone) -> CivilDate {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        return CivilDate(year: parts.year!, month: parts.month!, day: parts.day!)!
    }
}
