/// Checks a profile document against the schema and returns the validated profile, or every problem
/// found (not only the first), each with its field path: `household.members[2].monthly_income: …`.
/// List positions count from 1, as in Lua and as caseworkers count.
/// A profile beyond `limits` is refused as too large before anything else is looked at.
public struct ProfileValidator: Sendable {
    public var schema: Schema
    public var limits: ProfileLimits
    /// The day of the assessment: a birth date inside an ID number may not be after it. Nil checks no
    /// date against it (a profile read before anyone says when it is assessed).
    public var assessmentDate: CivilDate?

    public init(schema: Schema, limits: ProfileLimits = .standard, on assessmentDate: CivilDate? = nil) {
        self.schema = schema
        self.limits = limits
        self.assessmentDate = assessmentDate
    }

    public func validate(_ document: DocumentNode, source: String) throws(DiagnosticList) -> Profile {
        var reader = Reader(file: source)
        reader.assessmentDate = assessmentDate
        guard case .mapping = document else {
            throw DiagnosticList([Diagnostic(file: source, line: document.line,
                                             message: Text(zh: "档案应是逐项列出的字段，这里是 \(document.shortDescription.zh)",
                                                           en: "a profile must be a mapping of fields, got \(document.shortDescription.en)"))])
        }
        if let excess = limits.firstExcess(in: document, file: source) { throw DiagnosticList([excess]) }
        let fields = reader.object(document, shape: schema.root)
        guard reader.diagnostics.isEmpty else { throw DiagnosticList(reader.diagnostics) }
        return Profile(fields: fields, source: source)
    }

    struct Reader {
        var file: String?
        var diagnostics: [Diagnostic] = []
        var assessmentDate: CivilDate?
        /// Where the reader is, as steps; written out as text only for a problem (a valid profile has
        /// dozens of fields, and building every path cost more than checking them).
        private var steps: [FieldPath.Step] = []

        init(file: String?, at path: String? = nil) {
            self.file = file
            if let path { steps = [.field(path)] }
        }

        var path: String { FieldPath.text(steps) }

        mutating func problem(_ node: DocumentNode?, _ message: Text) {
            diagnostics.append(Diagnostic(file: file, line: node?.line, path: path, message: message))
        }

        mutating func within<Result>(_ step: FieldPath.Step, _ body: (inout Reader) -> Result) -> Result {
            steps.append(step)
            defer { steps.removeLast() }
            return body(&self)
        }

        /// An absent optional object still reads as an object: its fields' defaults apply, the rest are
        /// unknown, and its required fields are not asked for, so rules can write
        /// `profile.household.members` without first testing `profile.household`.
        func absentObject(_ shape: ObjectShape) -> [String: ProfileValue] {
            var values: [String: ProfileValue] = [:]
            for field in shape.fields {
                if case .object(let inner) = field.type {
                    values[field.name] = field.defaultValue ?? .object(absentObject(inner))
                } else if let value = field.defaultValue {
                    values[field.name] = value
                }
            }
            return values
        }

        mutating func object(_ node: DocumentNode, shape: ObjectShape) -> [String: ProfileValue] {
            guard case .mapping(let pairs, _) = node else {
                problem(node, Text(zh: "这里应是一组字段（下面逐项填写），这里是 \(node.shortDescription.zh)",
                                   en: "expected an object (fields under it), got \(node.shortDescription.en)"))
                return [:]
            }
            var values: [String: ProfileValue] = Dictionary(minimumCapacity: shape.fields.count)
            var given: [String: DocumentNode] = Dictionary(minimumCapacity: pairs.count)
            for (key, value) in pairs {
                if shape.field(named: key) == nil {
                    within(.field(key)) {
                        $0.problem(node, Text(zh: "schema 中没有这个字段", en: "not a field of the schema")
                                       + Suggestion.hint(for: key, among: shape.fields.map(\.name)))
                    }
                }
                given[key] = value
            }
            // A field not given (or given as null) takes its default; a field with none stays unknown. Null
            // is the answer "none" where the schema allows one (`not_applicable`).
            for field in shape.fields {
                let given = given[field.name]
                if let given, !given.isNull {
                    let value = within(.field(field.name)) { reader in
                        reader.read(given, as: field.type).flatMap { reader.formatted($0, field.format, node: given) }
                    }
                    if let value { values[field.name] = value }
                } else if given != nil, field.notApplicable != nil {
                    values[field.name] = .notApplicable
                } else if let defaultValue = field.defaultValue {
                    values[field.name] = defaultValue
                } else if field.isRequired {
                    within(.field(field.name)) { $0.problem(given ?? node, Text(zh: "必填（\(field.label)），但没有填写", en: "required (\(field.label)) but missing")) }
                } else if case .object(let inner) = field.type {
                    values[field.name] = .object(absentObject(inner))
                }
            }
            return values
        }

