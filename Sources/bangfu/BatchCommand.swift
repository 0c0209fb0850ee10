import ArgumentParser
import BatchAssessment
import Eligibility
import Foundation

struct BatchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "batch",
        abstract: "Assess a whole population of profiles on all cores, one output line per profile, in input order.",
        discussion: """
            INPUT is a JSON-lines file (one profile a line; - for standard input), a CSV file (columns named \
            by field path: applicant.name, household.members[1].monthly_income; an empty cell leaves the \
            field out) or a folder of YAML/JSON profiles. Input is streamed: memory stays flat however long \
            it is. A record that cannot be read or assessed gets an error line and the batch goes on. The \
            output (formats in README.md) is the same whatever --jobs is. A progress bar shows on a \
            terminal; a summary by programme and period follows on standard error.

            Exit status: 0 when every record was assessed with no failing rule, 1 when the input or rule set \
            could not be opened, 2 when some records could not be assessed or had a failing rule.
            """
    )

    @Argument(help: "JSON-lines file, CSV file, or folder of profiles (- for standard input).")
    var input: String

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

    func run() throws {
        let ruleSet = try ruleSetOptions.loadRuleSet()
        let source: any RecordSource
        do {
            source = try RecordSources.open(input)
        } catch {
            ruleSetOptions.printProblems([error])
            throw ExitCode(1)
        }
        let output: FileHandle
        if let out {
            guard FileManager.default.createFile(atPath: out, contents: nil), let handle = FileHandle(forWritingAtPath: out) else {
                printError("bangfu: cannot write \(out)")
                throw ExitCode(1)
            }
            output = handle
        } else {
            output = .standardOutput
        }
        let writer = BufferedWriter(handle: output)
        let bar = ProgressBar(total: source.expectedCount)
        let options = BatchOptions(date: on ?? CivilDate.today(), format: format == .csv ? .csv : .jsonl, full: full,
                                   jobs: jobs, limits: ruleSetOptions.limits)
        let summary = BatchRunner.run(source, ruleSet: ruleSet, options: options, write: writer.write, progress: bar.update)
        writer.flush()
        bar.finish(summary.records)
        printError(summary.text() + "peak memory: \(peakResidentMegabytes()) MiB")
        if summary.unreadable > 0 || summary.withRuleFailures > 0 { throw ExitCode(2) }
    }
}

/// The most resident memory this process has had, from the kernel's own count.
func peakResidentMegabytes() -> Int {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return usage.ru_maxrss / 1024
}

/// Collects output lines and writes them in large blocks.
final class BufferedWriter {
    private let handle: FileHandle
    private var buffer: [UInt8] = []

    init(handle: FileHandle) {
        self.handle = handle
        buffer.reserveCapacity(1 << 20)
    }

    func write(_ line: String) {
        buffer.append(contentsOf: line.utf8)
        buffer.append(0x0A)
        if buffer.count >= 1 << 20 { flush() }
    }

    func flush() {
        handle.write(Data(buffer))
        buffer.removeAll(keepingCapacity: true)
    }
}

/// Count, rate and time left on standard error, redrawn at most five times a second; nothing when
/// standard error is not a terminal.
final class ProgressBar {
    private let total: Int?
    private let enabled = isatty(STDERR_FILENO) != 0
    private let clock = ContinuousClock()
    private let start: ContinuousClock.Instant
    private var lastDrawn: ContinuousClock.Instant

    init(total: Int?) {
        self.total = total
        start = clock.now
        lastDrawn = start
    }

    func update(_ count: Int) {
        guard enabled, clock.now - lastDrawn > .milliseconds(200) else { return }
        lastDrawn = clock.now
        draw(count)
    }

    func finish(_ count: Int) {
        guard enabled else { return }
        draw(count)
        FileHandle.standardError.write(Data("\n".utf8))
    }

    private func draw(_ count: Int) {
        let elapsed = clock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        let rate = seconds > 0 ? Double(count) / seconds : 0
        var text = "\r\(count)"
        if let total, total > 0 {
            let done = min(1, Double(count) / Double(total))
            let width = 30
            let filled = Int(done * Double(width))
            text = "\r[" + String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled) + "] \(count)/\(total)"
            if rate > 0 { text += String(format: "  ETA %.0fs", Double(total - count) / rate) }
        }
        text += String(format: "  %.0f/s ", rate)
        FileHandle.standardError.write(Data(text.utf8))
    }
}
