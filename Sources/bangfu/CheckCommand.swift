import ArgumentParser
import Eligibility

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Compile and check the whole rule set; report every problem with file and line.",
        discussion: """
            Checks the folder's layout, schema.yaml, parameters.yaml, that every Lua file compiles and \
            declares what the contract asks, and that every profile field, fact and parameter a rule names \
            exists. Exit status: 0 when there is no error (warnings allowed), 1 otherwise.
            """
    )

    @OptionGroup var ruleSetOptions: RuleSetOptions

    func run() throws {
        let ruleSet = try ruleSetOptions.loadRuleSet()
        let assessor = try ruleSetOptions.makeAssessor(ruleSet)
        let findings = RuleSetCheck.run(ruleSet, assessor: assessor)
        ruleSetOptions.printProblems(findings, prefix: ruleSetOptions.rules)
        let errors = findings.filter { $0.severity == .error }.count
        print("\(ruleSet.title): \(assessor.programmes.count) programmes, \(assessor.facts.count) facts, "
              + "\(ruleSet.parameters.parameters.count) parameters, \(assessor.policies.count) policies; "
              + "\(errors) errors, \(findings.count - errors) warnings (version \(ruleSet.version))")
        if errors > 0 { throw ExitCode(1) }
    }
}
