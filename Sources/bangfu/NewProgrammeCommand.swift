import ArgumentParser
import Foundation
import RuleSetSkeletons

struct NewProgrammeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "programme",
        abstract: "Add a programme to a rule set: programmes/ID.lua, listed last in ruleset.yaml.",
        discussion: """
            The new programme refers every applicant to a caseworker until its rules are written (so it \
            passes `bangfu check` at once); its comments say what to fill in. Nothing is changed when \
            programmes/ID.lua exists, ID is listed already, or the rule set would not load afterwards. \
            `bangfu check` then reminds you to add cases for it.
            """
    )

    @Argument(help: "The programme's code: lowercase letters, digits and underscores (school_aid).")
    var id: String

    @Option(name: .long, help: "The programme's name, as decision sheets show it (金秋助学).")
    var title: String

    @Option(name: .long, help: "The rule set folder.")
    var rules = "Rules"

    func run() throws {
        let folder = URL(fileURLWithPath: rules)
        do {
            let changed = try RuleSetSkeleton.addProgramme(id: id, title: title, to: folder)
            print("已加入项目 \(id)（\(title)）：" + changed.map { folder.appendingPathComponent($0).relativePath }.joined(separator: "、"))
            print("下一步：在 \(folder.appendingPathComponent("programmes/\(id).lua").relativePath) 中写判定规则，为它添加案例，再运行 bangfu check --rules \(rules)")
        } catch {
            printError("bangfu new programme: \(error)")
            throw ExitCode(1)
        }
    }
}
