/// Dated parameters (`parameters.yaml`, or `parameters/*.yaml` by topic), in the manner of OpenFisca:
/// each value applies from its date until the next one; the assessment date picks the value.
public struct ParameterSet: Sendable {
    /// In file order (files in path order).
    public var parameters: [Parameter]

    public init(parameters: [Parameter]) { self.parameters = parameters }

    public func parameter(_ path: String) -> Parameter? { parameters.first { $0.path == path } }

    /// Reads a value for parameter `path` written in its own unit (a case's override), or says why not.
    public func value(for path: String, from node: DocumentNode, file: String) throws(Diagnostic) -> ParameterValue {
        guard let parameter = parameter(path) else {
            throw Diagnostic(file: file, line: node.line, path: "parameters.\(path)",
                             message: Text(zh: "没有这个参数", en: "no such parameter") + Suggestion.hint(for: path, among: parameters.map(\.path)))
        }
        var loader = ParameterLoader.Loader(file: file)
        guard let value = loader.read(node, kind: parameter.kind, unit: parameter.unit, path: "parameters.\(path)") else {
            throw loader.diagnostics.first ?? Diagnostic(file: file, line: node.line, message: Text(zh: "不是 \(path) 的值", en: "not a value for \(path)"))
        }
        return value
    }
}

public struct Parameter: Sendable {
    /// Dotted path, as rules read it: `dibao.urban` is `params.dibao.urban`.
    public var path: String
    public var label: String
    public var unit: String
    public var kind: Kind
    /// The legal source of its values; none when every value gives its own.
    public var reference: String?
    /// Sorted by date; a nil value ends the parameter from that date.
    public var values: [DatedValue]
    /// Where it is defined, relative to the rule set folder (`parameters/dibao.yaml`).
    public var file: String
    public var line: Int?

    public enum Kind: Sendable {
        /// Written in yuan, used in fen.
        case money
        /// An exact decimal (ratios, percentages), at most 6 decimal places.
        case decimal
        case whole
    }

    /// The value in force on `date`, or nil.
    public func value(on date: CivilDate) -> DatedValue? {
        guard let entry = values.last(where: { $0.from <= date }), entry.value != nil else { return nil }
        return entry
    }

    /// True when a `null` entry ended the parameter on or before `date`: rules then read nil, so they
    /// can say a scheme has ended. Before its first value a parameter is an error instead.
    public func hasEnded(on date: CivilDate) -> Bool {
        guard let entry = values.last(where: { $0.from <= date }) else { return false }
        return entry.value == nil
    }

    /// `parameters/dibao.yaml:12`, for messages.
    public var place: String { line.map { "\(file):\($0)" } ?? file }

    /// Why there is no value on `date`, for the error a rule gets.
    func absence(on date: CivilDate) -> Text {
        if let entry = values.last(where: { $0.from <= date }) {
            return Text(zh: "已于 \(entry.from) 停止执行", en: "it ended on \(entry.from)")
        }
        return values.first.map { Text(zh: "最早的值自 \($0.from) 起适用", en: "its first value applies from \($0.from)") }
            ?? Text(zh: "它没有任何值", en: "it has no values")
    }
}

public struct DatedValue: Sendable {
    public var from: CivilDate
    public var value: ParameterValue?
    /// Its legal source: its own, else the parameter's (one of them is always given).
    public var reference: String
    public var line: Int?
}

public indirect enum ParameterValue: Sendable, Hashable {
    case money(Money)
    /// The decimal exactly as written, e.g. `0.8`.
    case decimal(String)
    case whole(Int64)
    case list([ParameterValue])
    case table([String: ParameterValue])
}

enum ParameterLoader {
    static func load(_ document: DocumentNode, file: String) throws(DiagnosticList) -> ParameterSet {
        var loader = Loader(file: file)
        loader.group(document, path: "")
        guard loader.diagnostics.isEmpty else { throw DiagnosticList(loader.diagnostics) }
        return ParameterSet(parameters: loader.parameters)
    }

