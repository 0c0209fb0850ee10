import DecisionFormats
import Eligibility
import Foundation

/// `GET /api/rules` and `GET /api/rules/status` bodies, and the schema as JSON (the web form to come is
/// generated from the same description).
enum RulesJSON {
    static func info(_ rules: LoadedRules) -> JSONValue {
        let ruleSet = rules.ruleSet
        return .object([
            ("version", .string(ruleSet.version)),
            ("hash", .string("sha256:" + ruleSet.contentHash)),
            ("title", .string(ruleSet.title)),
            ("authority", ruleSet.authority.map(JSONValue.string) ?? .null),
            ("loaded_at", .string(rules.loadedAt.formatted(.iso8601))),
            ("programmes", .array(rules.programmes.map { programme in
                .object([("id", .string(programme.id)), ("title", .string(programme.title)),
                         ("basis", .string(programme.basis)), ("summary", programme.summary.map(JSONValue.string) ?? .null)])
            })),
            ("schema", schema(ruleSet.schema.root)),
        ])
    }

    static func status(_ engine: RuleEngine) -> JSONValue {
        let rules = engine.current
        var attempt = JSONValue.null
        if let last = engine.lastAttempt {
            attempt = .object([
                ("at", .string(last.at.formatted(.iso8601))),
                ("version", last.hash.map { .string(String($0.prefix(12))) } ?? .null),
                ("origin", .string(last.origin == .folder ? "folder" : "register")),
                ("accepted", .bool(last.accepted)),
                ("cases_run", .integer(Int64(last.casesRun))),
                ("cases_failed", .integer(Int64(last.casesFailed))),
                ("problems", .array(last.problems.map { problem in
                    .object([("file", problem.file.map(JSONValue.string) ?? .null),
                             ("line", problem.line.map { .integer(Int64($0)) } ?? .null),
                             ("path", problem.path.map(JSONValue.string) ?? .null),
                             ("message", .string(problem.message.zh)),
                             ("hint", problem.hint.map { .string($0.zh) } ?? .null)])
                })),
            ])
        }
        return .object([
            ("current", .object([("version", .string(rules.ruleSet.version)),
                                 ("hash", .string("sha256:" + rules.ruleSet.contentHash)),
                                 ("title", .string(rules.ruleSet.title)),
                                 ("loaded_at", .string(rules.loadedAt.formatted(.iso8601)))])),
            ("running", engine.runningEntry.map { entry in
                .object([("hash", .string("sha256:" + entry.hash)), ("since", .string(entry.since.formatted(.iso8601))),
                         ("taken_by", .string(entry.taking.takenBy)), ("source", .string(entry.taking.source.rawValue)),
                         ("origin", .string(entry.taking.origin))])
            } ?? .null),
            ("rules_folder", .string(engine.rulesDirectory.path)),
            ("case_paths", .array(engine.casePaths.map(JSONValue.string))),
            ("last_attempt", attempt),
        ])
    }

    static func schema(_ shape: ObjectShape) -> JSONValue {
        .object([("fields", .array(shape.fields.map(field)))])
    }

    static func field(_ field: Field) -> JSONValue {
        var pairs: [(String, JSONValue)] = [
            ("name", .string(field.name)),
            ("label", .string(field.label)),
            ("type", .string(field.type.name)),
            ("required", .bool(field.isRequired)),
        ]
        switch field.type {
        case .string, .boolean, .date: break
        case .integer(let min, let max):
            pairs += [("min", min.map(JSONValue.integer) ?? .null), ("max", max.map(JSONValue.integer) ?? .null)]
        case .money(let min, let max):
            pairs += [("min", min.map { .string($0.plain) } ?? .null), ("max", max.map { .string($0.plain) } ?? .null)]
        case .enumeration(let cases):
            pairs.append(("values", .array(cases.map { .object([("code", .string($0.code)), ("label", .string($0.label))]) })))
        case .object(let shape):
            pairs.append(("fields", schema(shape)["fields"]))
        case .list(let shape, let maxItems):
            pairs.append(("max_items", maxItems.map { .integer(Int64($0)) } ?? .null))
            pairs.append(("items", schema(shape)))
        }
        pairs.append(("default", field.defaultValue.map(value) ?? .null))
        pairs.append(("default_reason", field.defaultReason.map(JSONValue.string) ?? .null))
        pairs.append(("not_applicable", field.notApplicable.map(JSONValue.string) ?? .null))
        pairs.append(("evidence", field.evidence.map(JSONValue.string) ?? .null))
        pairs.append(("description", field.description.map(JSONValue.string) ?? .null))
        pairs.append(("display_only", .bool(field.isDisplayOnly)))
        return .object(pairs)
    }

    static func value(_ value: ProfileValue) -> JSONValue {
        switch value {
        case .string(let text): .string(text)
        case .integer(let n): .integer(n)
        case .boolean(let b): .bool(b)
        case .date(let date): .string(date.description)
        case .money(let money): .string(money.plain)
        case .enumeration(let code): .string(code)
        case .object(let fields): .object(fields.sorted { $0.key < $1.key }.map { ($0.key, Self.value($0.value)) })
        case .list(let items): .array(items.map(Self.value))
        case .notApplicable: .null
        }
    }
}

extension JSONValue {
    /// The value of `key` in an object, or null.
    subscript(key: String) -> JSONValue {
        if case .object(let pairs) = self { return pairs.first { $0.0 == key }?.1 ?? .null }
        return .null
    }
}

/// What logs may show of a person: ID numbers as on the sheet (first and last four), names as their
/// first character.
enum PersonalData {
    static func maskedID(_ id: String?) -> String { id.map(DecisionSheet.masked) ?? "-" }
    static func maskedName(_ name: String?) -> String {
        guard let name, let first = name.first else { return "-" }
        return String(first) + String(repeating: "*", count: max(1, name.count - 1))
    }
}

