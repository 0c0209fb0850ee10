import Dispatch
import Foundation

/// Assessors for one rule set, made when work needs them and lent out one at a time: the one way every
/// command that assesses many profiles, and the intake desk, share assessors between threads. An
/// assessor owns a Lua state, which must never be used by two threads at once, so a borrowed assessor
/// is out of the pool until it is given back.
///
/// `@unchecked Sendable`: `idle` and `retiredCoverage` are only touched under `lock`, and an assessor is
/// reachable from one borrower at a time.
public final class AssessorPool: @unchecked Sendable {
    public let ruleSet: RuleSet
    public let limits: RuleLimits
    let measuringCoverage: Bool
    /// Assessors kept for reuse; more are made under load, and those beyond this are dropped.
    let capacity: Int
    private let lock = NSLock()
    private var idle: [Assessor]
    /// What the dropped assessors ran, so that coverage counts every assessor the pool ever made.
    private var retiredCoverage = RuleCoverage()

    /// `first`: an assessor already made for this rule set (the desk makes one to check the rules).
    public init(ruleSet: RuleSet, limits: RuleLimits = .default, measuringCoverage: Bool = false,
                capacity: Int = ProcessInfo.processInfo.activeProcessorCount, first: Assessor? = nil) {
        self.ruleSet = ruleSet
        self.limits = limits
        self.measuringCoverage = measuringCoverage
        self.capacity = max(1, capacity)
        idle = first.map { [$0] } ?? []
    }

    /// Runs `body` with an assessor of its own, made if none is idle.
    public func withAssessor<T>(_ body: (Assessor) throws -> T) throws -> T {
        let assessor = try lock.withLock { idle.popLast() }
            ?? Assessor(ruleSet: ruleSet, limits: limits, measuringCoverage: measuringCoverage)
        defer { giveBack(assessor) }
        return try body(assessor)
    }

    private func giveBack(_ assessor: Assessor) {
        lock.withLock {
            if idle.count < capacity {
                idle.append(assessor)
            } else if measuringCoverage {
                retiredCoverage.merge(assessor.coverage())
            }
        }
    }

    /// What the rules ran in every assessor of the pool; call when no assessor is borrowed.
    public func coverage() -> RuleCoverage {
        lock.withLock { idle.reduce(into: retiredCoverage) { $0.merge($1.coverage()) } }
    }

    /// `transform` of every index in `0..<count`, on `jobs` threads at once; the results come in index
    /// order, whatever `jobs` is, so output never depends on it.
    public static func concurrentMap<T>(count: Int, jobs: Int, _ transform: @Sendable (Int) -> T) -> [T] {
        let workers = max(1, min(jobs, count))
        let results = ResultSlots<T>(count: count)
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            for index in stride(from: worker, to: count, by: workers) { results.put(transform(index), at: index) }
        }
        return results.all
    }
}

/// Results filled in by several threads, one slot each, read once they are all done.
private final class ResultSlots<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var values: [Value?]

    init(count: Int) { values = Array(repeating: nil, count: count) }

    func put(_ value: Value, at index: Int) { lock.withLock { values[index] = value } }

    var all: [Value] { lock.withLock { values.map { $0! } } }
}
