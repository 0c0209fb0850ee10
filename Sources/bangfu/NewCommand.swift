import ArgumentParser

struct NewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "new",
        abstract: "Start a rule set, or add a programme to one, from commented skeletons that pass `bangfu check`.",
        subcommands: [NewRuleSetCommand.self, NewProgrammeCommand.self]
    )
}
