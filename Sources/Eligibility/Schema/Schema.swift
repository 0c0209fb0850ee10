/// The applicant profile as the rule set declares it (`Rules/schema.yaml`). Policy officers add fields
/// there; the engine never hard-codes one.
public struct Schema: Sendable {
    public var root: ObjectShape
    public init(root: ObjectShape) { self.root = root }

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

/// A validated profile value. Objects hold every declared field that has a value (given or default).
public indirect enum ProfileValue: Sendable, Hashable {
    case string(String)
    case integer(Int64)
    case boolean(Bool)
    case date(CivilDate)
    case money(Money)
    case enumeration(String)
    case object([String: ProfileValue])
    case list([ProfileValue])

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
