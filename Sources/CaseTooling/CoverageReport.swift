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

    package func text() -> String {
        var lines = ["Coverage: lines of the rules that at least one case ran"]
        let width = max(files.map(\.file.count).max() ?? 0, "overall".count)
        func row(_ name: String, _ percent: Double, _ run: Int, _ total: Int, _ unrun: String) -> String {
            let padded = name + String(repeating: " ", count: width - name.count)
            let figure = String(format: "%6.1f%%  (%d/%d)", percent, run, total)
            return "  \(padded)  \(figure)" + (unrun.isEmpty ? "" : "  not run: \(unrun)")
        }
        for file in files {
            lines.append(row(file.file, file.percent, file.run.count, file.executable.count, file.unrunRanges))
        }
        lines.append(row("overall", percent, files.reduce(0) { $0 + $1.run.count }, files.reduce(0) { $0 + $1.executable.count }, ""))
        func list(_ programmes: [(programme: String, outcomes: [Outcome])]) {
            for (programme, outcomes) in programmes {
                lines.append("  \(programme): \(outcomes.map(\.rawValue).joined(separator: ", "))")
            }
        }
        lines.append(outcomesNotReached.isEmpty ? "Every programme reaches eligible, ineligible and refer in some case"
                     + (outcomesDeclaredNever.isEmpty ? "." : ", but the outcomes it declares it never reaches.")
                     : "Outcomes no case reaches:")
        list(outcomesNotReached)
        if !outcomesDeclaredNever.isEmpty {
            lines.append("Outcomes programmes never reach by design (never = …):")
            list(outcomesDeclaredNever)
        }
        if !neverYetReached.isEmpty {
            lines.append("Outcomes a programme declares it never reaches, yet a case reaches (mend the rules or the declaration):")
            list(neverYetReached)
        }
        lines.append(parametersNotRead.isEmpty ? "Every parameter is read by some case."
                     : "Parameters no case reads: " + parametersNotRead.joined(separator: ", "))
        lines.append(fieldsNotRead.isEmpty ? "Every profile field is read by some case."
                     : "Profile fields no case reads: " + fieldsNotRead.joined(separator: ", "))
        return lines.joined(separator: "\n") + "\n"
    }
}
