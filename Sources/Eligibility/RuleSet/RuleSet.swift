import Foundation

/// A rule set folder as policy officers write it (see Rules/README.md), read and checked for shape.
/// The Lua files are compiled later, by the assessor that runs them.
public struct RuleSet: Sendable {
    public var directory: URL
    public var title: String
    public var authority: String?
    public var schema: Schema
    public var parameters: ParameterSet
    /// The programmes in force, in the order of the decision sheet.
    public var programmeIDs: [String]
    /// Dotted paths of the profile fields that name the applicant on sheets (`applicant.name`).
    public var applicantNameField: String?
    public var applicantIDField: String?
    /// facts.lua, each programme's file (in programme order), policy.lua.
    public var files: [RuleFile]
    /// SHA-256 over every rule file (name and content), so a decision names the exact rules it used.
    public var contentHash: String

    /// The first 12 hex digits of the content hash, for sheets and logs.
    public var version: String { String(contentHash.prefix(12)) }
}

public struct RuleFile: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        case facts
        case programme(id: String)
        case policy
    }

    public var kind: Kind
    /// Relative to the rule set folder (`programmes/living_relief.lua`): the name in every message.
    public var path: String
    public var source: String
}

extension RuleSet {
    public static let manifestFile = "ruleset.yaml"
    public static let schemaFile = "schema.yaml"
    public static let parametersFile = "parameters.yaml"
    public static let factsFile = "facts.lua"
    public static let policyFile = "policy.lua"
    public static let programmesFolder = "programmes"

    /// Reads the folder; every problem found is reported at once.
    public static func load(from directory: URL) throws(DiagnosticList) -> RuleSet {
        var problems: [Diagnostic] = []
        var hashed: [(path: String, text: String)] = []

        func read(_ name: String, required: Bool) -> String? {
            let url = directory.appendingPathComponent(name)
            guard FileManager.default.fileExists(atPath: url.path) else {
                if required { problems.append(Diagnostic(file: name, message: "missing from the rule set folder \(directory.path)")) }
                return nil
            }
            do {
                let text = try String(contentsOf: url, encoding: .utf8)
                hashed.append((name, text))
                return text
            } catch {
                problems.append(Diagnostic(file: name, message: "cannot read it: \(error.localizedDescription)"))
                return nil
            }
        }

        func document(_ name: String) -> DocumentNode? {
            guard let text = read(name, required: true) else { return nil }
            do {
                return try DocumentNode.parse(text, displayName: name)
            } catch {
                problems.append(error)
                return nil
            }
        }

        var title = ""
        var authority: String?
        var programmeIDs: [String] = []
        let manifestNode = document(manifestFile)
        if let manifest = manifestNode {
            title = manifest["title"]?.scalarText ?? ""
            authority = manifest["authority"]?.scalarText
            if title.isEmpty { problems.append(Diagnostic(file: manifestFile, line: manifest.line, message: "needs a 'title'")) }
            if case .sequence(let items, _)? = manifest["programmes"] {
                for item in items {
                    guard let id = item.scalarText else {
                        problems.append(Diagnostic(file: manifestFile, line: item.line, message: "a programme is named by its id"))
                        continue
                    }
                    if programmeIDs.contains(id) {
                        problems.append(Diagnostic(file: manifestFile, line: item.line, message: "programme '\(id)' is listed twice"))
                    }
                    programmeIDs.append(id)
                }
            } else {
                problems.append(Diagnostic(file: manifestFile, line: manifest.line,
                                           message: "needs 'programmes:', the list of programme ids in force"))
            }
        }

        var schema = Schema(root: ObjectShape(fields: []))
        if let node = document(schemaFile) {
            do { schema = try SchemaLoader.load(node, file: schemaFile) } catch { problems += error.diagnostics }
        }
        var identity: [String: String] = [:]
        if case .mapping(let pairs, _)? = manifestNode?["applicant"] {
            for (role, node) in pairs {
                guard ["name", "id"].contains(role), let path = node.scalarText else {
                    problems.append(Diagnostic(file: manifestFile, line: node.line, path: "applicant.\(role)",
                                               message: "'applicant' names the profile fields 'name' and 'id', e.g. name: applicant.name"))
                    continue
                }
                guard case .string? = schema.fieldType(at: path) else {
                    problems.append(Diagnostic(file: manifestFile, line: node.line, path: "applicant.\(role)",
                                               message: "'\(path)' is not a text field of the schema"))
                    continue
                }
                identity[role] = path
            }
        }
        var parameters = ParameterSet(parameters: [])
        if let node = document(parametersFile) {
            do { parameters = try ParameterLoader.load(node, file: parametersFile) } catch { problems += error.diagnostics }
        }

        var files: [RuleFile] = []
        if let facts = read(factsFile, required: false) { files.append(RuleFile(kind: .facts, path: factsFile, source: facts)) }
        let programmeFolder = directory.appendingPathComponent(programmesFolder)
        let present = ((try? FileManager.default.contentsOfDirectory(atPath: programmeFolder.path)) ?? [])
            .filter { $0.hasSuffix(".lua") }.sorted()
        for id in programmeIDs {
            let path = "\(programmesFolder)/\(id).lua"
            guard present.contains("\(id).lua") else {
                problems.append(Diagnostic(file: manifestFile, message: "programme '\(id)' is listed but \(path) does not exist"
                                           + Suggestion.hint(for: id, among: present.map { String($0.dropLast(4)) })))
                continue
            }
            if let source = read(path, required: true) { files.append(RuleFile(kind: .programme(id: id), path: path, source: source)) }
        }
        for name in present where !programmeIDs.contains(String(name.dropLast(4))) {
            problems.append(Diagnostic(file: "\(programmesFolder)/\(name)", message: "this programme is not listed in \(manifestFile)",
                                       hint: "add it under 'programmes:' to put it in force, or remove the file"))
        }
        if let policy = read(policyFile, required: false) { files.append(RuleFile(kind: .policy, path: policyFile, source: policy)) }

        guard problems.isEmpty else { throw DiagnosticList(problems) }

        var hash = SHA256()
        for (path, text) in hashed.sorted(by: { $0.path < $1.path }) {
            hash.update(path.utf8)
            hash.update([0])
            hash.update(String(text.utf8.count).utf8)
            hash.update([0])
            hash.update(text.utf8)
        }
        return RuleSet(directory: directory, title: title, authority: authority, schema: schema, parameters: parameters,
                       programmeIDs: programmeIDs, applicantNameField: identity["name"], applicantIDField: identity["id"],
                       files: files, contentHash: hash.finish())
    }
}
