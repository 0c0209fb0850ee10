import Eligibility
import Foundation

/// What `bangfu new` writes for a policy officer: a whole rule set that passes `bangfu check --strict`
/// and whose cases pass `bangfu test` (a rules folder and a cases folder side by side, as in this
/// repository), and a programme added to a rule set. The files are this module's `Skeleton` resource,
/// commented in Chinese for the officer who edits them; `{{title}}`, `{{authority}}` and `{{id}}` are
/// filled in.
package enum RuleSetSkeleton {
    /// The folder names of a new rule set, beside each other.
    package static let rulesFolder = "Rules", casesFolder = "Cases"

    /// Writes a new rule set into `folder` (made if missing; refused if it holds anything) and returns the
    /// files written, relative to it.
    package static func writeRuleSet(into folder: URL, title: String, authority: String) throws(SkeletonError) -> [String] {
        try checkText(title, what: "标题")
        try checkText(authority, what: "制定机关")
        let manager = FileManager.default
        if let existing = try? manager.contentsOfDirectory(atPath: folder.path), !existing.isEmpty {
            throw SkeletonError("\(folder.path) 不是空文件夹：新规则集只写到新的或空的文件夹里，不覆盖已有的文件")
        }
        var written: [String] = []
        for relative in try skeletonFiles() where relative != programmeTemplate {
            let text = try skeletonText(relative)
                .replacingOccurrences(of: "{{title}}", with: title)
                .replacingOccurrences(of: "{{authority}}", with: authority)
            try write(text, to: folder.appendingPathComponent(relative))
            written.append(relative)
        }
        return written
    }

    /// Writes `programmes/<id>.lua` into the rules folder `rules` and lists it in `ruleset.yaml`, after the
    /// programmes already there; returns the files changed, relative to `rules`. Nothing is changed when
    /// the rule set would not load afterwards.
    package static func addProgramme(id: String, title: String, to rules: URL) throws(SkeletonError) -> [String] {
        guard id.wholeMatch(of: /[a-z][a-z0-9_]*/) != nil else {
            throw SkeletonError("项目代码“\(id)”不可用：只能用小写英文字母、数字和下划线，以字母开头（如 school_aid）")
        }
        try checkText(title, what: "项目名称")
        let file = rules.appendingPathComponent("programmes/\(id).lua")
        let ruleSetFile = rules.appendingPathComponent("ruleset.yaml")
        guard !FileManager.default.fileExists(atPath: file.path) else {
            throw SkeletonError("programmes/\(id).lua 已经存在：不覆盖")
        }
        guard let ruleSetText = try? String(contentsOf: ruleSetFile, encoding: .utf8) else {
            throw SkeletonError("读不到 \(ruleSetFile.path)：请用 --rules 指定规则集文件夹")
        }
        let listed = try listing(id: id, title: title, in: ruleSetText)
        let programme = try skeletonText(programmeTemplate)
            .replacingOccurrences(of: "{{id}}", with: id)
            .replacingOccurrences(of: "{{title}}", with: title)
        try write(programme, to: file)
        try write(listed, to: ruleSetFile)
        do {
            _ = try RuleSet.load(from: rules)
        } catch {
            try? FileManager.default.removeItem(at: file)
            try? write(ruleSetText, to: ruleSetFile)
            throw SkeletonError("加入项目后规则集无法读取，已恢复原样：\(error)")
        }
        return ["programmes/\(id).lua", "ruleset.yaml"]
    }

    /// `ruleSet` (the text of a `ruleset.yaml`) with `id` added as the last item of its block list of
    /// programmes, indented as the others are, its title as the line's comment.
    static func listing(id: String, title: String, in ruleSet: String) throws(SkeletonError) -> String {
        var lines = ruleSet.components(separatedBy: "\n")
        guard let head = lines.firstIndex(where: { $0.hasPrefix("programmes:") }),
              lines[head].drop(while: { $0 != ":" }).dropFirst().trimmingCharacters(in: .whitespaces).allSatisfy({ $0 != "[" }) else {
            throw SkeletonError("ruleset.yaml 中没有逐行列出的 programmes: 清单，请手工加入“- \(id)”")
        }
        var last = head
        var indent = "  "
        for index in lines.indices.dropFirst(head + 1) {
            let line = lines[index]
            let content = line.drop(while: { $0 == " " })
            if content.hasPrefix("- ") {
                let item = content.dropFirst(2).prefix { $0 != " " && $0 != "#" }
                if item == id { throw SkeletonError("ruleset.yaml 的 programmes 中已经有 \(id)") }
                last = index
                indent = String(line.prefix { $0 == " " })
            } else if !(content.isEmpty || content.hasPrefix("#")) {
                break
            }
        }
        lines.insert("\(indent)- \(id)    # \(title)", at: last + 1)
        return lines.joined(separator: "\n")
    }

    private static let programmeTemplate = "programme.lua"

    /// A title goes into Lua strings and YAML scalars as typed: nothing that would end either.
    private static func checkText(_ text: String, what: String) throws(SkeletonError) {
        if text.trimmingCharacters(in: .whitespaces).isEmpty { throw SkeletonError("\(what)不能为空") }
        if text.contains(where: { "\"\\\n\r#:".contains($0) }) {
            throw SkeletonError("\(what)“\(text)”中不能有引号、反斜杠、冒号、井号或换行")
        }
    }

    private static var skeleton: URL? { Bundle.module.url(forResource: "Skeleton", withExtension: nil) }

    /// The skeleton's files, relative to it, sorted.
    private static func skeletonFiles() throws(SkeletonError) -> [String] {
        guard let root = skeleton, let walk = FileManager.default.enumerator(atPath: root.path) else {
            throw SkeletonError("the skeleton files are missing from this build of bangfu")
        }
        return walk.compactMap { $0 as? String }.filter { path in
            var folder: ObjCBool = false
            return FileManager.default.fileExists(atPath: root.appendingPathComponent(path).path, isDirectory: &folder) && !folder.boolValue
        }.sorted()
    }

    private static func skeletonText(_ relative: String) throws(SkeletonError) -> String {
        guard let root = skeleton, let text = try? String(contentsOf: root.appendingPathComponent(relative), encoding: .utf8) else {
            throw SkeletonError("the skeleton file \(relative) is missing from this build of bangfu")
        }
        return text
    }

    private static func write(_ text: String, to file: URL) throws(SkeletonError) {
        do {
            try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: file)
        } catch {
            throw SkeletonError("写不进 \(file.path)：\(error.localizedDescription)")
        }
    }
}

/// Why `bangfu new` wrote nothing: said to the officer, in Chinese.
package struct SkeletonError: Error, CustomStringConvertible {
    package var description: String
    init(_ description: String) { self.description = description }
}
