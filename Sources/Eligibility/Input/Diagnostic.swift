/// A problem found in a file the user wrote: a profile, a rule file, a case. It always says where.
public struct Diagnostic: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Severity: String, Sendable, Hashable { case error, warning }

    public var severity: Severity
    /// The file as the user named it, relative where possible.
    public var file: String?
    public var line: Int?
    /// The column on `line`, counted in characters (Unicode scalars) from 1, where one is known.
    public var column: Int?
    /// The field path inside the document, e.g. `household.members[2].monthly_income`.
    public var path: String?
    public var message: String
    /// A short hint on how to fix it, for policy officers.
    public var hint: String?

    public init(_ severity: Severity = .error, file: String? = nil, line: Int? = nil, column: Int? = nil, path: String? = nil,
                message: String, hint: String? = nil) {
        self.severity = severity
        self.file = file
        self.line = line
        self.column = column
        self.path = path
        self.message = message
        self.hint = hint
    }

    /// `file:line[:column]: path: message (hint)`, the form compilers use, so editors can jump to it.
    public var description: String {
        var text = ""
        if let file { text += "\(file):" + (location.map { "\($0): " } ?? " ") }
        if let path, !path.isEmpty { text += "\(path): " }
        text += message
        if let hint { text += " (\(hint))" }
        return text
    }

    /// `line` or `line:column`, or nil when the line is not known.
    public var location: String? {
        guard let line else { return nil }
        return column.map { "\(line):\($0)" } ?? "\(line)"
    }
}

/// Several diagnostics at once: input is checked completely before anything is reported.
public struct DiagnosticList: Error, Sendable, CustomStringConvertible {
    public var diagnostics: [Diagnostic]
    public init(_ diagnostics: [Diagnostic]) { self.diagnostics = diagnostics }
    public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}
