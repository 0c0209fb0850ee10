/// Reads `schema.yaml`: a `fields:` mapping, each field with `type`, `label` and options.
enum SchemaLoader {
    static func load(_ document: DocumentNode, file: String) throws(DiagnosticList) -> Schema {
        var loader = Loader(file: file)
        guard let fields = document["fields"] else {
            throw DiagnosticList([Diagnostic(file: file, line: document.line, message: Text(zh: "schema 需要 'fields:'，在其下列出各字段", en: "the schema needs a 'fields:' mapping"))])
        }
        let root = loader.shape(fields, path: "")
        let schema = Schema(root: root, screening: loader.screening(document["screening"], root: root))
        guard loader.diagnostics.isEmpty else { throw DiagnosticList(loader.diagnostics) }
        return schema
    }

    private struct Loader {
        var file: String
        var diagnostics: [Diagnostic] = []

        static let typeNames = ["string", "integer", "boolean", "date", "money", "enum", "object", "list"]
        static let formatNames = TextFormat.allCases.map(\.rawValue)
        static let typeChoices = Text(zh: "可用的有 \(typeNames.joined(separator: "、"))", en: "one of \(typeNames.joined(separator: ", "))")
        static let optionNames = ["type", "label", "required", "default", "default_reason", "not_applicable", "evidence",
                                  "description", "values", "min", "max", "fields", "item", "max_items", "item_label",
                                  "item_title", "display_only", "format"]

        /// `screening:`, the fields an interview starts with: paths of fields outside lists, and every
        /// required field among them (an interview could not go on without it).
        mutating func screening(_ node: DocumentNode?, root: ObjectShape) -> [String] {
            guard let node else { return [] }
            guard case .sequence(let items, _) = node else {
                problem(node, "screening", Text(zh: "'screening' 应是字段路径的列表，如 [applicant.name, applicant.category]",
                                                en: "'screening' must be a list of field paths, like [applicant.name, applicant.category]"))
                return []
            }
            var paths: [String] = []
            for item in items {
                guard let path = item.scalarText, Schema(root: root).fieldType(at: path) != nil else {
                    problem(item, "screening", Text(zh: "\(item.shortDescription.zh) 不是 schema 中的字段",
                                                    en: "\(item.shortDescription.en) is not a field of the schema"))
                    continue
                }
                paths.append(path)
            }
            func required(_ shape: ObjectShape, _ prefix: String) -> [String] {
                shape.fields.flatMap { field -> [String] in
                    let path = prefix + field.name
                    if case .object(let inner) = field.type { return required(inner, path + ".") }
                    return field.isRequired ? [path] : []
                }
            }
            for path in required(root, "") where !paths.contains(path) {
                problem(node, "screening", Text(zh: "必填字段 \(path) 要列在初筛问题中", en: "the required field \(path) must be among the screening questions"))
            }
            return paths
        }

        mutating func problem(_ node: DocumentNode?, _ path: String, _ message: Text, hint: Text? = nil) {
            diagnostics.append(Diagnostic(file: file, line: node?.line, path: path, message: message, hint: hint))
        }

        mutating func shape(_ node: DocumentNode, path: String) -> ObjectShape {
            guard case .mapping(let pairs, _) = node else {
                problem(node, path, Text(zh: "'fields' 下应逐个列出字段名", en: "'fields' must be a mapping of field names"))
                return ObjectShape(fields: [])
            }
            var fields: [Field] = []
            for (name, spec) in pairs {
                let fieldPath = path.isEmpty ? name : "\(path).\(name)"
                if name.wholeMatch(of: /[a-z][a-z0-9_]*/) == nil {
                    problem(spec, fieldPath, Text(zh: "字段名只能用小写字母、数字和 '_'，并以字母开头",
                                                 en: "a field name uses lower-case letters, digits and '_' only, starting with a letter"))
                }
                if let field = field(name, spec, path: fieldPath) { fields.append(field) }
            }
            return ObjectShape(fields: fields)
        }

