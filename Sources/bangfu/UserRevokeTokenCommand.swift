import ArgumentParser
import Foundation
import IntakeRegister
import IntakeServer

struct UserRevokeTokenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "revoke-token",
        abstract: "Revoke an account's API tokens: all of them, or the one --token names.",
        discussion: """
            A revoked token gets 401 from the next request on. --token takes the whole token \
            (bf_ID_SECRET) or its id (the part between the underscores). --reissue prints a new token \
            for the account afterwards, once: keep it. The register must exist.
            """
    )

    @Argument(help: "The account name.")
    var name: String

    @Option(name: .long, help: "Only this token (the whole token, or its id).")
    var token: String?

    @Flag(name: .long, help: "Print a new API token for the account after revoking.")
    var reissue = false

    @Option(name: .long, help: ArgumentHelp(stringLiteral: RegisterLocation.help))
    var db: String = "bangfu.sqlite"

    func run() async throws {
        // bf_ID_SECRET or ID: the id is what the register keys tokens by.
        let id = token.map { given in
            let parts = given.split(separator: "_", omittingEmptySubsequences: false)
            return parts.count == 3 && parts[0] == "bf" ? String(parts[1]) : given
        }
        do {
            try await RegisterLocation(db).withRegister(createIfMissing: false) { register in
                let removed = try await register.removeTokens(accountName: name, id: id)
                if id != nil, removed == 0 {
                    printError("bangfu user revoke-token: \(name) has no such token")
                    throw ExitCode(1)
                }
                printError("bangfu user revoke-token: \(removed) token\(removed == 1 ? "" : "s") of \(name) revoked")
                if reissue { print(try await Accounts(register: register).issueToken(for: name)) }
            }
        } catch let error as AccountError {
            printError("bangfu user revoke-token: \(error)")
            throw ExitCode(1)
        } catch let error as RegisterNotOpened {
            printError("bangfu user revoke-token: \(error)")
            throw ExitCode(1)
        }
    }
}
