import ArgumentParser
import CaseTesting
import DecisionFormats
import Eligibility
import Foundation

struct AssessCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "assess",
        abstract: "Assess applicant profiles and print one decision per programme.",
        discussion: """
            PROFILE is a YAML or JSON file, or - for standard input, or a case file (Cases/): its \
            profile is assessed on the case's date (unless --on is given), with the parameters it pins \
            and the history it gives, one sheet for each of its cases. Text output is the decision sheet a \
            caseworker reads aloud; JSON output is the stable form documented in README.md (one object, or \
            an array of objects for several profiles).

            Exit status: 0 when every profile was assessed and every programme decided; 1 when a profile \
            or the rule set could not be read (the problems are listed, other profiles are still assessed); \
            2 when a programme or policy rule failed (its decision says error, with file:line; every other \
            decision stands).
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json }

    @Argument(help: "Profiles to assess (YAML or JSON; - for standard input), or case files.")
    var profiles: [String]

    @OptionGroup var ruleSetOptions: RuleSetOptions

    @Option(name: .long, help: "The assessment date (YYYY-MM-DD); default today, or a case file's own date.")
    var on: CivilDate?

    @Option(name: .long, help: "text or json.")
    var format: Format = .text

    @Flag(name: .long, help: "Show the trace: facts, parameters with their dates, and the rule line behind each outcome.")
    var explain = false

    func run() throws {
        let ruleSet = try ruleSetOptions.loadRuleSet()
        let assessor = try ruleSetOptions.makeAssessor(ruleSet)
        ruleSetOptions.printProblems(assessor.loadProblems.map { var p = $0; p.severity = .warning; return p }, prefix: ruleSetOptions.rules)
        let date = on ?? CivilDate.today()
        let extraFacts = explain ? assessor.facts.map(\.id) : []
        var unreadable = false
        var assessments: [Assessment] = []
        for path in profiles {
            let source = path == "-" ? "(standard input)" : path
            let results: [Result<Assessment, DiagnosticList>] = switch readDocument(path, source: source) {
            case .success(let document):
                assess(document, path: path, source: source, assessor: assessor, date: date, extraFacts: extraFacts)
            case .failure(let problems): [.failure(problems)]
            }
            for result in results {
                switch result {
                case .success(let assessment):
                    assessments.append(assessment)
                case .failure(let problems):
                    ruleSetOptions.printProblems(problems.diagnostics)
                    unreadable = true
                }
            }
        }
        switch format {
        case .text:
            let sheet = DecisionSheet(explain: explain)
            print(assessments.map(sheet.render).joined(separator: "\n"), terminator: "")
        case .json:
            let values = assessments.map(AssessmentJSON.value)
            if !values.isEmpty { print((values.count == 1 ? values[0] : .array(values)).rendered(indent: true)) }
        }
        if unreadable { throw ExitCode(1) }
        if assessments.contains(where: \.hasFailures) { throw ExitCode(2) }
    }

    /// A profile's assessment; a case file's cases, each on its date (unless `--on`), with its pins and history.
    private func assess(_ document: DocumentNode, path: String, source: String, assessor: Assessor, date: CivilDate,
                        extraFacts: [String]) -> [Result<Assessment, DiagnosticList>] {
        guard path != "-", document["expect"] != nil || document["cases"] != nil else {
            return [assessor.assess(document: document, source: source, on: date, alsoComputing: extraFacts)]
        }
        let cases: [TestCase]
        do { cases = try CaseFileLoader.load(path) } catch { return [.failure(error)] }
        return cases.map { testCase in
            assessor.assess(document: testCase.profile, source: testCase.profileSource, on: on ?? testCase.date,
                            history: testCase.history, historySource: testCase.file, overriding: testCase.parameterOverrides,
                            alsoComputing: extraFacts)
        }
    }

    private func readDocument(_ path: String, source: String) -> Result<DocumentNode, DiagnosticList> {
        Result { () throws(Diagnostic) in
            if path == "-" { return try DocumentNode.read(.standardInput, displayName: source, limits: .standard) }
            return try DocumentNode.load(contentsOf: URL(fileURLWithPath: path), displayName: source, limits: .standard)
        }.mapError { DiagnosticList([$0]) }
    }
}
