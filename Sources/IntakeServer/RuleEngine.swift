import CaseTesting
import Eligibility
import Foundation
import IntakeRegister
import Logging

/// A rule set that passed its check and its cases, ready to answer.
package final class LoadedRules: Sendable {
    package let ruleSet: RuleSet
    package let programmes: [ProgrammeInfo]
    package let pool: AssessorPool
    package let loadedAt: Date

    init(ruleSet: RuleSet, programmes: [ProgrammeInfo], pool: AssessorPool, loadedAt: Date = Date()) {
        self.ruleSet = ruleSet
        self.programmes = programmes
        self.pool = pool
        self.loadedAt = loadedAt
    }
}

/// The last attempt to take a rule set: when, which version, from where, whether it was taken, and why not.
package struct ReloadAttempt: Sendable {
    /// Where the rule set tried came from.
    package enum Origin: Sendable {
        /// The desk's rules folder changed.
        case folder
        /// Another desk made it the register's running rule set.
        case register
    }

    package var at: Date
    package var origin: Origin = .folder
    /// The content hash of the rule set tried, when it loaded far enough to have one.
    package var hash: String?
    package var accepted: Bool
    package var casesRun: Int
    package var casesFailed: Int
    package var problems: [Diagnostic]
}

/// A rule set refused: every problem found (load errors, check errors or failing cases).
package struct RuleSetRejected: Error, CustomStringConvertible {
    package var hash: String?
    package var casesRun = 0
    package var casesFailed = 0
    package var problems: [Diagnostic]
    package var description: String { problems.map(\.description).joined(separator: "\n") }
}