    /// The parameters of several files as one set, in file order. A path defined in two files, or a
    /// parameter in one file that another makes a group (`dibao.urban` and `dibao.urban.extra`), is an
    /// error naming both places.
    static func merge(_ sets: [ParameterSet]) throws(DiagnosticList) -> ParameterSet {
        var merged: [Parameter] = []
        var problems: [Diagnostic] = []
        for parameter in sets.flatMap(\.parameters) {
            func problem(_ message: Text, hint: Text) {
                problems.append(Diagnostic(file: parameter.file, line: parameter.line, path: parameter.path, message: message, hint: hint))
            }
            if let first = merged.first(where: { $0.path == parameter.path }) {
                problem(Text(zh: "定义了两次：\(first.place) 也有", en: "defined twice: also at \(first.place)"),
                        hint: Text(zh: "只保留一处", en: "keep one of them"))
            } else if let other = merged.first(where: { $0.path.hasPrefix(parameter.path + ".") || parameter.path.hasPrefix($0.path + ".") }) {
                problem(Text(zh: "与 \(other.place) 的 '\(other.path)' 冲突", en: "clashes with '\(other.path)' at \(other.place)"),
                        hint: Text(zh: "一个名字要么是参数，要么是一组参数", en: "a name is either a parameter or a group of parameters"))
            } else {
                merged.append(parameter)
            }
        }
        guard problems.isEmpty else { throw DiagnosticList(problems) }
        return ParameterSet(parameters: merged)
    }

    struct Loader {
        var file: String
        var diagnostics: [Diagnostic] = []
        var parameters: [Parameter] = []

        static let options = ["label", "unit", "reference", "values", "description"]

        mutating func problem(_ node: DocumentNode?, _ path: String, _ message: Text, hint: Text? = nil) {
            diagnostics.append(Diagnostic(file: file, line: node?.line, path: path, message: message, hint: hint))
        }

        mutating func group(_ node: DocumentNode, path: String) {
            guard case .mapping(let pairs, _) = node else {
                problem(node, path, Text(zh: "这里应是一组参数，或带 'values:' 的参数", en: "expected a group of parameters or a parameter with 'values:'"))
                return
            }
            for (name, child) in pairs {
                let childPath = path.isEmpty ? name : "\(path).\(name)"
                if name.wholeMatch(of: /[A-Za-z_][A-Za-z0-9_]*/) == nil {
                    problem(child, childPath, Text(zh: "参数名只能用字母、数字和 '_'", en: "a parameter name uses letters, digits and '_' only"))
                    continue
                }
                if child["values"] != nil {
                    parameter(child, path: childPath)
                } else if case .scalar = child, ["label", "description"].contains(name) {
                    continue  // the group's own label
                } else {
                    group(child, path: childPath)
                }
            }
        }

        mutating func parameter(_ node: DocumentNode, path: String) {
            guard case .mapping(let pairs, _) = node else { return }
            for (key, value) in pairs where !Self.options.contains(key) {
                problem(value, path, Text(zh: "未知的选项 '\(key)'", en: "unknown option '\(key)'") + Suggestion.hint(for: key, among: Self.options))
            }
            let label = node["label"]?.scalarText
            let unit = node["unit"]?.scalarText
            let reference = node["reference"]?.scalarText
            if label == nil { problem(node, path, Text(zh: "每个参数都要有 'label'（名称）", en: "every parameter needs a 'label'")) }
            if unit == nil {
                problem(node, path, Text(zh: "每个参数都要有 'unit'（单位）", en: "every parameter needs a 'unit'"),
                        hint: Text(zh: "如 yuan_per_month、ratio、months 等", en: "yuan_per_month, ratio, months, …"))
            }
            if let reference { checkReference(reference, node["reference"], path) }
            guard let label, let unit, case .mapping(let entries, _)? = node["values"] else {
                if case .mapping? = node["values"] {} else { problem(node["values"], path, Text(zh: "'values' 下每行写一个日期和它的值", en: "'values' must map dates to values")) }
                return
            }
            let kind: Parameter.Kind = unit.hasPrefix("yuan") ? .money : (unit == "ratio" || unit == "percent") ? .decimal : .whole
            var values: [DatedValue] = []
            for (dateText, entry) in entries {
                guard let from = CivilDate(dateText) else {
                    problem(entry, path, Text(zh: "'\(dateText)' 不是日期（写成 YYYY-MM-DD）", en: "'\(dateText)' is not a date (YYYY-MM-DD)"))
                    continue
                }
                var valueNode = entry
                var ownReference: String?
                if case .mapping = entry, entry["value"] != nil || entry["reference"] != nil {
                    valueNode = entry["value"] ?? .null(line: entry.line)
                    ownReference = entry["reference"]?.scalarText
                    if let ownReference { checkReference(ownReference, entry["reference"], "\(path) (\(dateText))") }
                }
                guard let source = ownReference ?? reference else {
                    problem(entry, path, Text(zh: "自 \(dateText) 起的值没有 'reference'（政策依据），参数本身也没有",
                                              en: "the value from \(dateText) has no 'reference' (its legal source), and the parameter has none"),
                            hint: Text(zh: "给参数写 'reference'，或给这个值单独写：{value: …, reference: …}",
                                       en: "give the parameter a 'reference', or this value its own: {value: …, reference: …}"))
                    continue
                }
                if case .null = valueNode {
                    values.append(DatedValue(from: from, value: nil, reference: source, line: entry.line))
                } else if let value = read(valueNode, kind: kind, unit: unit, path: "\(path) (\(dateText))") {
                    values.append(DatedValue(from: from, value: value, reference: source, line: entry.line))
                }
            }
            values.sort { $0.from < $1.from }
            parameters.append(Parameter(path: path, label: label, unit: unit, kind: kind, reference: reference,
                                        values: values, file: file, line: node.line))
        }

