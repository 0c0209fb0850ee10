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
    public var message: Text
    /// A short hint on how to fix it, for policy officers.
    public var hint: Text?

    public init(_ severity: Severity = .error, file: String? = nil, line: Int? = nil, column: Int? = nil, path: String? = nil,
                message: Text, hint: Text? = nil) {
        self.severity = severity
        self.file = file
        self.line = line
        self.column = column
        self.path = path
        self.message = message
        self.hint = hint
    }

    /// `file:line[:column]: path: message (hint)`, the form compilers use, so editors can jump to it.
    public var description: String { rendered(in: .default) }

    /// `description` in `language`; a Chinese hint goes in full-width brackets.
    public func rendered(in language: Language) -> String {
        var text = ""
        if let file { text += "\(file):" + (location.map { "\($0): " } ?? " ") }
        if let path, !path.isEmpty { text += "\(path): " }
        text += message.rendered(in: language)
        if let hint {
            switch language {
            case .zh: text += "（\(hint.zh)）"
            case .en: text += " (\(hint.en))"
            }
        }
        return text
    }

    /// The severity as the report's lines start: `错误` / `error`, `警告` / `warning`.
    public var severityLabel: Text {
        switch severity {
        case .error: Text(zh: "错误", en: "error")
        case .warning: Text(zh: "警告", en: "warning")
        }
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
