import ArgumentParser

struct UserCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user",
        abstract: "Manage the intake desk's accounts.",
        subcommands: [UserAddCommand.self, UserPasswdCommand.self, UserRevokeTokenCommand.self]
    )
}
