import ArgumentParser
import Foundation
import IntakeRegister
import IntakeServer

struct UserPasswdCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "passwd",
        abstract: "Give an account a new password and sign it out of every browser.",
        discussion: """
            The new password is read from standard input (its first line; at least 8 characters) and \
            stored only as a bcrypt hash. Every web session of the account ends; its API tokens stay \
            (revoke them with `bangfu user revoke-token`). The register must exist.
            """
    )

    @Argument(help: "The account name.")
    var name: String

    @Option(name: .long, help: ArgumentHelp(stringLiteral: RegisterLocation.help))
    var db: String = "bangfu.sqlite"

    func run() async throws {
        let line = readLine(strippingNewline: true) ?? ""
        do {
            try await RegisterLocation(db).withRegister(createIfMissing: false) { register in
                try await Accounts(register: register).changePassword(name: name, to: line)
            }
            print("bangfu user passwd: the password of \(name) is changed; its web sessions have ended")
        } catch let error as AccountError {
            printError("bangfu user passwd: \(error)")
            throw ExitCode(1)
        } catch let error as AccountsError {
            printError("bangfu user passwd: \(error)")
            throw ExitCode(1)
        } catch let error as RegisterNotOpened {
            printError("bangfu user passwd: \(error)")
            throw ExitCode(1)
        }
    }
}
