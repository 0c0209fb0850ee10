import DecisionFormats
import Eligibility
import Foundation

package struct BatchOptions: Sendable {
    package enum Format: String, Sendable, CaseIterable { case jsonl, csv }

    package var date: CivilDate
    package var format: Format
    /// JSON lines with the complete decision (`bangfu.assessment/1`) instead of the compact line.
    package var full: Bool
    package var jobs: Int
    package var limits: RuleLimits
    /// Records handed to a worker at a time: large enough that locking is rare, small enough to keep
    /// every core busy to the end.
    package var chunkSize: Int

    package init(date: CivilDate, format: Format = .jsonl, full: Bool = false, jobs: Int, limits: RuleLimits = .default,
                chunkSize: Int = 64) {
        self.date = date
        self.format = format
        self.full = full
        self.jobs = jobs
        self.limits = limits
        self.chunkSize = chunkSize
    }
}

/// Assesses a stream of profiles on all cores and writes one line per profile, in input order, whatever
/// the number of workers. A reader thread fills a bounded window of chunks; each worker borrows an
/// assessor (one Lua state, the rules compiled once) from a pool per chunk; the caller's thread writes
/// finished chunks in order. The window bounds memory: the reader waits while it is full, however long
/// the input.
package enum BatchRunner {
    package static func run(_ source: any RecordSource, ruleSet: RuleSet, options: BatchOptions,
                           write: (String) -> Void, progress: (Int) -> Void = { _ in }) -> BatchSummary {
        let encoder = BatchEncoder(ruleSet: ruleSet, options: options)
        if let header = encoder.header { write(header) }
        let jobs = max(1, options.jobs)
        let pipeline = Pipeline(window: 4 * jobs)
        let reader = Thread { [source] in
            var source = source
            var chunk: [BatchRecord] = []
            while let record = source.next() {
                chunk.append(record)
                if chunk.count == options.chunkSize {
                    pipeline.submit(chunk)
                    chunk = []
                }
            }
            if !chunk.isEmpty { pipeline.submit(chunk) }
            pipeline.finishReading()
        }
        reader.start()
        let assessors = AssessorPool(ruleSet: ruleSet, limits: options.limits, capacity: jobs)
        for _ in 0..<jobs {
            Thread {
                while let (number, records) = pipeline.take() {
                    let outcomes: [RecordOutcome]
                    do {
                        outcomes = try assessors.withAssessor { assessor in records.map { encoder.assess($0, with: .success(assessor)) } }
                    } catch {
                        outcomes = records.map { encoder.assess($0, with: .failure(error)) }
                    }
                    pipeline.complete(number, outcomes)
                }
            }.start()
        }
        var summary = BatchSummary(programmes: ruleSet.programmeIDs)
        while let finished = pipeline.nextInOrder() {
            for outcome in finished {
                write(outcome.line)
                summary.add(outcome)
            }
            progress(summary.records)
        }
        return summary
    }
}

/// What one record came to: its output line and the figures the summary adds up.
struct RecordOutcome: Sendable {
    var line: String
    var decisions: [(programme: String, outcome: Outcome, cash: [Period: Money])]
    var failed: Bool
    var unreadable: Bool
}

/// The shared state of a batch, guarded by one condition: chunks waiting for a worker, chunks done and
/// waiting to be written, and how far reading and writing have come.
final class Pipeline: @unchecked Sendable {
    private let condition = NSCondition()
    private let window: Int
    private var waiting: [(Int, [BatchRecord])] = []
    private var done: [Int: [RecordOutcome]] = [:]
    private var read = 0
    private var written = 0
    private var readingFinished = false

    init(window: Int) { self.window = window }

    func submit(_ chunk: [BatchRecord]) {
        condition.lock()
        while read - written >= window { condition.wait() }
        waiting.append((read, chunk))
        read += 1
        condition.broadcast()
        condition.unlock()
    }

    func finishReading() {
        condition.lock()
        readingFinished = true
        condition.broadcast()
        condition.unlock()
    }

    /// The next chunk to assess, or nil when there will be no more.
    func take() -> (Int, [BatchRecord])? {
        condition.lock()
        defer { condition.unlock() }
        while waiting.isEmpty && !readingFinished { condition.wait() }
        return waiting.isEmpty ? nil : waiting.removeFirst()
    }

    func complete(_ number: Int, _ outcomes: [RecordOutcome]) {
        condition.lock()
        done[number] = outcomes
        condition.broadcast()
        condition.unlock()
    }

    /// The next chunk in input order, once assessed, or nil at the end.
    func nextInOrder() -> [RecordOutcome]? {
        condition.lock()
        defer { condition.unlock() }
        while done[written] == nil && !(readingFinished && written == read) { condition.wait() }
        guard let outcomes = done.removeValue(forKey: written) else { return nil }
        written += 1
        condition.broadcast()
        return outcomes
    }
}
