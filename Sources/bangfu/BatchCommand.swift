import ArgumentParser
import BatchAssessment
import Eligibility
import Foundation

struct BatchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "batch",
        abstract: "Assess a whole population of profiles on all cores, one output line per profile, in input order.",
        discussion: """
            INPUT is a JSON-lines file (one profile a line; - for standard input), a CSV file (columns named \
            by field path: applicant.name, household.members[1].monthly_income; an empty cell leaves the \
            field out) or a folder of YAML/JSON profiles. Input is streamed: memory stays flat however long \
            it is. With --caseload the input is the applicants on a register, each with the grants on \
            record for their household (the record names its entry: 登记簿 #12). A record that cannot be read or assessed gets an error line and the batch goes on. The \
            output (formats in README.md) is the same whatever --jobs is. A progress bar shows on a \
            terminal; a summary by programme and period follows on standard error.

            Exit status: 0 when every record was assessed with no failing rule, 1 when the input or rule set \
            could not be opened, 2 when some records could not be assessed or had a failing rule.
            """
    )

    @Argument(help: "JSON-lines file, CSV file, or folder of profiles (- for standard input); none with --caseload.")
    var input: String?

    @OptionGroup var caseloadOptions: CaseloadOptions

    @OptionGroup var ruleSetOptions: RuleSetOptions

    @Option(name: .long, help: "The assessment date (default today).")
    var on: CivilDate?

    @Option(name: .long, help: "Write here instead of standard output.")
    var out: String?

    @Option(name: .long, help: "jsonl or csv.")
    var format: Format = .jsonl

    @Flag(name: .long, help: "With jsonl: the complete decision of each record (bangfu.assessment/1), not the compact line.")
    var full = false

    @Option(name: .long, help: "Workers (default: the number of cores).")
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    enum Format: String, ExpressibleByArgument, CaseIterable { case jsonl, csv }

    func validate() throws {
        if caseloadOptions.caseload == (input != nil) {
            throw ValidationError(caseloadOptions.caseload ? "--caseload reads the register: name no input" : "name an input, or give --caseload")
        }
    }

    func run() async throws {
        let ruleSet = try ruleSetOptions.loadRuleSet()
        let date = on ?? CivilDate.today()
        let source: any RecordSource
        if let input {
            do {
                source = try RecordSources.open(input)
            } catch {
                ruleSetOptions.printProblems([error])
                throw ExitCode(1)
            }
        } else {
            let applicants = try await caseloadOptions.load(on: date, command: "batch")
            source = ListedRecords(applicants.enumerated().map { index, applicant in
                let place = "登记簿 #\(applicant.entry.id)"
                let document = Result { () throws(Diagnostic) in
                    try DocumentNode.parse(applicant.entry.profileJSON, displayName: place, json: true)
                }.mapError { DiagnosticList([$0]) }
                return BatchRecord(index: index, source: place, line: nil, content: .parsed(document), history: applicant.history)
            })
        }
        let writer = try BufferedWriter(path: out)
        let bar = ProgressBar(total: source.expectedCount)
        let options = BatchOptions(date: date, format: format == .csv ? .csv : .jsonl, full: full,
                                   jobs: jobs, limits: ruleSetOptions.limits)
        let summary = BatchRunner.run(source, ruleSet: ruleSet, options: options, write: writer.write, progress: bar.update)
        writer.flush()
        bar.finish(summary.records)
        let language = ruleSet.language
        printError(summary.text(in: language) + Text(zh: "内存峰值：\(peakResidentMegabytes()) MiB", en: "peak memory: \(peakResidentMegabytes()) MiB")
            .rendered(in: language))
        if summary.unreadable > 0 || summary.withRuleFailures > 0 { throw ExitCode(2) }
    }
}