        /// A reference must name a source: not blank, not a placeholder left for later.
        mutating func checkReference(_ reference: String, _ node: DocumentNode?, _ path: String) {
            let text = reference.trimmingCharacters(in: .whitespaces)
            guard text.isEmpty || Self.placeholders.contains(text.uppercased()) || text.hasPrefix("请填写") else { return }
            problem(node, path, text.isEmpty ? Text(zh: "'reference' 是空的", en: "the 'reference' is blank")
                        : Text(zh: "'reference' 写的 '\(text)' 只是占位，不是政策依据", en: "the 'reference' '\(text)' is a placeholder, not a legal source"),
                    hint: Text(zh: "写明文件和条款：《…办法》（…〔2023〕12号）第五条", en: "name the document and its article: 《…办法》（…〔2023〕12号）第五条"))
        }

        /// What people write for a source they have not looked up yet.
        static let placeholders: Set<String> = ["TODO", "TBD", "FIXME", "XXX", "?", "？", "N/A", "NA", "-", "无", "待定", "待补充", "暂无", "略", "未知"]

        mutating func read(_ node: DocumentNode, kind: Parameter.Kind, unit: String, path: String) -> ParameterValue? {
            switch node {
            case .sequence(let items, _):
                let values = items.compactMap { read($0, kind: kind, unit: unit, path: path) }
                return values.count == items.count ? .list(values) : nil
            case .mapping(let pairs, _):
                var table: [String: ParameterValue] = [:]
                for (key, item) in pairs {
                    guard let value = read(item, kind: kind, unit: unit, path: "\(path).\(key)") else { return nil }
                    table[key] = value
                }
                return .table(table)
            case .null:
                problem(node, path, Text(zh: "缺少值", en: "a value is missing"))
                return nil
            case .scalar(let text, _, _):
                switch kind {
                case .money:
                    if let money = Money(yuan: text) { return .money(money) }
                    problem(node, path, Text(zh: "应是金额（元，最多两位小数；单位 \(unit)），这里是 \(node.shortDescription.zh)",
                                             en: "expected yuan with at most two decimals (unit \(unit)), got \(node.shortDescription.en)"))
                case .decimal:
                    if text.wholeMatch(of: /-?[0-9]+(\.[0-9]{1,6})?/) != nil { return .decimal(text) }
                    problem(node, path, Text(zh: "应是小数（最多 6 位小数；单位 \(unit)），这里是 \(node.shortDescription.zh)",
                                             en: "expected a decimal with at most 6 decimal places (unit \(unit)), got \(node.shortDescription.en)"))
                case .whole:
                    if let whole = Int64(text) { return .whole(whole) }
                    problem(node, path, Text(zh: "应是整数（单位 \(unit)），这里是 \(node.shortDescription.zh)",
                                             en: "expected a whole number (unit \(unit)), got \(node.shortDescription.en)"),
                            hint: Text(zh: "金额的单位要以 'yuan' 开头", en: "amounts of money need a unit starting with 'yuan'"))
                }
                return nil
            }
        }
    }
}
