extension Assessor {
    /// Validates a profile document against this rule set's schema, reads any parameter overrides in
    /// their units, then assesses: the whole path from input to decisions, for cases and comparisons.
    public func assess(document: DocumentNode, source: String, on date: CivilDate,
                       overriding overrides: [(path: String, value: DocumentNode)] = [],
                       alsoComputing extraFacts: [String] = []) -> Result<Assessment, DiagnosticList> {
        let profile: Profile
        do {
            profile = try ProfileValidator(schema: ruleSet.schema, on: date).validate(document, source: source)
        } catch {
            return .failure(error)
        }
        var values: [String: ParameterValue] = [:]
        var problems: [Diagnostic] = []
        for (path, node) in overrides {
            do { values[path] = try ruleSet.parameters.value(for: path, from: node, file: source) } catch { problems.append(error) }
        }
        guard problems.isEmpty else { return .failure(DiagnosticList(problems)) }
        return .success(assess(profile, on: date, overriding: values, alsoComputing: extraFacts))
    }
}
