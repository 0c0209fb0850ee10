import ArgumentParser
import DecisionFormats
import Eligibility
import Foundation
import IntakeRegister
import IntakeServer

struct ReportCommand: AsyncParsableCommand {
    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, csv, json
    }

    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Print the centre's figures for a year from the register (the desk's 年度统计 page).",
        discussion: """
            The headline the centre reports ("本年度帮扶困难职工 N 户 M 人，发放资金 X 元"), then: grants by \
            programme, by fund and by month (count and yuan), assessments and their decisions by outcome, \
            referrals opened, answered (with the median and longest days to an answer) and still open (with \
            their age), referrals out and claims with what was recovered.

            A grant counts in the year when one of its payments falls in it: a one-off on its date, a \
            monthly schedule once a month from its date's month on, so a schedule that runs over the new \
            year counts its months in each year. Households helped are those with such a grant; people are \
            their members as the register holds them. Ages of what is still open are counted to the year's \
            last day, or to today while the year runs.

            Formats: text (aligned tables), csv (UTF-8 with a byte order mark, so Excel reads the Chinese; \
            the headline and the day ages are counted to, then one section per table: an empty line, its \
            title, its header row, its rows; yuan with two decimals; the same file as the page's CSV export), json (bangfu.year-report/1, amounts in \
            fen and yuan). Programme titles and fund labels come from --rules.
            """
    )

    @Option(name: .long, help: "The calendar year, four digits.")
    var year: Int

    @Option(name: .long, help: ArgumentHelp(stringLiteral: RegisterLocation.help + " It must exist."))
    var db: String = "bangfu.sqlite"

    @Option(name: .long, help: "text, csv or json.")
    var format: Format = .text

    @Option(name: .long, help: "The centre's time zone, for today's date (an IANA name).")
    var timeZone: String = "Asia/Shanghai"

    @OptionGroup var ruleSetOptions: RuleSetOptions

    func validate() throws {
        guard (1000...9999).contains(year) else { throw ValidationError("--year is a calendar year of four digits, not \(year)") }
        guard TimeZone(identifier: timeZone) != nil else {
            throw ValidationError("--time-zone \(timeZone) is not a time zone (an IANA name, such as Asia/Shanghai)")
        }
    }

    func run() async throws {
        let ruleSet = try ruleSetOptions.loadRuleSet()
        let programmes = try ruleSetOptions.makeAssessor(ruleSet).programmes
        let figures: YearFigures
        do {
            figures = try await RegisterLocation(db).withRegister(createIfMissing: false) { register in
                try await register.yearFigures(year: year, today: .day(of: Date(), in: TimeZone(identifier: timeZone)!))
            }
        } catch let error as RegisterNotOpened {
            printError("bangfu report: \(error)")
            throw ExitCode(1)
        }
        let report = YearReport(figures, programmes: programmes, funds: ruleSet.funds)
        switch format {
        case .text: print(report.text, terminator: "")
        case .csv: FileHandle.standardOutput.write(Data(report.csv.utf8))
        case .json: print(report.json.rendered(indent: true))
        }
    }
}
