import Foundation

/// A rule set as policy officers write it (see Rules/README.md), read and checked for shape.
/// The Lua files are compiled later, by the assessor that runs them.
public struct RuleSet: Sendable {
    /// The folder it was read from; nil when it was loaded from files in memory (a git revision, the register).
    public var directory: URL?
    public var title: String
    public var authority: String?
    public var schema: Schema
    public var parameters: ParameterSet
    /// The programmes in force, in the order of the decision sheet.
    public var programmeIDs: [String]
    /// Dotted paths of the profile fields that name the applicant on sheets (`applicant.name`).
    public var applicantNameField: String?
    public var applicantIDField: String?
    /// Where applicants go and how they reach the centre (`contact:`), printed on the notice they take home.
    public var contact: Contact?
    /// Facts an interview shows as a running total while it asks (`interview: {show_facts: […]}`), in order.
    public var interviewFacts: [NamedFact] = []
    /// The funds that pay grants (`funds:`, code and label, in order): what a history item's `fund` names.
    /// Empty when the rule set names none (then any fund code is taken as written).
    public var funds: [Fund] = []
    /// The facts files (in path order), each programme's file (in programme order), policy.lua.
    public var files: [RuleFile]
    /// Every file of the rule set as it was read, sorted by path: what `contentHash` is made of, and
    /// enough to load the very same rule set again with `load(files:)`.
    public var hashedFiles: [RuleSetFile]
    /// SHA-256 over every rule file (name and content), so a decision names the exact rules it used.
    public var contentHash: String

    /// The first 12 hex digits of the content hash, for sheets and logs.
    public var version: String { String(contentHash.prefix(12)) }
    /// The language of the messages officers read (`language:` in ruleset.yaml, else Chinese); a
    /// command's `--lang` replaces it before an assessor is made, as the Lua library raises in it.
    public var language: Language = .default
}

/// The centre's address, telephone and opening hours (`contact:` in ruleset.yaml), each as written.
public struct Contact: Sendable, Hashable {
    public var address: String?
    public var phone: String?
    public var hours: String?

    public init(address: String? = nil, phone: String? = nil, hours: String? = nil) {
        self.address = address
        self.phone = phone
        self.hours = hours
    }

    static let keys = ["address", "phone", "hours"]
}

/// A fund that pays grants (`funds:` in ruleset.yaml): `centre: 帮扶中心帮扶资金`.
public struct Fund: Sendable, Hashable {
    public var code: String
    public var label: String
}

/// A fact named in `ruleset.yaml`, with the line that names it (for `check`).
public struct NamedFact: Sendable, Hashable {
    public var id: String
    public var line: Int?
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

/// One file of a rule set, as bytes: what a folder, a git revision or the register hands to `RuleSet.load(files:)`.
public struct RuleSetFile: Sendable, Hashable {
    /// Relative to the rule set folder, parts separated by `/` (`parameters/dibao.yaml`).
    public var path: String
    public var bytes: [UInt8]

    public init(path: String, bytes: [UInt8]) {
        self.path = path
        self.bytes = bytes
    }
}

extension RuleSet {
    public static let manifestFile = "ruleset.yaml"
    public static let schemaFile = "schema.yaml"
    public static let parametersFile = "parameters.yaml"
    public static let parametersFolder = "parameters"
    public static let factsFile = "facts.lua"
    public static let factsFolder = "facts"
    public static let policyFile = "policy.lua"
    public static let programmesFolder = "programmes"

    /// The files of the layout that stand alone, and its folders with the kind of file each holds
    /// directly inside it.
    static let singleFiles = [manifestFile, schemaFile, parametersFile, factsFile, policyFile]
    static let folderSuffixes = [factsFolder: ".lua", parametersFolder: ".yaml", programmesFolder: ".lua"]

    /// Whether the layout gives a file at `path` a part in the rule set (`facts/income.lua` yes;
    /// `population.yaml`, `README.md`, `programmes/old/x.lua` no). Readers of a folder or a git tree hand
    /// `load(files:)` these files; it ignores any other.
    public static func isRuleSetPath(_ path: String) -> Bool {
        if singleFiles.contains(path) { return true }
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let suffix = folderSuffixes[String(parts[0])] else { return false }
        return parts[1].hasSuffix(suffix)
    }

