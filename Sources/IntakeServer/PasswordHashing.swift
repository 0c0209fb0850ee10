import Dispatch
import Foundation

/// Where password hashes are computed: on threads of their own, at most `workers` at a time, with at
/// most `queueLimit` more waiting; beyond that a request is turned away at once (`HashingBusy`). A
/// bcrypt at cost 12 takes a quarter of a second of one core: run on the request's own task it would
/// hold one of the few threads every other request needs, and a handful of clients posting to /login
/// would slow the whole desk a hundredfold. Bounded here, sign-in uses at most `workers` cores and the
/// others keep answering.
///
/// `@unchecked Sendable`: `running` and `waiting` are only touched under `lock`.
package final class PasswordHashing: @unchecked Sendable {
    package let workers: Int
    package let queueLimit: Int
    private let lock = NSLock()
    private var running = 0
    private var waiting: [CheckedContinuation<Void, any Error>] = []
    private let queue = DispatchQueue(label: "bangfu.password-hashing", attributes: .concurrent)

    /// Hashes running and waiting.
    package var load: Int { lock.withLock { running + waiting.count } }

    /// One worker per core beyond the first (at least one), so one core always stays for the rest.
    package static let spareCores = max(1, ProcessInfo.processInfo.activeProcessorCount - 1)

    package init(workers: Int = PasswordHashing.spareCores, queueLimit: Int = 4) {
        self.workers = max(1, workers)
        self.queueLimit = max(0, queueLimit)
    }

    /// Runs `work` (a hash or its check) when a worker is free; throws `HashingBusy` when the queue is full.
    package func run<T: Sendable>(_ work: @escaping @Sendable () -> T) async throws -> T {
        try await acquire()
        defer { release() }
        return await withCheckedContinuation { continuation in
            queue.async { continuation.resume(returning: work()) }
        }
    }

    private enum Admission { case now, queued, refused }

    private func acquire() async throws {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            let admission: Admission = lock.withLock {
                if running < workers { running += 1; return .now }
                guard waiting.count < queueLimit else { return .refused }
                waiting.append(continuation)
                return .queued
            }
            switch admission {
            case .now: continuation.resume()
            case .refused: continuation.resume(throwing: HashingBusy())
            case .queued: break // resumed by `release`
            }
        }
    }

    private func release() {
        let next: CheckedContinuation<Void, any Error>? = lock.withLock {
            if waiting.isEmpty { running -= 1; return nil }
            return waiting.removeFirst() // its slot passes on: `running` stays
        }
        next?.resume()
    }
}

/// Every password worker is busy and the queue is full: come back in a second.
package struct HashingBusy: Error {}