        mutating func read(_ node: DocumentNode, as type: FieldType) -> ProfileValue? {
            switch type {
            case .object(let shape):
                return .object(object(node, shape: shape))
            case .list(let shape, let maxItems):
                guard case .sequence(let items, _) = node else {
                    problem(node, Text(zh: "这里应是列表，这里是 \(node.shortDescription.zh)", en: "expected a list, got \(node.shortDescription.en)"))
                    return nil
                }
                if let maxItems, items.count > maxItems {
                    problem(node, Text(zh: "最多 \(maxItems) 项，这里有 \(items.count) 项", en: "at most \(maxItems) items, got \(items.count)"))
                }
                var list: [ProfileValue] = []
                list.reserveCapacity(items.count)
                for (index, item) in items.enumerated() {
                    list.append(.object(within(.item(index + 1)) { $0.object(item, shape: shape) }))
                }
                return .list(list)
            default:
                guard let text = node.scalarText else {
                    problem(node, unexpected(node, type))
                    return nil
                }
                return scalar(text, node: node, as: type)
            }
        }

        mutating func scalar(_ text: String, node: DocumentNode, as type: FieldType) -> ProfileValue? {
            func fail() -> ProfileValue? {
                problem(node, unexpected(node, type))
                return nil
            }
            switch type {
            case .string:
                // The readers refuse a NUL in the text they decode; a form value is percent-decoded after.
                guard !text.utf8.contains(0) else { problem(node, UTF8Text.nulCharacter); return nil }
                return .string(text)
            case .boolean:
                switch text.lowercased() {
                case "true", "yes", "是": return .boolean(true)
                case "false", "no", "否": return .boolean(false)
                default: return fail()
                }
            case .date:
                guard let date = CivilDate(text) else { return fail() }
                return .date(date)
            case .integer(let min, let max):
                guard let value = Int64(text) ?? Int64(text.trimmingWhitespace()) else { return fail() }
                if let min, value < min { problem(node, Text(zh: "不能小于 \(min)，这里是 \(value)", en: "must be at least \(min), got \(value)")); return nil }
                if let max, value > max { problem(node, Text(zh: "不能大于 \(max)，这里是 \(value)", en: "must be at most \(max), got \(value)")); return nil }
                return .integer(value)
            case .money(let min, let max):
                let value: Money
                switch Money.parse(yuan: text) {
                case .success(let money): value = money
                case .failure(let reason):
                    problem(node, unexpected(node, type) + (reason.advice.map { Text(zh: "：\($0.zh)", en: ": \($0.en)") } ?? Text(verbatim: "")))
                    return nil
                }
                if let min, value < min {
                    problem(node, Text(zh: "不能少于 \(min) 元，这里是 \(value)", en: "must be at least \(min) yuan, got \(value)"))
                    return nil
                }
                if let max, value > max {
                    problem(node, Text(zh: "不能多于 \(max) 元，这里是 \(value)", en: "must be at most \(max) yuan, got \(value)"))
                    return nil
                }
                return .money(value)
            case .enumeration(let cases):
                if let match = cases.first(where: { $0.code == text || $0.label == text }) { return .enumeration(match.code) }
                problem(node, Text(zh: "应是 \(cases.map(\.code).joined(separator: "、")) 之一，这里是 \(node.shortDescription.zh)",
                                   en: "expected one of \(cases.map(\.code).joined(separator: ", ")), got \(node.shortDescription.en)")
                        + Suggestion.hint(for: text, among: cases.map(\.code)))
                return nil
            case .object, .list:
                return fail()
            }
        }

        /// A text checked against the field's `format` and written in its standard form; nil, with the
        /// problem recorded, when it does not fit.
        mutating func formatted(_ value: ProfileValue, _ format: TextFormat?, node: DocumentNode) -> ProfileValue? {
            guard let format, case .string(let text) = value else { return value }
            switch format {
            case .idNumber:
                switch ChineseIDNumber.parse(text, notAfter: assessmentDate) {
                case .success(let number): return .string(number.text)
                case .failure(let problem): self.problem(node, problem.message); return nil
                }
            }
        }

        /// `expected money (yuan, at most two decimals), got "abc"`.
        func unexpected(_ node: DocumentNode, _ type: FieldType) -> Text {
            let expected = switch type {
            case .money: Text(zh: "金额（元，最多两位小数）", en: "money (yuan, at most two decimals)")
            case .date: Text(zh: "日期（YYYY-MM-DD）", en: "a date (YYYY-MM-DD)")
            case .boolean: Text(zh: "true 或 false（是或否）", en: "true or false")
            case .object: Text(zh: "一组字段", en: "an object")
            case .integer: Text(zh: "整数", en: "integer")
            default: Text(verbatim: type.name)
            }
            return Text(zh: "应填\(expected.zh)，这里是 \(node.shortDescription.zh)", en: "expected \(expected.en), got \(node.shortDescription.en)")
        }
    }
}