    /// Reads the files the layout names from `directory`, then loads them as `load(files:)` does.
    public static func load(from directory: URL) throws(DiagnosticList) -> RuleSet {
        var paths = singleFiles
        for folder in folderSuffixes.keys.sorted() {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.appendingPathComponent(folder).path)) ?? []
            paths += names.map { "\(folder)/\($0)" }
        }
        var files: [RuleSetFile] = []
        var problems: [Diagnostic] = []
        for path in paths where isRuleSetPath(path) {
            let url = directory.appendingPathComponent(path)
            guard FileManager.default.fileExists(atPath: url.path) else { continue }
            do {
                files.append(RuleSetFile(path: path, bytes: Array(try Data(contentsOf: url))))
            } catch {
                problems.append(Diagnostic(file: path, message: Text(zh: "无法读取：\(error.localizedDescription)",
                                                                     en: "cannot read it: \(error.localizedDescription)")))
            }
        }
        guard problems.isEmpty else { throw DiagnosticList(problems) }
        if files.isEmpty { throw DiagnosticList([noRuleSet(at: directory)]) }
        return try load(files: files, directory: directory)
    }

    /// A folder holding no rule file at all is one mistake (a mistyped --rules, the folder above the
    /// rules), not every file missing: say which folder to name instead.
    static func noRuleSet(at directory: URL) -> Diagnostic {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory.path, isDirectory: &isFolder), isFolder.boolValue else {
            return Diagnostic(message: Text(zh: "没有规则集文件夹 \(directory.path)", en: "there is no rule set folder \(directory.path)"),
                              hint: Text(zh: "用 --rules 指向放 ruleset.yaml 的文件夹", en: "give --rules the folder that holds ruleset.yaml"))
        }
        let inside = directory.appendingPathComponent("Rules")
        if FileManager.default.fileExists(atPath: inside.appendingPathComponent("ruleset.yaml").path) {
            return Diagnostic(message: Text(zh: "\(directory.path) 里没有规则文件，规则集在它的 Rules 文件夹里",
                                            en: "\(directory.path) holds no rule file: the rule set is in its Rules folder"),
                              hint: Text(zh: "用 --rules \(inside.path)", en: "give --rules \(inside.path)"))
        }
        return Diagnostic(message: Text(zh: "\(directory.path) 里没有规则文件（ruleset.yaml、schema.yaml、parameters.yaml）",
                                        en: "\(directory.path) holds no rule file (ruleset.yaml, schema.yaml, parameters.yaml)"),
                          hint: Text(zh: "用 --rules 指向放 ruleset.yaml 的文件夹；新建规则集用 bangfu new ruleset 文件夹",
                                     en: "give --rules the folder that holds ruleset.yaml; bangfu new ruleset DIR starts a new one"))
    }

    /// Loads a rule set from its files in memory; files the layout does not name are ignored, and
    /// `directory` only says in messages where they came from. Every problem found is reported at once.
    public static func load(files given: [RuleSetFile], directory: URL? = nil) throws(DiagnosticList) -> RuleSet {
        var problems: [Diagnostic] = []
        var hashedFiles: [RuleSetFile] = []
        // The files that are UTF-8 text (a leading byte-order mark dropped), by path.
        var texts: [String: String] = [:]
        for file in given where isRuleSetPath(file.path) {
            guard !hashedFiles.contains(where: { $0.path == file.path }) else {
                problems.append(Diagnostic(file: file.path, message: Text(zh: "给了两次", en: "given twice")))
                continue
            }
            // Editors on Windows may start a UTF-8 file with a byte-order mark; it is not part of the text.
            let bytes = file.bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? Array(file.bytes.dropFirst(3)) : file.bytes
            hashedFiles.append(RuleSetFile(path: file.path, bytes: bytes))
            switch UTF8Text.decode(bytes, file: file.path) {
            case .success(let text): texts[file.path] = text
            case .failure(let problem): problems.append(problem)
            }
        }
        hashedFiles.sort { $0.path < $1.path }
        let rulePaths = hashedFiles.map(\.path)
        // The single file of a kind and the files of its folder, in path order (`facts.lua` sorts first).
        func paths(of single: String, or folder: String) -> [String] {
            rulePaths.filter { $0 == single || $0.hasPrefix(folder + "/") }
        }

        func missing(_ path: String, hint: Text? = nil) {
            problems.append(Diagnostic(file: path, message: directory.map { Text(zh: "规则集文件夹 \($0.path) 里没有这个文件",
                                                                                 en: "missing from the rule set folder \($0.path)") }
                                       ?? Text(zh: "规则集里没有这个文件", en: "missing from the rule set"), hint: hint))
        }

        func document(_ path: String) -> DocumentNode? {
            guard let text = texts[path] else { return nil }
            do {
                return try DocumentNode.parse(text, displayName: path)
            } catch {
                problems.append(error)
                return nil
            }
        }

        func requiredDocument(_ path: String) -> DocumentNode? {
            if !rulePaths.contains(path) { missing(path) }
            return document(path)
        }

        var title = ""
        var language = Language.default
        var authority: String?
        var programmeIDs: [String] = []
        let manifestNode = requiredDocument(manifestFile)
        if let manifest = manifestNode {
            title = manifest["title"]?.scalarText ?? ""
            authority = manifest["authority"]?.scalarText
            if title.isEmpty {
                problems.append(Diagnostic(file: manifestFile, line: manifest.line,
                                           message: Text(zh: "缺少 'title'（规则集的名称）", en: "needs a 'title'")))
            }
            if let node = manifest["language"] {
                if let code = node.scalarText, let given = Language(rawValue: code) {
                    language = given
                } else {
                    problems.append(Diagnostic(file: manifestFile, line: node.line, path: "language",
                                               message: Text(zh: "'language' 只能写 zh（中文）或 en（英文）",
                                                             en: "'language' is zh (Chinese) or en (English)")))
                }
            }
            if case .sequence(let items, _)? = manifest["programmes"] {
                for item in items {
                    guard let id = item.scalarText else {
                        problems.append(Diagnostic(file: manifestFile, line: item.line, message: Text(zh: "项目要写它的 id，如 living_relief", en: "a programme is named by its id")))
                        continue
                    }
                    if programmeIDs.contains(id) {
                        problems.append(Diagnostic(file: manifestFile, line: item.line, message: Text(zh: "项目 '\(id)' 列了两次", en: "programme '\(id)' is listed twice")))
                    }
                    programmeIDs.append(id)
                }
            } else {
                problems.append(Diagnostic(file: manifestFile, line: manifest.line,
                                           message: Text(zh: "缺少 'programmes:'：列出实施中的项目 id",
                                                         en: "needs 'programmes:', the list of programme ids in force")))
            }
        }

        var interviewFacts: [NamedFact] = []
        if let interview = manifestNode?["interview"] {
            let shown = interview["show_facts"]
            switch (interview, shown) {
            case (_, .sequence(let items, _)?):
                for item in items {
                    guard let id = item.scalarText, !id.isEmpty else {
                        problems.append(Diagnostic(file: manifestFile, line: item.line, path: "interview.show_facts",
                                                   message: Text(zh: "事实要写它的 id，如 household_yearly_income",
                                                                 en: "a fact is named by its id, like household_yearly_income")))
                        continue
                    }
                    interviewFacts.append(NamedFact(id: id, line: item.line))
                }
            case (.mapping, nil): break
            default:
                problems.append(Diagnostic(file: manifestFile, line: shown?.line ?? interview.line, path: "interview",
                                           message: Text(zh: "'interview' 下写 'show_facts'，即事实 id 的列表，如 interview: {show_facts: [household_yearly_income]}",
                                                         en: "'interview' holds 'show_facts', a list of fact ids, e.g. interview: {show_facts: [household_yearly_income]}")))
            }
        }

        var schema = Schema(root: ObjectShape(fields: []))
        if let node = requiredDocument(schemaFile) {
            do { schema = try SchemaLoader.load(node, file: schemaFile) } catch { problems += error.diagnostics }
            if let field = schema.root.field(named: Assessor.historyKey) {
                problems.append(Diagnostic(file: schemaFile, line: field.line, path: "fields.history",
                                           message: Text(zh: "'history' 是保留名：档案的 history: 记载已有的帮扶记录，不能作字段名",
                                                         en: "'history' is reserved: a profile's history: holds the grants on record, not a field")))
            }
        }
        var identity: [String: String] = [:]
        if case .mapping(let pairs, _)? = manifestNode?["applicant"] {
            for (role, node) in pairs {
                guard ["name", "id"].contains(role), let path = node.scalarText else {
                    problems.append(Diagnostic(file: manifestFile, line: node.line, path: "applicant.\(role)",
                                               message: Text(zh: "'applicant' 下写档案中的 'name' 和 'id' 字段，如 name: applicant.name",
                                                             en: "'applicant' names the profile fields 'name' and 'id', e.g. name: applicant.name")))
                    continue
                }
                guard case .string? = schema.fieldType(at: path) else {
                    problems.append(Diagnostic(file: manifestFile, line: node.line, path: "applicant.\(role)",
                                               message: Text(zh: "'\(path)' 不是 schema 中的文本字段",
                                                             en: "'\(path)' is not a text field of the schema")))
                    continue
                }
                identity[role] = path
            }
        }

        var contact: Contact?
        if let node = manifestNode?["contact"] {
            if case .mapping(let pairs, _) = node, !pairs.isEmpty {
                var given = Contact()
                for (key, value) in pairs {
                    guard Contact.keys.contains(key) else {
                        problems.append(Diagnostic(file: manifestFile, line: value.line, path: "contact.\(key)",
                                                   message: Text(zh: "未知的键", en: "unknown key") + Suggestion.hint(for: key, among: Contact.keys),
                                                   hint: Text(zh: "'contact' 下只有 address、phone 和 hours", en: "'contact' has address, phone and hours")))
                        continue
                    }
                    guard let text = value.scalarText, !text.isEmpty else {
                        problems.append(Diagnostic(file: manifestFile, line: value.line, path: "contact.\(key)",
                                                   message: Text(zh: "要写成文本", en: "must be text")))
                        continue
                    }
                    switch key {
                    case "address": given.address = text
                    case "phone": given.phone = text
                    default: given.hours = text
                    }
                }
                contact = given
            } else {
                problems.append(Diagnostic(file: manifestFile, line: node.line, path: "contact",
                                           message: Text(zh: "'contact' 下分别写 address、phone 和 hours",
                                                         en: "'contact' is a mapping of address, phone and hours")))
            }
        }

        var funds: [Fund] = []
        if let node = manifestNode?["funds"] {
            if case .mapping(let pairs, _) = node, !pairs.isEmpty {
                for (code, label) in pairs {
                    guard code.first?.isLetter == true,
                          code.allSatisfy({ $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "_") }), let text = label.scalarText, !text.isEmpty else {
                        problems.append(Diagnostic(file: manifestFile, line: label.line, path: "funds.\(code)",
                                                   message: Text(zh: "资金写成代码（小写字母、数字、_）和名称，如 centre: 帮扶中心帮扶资金",
                                                                 en: "a fund is a code (lower-case letters, digits, _) and its label, e.g. centre: 帮扶中心帮扶资金")))
                        continue
                    }
                    funds.append(Fund(code: code, label: text))
                }
            } else {
                problems.append(Diagnostic(file: manifestFile, line: node.line, path: "funds",
                                           message: Text(zh: "'funds' 下每行写一项资金的代码和名称，如 centre: 帮扶中心帮扶资金",
                                                         en: "'funds' maps each fund's code to its label, e.g. centre: 帮扶中心帮扶资金")))
            }
        }

        var parameters = ParameterSet(parameters: [])
        let parameterPaths = paths(of: parametersFile, or: parametersFolder)
        if parameterPaths.isEmpty { missing(parametersFile, hint: Text(zh: "也可以按主题分成 \(parametersFolder)/*.yaml",
                                                                      en: "or split by topic into \(parametersFolder)/*.yaml")) }
        var parameterSets: [ParameterSet] = []
        for path in parameterPaths {
            guard let node = document(path) else { continue }
            do { parameterSets.append(try ParameterLoader.load(node, file: path)) } catch { problems += error.diagnostics }
        }
        do { parameters = try ParameterLoader.merge(parameterSets) } catch { problems += error.diagnostics }

        var files = paths(of: factsFile, or: factsFolder).compactMap { path in
            texts[path].map { RuleFile(kind: .facts, path: path, source: $0) }
        }
        let present = rulePaths.filter { $0.hasPrefix(programmesFolder + "/") }.map { String($0.dropFirst(programmesFolder.count + 1)) }
        for id in programmeIDs {
            let path = "\(programmesFolder)/\(id).lua"
            guard rulePaths.contains(path) else {
                problems.append(Diagnostic(file: manifestFile, message: Text(zh: "列出了项目 '\(id)'，但没有 \(path) 这个文件",
                                                                             en: "programme '\(id)' is listed but \(path) does not exist")
                                           + Suggestion.hint(for: id, among: present.map { String($0.dropLast(4)) })))
                continue
            }
            if let source = texts[path] { files.append(RuleFile(kind: .programme(id: id), path: path, source: source)) }
        }
        for name in present where !programmeIDs.contains(String(name.dropLast(4))) {
            problems.append(Diagnostic(file: "\(programmesFolder)/\(name)",
                                       message: Text(zh: "这个项目没有列在 \(manifestFile) 中", en: "this programme is not listed in \(manifestFile)"),
                                       hint: Text(zh: "要实施它，就加到 'programmes:' 下；否则删除这个文件",
                                                  en: "add it under 'programmes:' to put it in force, or remove the file")))
        }
        if let policy = texts[policyFile] { files.append(RuleFile(kind: .policy, path: policyFile, source: policy)) }

        guard problems.isEmpty else { throw DiagnosticList(problems) }

        // Unlisted programme files are refused above, so every file given is one the rule set uses.
        var hash = SHA256()
        for file in hashedFiles {
            hash.update(file.path.utf8)
            hash.update([0])
            hash.update(String(file.bytes.count).utf8)
            hash.update([0])
            hash.update(file.bytes)
        }
        return RuleSet(directory: directory, title: title, authority: authority, schema: schema, parameters: parameters,
                       programmeIDs: programmeIDs, applicantNameField: identity["name"], applicantIDField: identity["id"],
                       contact: contact, interviewFacts: interviewFacts, funds: funds, files: files, hashedFiles: hashedFiles,
                       contentHash: hash.finish(), language: language)
    }

    /// Where this rule set keeps one kind of file, for hints: `facts.lua`, `facts/*.lua`, or both.
    func place(_ single: String, _ folder: String) -> Text {
        let suffix = Self.folderSuffixes[folder] ?? ""
        let hasSingle = hashedFiles.contains { $0.path == single }
        let hasFolder = hashedFiles.contains { $0.path.hasPrefix(folder + "/") }
        switch (hasSingle, hasFolder) {
        case (false, true): return Text(verbatim: "\(folder)/*\(suffix)")
        case (true, true): return Text(zh: "\(single) 或 \(folder)/*\(suffix)", en: "\(single) or \(folder)/*\(suffix)")
        default: return Text(verbatim: single)
        }
    }

    /// The language `ruleset.yaml` in `directory` asks for, when it can be read and names one: how to
    /// report the problems that stop the rule set loading.
    public static func declaredLanguage(in directory: URL) -> Language? {
        guard let data = try? Data(contentsOf: directory.appendingPathComponent(manifestFile)),
              case .success(let text) = UTF8Text.decode(Array(data), file: manifestFile),
              let manifest = try? DocumentNode.parse(text, displayName: manifestFile) else { return nil }
        return manifest["language"]?.scalarText.flatMap(Language.init(rawValue:))
    }
}
