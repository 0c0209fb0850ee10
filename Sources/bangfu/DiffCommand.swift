import ArgumentParser
import CaseTesting
import ChangeImpact
import Eligibility
import Foundation

struct DiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Show what a rule change does: the same applicants under the base rules and the current ones.",
        discussion: """
            INPUT is case files, profile files (YAML or JSON), JSON-lines files (one profile a line) or \
            folders of them (default: Cases). Case files bring their own date and parameter overrides; \
            other profiles are assessed on --on. The base is another rule set folder, or a git revision \
            of the --rules folder (HEAD, main~3, a tag).

            Exit status (as diff(1)): 0 no decision changed; 1 some decisions changed; 2 trouble (an \
            unreadable input or rule set, an applicant that cannot be assessed, or a failing rule).
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json }

    @Argument(help: "Case files, profiles, JSON-lines files, or folders of them.")
    var inputs: [String] = ["Cases"]

    @Option(name: .long, help: "The rule set to compare with: a folder, or a git revision of --rules.")
    var base: String

    @OptionGroup var ruleSetOptions: RuleSetOptions

    @Option(name: .long, help: "The assessment date for profiles that do not carry one (default today).")
    var on: CivilDate?

    @Option(name: .long, help: "text or json.")
    var format: Format = .text

    @Option(name: .long, help: "Applicants to assess at once (default: the number of cores).")
    var jobs: Int = CaseSuite.defaultJobs

    func run() throws {
        let current = try ruleSetOptions.loadRuleSet()
        let (baseFolder, cleanup) = try baseRuleSetFolder()
        defer { cleanup() }
        let baseRules: RuleSet
        do {
            baseRules = try RuleSet.load(from: URL(fileURLWithPath: baseFolder))
        } catch {
            ruleSetOptions.printProblems(error.diagnostics, prefix: base)
            throw ExitCode(2)
        }
        let applicants: [Applicant]
        do {
            applicants = try ApplicantLoader.load(inputs)
        } catch {
            ruleSetOptions.printProblems(error.diagnostics)
            throw ExitCode(2)
        }
        let report = ImpactAnalysis.run(applicants, base: baseRules, current: current, on: on ?? CivilDate.today(),
                                        limits: ruleSetOptions.limits, jobs: jobs)
        switch format {
        case .text: print(report.text(baseName: base), terminator: "")
        case .json: print(report.json(baseName: base).rendered(indent: true))
        }
        if !report.problems.isEmpty || report.ruleFailures > 0 { throw ExitCode(2) }
        if report.hasChanges { throw ExitCode(1) }
    }

    /// The base rules as a folder: as given, or checked out of git into a temporary folder.
    private func baseRuleSetFolder() throws -> (String, () -> Void) {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: base, isDirectory: &isDirectory), isDirectory.boolValue {
            return (base, {})
        }
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("bangfu-base-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        let cleanup = { _ = try? FileManager.default.removeItem(at: scratch) }
        // `git archive REV .` run inside the rules folder writes that folder as it was at REV.
        let archive = scratch.appendingPathComponent("rules.tar").path
        try git(["archive", "--format=tar", "-o", archive, base, "."])
        let untar = Process()
        untar.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        untar.arguments = ["tar", "-xf", archive, "-C", scratch.path]
        try untar.run()
        untar.waitUntilExit()
        guard untar.terminationStatus == 0 else {
            cleanup()
            printError("bangfu: could not unpack the rules at \(base)")
            throw ExitCode(2)
        }
        return (scratch.path, cleanup)
    }

    @discardableResult
    private func git(_ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git", "-C", ruleSetOptions.rules] + arguments
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let problem = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            printError("bangfu: '\(base)' is neither a rule set folder nor a git revision of \(ruleSetOptions.rules): "
                       + problem.trimmingCharacters(in: .whitespacesAndNewlines))
            throw ExitCode(2)
        }
        return text
    }
}
