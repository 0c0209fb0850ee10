import ArgumentParser
import Foundation
import RuleSetSkeletons

struct NewRuleSetCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ruleset",
        abstract: "Write a new rule set: DIR/Rules and DIR/Cases, commented in Chinese.",
        discussion: """
            The rule set has one example programme (生活救助) with its parameters, facts, schema and three \
            cases (eligible, ineligible, needs information); it passes `bangfu check --strict` and its cases \
            pass `bangfu test`. Edit it from there (Rules/README.md explains every file). DIR must be new or \
            empty.
            """
    )

    @Argument(help: "The folder to write (new or empty).")
    var folder: String

    @Option(name: .long, help: "The rule set's title, as decision sheets show it.")
    var title = "困难职工帮扶规则"

    @Option(name: .long, help: "The body that issues the rules.")
    var authority = "总工会困难职工帮扶中心"

    func run() throws {
        let root = URL(fileURLWithPath: folder)
        do {
            let written = try RuleSetSkeleton.writeRuleSet(into: root, title: title, authority: authority)
            print("已写入 \(written.count) 个文件：")
            for path in written { print("  \(root.appendingPathComponent(path).relativePath)") }
            let rules = root.appendingPathComponent(RuleSetSkeleton.rulesFolder).relativePath
            let cases = root.appendingPathComponent(RuleSetSkeleton.casesFolder).relativePath
            print("下一步：bangfu check --rules \(rules) --strict，然后 bangfu test \(cases) --rules \(rules)")
        } catch {
            printError("bangfu new ruleset: \(error)")
            throw ExitCode(1)
        }
    }
}
