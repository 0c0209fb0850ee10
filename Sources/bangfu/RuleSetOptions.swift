import ArgumentParser
import Eligibility
import Foundation

/// Options every command that runs rules shares.
struct RuleSetOptions: ParsableArguments {
    @Option(name: .long, help: "The rule set folder.")
    var rules: String = "Rules"

    @Option(name: .long, help: "Lua instructions each programme, fact or policy may run.")
    var maxInstructions: Int = RuleLimits.default.instructionBudget

    @Option(name: .long, help: "Memory one assessment's Lua state may use, in MiB.")
    var maxMemory: Int = RuleLimits.default.memoryCap >> 20

    @Option(name: .long, help: "Wall-clock seconds each programme, fact or policy may run (a backstop; 0: none).")
    var maxSeconds: Double = RuleLimits.default.timeLimit

    @Option(name: .long, help: "The language of messages: zh (Chinese) or en (English) (default: the rule set's language:, else zh).")
    var lang: Language?

    var limits: RuleLimits { RuleLimits(instructionBudget: maxInstructions, memoryCap: maxMemory << 20, timeLimit: maxSeconds) }

    /// The language messages are shown in: `--lang`, else the one ruleset.yaml names, else Chinese.
    var language: Language {
        lang ?? RuleSet.declaredLanguage(in: URL(fileURLWithPath: rules)) ?? .default
    }

    /// The rule set, in the language of `--lang` when given, or every problem that stops it loading,
    /// printed, then exit 1.
    func loadRuleSet() throws -> RuleSet {
        do {
            var ruleSet = try RuleSet.load(from: URL(fileURLWithPath: rules))
            if let lang { ruleSet.language = lang }
            return ruleSet
        } catch {
            printProblems(error.diagnostics, prefix: rules)
            throw ExitCode(1)
        }
    }

    func makeAssessor(_ ruleSet: RuleSet) throws -> Assessor {
        do {
            return try Assessor(ruleSet: ruleSet, limits: limits)
        } catch {
            printError(Text(zh: "bangfu：规则引擎无法启动：\(error)", en: "bangfu: the rule engine could not start: \(error)").rendered(in: language))
            throw ExitCode(1)
        }
    }

    /// The case files of the rule set when none are named: the `Cases` folder beside the rules folder
    /// (`…/Rules` and `…/Cases`, as `bangfu new ruleset` lays them out), else `Cases` in the current
    /// folder; nil when there is neither.
    var casesBesideRules: String? {
        let manager = FileManager.default
        let beside = URL(fileURLWithPath: rules).standardizedFileURL.deletingLastPathComponent().appendingPathComponent("Cases")
        if manager.fileExists(atPath: beside.path) {
            let here = URL(fileURLWithPath: manager.currentDirectoryPath).standardizedFileURL.path + "/"
            return beside.path.hasPrefix(here) ? String(beside.path.dropFirst(here.count)) : beside.path
        }
        return manager.fileExists(atPath: "Cases") ? "Cases" : nil
    }

    /// Diagnostics name files relative to the rule set; show them as the user can open them, in `language`.
    func printProblems(_ problems: [Diagnostic], prefix: String? = nil) {
        let language = language
        for var problem in problems {
            if let prefix, let file = problem.file, !file.hasPrefix("/") { problem.file = (prefix as NSString).appendingPathComponent(file) }
            printError(problem.severityLabel.rendered(in: language) + (language == .zh ? "：" : ": ") + problem.rendered(in: language))
        }
    }
}

func printError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}

extension CivilDate: ExpressibleByArgument {
    public init?(argument: String) { self.init(argument) }
}

extension Language: ExpressibleByArgument {}
