import ArgumentParser
import BatchAssessment
import Eligibility
import Foundation

struct GenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Write synthetic applicant profiles that follow the rule set's schema, one JSON line each.",
        discussion: """
            How each field is drawn comes from the rule set's population.yaml (household sizes, incomes \
            around the thresholds, the applicant categories). The same --seed gives the same people.
            """
    )

    @OptionGroup var ruleSetOptions: RuleSetOptions

    @Option(name: .long, help: "How many profiles.")
    var count: Int

    @Option(name: .long, help: "The seed.")
    var seed: UInt64 = 1

    @Option(name: .long, help: "Write here instead of standard output.")
    var out: String?

    func run() throws {
        let ruleSet = try ruleSetOptions.loadRuleSet()
        let generator: PopulationGenerator
        do {
            generator = try PopulationGenerator(ruleSet: ruleSet)
        } catch {
            ruleSetOptions.printProblems([error], prefix: ruleSetOptions.rules)
            throw ExitCode(1)
        }
        let writer = try BufferedWriter(path: out)
        for index in 0..<count { writer.write(generator.profile(index, seed: seed)) }
        writer.flush()
    }
}