        mutating func field(_ name: String, _ spec: DocumentNode, path: String) -> Field? {
            guard case .mapping(let options, _) = spec else {
                problem(spec, path, Text(zh: "这里应写字段的各项设置（type、label 等），这里是 \(spec.shortDescription.zh)",
                                         en: "expected the field's options (type, label, …), got \(spec.shortDescription.en)"))
                return nil
            }
            for (key, value) in options where !Self.optionNames.contains(key) {
                problem(value, path, Text(zh: "未知的设置 '\(key)'", en: "unknown option '\(key)'") + Suggestion.hint(for: key, among: Self.optionNames))
            }
            guard let label = spec["label"]?.scalarText, !label.isEmpty else {
                problem(spec, path, Text(zh: "每个字段都要有 'label'（表单上显示的中文名称）", en: "every field needs a 'label' (its Chinese name on forms)"))
                return nil
            }
            guard let typeName = spec["type"]?.scalarText else {
                problem(spec, path, Text(zh: "缺少 'type'（类型）", en: "missing 'type'"), hint: Self.typeChoices)
                return nil
            }
            guard let type = fieldType(typeName, spec, path: path) else { return nil }
            var field = Field(name: name, label: label, type: type, description: spec["description"]?.scalarText, line: spec.line)
            if let required = spec["required"] {
                switch required.scalarText {
                case "true": field.isRequired = true
                case "false": field.isRequired = false
                default: problem(required, path, Text(zh: "'required' 只能是 true 或 false", en: "'required' must be true or false"))
                }
            }
            if let displayOnly = spec["display_only"] {
                switch displayOnly.scalarText {
                case "true": field.isDisplayOnly = true
                case "false": field.isDisplayOnly = false
                default: problem(displayOnly, path, Text(zh: "'display_only' 只能是 true 或 false", en: "'display_only' must be true or false"))
                }
            }
            field.defaultReason = spec["default_reason"]?.scalarText
            field.evidence = spec["evidence"]?.scalarText
            field.notApplicable = spec["not_applicable"]?.scalarText
            field.itemLabel = spec["item_label"]?.scalarText
            field.itemTitle = spec["item_title"]?.scalarText
            for (key, text) in [("default_reason", field.defaultReason), ("evidence", field.evidence),
                                ("not_applicable", field.notApplicable), ("item_label", field.itemLabel),
                                ("item_title", field.itemTitle)] where spec[key] != nil && (text ?? "").isEmpty {
                problem(spec[key], path, Text(zh: "'\(key)' 应是文字", en: "'\(key)' must be text"))
            }
            if field.defaultReason != nil, spec["default"] == nil {
                problem(spec["default_reason"], path, Text(zh: "'default_reason' 是说明默认值的，这个字段没有默认值",
                                                          en: "'default_reason' explains a default: this field has none"))
            }
            if field.notApplicable != nil, field.isRequired || spec["default"] != nil {
                problem(spec["not_applicable"], path, Text(zh: "可以回答“无”的字段不能是必填的，也不能有默认值",
                                                          en: "a field answered \"none\" cannot be required or have a default"))
            }
            if let title = field.itemTitle {
                if case .list(let item, _) = type, case .string? = item.field(named: title)?.type {} else {
                    problem(spec["item_title"], path, Text(zh: "'item_title' 应写每一项中的一个文本字段，'\(title)' 不是",
                                                          en: "'item_title' names a text field of each item, not '\(title)'"))
                }
            }
            if let format = spec["format"] {
                if let name = format.scalarText, let known = TextFormat(rawValue: name), case .string = type {
                    field.format = known
                } else if case .string = type {
                    problem(format, path, Text(zh: "未知的格式 \(format.shortDescription.zh)", en: "unknown format \(format.shortDescription.en)")
                                + Suggestion.hint(for: format.scalarText ?? "", among: Self.formatNames),
                            hint: Text(zh: "可用的有 \(Self.formatNames.joined(separator: "、"))", en: "one of \(Self.formatNames.joined(separator: ", "))"))
                } else {
                    problem(format, path, Text(zh: "'format' 只用于文本字段（type: string）", en: "'format' is for text fields (type: string)"))
                }
            }
            if let defaultNode = spec["default"] {
                var reader = ProfileValidator.Reader(file: file, at: path + " (default)")
                field.defaultValue = reader.read(defaultNode, as: type)
                diagnostics += reader.diagnostics
                if field.isRequired { problem(defaultNode, path, Text(zh: "必填字段不能有默认值", en: "a required field cannot have a default")) }
            }
            return field
        }

        mutating func fieldType(_ name: String, _ spec: DocumentNode, path: String) -> FieldType? {
            switch name {
            case "string": return .string
            case "boolean": return .boolean
            case "date": return .date
            case "integer":
                return .integer(min: integerOption("min", spec, path), max: integerOption("max", spec, path))
            case "money":
                return .money(min: moneyOption("min", spec, path), max: moneyOption("max", spec, path))
            case "enum":
                guard case .mapping(let pairs, _)? = spec["values"], !pairs.isEmpty else {
                    problem(spec, path, Text(zh: "enum 需要 'values:'，逐行写 代码: 名称", en: "an enum needs 'values:', a mapping of code: label"))
                    return nil
                }
                return .enumeration(pairs.map { EnumCase(code: $0.key, label: $0.value.scalarText ?? $0.key) })
            case "object":
                guard let fields = spec["fields"] else {
                    problem(spec, path, Text(zh: "object 需要 'fields:'", en: "an object needs 'fields:'"))
                    return nil
                }
                return .object(shape(fields, path: path))
            case "list":
                guard let fields = spec["item"]?["fields"] else {
                    problem(spec, path, Text(zh: "list 需要 'item:'，其下用 'fields:' 说明每一项", en: "a list needs 'item:' with 'fields:' describing each item"))
                    return nil
                }
                return .list(shape(fields, path: path + "[]"), maxItems: integerOption("max_items", spec, path).map(Int.init))
            default:
                problem(spec["type"], path, Text(zh: "未知的类型 '\(name)'", en: "unknown type '\(name)'") + Suggestion.hint(for: name, among: Self.typeNames),
                        hint: Self.typeChoices)
                return nil
            }
        }

        mutating func integerOption(_ key: String, _ spec: DocumentNode, _ path: String) -> Int64? {
            guard let node = spec[key] else { return nil }
            guard let value = node.scalarText.flatMap({ Int64($0) }) else {
                problem(node, path, Text(zh: "'\(key)' 应是整数", en: "'\(key)' must be a whole number"))
                return nil
            }
            return value
        }

        mutating func moneyOption(_ key: String, _ spec: DocumentNode, _ path: String) -> Money? {
            guard let node = spec[key] else { return nil }
            guard let value = node.scalarText.flatMap({ Money(yuan: $0) }) else {
                problem(node, path, Text(zh: "'\(key)' 应是金额（元）", en: "'\(key)' must be an amount in yuan"))
                return nil
            }
            return value
        }
    }
}
