/// `bangfu check`: what can be found wrong in a rule set without an applicant. Loading and compiling
/// (done by `RuleSet.load` and `Assessor`) finds syntax and contract errors; this adds the references
/// rules make by name (`profile.x`, `facts.x`, `params.x.y`), read from the source text so that a
/// misspelt name is found even on a line no sample case reaches.
public enum RuleSetCheck {
    public static func run(_ ruleSet: RuleSet, assessor: Assessor) -> [Diagnostic] {
        var findings = assessor.loadProblems
        let factIDs = Set(assessor.facts.map(\.id))
        let parameterPaths = ruleSet.parameters.parameters.map(\.path)
        for file in ruleSet.files {
            for (offset, rawLine) in file.source.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                let line = codePart(of: rawLine)
                func report(_ message: String, hint: String? = nil) {
                    findings.append(Diagnostic(file: file.path, line: offset + 1, message: message, hint: hint))
                }
                for match in line.matches(of: /\bfacts\.([A-Za-z_][A-Za-z0-9_]*)/) where !factIDs.contains(String(match.1)) {
                    report("unknown fact '\(match.1)'" + Suggestion.hint(for: String(match.1), among: factIDs),
                           hint: "facts are declared with fact { id = … } in facts.lua")
                }
                for match in line.matches(of: /\bparams((?:\.[A-Za-z_][A-Za-z0-9_]*)+)/) {
                    let path = String(match.1.dropFirst())
                    let known = parameterPaths.contains { $0 == path || $0.hasPrefix(path + ".") || path.hasPrefix($0 + ".") }
                    if !known {
                        report("unknown parameter '\(path)'" + Suggestion.hint(for: path, among: parameterPaths),
                               hint: "parameters are declared in parameters.yaml")
                    }
                }
                for match in line.matches(of: /\bprofile((?:\.[A-Za-z_][A-Za-z0-9_]*)+)/) {
                    if let problem = profileProblem(match.1.split(separator: ".").map(String.init), ruleSet.schema.root) {
                        report(problem, hint: "profile fields are declared in schema.yaml")
                    }
                }
            }
        }
        for parameter in ruleSet.parameters.parameters where parameter.values.allSatisfy({ $0.value == nil }) {
            findings.append(Diagnostic(.warning, file: RuleSet.parametersFile, line: parameter.line, path: parameter.path,
                                       message: "has no value on any date"))
        }
        return findings
    }

    /// The line without a trailing `--` comment (a `--` inside a string is rare in rules and only
    /// widens what is checked).
    static func codePart(of line: Substring) -> Substring {
        guard let range = line.range(of: "--") else { return line }
        return line[..<range.lowerBound]
    }

    static func profileProblem(_ segments: [String], _ root: ObjectShape) -> String? {
        var shape = root
        var path = ""
        for (position, name) in segments.enumerated() {
            guard let field = shape.field(named: name) else {
                return "the profile has no field '\(path.isEmpty ? name : path + "." + name)'"
                    + Suggestion.hint(for: name, among: shape.fields.map(\.name))
            }
            path = path.isEmpty ? name : "\(path).\(name)"
            switch field.type {
            case .object(let inner): shape = inner
            case .list: return nil  // what follows is an index or a method on the list
            default:
                return position == segments.count - 1 ? nil : "'\(path)' is a \(field.type.name), it has no fields"
            }
        }
        return nil
    }
}
