import ArgumentParser
import Foundation
import IntakeServer

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the intake desk: the JSON API and the decision register, with rules reloaded on change.",
        discussion: """
            Every assessment is recorded in the register (--db: a SQLite file, or a postgres:// URL for \
            a register several desks share) before it is answered. The rules folder and its cases are watched: a changed rule set that loads, passes `check` without errors \
            and passes every case replaces the running one; otherwise the running one stays and \
            GET /api/rules/status shows why. Create accounts with `bangfu user add`, which also creates the \
            register. A register file that is not there is refused (exit 1) unless --create-register is \
            given: a deleted or mistyped --db would otherwise start an empty register, every account and \
            recorded assessment missing. While serving, the register's file is checked (device and inode) \
            before every request: if it is deleted or replaced, every request, GET /healthz too, gets 503 \
            and the log says why; on PostgreSQL, the same while the server does not answer. With --port 0 \
            the system picks a free port; the line `bangfu serve: listening on URL` names it.
            """
    )

    @OptionGroup var ruleSetOptions: RuleSetOptions

    @Option(name: .long, help: "Case files or folders the rules must pass (default: the Cases folder beside the rules folder).")
    var cases: [String] = []

    @Option(name: .long, help: ArgumentHelp(stringLiteral: RegisterLocation.help + " It must exist, unless --create-register."))
    var db: String = "bangfu.sqlite"

    @Flag(name: .long, help: "Start a new, empty register when --db names no file (or a database with no register).")
    var createRegister = false

    @Option(name: .long, help: "The address to listen on.")
    var host: String = "127.0.0.1"

    @Option(name: .long, help: "The port to listen on (0: any free port).")
    var port: Int = 8080

    @Option(name: .long, help: "The centre's time zone, for the times printed on sheets (an IANA name).")
    var timeZone: String = "Asia/Shanghai"

    func run() async throws {
        var options = IntakeDesk.Options(rules: ruleSetOptions.rules, cases: cases.isEmpty ? nil : cases,
                                         host: host, port: port, limits: ruleSetOptions.limits)
        guard let zone = TimeZone(identifier: timeZone) else {
            printError("bangfu serve: --time-zone \(timeZone) is not a time zone (an IANA name, such as Asia/Shanghai)")
            throw ExitCode(1)
        }
        options.timeZone = zone
        do {
            try await RegisterLocation(db).withRegister(createIfMissing: createRegister) { register in
                try await IntakeDesk.run(options, register: register)
            }
        } catch let notOpened as RegisterNotOpened {
            printError("bangfu serve: \(notOpened)" + (notOpened.missing
                ? ": not starting on an empty register. Restore the file or database, correct --db, or start a new register with --create-register (or `bangfu user add`)"
                : ""))
            throw ExitCode(1)
        } catch let rejected as RuleSetRejected {
            ruleSetOptions.printProblems(rejected.problems, prefix: ruleSetOptions.rules)
            printError("bangfu serve: the rule set was refused (\(rejected.problems.count) problems); not starting")
            throw ExitCode(1)
        }
    }
}
