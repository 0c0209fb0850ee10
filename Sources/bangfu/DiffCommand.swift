import ArgumentParser
import CaseTesting
import ChangeImpact
import Eligibility
import Foundation

struct DiffCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Show what a rule change does: the same applicants under the base rules and the current ones.",
        discussion: """
            INPUT is case files, profile files (YAML or JSON), JSON-lines files (one profile a line) or \
            folders of them (default: Cases). Case files bring their own date and parameter overrides; \
            other profiles are assessed on --on. The base is another rule set folder, or a git revision \
            of the --rules folder (HEAD, main~3, a tag). With --caseload the applicants are those on a \
            register (the newest entry of each), assessed on --on with the grants on record for their \
            household: what the change does to the people on file and to the year's budget.

            Exit status (as diff(1)): 0 no decision changed; 1 some decisions changed; 2 trouble (an \
            unreadable input or rule set, an applicant that cannot be assessed, or a failing rule).
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json }

    @Argument(help: "Case files, profiles, JSON-lines files, or folders of them (default: the Cases folder beside the rules folder, else ./Cases).")
    var inputs: [String] = []

    @OptionGroup var caseloadOptions: CaseloadOptions

    @Option(name: .long, help: "The rule set to compare with: a folder, or a git revision of --rules.")
    var base: String

    @OptionGroup var ruleSetOptions: RuleSetOptions

    @Option(name: .long, help: "The assessment date for profiles that do not carry one (default today).")
    var on: CivilDate?

    @Option(name: .long, help: "text or json.")
    var format: Format = .text

    @Option(name: .long, help: "Applicants to assess at once (default: the number of cores).")
    var jobs: Int = CaseSuite.defaultJobs

    func validate() throws {
        if caseloadOptions.caseload && !inputs.isEmpty { throw ValidationError("--caseload reads the register: name no input") }
    }

    func run() async throws {
        let current = try ruleSetOptions.loadRuleSet()
        var baseRules: RuleSet
        do {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: base, isDirectory: &isDirectory), isDirectory.boolValue {
                baseRules = try RuleSet.load(from: URL(fileURLWithPath: base))
            } else {
                baseRules = try RuleSet.load(files: try filesAtBaseRevision())
            }
        } catch let problems as DiagnosticList {
            ruleSetOptions.printProblems(problems.diagnostics, prefix: base)
            throw ExitCode(2)
        }
        // Both sides' rule errors read in the language of the report.
        baseRules.language = current.language
        let date = on ?? CivilDate.today()
        let applicants: [Applicant]
        if caseloadOptions.caseload {
            applicants = try await caseloadOptions.load(on: date, command: "diff").compactMap(Applicant.init)
        } else {
            do {
                applicants = try ApplicantLoader.load(inputs.isEmpty ? [ruleSetOptions.casesBesideRules ?? "Cases"] : inputs)
            } catch {
                ruleSetOptions.printProblems(error.diagnostics)
                throw ExitCode(2)
            }
        }
        let report = ImpactAnalysis.run(applicants, base: baseRules, current: current, on: date,
                                        limits: ruleSetOptions.limits, jobs: jobs)
        switch format {
        case .text: print(report.text(baseName: base, in: current.language), terminator: "")
        case .json: print(report.json(baseName: base).rendered(indent: true))
        }
        if !report.problems.isEmpty || report.ruleFailures > 0 { throw ExitCode(2) }
        if report.hasChanges { throw ExitCode(1) }
    }

    /// The rule files of the --rules folder as committed at revision `base`, read straight from git:
    /// the tree listed by `git ls-tree`, the files' bytes from one `git cat-file --batch`.
    private func filesAtBaseRevision() throws -> [RuleSetFile] {
        // Run inside the rules folder, ls-tree lists that folder's part of the tree, by paths relative to it.
        // Entries are `<mode> <type> <object>\t<path>`; only regular files count (no links, no submodules).
        var wanted: [(path: String, object: String)] = []
        for entry in try git(["ls-tree", "-r", "-z", base]).split(separator: 0) {
            guard let tab = entry.firstIndex(of: UInt8(ascii: "\t")) else { continue }
            let fields = entry[..<tab].split(separator: UInt8(ascii: " ")).map { String(decoding: $0, as: UTF8.self) }
            let path = String(decoding: entry[(tab + 1)...], as: UTF8.self)
            guard fields.count == 3, ["100644", "100755"].contains(fields[0]), RuleSet.isRuleSetPath(path) else { continue }
            wanted.append((path, fields[2]))
        }
        guard !wanted.isEmpty else {
            printError(Text(zh: "bangfu：\(base) 版本的 \(ruleSetOptions.rules) 中没有规则文件", en: "bangfu: \(ruleSetOptions.rules) holds no rule files at \(base)")
                .rendered(in: ruleSetOptions.language))
            throw ExitCode(2)
        }
        // Each object comes back as `<object> blob <size>\n<bytes>\n`, in the order asked.
        let batch = try git(["cat-file", "--batch"], input: wanted.map { $0.object + "\n" }.joined())
        var files: [RuleSetFile] = []
        var position = batch.startIndex
        for file in wanted {
            guard let newline = batch[position...].firstIndex(of: UInt8(ascii: "\n")),
                  let size = String(decoding: batch[position..<newline], as: UTF8.self).split(separator: " ").last.flatMap({ Int($0) }),
                  newline + 1 + size < batch.endIndex else {
                printError(Text(zh: "bangfu：git 没有给出 \(base) 版本的 \(file.path) 的内容", en: "bangfu: git gave no contents for \(file.path) at \(base)")
                    .rendered(in: ruleSetOptions.language))
                throw ExitCode(2)
            }
            files.append(RuleSetFile(path: file.path, bytes: Array(batch[(newline + 1)..<(newline + 1 + size)])))
            position = newline + 1 + size + 1
        }
        return files
    }

    /// Runs git in the rules folder and returns its standard output; `input` is written from another thread,
    /// so that neither side waits on a full pipe.
    private func git(_ arguments: [String], input: String? = nil) throws -> [UInt8] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git", "-C", ruleSetOptions.rules] + arguments
        let output = Pipe(), errors = Pipe(), standardInput = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = standardInput
        try process.run()
        let writer = standardInput.fileHandleForWriting
        let request = Data((input ?? "").utf8)
        DispatchQueue.global().async {
            writer.write(request)
            try? writer.close()
        }
        let bytes = Array(output.fileHandleForReading.readDataToEndOfFile())
        let problem = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let rules = ruleSetOptions.rules, said = problem.trimmingCharacters(in: .whitespacesAndNewlines)
            printError(Text(zh: "bangfu：'\(base)' 既不是规则集文件夹，也不是 \(rules) 的 git 版本：\(said)",
                            en: "bangfu: '\(base)' is neither a rule set folder nor a git revision of \(rules): \(said)")
                .rendered(in: ruleSetOptions.language))
            throw ExitCode(2)
        }
        return bytes
    }
}