/// The running rule set, the watch over its folder and the watch over the register's running rule set.
///
/// The running rule set is the register's (`Register.runningRuleSet()`), so every desk on one register
/// answers with the same rules:
/// - A changed rules folder replaces the running rule set only once it loads, `RuleSetCheck` finds no
///   error and every case passes; the desk then stores it and makes it the register's running one.
/// - Every poll also reads the register's running rule set; when another desk made a different one
///   running, this desk loads it from the register's stored files (the hash must match), checks it and
///   switches to it. It does not run its own cases on it: they are its folder's, perhaps behind the
///   folder the rule set came from, and the desk that took it ran that folder's cases (a published
///   proposal runs every case before approval). Refusing it would leave desks answering differently.
/// - On start, a folder whose rule set the register never ran is a change made while the desk was
///   down: it is taken as a reload would take it, and made the running one. A folder whose rule set
///   the register ran before (or runs) is behind: the desk starts on the register's running rule set.
///
/// Requests already holding the old rule set (`current`) finish on it.
///
/// `@unchecked Sendable`: the mutable state (`running`, `entry`, `attempt`, `seenFiles`,
/// `refusedEntry`) is only touched under `lock`.
package final class RuleEngine: @unchecked Sendable {
    package let rulesDirectory: URL
    package let casePaths: [String]
    /// Who this desk is in the register's record of running rule sets.
    package let deskName: String
    let limits: RuleLimits
    let poolCapacity: Int
    let register: any Register
    let logger: Logger
    private let lock = NSLock()
    private var running: LoadedRules
    /// The register's record of the rule set this desk answers with.
    private var entry: RunningRuleSet?
    private var attempt: ReloadAttempt?
    /// The rule and case files as last tried; nil makes the next poll try them again.
    private var seenFiles: WatchedFiles?
    /// The register's running entry this desk could not take: not tried again until another replaces it.
    private var refusedEntry: Int64?

    /// The host and process, as the register records who took a rule set.
    package static let defaultDeskName = "\(ProcessInfo.processInfo.hostName) pid \(ProcessInfo.processInfo.processIdentifier)"

    /// Loads and validates the rule set, or throws `RuleSetRejected`: a server does not start on rules
    /// that would not be taken on reload either. Then starts on the folder's rule set or the
    /// register's running one, as the type's notes say. `casePaths` nil means the `Cases` folder
    /// beside the rule set folder, if there is one.
    package init(rulesDirectory: URL, casePaths: [String]? = nil, register: any Register, logger: Logger,
                limits: RuleLimits = .default, poolCapacity: Int = ProcessInfo.processInfo.activeProcessorCount,
                deskName: String = RuleEngine.defaultDeskName) async throws {
        self.deskName = deskName
        self.rulesDirectory = rulesDirectory.standardizedFileURL
        if let casePaths {
            self.casePaths = casePaths
        } else {
            let beside = self.rulesDirectory.deletingLastPathComponent().appendingPathComponent("Cases").path
            self.casePaths = FileManager.default.fileExists(atPath: beside) ? [beside] : []
        }
        self.register = register
        self.logger = logger
        self.limits = limits
        self.poolCapacity = poolCapacity
        seenFiles = WatchedFiles(reading: [self.rulesDirectory.path] + self.casePaths)
        let prepared = try Self.prepare(rulesDirectory: self.rulesDirectory, casePaths: self.casePaths, limits: limits, poolCapacity: poolCapacity).get()
        let folderHash = prepared.rules.ruleSet.contentHash
        try await register.storeRuleSet(prepared.rules.ruleSet)
        let onRegister = try await register.runningRuleSet()
        if let onRegister, onRegister.hash != folderHash,
           try await register.runningRuleSetHistory(limit: nil).contains(where: { $0.hash == folderHash }) {
            let rules = try await Self.stored(onRegister, register: register, limits: limits, poolCapacity: poolCapacity).get()
            running = rules
            entry = onRegister
            attempt = ReloadAttempt(at: rules.loadedAt, origin: .register, hash: onRegister.hash, accepted: true,
                                    casesRun: 0, casesFailed: 0, problems: [])
            logger.info("rules folder behind the register: starting on its running rules", metadata: [
                "folder": "\(folderHash.prefix(12))", "running": "\(onRegister.hash.prefix(12))", "taken_by": "\(onRegister.taking.takenBy)",
            ])
        } else {
            running = prepared.rules
            entry = onRegister?.hash == folderHash ? onRegister : try await register.takeRuleSet(folderTaking(folderHash))
            attempt = ReloadAttempt(at: prepared.rules.loadedAt, hash: folderHash, accepted: true,
                                    casesRun: prepared.casesRun, casesFailed: 0, problems: [])
        }
    }

    /// The rule set to answer with; hold on to it for the whole request.
    package var current: LoadedRules { lock.withLock { running } }

    package var lastAttempt: ReloadAttempt? { lock.withLock { attempt } }

    /// The register's record of the rule set this desk answers with: since when, who took it, from where.
    package var runningEntry: RunningRuleSet? { lock.withLock { entry } }

    func folderTaking(_ hash: String) -> RuleSetTaking {
        RuleSetTaking(hash: hash, takenBy: deskName, source: .folder, origin: rulesDirectory.path)
    }

    /// Looks at the rule and case files; when they changed, tries the new rule set. Returns whether a
    /// new rule set was taken.
    @discardableResult
    package func reloadIfChanged() async throws -> Bool {
        let seen = WatchedFiles(reading: [rulesDirectory.path] + casePaths)
        guard lock.withLock({ seen != seenFiles }) else { return false }
        lock.withLock { seenFiles = seen }
        let previous = current.ruleSet
        switch Self.prepare(rulesDirectory: rulesDirectory, casePaths: casePaths, limits: limits, poolCapacity: poolCapacity) {
        case .success(let prepared):
            let rules = prepared.rules
            let changed = rules.ruleSet.contentHash != previous.contentHash
            // Kept before it answers, so every recorded decision names a stored rule set; made the
            // register's running one, so every other desk takes it too.
            var taken: RunningRuleSet?
            if changed {
                do {
                    try await register.storeRuleSet(rules.ruleSet)
                    taken = try await register.takeRuleSet(folderTaking(rules.ruleSet.contentHash))
                } catch {
                    lock.withLock {
                        seenFiles = nil // try again at the next poll
                        attempt = ReloadAttempt(at: Date(), hash: rules.ruleSet.contentHash, accepted: false, casesRun: prepared.casesRun,
                                                casesFailed: 0, problems: [Diagnostic(message: Text(zh: "没有存入登记库：\(error)", en: "not stored in the register: \(error)"))])
                    }
                    throw error
                }
            }
            lock.withLock {
                if changed {
                    running = rules
                    entry = taken
                }
                attempt = ReloadAttempt(at: Date(), hash: rules.ruleSet.contentHash, accepted: true,
                                        casesRun: prepared.casesRun, casesFailed: 0, problems: [])
            }
            if changed {
                logger.info("rules replaced", metadata: ["from": "\(previous.version)", "to": "\(rules.ruleSet.version)"])
            }
            return changed
        case .failure(let rejection):
            lock.withLock {
                attempt = ReloadAttempt(at: Date(), hash: rejection.hash, accepted: false, casesRun: rejection.casesRun,
                                        casesFailed: rejection.casesFailed, problems: rejection.problems)
            }
            logger.error("rules refused; the running rules stay", metadata: [
                "running": "\(previous.version)", "refused": "\(rejection.hash.map { String($0.prefix(12)) } ?? "unloadable")",
                "problems": "\(rejection.problems.count)", "first": "\(rejection.problems.first?.description ?? "")",
            ])
            return false
        }
    }

    /// Reads the register's running rule set; when another desk made a different one running, loads
    /// it from the register, checks it (its cases are not this desk's to run: see the type's notes) and
    /// switches to it. Returns whether a new rule set was taken.
    @discardableResult
    package func followRegister() async throws -> Bool {
        guard let latest = try await register.runningRuleSet() else { return false }
        let (seen, refused, runningHash) = lock.withLock { (entry?.id, refusedEntry, running.ruleSet.contentHash) }
        guard latest.id != seen, latest.id != refused else { return false }
        guard latest.hash != runningHash else {
            lock.withLock { entry = latest } // the same rules, taken again (a folder edited back and forth)
            return false
        }
        let previous = current.ruleSet.version
        switch await Self.stored(latest, register: register, limits: limits, poolCapacity: poolCapacity) {
        case .success(let rules):
            let taken = lock.withLock {
                // A newer rule set taken meanwhile (this desk's folder, a publication here) stays.
                guard (entry?.id ?? 0) < latest.id else { return false }
                running = rules
                entry = latest
                attempt = ReloadAttempt(at: Date(), origin: .register, hash: latest.hash, accepted: true, casesRun: 0, casesFailed: 0, problems: [])
                return true
            }
            guard taken else { return false }
            logger.info("rules replaced by the register's running rules", metadata: [
                "from": "\(previous)", "to": "\(rules.ruleSet.version)", "taken_by": "\(latest.taking.takenBy)",
            ])
            return true
        case .failure(let rejection):
            lock.withLock {
                refusedEntry = latest.id
                attempt = ReloadAttempt(at: Date(), origin: .register, hash: latest.hash, accepted: false, casesRun: 0, casesFailed: 0,
                                        problems: rejection.problems)
            }
            logger.error("the register's running rules refused; this desk keeps its rules", metadata: [
                "running": "\(previous)", "refused": "\(latest.hash.prefix(12))", "first": "\(rejection.problems.first?.description ?? "")",
            ])
            return false
        }
    }

    /// Polls the folders and the register until the task is cancelled.
    package func watch(every interval: Duration = .seconds(1)) async {
        while !Task.isCancelled {
            try? await Task.sleep(for: interval)
            do {
                try await reloadIfChanged()
            } catch {
                logger.error("rule reload failed", metadata: ["error": "\(error)"])
            }
            do {
                try await followRegister()
            } catch {
                logger.error("reading the register's running rules failed", metadata: ["error": "\(error)"])
            }
        }
    }

    // MARK: Loading and validating

    static func prepare(rulesDirectory: URL, casePaths: [String], limits: RuleLimits, poolCapacity: Int) -> Result<PreparedRules, RuleSetRejected> {
        let ruleSet: RuleSet
        do {
            ruleSet = try RuleSet.load(from: rulesDirectory)
        } catch {
            return .failure(RuleSetRejected(hash: nil, problems: error.diagnostics))
        }
        return validate(ruleSet, casePaths: casePaths, limits: limits, poolCapacity: poolCapacity)
    }

    /// The register's running rule set, loaded from its stored files and checked.
    static func stored(_ entry: RunningRuleSet, register: any Register, limits: RuleLimits, poolCapacity: Int) async -> Result<LoadedRules, RuleSetRejected> {
        let ruleSet: RuleSet
        do {
            ruleSet = try await register.storedRuleSet(hash: entry.hash)
        } catch {
            return .failure(RuleSetRejected(hash: entry.hash, problems: [Diagnostic(message: Text(verbatim: "\(error)"))]))
        }
        return validate(ruleSet, casePaths: [], limits: limits, poolCapacity: poolCapacity).map(\.rules)
    }

    /// Checks a loaded rule set and runs the cases under `casePaths` on it.
    static func validate(_ ruleSet: RuleSet, casePaths: [String], limits: RuleLimits, poolCapacity: Int) -> Result<PreparedRules, RuleSetRejected> {
        let assessor: Assessor
        do {
            assessor = try Assessor(ruleSet: ruleSet, limits: limits)
        } catch {
            return .failure(RuleSetRejected(hash: ruleSet.contentHash, problems: [Diagnostic(message: Text(zh: "规则引擎无法启动：\(error)", en: "the rule engine could not start: \(error)"))]))
        }
        let findings = RuleSetCheck(ruleSet: ruleSet, assessor: assessor, options: .init(date: .today())).run()
        let errors = findings.filter { $0.severity == .error } + assessor.loadProblems
        guard errors.isEmpty else { return .failure(RuleSetRejected(hash: ruleSet.contentHash, problems: Array(Set(errors)).sorted(by: Self.order))) }
        var cases: [TestCase] = []
        if !casePaths.isEmpty {
            do {
                cases = try CaseFileLoader.discover(casePaths)
            } catch {
                return .failure(RuleSetRejected(hash: ruleSet.contentHash, problems: error.diagnostics))
            }
        }
        let results = CaseSuite.run(cases, ruleSet: ruleSet, limits: limits, jobs: min(CaseSuite.defaultJobs, 4)).results
        let failures = results.filter { !$0.passed }
        guard failures.isEmpty else {
            return .failure(RuleSetRejected(hash: ruleSet.contentHash, casesRun: results.count, casesFailed: failures.count,
                                            problems: failures.map(Self.problem)))
        }
        let pool = AssessorPool(ruleSet: ruleSet, limits: limits, capacity: poolCapacity, first: assessor)
        return .success(PreparedRules(rules: LoadedRules(ruleSet: ruleSet, programmes: assessor.programmes, pool: pool), casesRun: results.count))
    }

    static func problem(_ result: CaseResult) -> Diagnostic {
        let inputs = result.inputProblems.map { Text(zh: $0.rendered(in: .zh), en: $0.rendered(in: .en)) }
        let differences = result.mismatches.map {
            Text(zh: "\($0.subject) \($0.field)：应为 \($0.expected)，实际 \($0.actual)", en: "\($0.subject) \($0.field): expected \($0.expected), got \($0.actual)")
        }
        let details = inputs + differences
        return Diagnostic(file: result.testCase.file, line: result.testCase.line,
                          message: Text(zh: "案例“\(result.testCase.name)”未通过：" + details.map(\.zh).joined(separator: "；"),
                                        en: "case \"\(result.testCase.name)\" fails: " + details.map(\.en).joined(separator: "; ")))
    }

    static func order(_ a: Diagnostic, _ b: Diagnostic) -> Bool {
        (a.file ?? "", a.line ?? 0, a.message.zh) < (b.file ?? "", b.line ?? 0, b.message.zh)
    }
}

/// Every file under the watched paths, path and bytes, to notice edits between polls. Kept whole and
/// compared byte for byte: no change can hide in it, whatever its place in a file (`Hasher` over `Data`
/// looked at the length and the first 80 bytes only, so 940 → 950 in parameters.yaml went unseen). The
/// rules and cases are a few hundred kilobytes, read every poll anyway.
struct WatchedFiles: Equatable {
    /// By full path; a watched path that does not exist is there with nil.
    var contents: [String: [UInt8]?] = [:]

    init(reading paths: [String]) {
        let files = FileManager.default
        for root in paths {
            var isDirectory: ObjCBool = false
            guard files.fileExists(atPath: root, isDirectory: &isDirectory) else { contents[root] = .some(nil); continue }
            let relative = isDirectory.boolValue ? (files.enumerator(atPath: root)?.compactMap { $0 as? String } ?? []) : [""]
            for file in relative {
                let path = file.isEmpty ? root : (root as NSString).appendingPathComponent(file)
                guard let data = files.contents(atPath: path) else { continue } // a folder
                contents[path] = Array(data)
            }
        }
    }
}

/// A validated rule set and how many cases it passed.
struct PreparedRules {
    var rules: LoadedRules
    var casesRun: Int
}
