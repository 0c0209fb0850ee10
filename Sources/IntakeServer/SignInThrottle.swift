import Foundation

/// Failed sign-ins counted per account name and per client address. A few failures are free; after
/// them each further failure locks the name (or the address) out for twice as long as the one before,
/// up to `maximumLockout`. While locked out every attempt is refused before any password is checked,
/// the right one too, so guessing costs the guesser time and the desk no CPU. A failure is forgotten
/// `forgetAfter` after the last one; a successful sign-in clears its name's count (not its address's,
/// or one's own account would reset the count for guesses at others'). API tokens that do not check
/// out count against their address the same way.
///
/// `@unchecked Sendable`: `records` is only touched under `lock`.
package final class SignInThrottle: @unchecked Sendable {
    package struct Policy: Sendable {
        /// Failures that lock nothing; the next one locks out for `firstLockout`.
        package var freeFailures: Int
        package var firstLockout: TimeInterval
        package var maximumLockout: TimeInterval
        package var forgetAfter: TimeInterval

        package init(freeFailures: Int, firstLockout: TimeInterval, maximumLockout: TimeInterval, forgetAfter: TimeInterval = 3600) {
            self.freeFailures = freeFailures
            self.firstLockout = firstLockout
            self.maximumLockout = maximumLockout
            self.forgetAfter = forgetAfter
        }

        /// An account: 5 failures free, then 30 s, 1 min, 2 min … up to 15 min (about a dozen guesses an hour).
        package static let account = Policy(freeFailures: 5, firstLockout: 30, maximumLockout: 900)
        /// An address, which a whole office behind one router may share: 20 failures free, then the same.
        package static let address = Policy(freeFailures: 20, firstLockout: 30, maximumLockout: 900)
    }

    package enum Key: Hashable, Sendable {
        case account(String)
        case address(String)
    }

    private struct Record {
        var failures: Int
        var lastFailure: Date
        var lockedUntil: Date?
    }

    package let accountPolicy: Policy
    package let addressPolicy: Policy
    private let lock = NSLock()
    private var records: [Key: Record] = [:]
    private var sweptAt = Date()

    package init(account: Policy = .account, address: Policy = .address) {
        accountPolicy = account
        addressPolicy = address
    }

    /// How long until these keys may try again, if any of them is locked out.
    package func retryAfter(_ keys: [Key], now: Date = Date()) -> TimeInterval? {
        lock.withLock {
            keys.compactMap { key in records[key]?.lockedUntil.map { $0.timeIntervalSince(now) } }.filter { $0 > 0 }.max()
        }
    }

    /// Counts a failure against each key, locking out those past their free failures.
    package func recordFailure(_ keys: [Key], now: Date = Date()) {
        lock.withLock {
            sweep(now: now)
            for key in keys {
                let policy = self.policy(key)
                var record = records[key] ?? Record(failures: 0, lastFailure: now)
                if now.timeIntervalSince(record.lastFailure) > policy.forgetAfter { record = Record(failures: 0, lastFailure: now) }
                record.failures += 1
                record.lastFailure = now
                let beyond = record.failures - policy.freeFailures
                if beyond > 0 {
                    let lockout = min(policy.maximumLockout, policy.firstLockout * pow(2, Double(min(beyond - 1, 30))))
                    record.lockedUntil = now.addingTimeInterval(lockout)
                }
                records[key] = record
            }
        }
    }

    package func recordSuccess(_ key: Key) {
        _ = lock.withLock { records.removeValue(forKey: key) }
    }

    private func policy(_ key: Key) -> Policy {
        switch key {
        case .account: accountPolicy
        case .address: addressPolicy
        }
    }

    /// Drops forgotten records, at most once a minute, so the table holds only the last hour's failures
    /// (which the password workers' pace bounds).
    private func sweep(now: Date) {
        guard now.timeIntervalSince(sweptAt) > 60 else { return }
        sweptAt = now
        records = records.filter { key, record in
            now.timeIntervalSince(record.lastFailure) <= policy(key).forgetAfter
        }
    }
}
