import Foundation
import Mustache

/// The pages' markup: the mustache templates in `Sources/IntakeServer/Templates`, parsed once, when the
/// routes are built. Each page template holds only its own content; `layout` frames it. They ship inside
/// the binary, so one that is missing or does not parse is a defect of the build: the desk stops at
/// start-up, naming the file and line, rather than serve a page with a hole in it.
enum PageTemplates {
    /// The templates the Swift side renders by name; the others are their partials.
    enum Name: String, CaseIterable {
        case layout, login, interview, review, register, decision, decisionUnreadable = "decision-unreadable", notice, replay, rulesStatus = "rules-status", problem,
             referrals, referral, referralsOut = "referrals-out", parameters, parameterProposal = "parameter-proposal",
             report,
             households, household, householdFileForm = "household-file-form", modelWorkers = "model-workers", reviewFiles = "review-files"
    }

    struct LoadError: Error, CustomStringConvertible {
        var description: String
    }

    /// Where the build put them.
    static let folder = Bundle.module.url(forResource: "Templates", withExtension: nil)

    static let library: MustacheLibrary = {
        do {
            guard let folder else {
                throw LoadError(description: "the Templates folder is missing from the IntakeServer resources")
            }
            return try load(from: folder)
        } catch {
            fatalError("bangfu: the page templates did not load: \(error)")
        }
    }()

    /// Every `.mustache` file in `folder`, registered under its name without the extension. A file's
    /// final newline is not part of its template: partials sit inside lines.
    static func load(from folder: URL) throws -> MustacheLibrary {
        MustacheContentTypes.register(ScalarEscapedHTML(), named: ScalarEscapedHTML.name)
        var library = MustacheLibrary()
        var texts: [String: String] = [:]
        let files = try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)
        for file in files where file.pathExtension == "mustache" {
            let name = file.deletingPathExtension().lastPathComponent
            var text = try String(contentsOf: file, encoding: .utf8)
            if text.hasSuffix("\n") { text.removeLast() }
            do {
                library.register(try MustacheTemplate(string: ScalarEscapedHTML.pragma + text), named: name)
            } catch let error as MustacheTemplate.ParserError {
                let line = error.context.lineNumber - 1 // the pragma's line is not in the file
                throw LoadError(description: "\(file.lastPathComponent), line \(line), column \(error.context.columnNumber): \(error.error)")
            }
            texts[name] = text
        }
        // Mustache renders a name nothing answers to as nothing, silently: refuse it here instead.
        for name in Name.allCases where texts[name.rawValue] == nil {
            throw LoadError(description: "\(name.rawValue).mustache is missing from \(folder.path)")
        }
        for (name, text) in texts.sorted(by: { $0.key < $1.key }) {
            for match in text.matches(of: #/\{\{\s*>\s*([^\s}]+)\s*\}\}/#) where texts[String(match.1)] == nil {
                throw LoadError(description: "\(name).mustache uses the partial \(match.1), which has no \(match.1).mustache")
            }
        }
        return library
    }

    static func render(_ name: Name, _ view: some PageView) -> String {
        guard let html = library.render(view, withTemplate: name.rawValue) else {
            preconditionFailure("no template \(name.rawValue)") // load(from:) made sure there is
        }
        return html
    }
}

/// HTML escaping for `{{ }}`, one Unicode scalar at a time. Mustache's own goes by Character, and
/// a quote followed by a combining mark (`"\u{301}`) is one Character that is not `"`: it would pass
/// unescaped and end an attribute value. Every template is parsed with `pragma` in front, as partials
/// start again from mustache's own escaping.
struct ScalarEscapedHTML: MustacheContentType {
    static let name = "HTML_BY_SCALAR"
    static let pragma = "{{% CONTENT_TYPE: \(name) }}\n"

    /// Escapes for element content and quoted attribute values.
    func escapeText(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}

/// What a template renders: a struct of already-formatted strings, numbers, booleans, other views and
/// lists of them. A nil property renders as absent (its section skipped, its inverted section shown);
/// mustache itself would look the name up in the enclosing views instead, so a field without an error
/// would show its group's.
protocol PageView: MustacheParent, Sendable {}

extension PageView {
    func child(named name: String) -> Any? {
        guard let value = Mirror(reflecting: self).children.first(where: { $0.label == name })?.value else {
            return nil // not a name of this view: mustache looks in the enclosing one
        }
        let optional = Mirror(reflecting: value)
        guard optional.displayStyle == .optional else { return value }
        return optional.children.first?.value ?? NSNull()
    }
}

/// A rule set as the decision sheet and the replay name it (rule-set.mustache).
struct RuleSetView: PageView {
    let title: String
    /// The content hash's first 12 digits.
    let version: String

    init(title: String, hash: String) {
        self.title = title
        version = String(hash.prefix(12))
    }
}

/// One `<option>` of a list (option.mustache).
struct OptionView: PageView {
    let value: String
    let label: String
    let selected: Bool
}

/// A hidden `<input>` (hidden-field.mustache): what a form carries without asking.
struct HiddenField: PageView {
    let name: String
    let value: String
}
