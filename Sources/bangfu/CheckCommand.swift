import ArgumentParser
import CaseTesting
import Eligibility
import Foundation

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Compile and check the whole rule set; report every problem with file and line.",
        discussion: """
            Errors: the folder's layout, schema.yaml, parameters.yaml, Lua that does not compile or does not \
            declare what the contract asks, and profile fields, facts and parameters a rule names that do not \
            exist. Warnings: parameters with no value on --on, amounts older than --max-age years, \
            parameters and profile fields no rule uses, and programmes no case in --cases checks. Each \
            finding has its file and line and a short hint. Exit status: 1 on any error (with --strict, on \
            any warning too), else 0.
            """
    )

    @OptionGroup var ruleSetOptions: RuleSetOptions

    @Option(name: .long, help: "The date parameters must have a value on (default today).")
    var on: CivilDate?

    @Option(name: .long, help: "Warn when an amount in force took effect more than this many years before --on.")
    var maxAge: Int = 4

    @Option(name: .long, help: "Case files or folders: warn about programmes none of them checks (default: the Cases folder beside the rules folder, else ./Cases, if present).")
    var cases: [String] = []

    @Flag(name: .long, help: "Treat warnings as failures.")
    var strict = false

    func run() throws {
        let ruleSet = try ruleSetOptions.loadRuleSet()
        let assessor = try ruleSetOptions.makeAssessor(ruleSet)
        let casePaths = cases.isEmpty ? ruleSetOptions.casesBesideRules.map { [$0] } ?? [] : cases
        var programmesWithCases: Set<String>?
        if !casePaths.isEmpty {
            do {
                programmesWithCases = Set(try CaseFileLoader.discover(casePaths).flatMap { $0.expectedProgrammes.map(\.programme) })
            } catch {
                ruleSetOptions.printProblems(error.diagnostics)
                throw ExitCode(1)
            }
        }
        let options = RuleSetCheck.Options(date: on ?? CivilDate.today(), maximumAgeInYears: maxAge,
                                           programmesWithCases: programmesWithCases)
        let findings = RuleSetCheck(ruleSet: ruleSet, assessor: assessor, options: options).run()
        ruleSetOptions.printProblems(findings, prefix: ruleSetOptions.rules)
        let errors = findings.filter { $0.severity == .error }.count
        let (programmes, facts, parameters, policies) = (assessor.programmes.count, assessor.facts.count,
                                                         ruleSet.parameters.parameters.count, assessor.policies.count)
        print(Text(zh: "\(ruleSet.title)：\(programmes) 个项目，\(facts) 个事实，\(parameters) 个参数，\(policies) 项政策；"
                       + "\(errors) 个错误，\(findings.count - errors) 个警告（版本 \(ruleSet.version)）",
                   en: "\(ruleSet.title): \(programmes) programmes, \(facts) facts, \(parameters) parameters, \(policies) policies; "
                       + "\(errors) errors, \(findings.count - errors) warnings (version \(ruleSet.version))").rendered(in: ruleSet.language))
        if errors > 0 || (strict && !findings.isEmpty) { throw ExitCode(1) }
    }
}
