import DecisionFormats
import Eligibility
import Foundation

/// A starting corpus for every target, made from the sample cases (`Cases/`): the case and profile
/// files as YAML, the profiles as JSON and JSON lines, as CSV and as form bodies, and every amount and
/// date written in them.
package enum SeedCorpus {
    /// Writes `<folder>/<target>/…` from the YAML files under `cases`; returns how many inputs each target got.
    package static func write(from cases: URL, into folder: URL) throws -> [FuzzTarget: Int] {
        var seeds: [FuzzTarget: [String: [UInt8]]] = [:]
        func add(_ target: FuzzTarget, _ name: String, _ text: String) { seeds[target, default: [:]][name] = Array(text.utf8) }
        var amounts: Set<String> = [], dates: Set<String> = [], profiles: [(name: String, document: DocumentNode)] = []
        for path in InputFiles.files(in: cases.path, extensions: ["yaml"]) {
            let name = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
            let isProfile = path.contains("/applicants/")
            let text = try String(contentsOfFile: path, encoding: .utf8)
            add(.yaml, (isProfile ? "profile-" : "case-") + name + ".yaml", text)
            let document = try DocumentNode.parse(text, displayName: path)
            for (_, leaf) in leaves(of: document) {
                guard let scalar = leaf.scalarText else { continue }
                if let money = Money(yuan: scalar) { amounts.formUnion([scalar, money.grouped]) }
                if CivilDate(scalar) != nil { dates.insert(scalar) }
            }
            if isProfile { profiles.append((name, document)) }
        }
        for (name, document) in profiles {
            add(.json, name + ".json", document.jsonValue.rendered(indent: true) + "\n")
            add(.csv, name + ".csv", csv([document]))
            add(.form, name + ".form", formBody(document))
        }
        add(.json, "all.jsonl", profiles.map { $0.document.jsonValue.rendered() + "\n" }.joined())
        add(.csv, "all.csv", csv(profiles.map(\.document)))
        for (index, amount) in amounts.sorted().enumerated() { add(.money, "amount-\(index + 1)", amount) }
        for (index, date) in dates.sorted().enumerated() { add(.date, "date-\(index + 1)", date) }

        var counts: [FuzzTarget: Int] = [:]
        for (target, files) in seeds {
            let targetFolder = folder.appendingPathComponent(target.rawValue)
            try FileManager.default.createDirectory(at: targetFolder, withIntermediateDirectories: true)
            for (name, bytes) in files { try Data(bytes).write(to: targetFolder.appendingPathComponent(name)) }
            counts[target] = files.count
        }
        return counts
    }

    /// The scalars and nulls of a document, with their field paths as the CSV header and the form
    /// name them (`household.members[2].name`).
    static func leaves(of document: DocumentNode) -> [(path: String, node: DocumentNode)] {
        var found: [(path: String, node: DocumentNode)] = []
        func visit(_ node: DocumentNode, _ path: String) {
            switch node {
            case .mapping(let pairs, _): for pair in pairs { visit(pair.value, path.isEmpty ? pair.key : "\(path).\(pair.key)") }
            case .sequence(let items, _): for (index, item) in items.enumerated() { visit(item, "\(path)[\(index + 1)]") }
            case .scalar, .null: found.append((path, node))
            }
        }
        visit(document, "")
        return found
    }

    /// Profiles as one CSV file: a column for every field path any of them has.
    static func csv(_ documents: [DocumentNode]) -> String {
        let rows = documents.map { Dictionary(leaves(of: $0).compactMap { leaf in leaf.node.scalarText.map { (leaf.path, $0) } }) { a, _ in a } }
        var columns: [String] = []
        for document in documents {
            for (path, node) in leaves(of: document) where node.scalarText != nil && !columns.contains(path) { columns.append(path) }
        }
        func cell(_ text: String) -> String {
            text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
                ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
        }
        return ([columns.joined(separator: ",")] + rows.map { row in columns.map { cell(row[$0] ?? "") }.joined(separator: ",") })
            .joined(separator: "\n") + "\n"
    }

    /// A profile as an interview page posts it: every field by its path ("none" as 无), each list's length.
    static func formBody(_ document: DocumentNode) -> String {
        var pairs: [(String, String)] = [("_csrf", "0123456789abcdef"), ("_page", "edit"), ("_action", "next")]
        func visit(_ node: DocumentNode, _ path: String) {
            switch node {
            case .mapping(let fields, _): for field in fields { visit(field.value, path.isEmpty ? field.key : "\(path).\(field.key)") }
            case .sequence(let items, _):
                pairs.append(("_count:" + path, String(items.count)))
                for (index, item) in items.enumerated() { visit(item, "\(path)[\(index + 1)]") }
            case .scalar(let text, _, _): pairs.append((path, text))
            case .null: pairs.append((path, "无"))
            }
        }
        visit(document, "")
        let unreserved = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~ ")
        func encoded(_ text: String) -> String {
            (text.addingPercentEncoding(withAllowedCharacters: unreserved) ?? "").replacingOccurrences(of: " ", with: "+")
        }
        return pairs.map { "\(encoded($0.0))=\(encoded($0.1))" }.joined(separator: "&")
    }
}
