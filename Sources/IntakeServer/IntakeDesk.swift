import Eligibility
import Foundation
import Hummingbird
import IntakeRegister
import Logging

/// `bangfu serve`: loads and validates the rules, watches them, and serves until SIGINT or SIGTERM,
/// recording in the register it is given.
package enum IntakeDesk {
    package struct Options: Sendable {
        package var rules: String
        /// nil: the `Cases` folder beside the rules folder, if any.
        package var cases: [String]?
        package var host: String
        package var port: Int
        package var limits: RuleLimits
        package var pollInterval: Duration = .seconds(1)
        /// The centre's time zone, for the times the sheets print.
        package var timeZone = IntakeApplication.defaultTimeZone

        package init(rules: String, cases: [String]?, host: String, port: Int, limits: RuleLimits) {
            self.rules = rules
            self.cases = cases
            self.host = host
            self.port = port
            self.limits = limits
        }
    }

    package static func run(_ options: Options, register: any Register) async throws {
        var logger = Logger(label: "bangfu.serve")
        logger.logLevel = .info
        let engine = try await RuleEngine(rulesDirectory: URL(fileURLWithPath: options.rules), casePaths: options.cases,
                                          register: register, logger: logger, limits: options.limits)
        logger.info("rules loaded", metadata: ["version": "\(engine.current.ruleSet.version)", "cases": "\(engine.casePaths)"])
        if try await register.accountCount() == 0 {
            logger.warning("no accounts yet: create one with `bangfu user add NAME --role officer`")
        }
        let accounts = Accounts(register: register)
        try await accounts.prepareSignIn()
        var desk = IntakeApplication(engine: engine, register: register, accounts: accounts, logger: logger)
        desk.timeZone = options.timeZone
        let app = desk.application(host: options.host, port: options.port) { port in
            // Tests and scripts read this line to learn the port (with --port 0 the system picks one).
            FileHandle.standardOutput.write(Data("bangfu serve: listening on http://\(options.host):\(port)\n".utf8))
        }
        let watcher = Task { await engine.watch(every: options.pollInterval) }
        defer { watcher.cancel() }
        try await app.runService()
    }
}
