extension Assessor {
    /// The key of a profile document that holds the household's history beside its fields.
    public static let historyKey = "history"

    /// Validates a profile document against this rule set's schema, reads its `history:` and any
    /// parameter overrides in their units, then assesses: the whole path from input to decisions, for
    /// cases and comparisons. `history` is a history given beside the document (a case file's
    /// `history:`); a document with no `history:` and none beside it has no grants on record.
    public func assess(document: DocumentNode, source: String, on date: CivilDate, history: DocumentNode? = nil,
                       historySource: String? = nil,
                       overriding overrides: [(path: String, value: DocumentNode)] = [],
                       alsoComputing extraFacts: [String] = []) -> Result<Assessment, DiagnosticList> {
        var problems: [Diagnostic] = []
        let (fields, ownHistory) = Self.splitHistory(document)
        var past = History.empty
        switch (ownHistory, history) {
        case (let given?, nil), (nil, let given?):
            do {
                past = try readHistory(given, file: ownHistory != nil ? source : historySource ?? source)
            } catch {
                problems += error.diagnostics
            }
        case (let inside?, _?):
            problems.append(Diagnostic(file: source, line: inside.line, path: Self.historyKey,
                                       message: Text(zh: "帮扶记录给了两次：档案里一次，旁边（\(historySource ?? "案例")）又一次；只保留一处",
                                                     en: "the history is given twice: in the profile and beside it (\(historySource ?? "the case")); keep one")))
        case (nil, nil):
            break
        }
        var profile: Profile?
        do {
            profile = try ProfileValidator(schema: ruleSet.schema, on: date).validate(fields, source: source)
        } catch {
            problems = error.diagnostics + problems
        }
        var values: [String: ParameterValue] = [:]
        for (path, node) in overrides {
            do { values[path] = try ruleSet.parameters.value(for: path, from: node, file: source) } catch { problems.append(error) }
        }
        guard problems.isEmpty, let profile else { return .failure(DiagnosticList(problems)) }
        return .success(assess(profile, on: date, history: past, overriding: values, alsoComputing: extraFacts))
    }

    /// Validates a profile document and assesses it with a history the caller holds (a register's
    /// grants, the history a stored answer lists) rather than one the document gives.
    public func assess(document: DocumentNode, source: String, on date: CivilDate, history: History,
                       alsoComputing extraFacts: [String] = []) -> Result<Assessment, DiagnosticList> {
        do throws(DiagnosticList) {
            let profile = try ProfileValidator(schema: ruleSet.schema, on: date).validate(document, source: source)
            return .success(assess(profile, on: date, history: history, alsoComputing: extraFacts))
        } catch {
            return .failure(error)
        }
    }

    /// Reads a `history:` list against this rule set's programmes and funds.
    public func readHistory(_ node: DocumentNode, file: String) throws(DiagnosticList) -> History {
        try History(document: node, file: file, programmes: ruleSet.programmeIDs, funds: ruleSet.funds.map(\.code))
    }

    /// A profile document without its `history:` key, and that key's value.
    public static func splitHistory(_ document: DocumentNode) -> (profile: DocumentNode, history: DocumentNode?) {
        guard case .mapping(let pairs, let line) = document, let history = document[historyKey] else { return (document, nil) }
        return (.mapping(pairs.filter { $0.key != historyKey }, line: line), history)
    }
}
