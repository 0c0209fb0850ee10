import ArgumentParser
import Foundation
import IntakeServer
import SQLiteRegister

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the intake desk: the JSON API and the decision register, with rules reloaded on change.",
        discussion: """
            Every assessment is recorded in the register (--db, SQLite) before it is answered. The rules \
            folder and its cases are watched: a changed rule set that loads, passes `check` without errors \
            and passes every case replaces the running one; otherwise the running one stays and \
            GET /api/rules/status shows why. Create accounts with `bangfu user add`. With --port 0 the \
            system picks a free port; the line `bangfu serve: listening on URL` names it.
            """
    )

    @OptionGroup var ruleSetOptions: RuleSetOptions

    @Option(name: .long, help: "Case files or folders the rules must pass (default: the Cases folder beside the rules folder).")
    var cases: [String] = []

    @Option(name: .long, help: "The register's SQLite file (created on first start).")
    var db: String = "bangfu.sqlite"

    @Option(name: .long, help: "The address to listen on.")
    var host: String = "127.0.0.1"

    @Option(name: .long, help: "The port to listen on (0: any free port).")
    var port: Int = 8080

    func run() async throws {
        let options = IntakeDesk.Options(rules: ruleSetOptions.rules, cases: cases.isEmpty ? nil : cases,
                                         host: host, port: port, limits: ruleSetOptions.limits)
        let register = try SQLiteRegister(path: db)
        do {
            try await IntakeDesk.run(options, register: register)
        } catch let rejected as RuleSetRejected {
            ruleSetOptions.printProblems(rejected.problems, prefix: ruleSetOptions.rules)
            printError("bangfu serve: the rule set was refused (\(rejected.problems.count) problems); not starting")
            throw ExitCode(1)
        }
    }
}
