/// The applicant profile as the rule set declares it (`Rules/schema.yaml`). Policy officers add fields
/// there; the engine never hard-codes one.
public struct Schema: Sendable {
    public var root: ObjectShape
    /// The questions an interview starts with, in order (`screening:`): who the applicant is and what
    /// brought them. Every required field is among them.
    public var screening: [String]

    public init(root: ObjectShape, screening: [String] = []) {
        self.root = root
        self.screening = screening
    }

    /// The field at `path`, through objects and list items (`household.members[2].monthly_income`).
    public func field(at path: String) -> Field? {
        var shape = root
        var field: Field?
        for step in FieldPath.steps(path) {
            switch step {
            case .field(let name):
                if let field, case .object(let inner) = field.type { shape = inner } else if field != nil { return nil }
                guard let next = shape.field(named: name) else { return nil }
                field = next
            case .item:
                guard let list = field, case .list(let item, _) = list.type else { return nil }
                shape = item
                field = nil
            }
        }
        return field
    }

    /// What asking for the field at `path` (`household.members[2].monthly_income`) looks like; the
    /// profile names list items where it can (`家庭成员 2（李娜）`). Nil for a path the schema lacks.
    public func missingInformation(at path: String, in profile: Profile? = nil) -> MissingInformation? {
        var shape = root
        var value: ProfileValue? = profile.map { .object($0.fields) }
        var labels: [String] = [], order: [Int] = []
        var section: String?, field: Field?
        for step in FieldPath.steps(path) {
            switch step {
            case .field(let name):
                if let field, case .object(let inner) = field.type { shape = inner } else if field != nil { return nil }
                guard let position = shape.fields.firstIndex(where: { $0.name == name }) else { return nil }
                field = shape.fields[position]
                order.append(position)
                value = value?[name]
                if section == nil { section = shape.fields[position].label }
                if case .list = shape.fields[position].type {} else { labels.append(shape.fields[position].label) }
            case .item(let number):
                guard let list = field, case .list(let item, _) = list.type else { return nil }
                var title = "\(list.itemLabel ?? list.label) \(number)"
                if case .list(let items)? = value, items.indices.contains(number - 1) {
                    value = items[number - 1]
                    if let key = list.itemTitle, case .string(let name)? = value?[key] { title += "（\(name)）" }
                } else {
                    value = nil
                }
                labels.append(title)
                order.append(number)
                shape = item
                field = nil
            }
        }
        guard let field, let section else { return nil }
        if case .list = field.type, case .field? = FieldPath.steps(path).last { labels.append(field.label) }  // the list itself
        if labels.count > 1, labels.first == section { labels.removeFirst() }  // the section heads the group already
        return MissingInformation(path: path, label: labels.joined(separator: " · "), section: section,
                                  evidence: field.evidence, order: order)
    }

    /// What the ID number answered at `path` says of the fields beside it in the same object, as an
    /// interview that asks the ID number first would fill them in: its birth date for a date field named
    /// `birth_date`, its sex for an enum named `sex` with the codes `male` and `female`. Values are
    /// written as a profile writes them (`1978-05-12`, `male`); fields the schema lacks are left out.
    public func answers(impliedBy number: ChineseIDNumber, at path: String) -> [(path: String, value: String)] {
        let parent = path.lastIndex(of: ".").map { String(path[...$0]) } ?? ""
        var answers: [(path: String, value: String)] = []
        if case .date? = field(at: parent + "birth_date")?.type {
            answers.append((parent + "birth_date", number.birthDate.description))
        }
        if case .enumeration(let cases)? = field(at: parent + "sex")?.type,
           Set(cases.map(\.code)).isSuperset(of: ChineseIDNumber.Sex.allCases.map(\.rawValue)) {
            answers.append((parent + "sex", number.sex.rawValue))
        }
        return answers
    }

    /// The type of the field at a dotted path through objects (`applicant.name`), or nil.
    public func fieldType(at path: String) -> FieldType? {
        var shape = root
        var type: FieldType?
        for name in path.split(separator: ".") {
            if case .object(let inner)? = type { shape = inner } else if type != nil { return nil }
            guard let field = shape.field(named: String(name)) else { return nil }
            type = field.type
        }
        return type
    }
}

/// The fields of an object (the profile itself, a nested object, or each item of a list).
///
/// Lookups by name stay linear (objects have a few dozen fields): a name index stored here made debug
/// builds of Swift 6.3 corrupt memory when copying this recursive value.
public struct ObjectShape: Sendable {
    public var fields: [Field]

    public init(fields: [Field]) { self.fields = fields }

    public func field(named name: String) -> Field? { fields.first { $0.name == name } }
}

