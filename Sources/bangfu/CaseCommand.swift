import ArgumentParser

struct CaseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "case",
        abstract: "Make case files from what the desk saw.",
        subcommands: [CaseNewCommand.self]
    )
}
