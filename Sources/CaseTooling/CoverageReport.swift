import CaseTesting
import Eligibility

/// `bangfu test --coverage`: what no case exercises. Per rule file, the Lua lines no case ran (as
/// ranges); per programme, the outcomes no case reached; the parameters and profile fields no case read.
package struct CoverageReport: Sendable {
    package struct FileCoverage: Sendable {
        package var file: String
        package var executable: Set<Int>
        package var run: Set<Int>

        package var percent: Double { executable.isEmpty ? 100 : 100 * Double(run.count) / Double(executable.count) }

        /// Lines not run, as `12-14, 20`: a range spans lines that hold no code between unrun ones.
        package var unrunRanges: String {
            let unrun = executable.subtracting(run).sorted()
            var ranges: [(Int, Int)] = []
            for line in unrun {
                if let last = ranges.last, !executable.contains(where: { $0 > last.1 && $0 < line }) {
                    ranges[ranges.count - 1].1 = line
                } else {
                    ranges.append((line, line))
                }
            }
            return ranges.map { $0.0 == $0.1 ? "\($0.0)" : "\($0.0)-\($0.1)" }.joined(separator: ", ")
        }
    }

    package var files: [FileCoverage]
    /// Programme id → the outcomes (eligible, ineligible, refer) no case reached, but those it declares
    /// it never reaches.
    package var outcomesNotReached: [(programme: String, outcomes: [Outcome])]
    /// Programme id → the outcomes it declares it never reaches (`never`), and those of them a case reached
    /// all the same (the declaration or the rules are wrong).
    package var outcomesDeclaredNever: [(programme: String, outcomes: [Outcome])]
    package var neverYetReached: [(programme: String, outcomes: [Outcome])]
    package var parametersNotRead: [String]
    package var fieldsNotRead: [String]

    package var percent: Double {
        let executable = files.reduce(0) { $0 + $1.executable.count }
        return executable == 0 ? 100 : 100 * Double(files.reduce(0) { $0 + $1.run.count }) / Double(executable)
    }

    package init(ruleSet: RuleSet, results: [CaseResult], coverage: RuleCoverage) {
        files = ruleSet.files.map { file in
            let executable = RuleCoverage.executableLines(of: file)
            return FileCoverage(file: file.path, executable: executable, run: executable.intersection(coverage.lines[file.path] ?? []))
        }
        let assessments = results.compactMap(\.assessment)
        let ruleOutcomes: [Outcome] = [.eligible, .ineligible, .refer]
        var notReached: [(programme: String, outcomes: [Outcome])] = []
        var declared = notReached, contradicted = notReached
        for id in ruleSet.programmeIDs {
            let reached = Set(assessments.compactMap { $0.decision(id)?.outcome })
            let never = coverage.neverReached[id] ?? []
            let missing = ruleOutcomes.filter { !reached.contains($0) && !never.contains($0) }
            if !missing.isEmpty { notReached.append((id, missing)) }
            if !never.isEmpty { declared.append((id, ruleOutcomes.filter(never.contains))) }
            let both = ruleOutcomes.filter { never.contains($0) && reached.contains($0) }
            if !both.isEmpty { contradicted.append((id, both)) }
        }
        (outcomesNotReached, outcomesDeclaredNever, neverYetReached) = (notReached, declared, contradicted)
        let read = Set(assessments.flatMap { $0.decisions.flatMap { $0.parametersUsed.map(\.path) } + $0.policyParametersUsed.map(\.path) })
        parametersNotRead = ruleSet.parameters.parameters.map(\.path).filter { !read.contains($0) }
        let identity = Set([ruleSet.applicantNameField, ruleSet.applicantIDField].compactMap { $0 })
        fieldsNotRead = Self.leafPaths(ruleSet.schema.root, prefix: "")
            .filter { !identity.contains($0.path) && !$0.displayOnly && !coverage.fieldsRead.contains($0.path) }
            .map(\.path)
    }

    static func leafPaths(_ shape: ObjectShape, prefix: String) -> [(path: String, displayOnly: Bool)] {
        shape.fields.flatMap { field -> [(path: String, displayOnly: Bool)] in
            let path = prefix + field.name
            switch field.type {
            case .object(let inner): return leafPaths(inner, prefix: path + ".")
            case .list(let inner, _): return leafPaths(inner, prefix: path + "[].")
            default: return [(path, field.isDisplayOnly)]
            }
        }
    }

    package func text(in language: Language) -> String {
        func say(_ zh: String, _ en: String) -> String { Text(zh: zh, en: en).rendered(in: language) }
        let list = language == .zh ? "、" : ", "
        var lines = [say("覆盖率：至少有一个案例运行过的规则行", "Coverage: lines of the rules that at least one case ran")]
        let overall = say("合计", "overall")
        let width = max(files.map(\.file.displayWidth).max() ?? 0, overall.displayWidth)
        func row(_ name: String, _ percent: Double, _ run: Int, _ total: Int, _ unrun: String) -> String {
            let padded = name + String(repeating: " ", count: width - name.displayWidth)
            let figure = String(format: "%6.1f%%  (%d/%d)", percent, run, total)
            return "  \(padded)  \(figure)" + (unrun.isEmpty ? "" : say("  未运行：", "  not run: ") + unrun)
        }
        for file in files {
            lines.append(row(file.file, file.percent, file.run.count, file.executable.count, file.unrunRanges))
        }
        lines.append(row(overall, percent, files.reduce(0) { $0 + $1.run.count }, files.reduce(0) { $0 + $1.executable.count }, ""))
        func outcomes(_ programmes: [(programme: String, outcomes: [Outcome])]) {
            for (programme, outcomes) in programmes {
                lines.append("  \(programme)" + say("：", ": ") + outcomes.map(\.rawValue).joined(separator: list))
            }
        }
        lines.append(outcomesNotReached.isEmpty
                     ? (outcomesDeclaredNever.isEmpty ? say("每个项目都有案例得出 eligible、ineligible 和 refer。",
                                                            "Every programme reaches eligible, ineligible and refer in some case.")
                                                      : say("每个项目都有案例得出它会给出的每种结论。",
                                                            "Every programme reaches eligible, ineligible and refer in some case, but the outcomes it declares it never reaches."))
                     : say("没有案例得出的结果：", "Outcomes no case reaches:"))
        outcomes(outcomesNotReached)
        if !outcomesDeclaredNever.isEmpty {
            lines.append(say("按设计不会出现的结论（never = …）：", "Outcomes programmes never reach by design (never = …):"))
            outcomes(outcomesDeclaredNever)
        }
        if !neverYetReached.isEmpty {
            lines.append(say("声明不会出现、却有案例得出的结论（请修改规则或声明）：",
                             "Outcomes a programme declares it never reaches, yet a case reaches (mend the rules or the declaration):"))
            outcomes(neverYetReached)
        }
        lines.append(parametersNotRead.isEmpty ? say("每个参数都有案例读取。", "Every parameter is read by some case.")
                     : say("没有案例读取的参数：", "Parameters no case reads: ") + parametersNotRead.joined(separator: list))
        lines.append(fieldsNotRead.isEmpty ? say("每个档案字段都有案例读取。", "Every profile field is read by some case.")
                     : say("没有案例读取的档案字段：", "Profile fields no case reads: ") + fieldsNotRead.joined(separator: list))
        return lines.joined(separator: "\n") + "\n"
    }
}
