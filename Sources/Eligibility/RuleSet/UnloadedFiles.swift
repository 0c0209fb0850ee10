extension RuleFile {
    /// The ids the file's declarations give (`id = "household_size"`), read from its text: what a file
    /// that did not load would have declared, so that what rules say of them is not reported again.
    var declaredIDs: Set<String> {
        Set(source.matches(of: /\bid\s*=\s*"([A-Za-z_][A-Za-z0-9_]*)"/).map { String($0.1) })
    }
}

extension Assessor {
    /// Facts files that did not load (a syntax error), with the fact ids their text declares: a rule
    /// naming one of those ids meets the consequence of that one error, not a misspelt fact.
    func unloadedFactIDs() -> Set<String> {
        let failed = Set(loadProblems.compactMap(\.file))
        return ruleSet.files.filter { $0.kind == .facts && failed.contains($0.path) }
            .reduce(into: []) { $0.formUnion($1.declaredIDs) }
    }
}

extension Assessor {
    /// A rule that fails reading a fact its facts file would have declared fails because of that file:
    /// the failure names the file's own error and line, not the rule's.
    func rootCause(of failure: RuleFailure) -> RuleFailure {
        guard failure.kind == .ruleError, let name = failure.message.firstMatch(of: /^(?:未知的事实|unknown fact) '([A-Za-z0-9_]+)'/)?.1,
              let file = ruleSet.files.first(where: { $0.kind == .facts && $0.declaredIDs.contains(String(name)) }),
              let problem = loadProblems.first(where: { $0.file == file.path }) else { return failure }
        return RuleFailure(kind: .notLoaded,
                           message: Text(zh: "\(file.path) 没有加载成功（\(problem.message.zh)），所以读不到其中的事实 '\(name)'：先改好那一行",
                                         en: "\(file.path) did not load (\(problem.message.en)), so its fact '\(name)' cannot be read; mend that line first")
                               .rendered(in: ruleSet.language),
                           location: problem.line.map { SourceLocation(file: file.path, line: $0) })
    }
}