public struct Field: Sendable {
    public var name: String
    /// The Chinese label shown on forms and sheets.
    public var label: String
    public var type: FieldType
    public var isRequired: Bool
    public var defaultValue: ProfileValue?
    public var description: String?
    /// Shown on forms and sheets but read by no rule (`display_only: true`), so `check` does not warn.
    public var isDisplayOnly: Bool = false
    /// Where the field is declared in schema.yaml.
    public var line: Int?
    /// Why a blank means `defaultValue` by policy (`default_reason:`), for the officer reading the schema.
    public var defaultReason: String?
    /// The document that proves the field (`evidence: 收入证明`), on the list of what to bring.
    public var evidence: String?
    /// The answer "none" where one is allowed (`not_applicable: 无残疾证`): given as null, read as nil by
    /// rules. Without it, a field answers with a value or stays unknown.
    public var notApplicable: String?
    /// For a list: what one item is called (`item_label: 家庭成员`) and the field that names it
    /// (`item_title: name`), in questions about an item.
    public var itemLabel: String?
    public var itemTitle: String?
    /// For text: what the text must be (`format: id_number`); the validator checks it and writes it in
    /// its standard form.
    public var format: TextFormat?

    public init(name: String, label: String, type: FieldType, isRequired: Bool = false,
                defaultValue: ProfileValue? = nil, description: String? = nil, line: Int? = nil) {
        self.name = name
        self.label = label
        self.type = type
        self.isRequired = isRequired
        self.defaultValue = defaultValue
        self.description = description
        self.line = line
    }
}

/// What a text field holds, when it is more than free text (`format:` in schema.yaml).
public enum TextFormat: String, Sendable, Hashable, CaseIterable {
    /// A citizen ID number (`ChineseIDNumber`), its birth date not after the assessment date.
    case idNumber = "id_number"
}

public indirect enum FieldType: Sendable {
    case string
    case integer(min: Int64?, max: Int64?)
    case boolean
    case date
    case money(min: Money?, max: Money?)
    case enumeration([EnumCase])
    case object(ObjectShape)
    case list(ObjectShape, maxItems: Int?)

    /// The word used in schema.yaml and in error messages.
    public var name: String {
        switch self {
        case .string: "string"
        case .integer: "integer"
        case .boolean: "boolean"
        case .date: "date"
        case .money: "money"
        case .enumeration: "enum"
        case .object: "object"
        case .list: "list"
        }
    }
}

public struct EnumCase: Sendable, Hashable {
    public var code: String
    public var label: String
    public init(code: String, label: String) {
        self.code = code
        self.label = label
    }
}

/// A validated profile value. Objects hold every declared field that has a value (given or default); a
/// field they lack is unknown.
public indirect enum ProfileValue: Sendable, Hashable {
    case string(String)
    case integer(Int64)
    case boolean(Bool)
    case date(CivilDate)
    case money(Money)
    case enumeration(String)
    case object([String: ProfileValue])
    case list([ProfileValue])
    /// Answered "none" for a field whose schema allows it (`not_applicable:`); rules read nil.
    case notApplicable

    public subscript(field: String) -> ProfileValue? {
        if case .object(let fields) = self { return fields[field] }
        return nil
    }
}

/// An applicant profile that passed validation against the rule set's schema.
public struct Profile: Sendable, Hashable {
    public var fields: [String: ProfileValue]
    /// Where it came from, for messages (`applicants/wang.yaml`, `-`).
    public var source: String

    public init(fields: [String: ProfileValue], source: String) {
        self.fields = fields
        self.source = source
    }

    public subscript(field: String) -> ProfileValue? { fields[field] }

    /// The text at a dotted path through objects (`applicant.name`), or nil.
    public func text(at path: String) -> String? {
        var value: ProfileValue? = .object(fields)
        for name in path.split(separator: ".") { value = value?[String(name)] }
        if case .string(let text)? = value { return text }
        return nil
    }
}

/// A field's place in a profile, written as the validator and the rules write it:
/// `household.members[2].monthly_income` (list positions from 1).
public enum FieldPath {
    public enum Step: Sendable, Hashable {
        case field(String)
        case item(Int)
    }

    /// The steps of `path`; empty for text that is not a path.
    public static func steps(_ path: String) -> [Step] {
        var steps: [Step] = []
        for part in path.split(separator: ".", omittingEmptySubsequences: false) {
            var rest = Substring(part)
            let name = rest.prefix { $0 != "[" }
            guard !name.isEmpty else { return [] }
            steps.append(.field(String(name)))
            rest = rest.dropFirst(name.count)
            while rest.first == "[" {
                guard let close = rest.firstIndex(of: "]"), let number = Int(rest[rest.index(after: rest.startIndex)..<close]),
                      number >= 1 else { return [] }
                steps.append(.item(number))
                rest = rest[rest.index(after: close)...]
            }
            guard rest.isEmpty else { return [] }
        }
        return steps
    }

    public static func text(_ steps: [Step]) -> String {
        var text = ""
        for step in steps {
            switch step {
            case .field(let name): text += text.isEmpty ? name : ".\(name)"
            case .item(let number): text += "[\(number)]"
            }
        }
        return text
    }
}
