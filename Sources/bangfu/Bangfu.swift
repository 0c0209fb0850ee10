import ArgumentParser

@main
struct Bangfu: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bangfu",
        abstract: "Assess applicants for a hardship-worker assistance centre's relief programmes.",
        discussion: """
            Rules are Lua scripts and YAML files in a rule set folder (default: Rules); see Rules/README.md.
            """,
        subcommands: [AssessCommand.self, CheckCommand.self, TestCommand.self, DiffCommand.self, BatchCommand.self, GenerateCommand.self, BenchCommand.self, InterviewCommand.self, NewCommand.self, ServeCommand.self, UserCommand.self, ReportCommand.self, ReviewCommand.self, CaseCommand.self]
    )
}
