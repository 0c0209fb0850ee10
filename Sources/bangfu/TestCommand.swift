import ArgumentParser
import CaseTesting
import Eligibility

struct TestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test",
        abstract: "Run case files and show every case whose decisions differ from what it expects.",
        discussion: """
            Each failing case is shown with its differences, expected against actual, per programme; the \
            last line is `N passed, M failed`. Exit status: 0 when every case passes, 1 otherwise (including \
            unreadable case files or a rule set that does not load).
            """
    )

    @Argument(help: "Case files or folders of case files.")
    var paths: [String] = ["Cases"]

    @OptionGroup var ruleSetOptions: RuleSetOptions

    func run() throws {
        let ruleSet = try ruleSetOptions.loadRuleSet()
        let assessor = try ruleSetOptions.makeAssessor(ruleSet)
        let cases: [TestCase]
        do {
            cases = try CaseFileLoader.discover(paths)
        } catch {
            ruleSetOptions.printProblems(error.diagnostics)
            print("0 passed, 0 failed")
            throw ExitCode(1)
        }
        let runner = CaseRunner(assessor: assessor)
        let results = cases.map(runner.run)
        for result in results where !result.passed {
            print(CaseReport.failure(result))
            print("")
        }
        print(CaseReport.summary(results))
        if results.contains(where: { !$0.passed }) || cases.isEmpty { throw ExitCode(1) }
    }
}
