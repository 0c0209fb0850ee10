import CaseTesting
import Eligibility
import Foundation
import Yams

/// `bangfu test --update`: writes the current results into the expectations of failing cases, editing
/// each value where it stands so that the file's comments, order and layout stay as the author left them.
package enum CaseUpdater {
    package struct FileUpdate: Sendable {
        package var file: String
        /// Expectations rewritten.
        package var updated: Int
        /// Differences that could not be written back (a block-style list, an expectation missing from the
        /// file, an invalid profile), to mend by hand.
        package var leftAlone: [Text]
    }

    package static func update(_ results: [CaseResult]) -> [FileUpdate] {
        var files: [String] = []
        for result in results where !result.passed && !files.contains(result.testCase.file) { files.append(result.testCase.file) }
        return files.map { file in update(file: file, results: results.filter { $0.testCase.file == file && !$0.passed }) }
    }

    static func update(file: String, results: [CaseResult]) -> FileUpdate {
        var outcome = FileUpdate(file: file, updated: 0, leftAlone: [])
        guard let text = try? String(contentsOfFile: file, encoding: .utf8), let root = try? Yams.compose(yaml: text) else {
            outcome.leftAlone.append(Text(zh: "\(file)：无法再次读取", en: "\(file): cannot read it again"))
            return outcome
        }
        var edits: [Edit] = []
        for result in results {
            guard result.inputProblems.isEmpty, let assessment = result.assessment else {
                outcome.leftAlone.append(Text(zh: "\(result.testCase.name)：它的输入无效", en: "\(result.testCase.name): its input is not valid"))
                continue
            }
            guard let caseNode = caseNode(in: root, line: result.testCase.line), let expect = caseNode["expect"] else {
                outcome.leftAlone.append(Text(zh: "\(result.testCase.name)：在文件中找不到它", en: "\(result.testCase.name): cannot find it in the file"))
                continue
            }
            for mismatch in result.mismatches {
                if let edit = edit(for: mismatch, expect: expect, assessment: assessment, text: text) {
                    edits.append(edit)
                    outcome.updated += 1
                } else {
                    let place = "\(mismatch.subject).\(mismatch.field)"
                    outcome.leftAlone.append(Text(zh: "\(result.testCase.name)：\(place)", en: "\(result.testCase.name): \(place)"))
                }
            }
        }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        // From the end of each line backwards, so earlier columns stay valid.
        for edit in edits.sorted(by: { ($0.line, $0.column) > ($1.line, $1.column) }) {
            var scalars = Array(lines[edit.line - 1].unicodeScalars)
            scalars.replaceSubrange(edit.column - 1 ..< edit.column - 1 + edit.length, with: edit.replacement.unicodeScalars)
            var line = String.UnicodeScalarView()
            line.append(contentsOf: scalars)
            lines[edit.line - 1] = String(line)
        }
        if !edits.isEmpty {
            do {
                try lines.joined(separator: "\n").write(toFile: file, atomically: true, encoding: .utf8)
            } catch {
                outcome.leftAlone.append(Text(zh: "\(file)：无法写入：\(error.localizedDescription)",
                                              en: "\(file): cannot write it: \(error.localizedDescription)"))
                outcome.updated = 0
            }
        }
        return outcome
    }

    /// A replacement on one line; columns count Unicode scalars from 1, as libyaml's marks do.
    struct Edit {
        var line: Int
        var column: Int
        var length: Int
        var replacement: String
    }

    static func caseNode(in root: Node, line: Int?) -> Node? {
        if case .sequence(let cases)? = root["cases"] {
            return cases.first { $0.mark?.line == line }
        }
        return root
    }

    static func edit(for mismatch: Mismatch, expect: Node, assessment: Assessment, text: String) -> Edit? {
        if mismatch.subject.hasPrefix("facts.") {
            let id = String(mismatch.subject.dropFirst("facts.".count))
            guard let node = expect["facts"]?[id], let fact = assessment.facts.first(where: { $0.id == id }) else { return nil }
            return replace(node, with: CaseRunner.plain(fact.value), in: text)
        }
        guard let entry = expect["programmes"]?[mismatch.subject], let decision = assessment.decision(mismatch.subject) else {
            return nil
        }
        if entry.scalar != nil {
            return mismatch.field == "outcome" ? replace(entry, with: decision.outcome.rawValue, in: text) : nil
        }
        let summary = DecisionFigures(decision)
        switch mismatch.field {
        case "outcome": return entry["outcome"].flatMap { replace($0, with: decision.outcome.rawValue, in: text) }
        case "cash": return entry["cash"].flatMap { replace($0, with: summary.cash.plain, in: text) }
        case "cash_per_year": return entry["cash_per_year"].flatMap { replace($0, with: decision.cashPerYear.plain, in: text) }
        case "entitlement": return entry["entitlement"].flatMap { replace($0, with: summary.entitlement.plain, in: text) }
        case "period":
            guard let period = summary.periods.first, summary.periods.count == 1 else { return nil }
            return entry["period"].flatMap { replace($0, with: period.rawValue, in: text) }
        case "reasons":
            guard let node = entry["reasons"], case .sequence(let list) = node, list.style == .flow else { return nil }
            return replaceFlowSequence(node, with: "[" + decision.reasons.map(\.code).joined(separator: ", ") + "]", in: text)
        default: return nil
        }
    }

    /// A scalar, plain or quoted, on one line.
    static func replace(_ node: Node, with value: String, in text: String) -> Edit? {
        guard let scalar = node.scalar, let mark = scalar.mark else { return nil }
        let length: Int
        switch scalar.style {
        case .plain: length = scalar.string.unicodeScalars.count
        case .singleQuoted, .doubleQuoted:
            guard let line = line(mark.line, of: text), let end = closingQuote(in: line, from: mark.column - 1) else { return nil }
            length = end - (mark.column - 1) + 1
        default: return nil
        }
        return Edit(line: mark.line, column: mark.column, length: length, replacement: value)
    }

    static func replaceFlowSequence(_ node: Node, with value: String, in text: String) -> Edit? {
        guard let mark = node.mark, let line = line(mark.line, of: text) else { return nil }
        let scalars = Array(line.unicodeScalars)
        guard mark.column - 1 < scalars.count, scalars[mark.column - 1] == "[",
              let end = scalars[(mark.column - 1)...].firstIndex(of: "]") else { return nil }
        return Edit(line: mark.line, column: mark.column, length: end - (mark.column - 1) + 1, replacement: value)
    }

    static func line(_ number: Int, of text: String) -> Substring? {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        return number >= 1 && number <= lines.count ? lines[number - 1] : nil
    }

    static func closingQuote(in line: Substring, from start: Int) -> Int? {
        let scalars = Array(line.unicodeScalars)
        guard start < scalars.count else { return nil }
        let quote = scalars[start]
        var index = start + 1
        while index < scalars.count {
            if scalars[index] == "\\" && quote == "\"" { index += 2; continue }
            if scalars[index] == quote { return index }
            index += 1
        }
        return nil
    }
}
