import Eligibility
import Foundation

/// A new dated value for one parameter, written into its file as an officer would write it by hand:
/// one line `DATE: {value: V, reference: "R"}` among the parameter's other dated values, in date order
/// (replacing the entry of the same date), every other byte of the file (comments, layout) kept.
struct ParameterChange: Sendable, Equatable {
    var parameter: String
    var from: CivilDate
    /// As typed, in the parameter's unit (yuan for money).
    var value: String
    var reference: String

    /// Why a change cannot be written; `field` names the form's field.
    struct Refusal: Error, Equatable {
        var field: String
        var message: String
    }

    /// The rule set's files with the change written into the parameter's file.
    func files(changing ruleSet: RuleSet) throws(Refusal) -> [RuleSetFile] {
        guard let target = ruleSet.parameters.parameter(parameter) else {
            throw Refusal(field: "parameter", message: "规则中没有参数 \(parameter)。")
        }
        guard value.wholeMatch(of: #/-?[0-9]+(\.[0-9]+)?/#) != nil else {
            throw Refusal(field: "value", message: "请填写数字（金额以元计，如 1000 或 1000.50；比例如 0.8）。")
        }
        guard target.values.allSatisfy({ entry in entry.value.map(Self.isNumber) ?? true }) else {
            throw Refusal(field: "value", message: "该参数的值是列表或表格，请在规则文件中修改。")
        }
        let text = reference.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty, !text.contains(where: \.isNewline) else {
            throw Refusal(field: "reference", message: "请填写新值的依据（文件名称和文号），写在一行内。")
        }
        guard let index = ruleSet.hashedFiles.firstIndex(where: { $0.path == target.file }) else {
            throw Refusal(field: "parameter", message: "找不到参数 \(parameter) 所在的文件 \(target.file)。")
        }
        var files = ruleSet.hashedFiles
        let source = String(decoding: files[index].bytes, as: UTF8.self)
        files[index].bytes = Array(try rewrite(source, entries: target.values, reference: text).utf8)
        return files
    }

    /// The file's text with the new entry in place.
    func rewrite(_ source: String, entries: [DatedValue], reference: String) throws(Refusal) -> String {
        var lines = source.components(separatedBy: "\n")
        // Each entry on a line of its own, starting with its date (block style): else the values sit in
        // one line (`values: {2020-01-01: 0.8}`), which is left to the file's author.
        var starts: [Int] = []
        for entry in entries {
            guard let line = entry.line, line >= 1, line <= lines.count,
                  lines[line - 1].trimmingCharacters(in: .whitespaces).hasPrefix("\(entry.from):") else {
                throw Refusal(field: "value", message: "该参数的值写在同一行内，请在规则文件中修改。")
            }
            starts.append(line - 1)
        }
        guard let first = starts.first else { throw Refusal(field: "value", message: "该参数还没有值，请在规则文件中添加。") }
        let indent = String(lines[first].prefix { $0 == " " })
        let entry = indent + "\(from): {value: \(value), reference: \(Self.quoted(reference))}"
        /// The line after an entry: past the lines indented under it (its own block, if any).
        func end(of start: Int) -> Int {
            var next = start + 1
            while next < lines.count, lines[next].prefix(while: { $0 == " " }).count > indent.count,
                  !lines[next].trimmingCharacters(in: .whitespaces).isEmpty {
                next += 1
            }
            return next
        }
        if let same = entries.firstIndex(where: { $0.from == from }) {
            let replaced = starts[same]..<end(of: starts[same])
            lines.replaceSubrange(replaced, with: [entry])
        } else if let later = entries.firstIndex(where: { $0.from > from }) {
            lines.insert(entry, at: starts[later])
        } else {
            let after = end(of: starts[starts.count - 1])
            lines.insert(entry, at: after)
        }
        return lines.joined(separator: "\n")
    }

    static func isNumber(_ value: ParameterValue) -> Bool {
        switch value {
        case .money, .decimal, .whole: true
        case .list, .table: false
        }
    }

    /// A YAML double-quoted scalar: whatever the reference holds (`:`, `#`, commas), it reads back as typed.
    static func quoted(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }
}
