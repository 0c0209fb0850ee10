import ArgumentParser
import Foundation
import IntakeRegister
import IntakeServer

extension Role: ExpressibleByArgument {}

struct UserAddCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Add an account to the intake desk and print its API token once.",
        discussion: """
            The password is read from standard input (its first line; at least 8 characters) and stored \
            only as a bcrypt hash. Roles: intake (assess, read own register entries), officer (also read \
            the whole register and the rule status), auditor (read only, no assessing). The API token is \
            printed once and stored hashed: keep it; send it as `Authorization: Bearer TOKEN`.
            """
    )

    @Argument(help: "The account name (no spaces).")
    var name: String

    @Option(name: .long, help: "intake, officer or auditor.")
    var role: Role

    @Option(name: .long, help: ArgumentHelp(stringLiteral: RegisterLocation.help + " Created if missing."))
    var db: String = "bangfu.sqlite"

    func run() async throws {
        let line = readLine(strippingNewline: true) ?? ""
        do {
            let token = try await RegisterLocation(db).withRegister(createIfMissing: true) { register in
                try await Accounts(register: register).create(name: name, role: role, password: line)
            }
            print(token)
        } catch let error as AccountError {
            printError("bangfu user add: \(error)")
            throw ExitCode(1)
        } catch let error as AccountsError {
            printError("bangfu user add: \(error)")
            throw ExitCode(1)
        } catch let error as RegisterNotOpened {
            printError("bangfu user add: \(error)")
            throw ExitCode(1)
        }
    }
}
