import DecisionFormats
import Eligibility
import Foundation

/// Synthetic applicants that follow a rule set's schema, for benchmarks and impact analysis
/// (`bangfu generate`). How each field is drawn comes from the rule set's `population.yaml`, keyed by
/// field path; a field it does not mention is left out when optional (its default applies, or it is
/// unknown: so every field the rules may read needs an entry) and given a plain valid value when required.
/// The same seed gives the same people, on any machine.
///
/// Drawing rules (`population.yaml`):
/// - `{weights: {laid_off: 30, migrant: 20}}`: one of the keys, by weight (enums, strings); the key `~`
///   draws null, the answer "none" of a field with `not_applicable`;
/// - `{chance: 0.3}`: true with that probability (booleans); on an optional object: whether it is present;
/// - `{between: [a, b]}`: uniform, inclusive (integers, money in whole yuan, dates);
/// - `{normal: [mean, sd], min: a, max: b}`: normal, rounded to whole yuan or units, then clamped;
/// - `{digits: 18}`: a string of that many random digits; `{chinese_name: true}`: a plausible name;
/// - `{id_number: true}`: a valid citizen ID number (its own birth date, 1950–2000, and check digit);
/// - `{value: x}`: always x; on a list: `{count: {between: [0, 4]}}` items.
package struct PopulationGenerator {
    package let schema: Schema
    package let rules: [String: DocumentNode]

    package init(schema: Schema, population: DocumentNode?) {
        self.schema = schema
        var rules: [String: DocumentNode] = [:]
        if case .mapping(let pairs, _)? = population?["fields"] { for (path, rule) in pairs { rules[path] = rule } }
        self.rules = rules
    }

    /// Loads `population.yaml` from the rule set folder when it exists (a rule set loaded from memory has none).
    package init(ruleSet: RuleSet) throws(Diagnostic) {
        var document: DocumentNode?
        if let url = ruleSet.directory?.appendingPathComponent("population.yaml"), FileManager.default.fileExists(atPath: url.path) {
            document = try DocumentNode.load(contentsOf: url, displayName: "population.yaml")
        }
        self.init(schema: ruleSet.schema, population: document)
    }

    /// The profile of person `index` (from 0) for `seed`, as one line of JSON.
    package func profile(_ index: Int, seed: UInt64) -> String {
        var random = SplitMix64(seed: seed &+ UInt64(index) &* 0x9E37_79B9_7F4A_7C15)
        return object(schema.root, path: "", random: &random).rendered()
    }

    private func object(_ shape: ObjectShape, path: String, random: inout SplitMix64) -> JSONValue {
        var fields: [(String, JSONValue)] = []
        for field in shape.fields {
            let fieldPath = path.isEmpty ? field.name : "\(path).\(field.name)"
            let rule = rules[fieldPath]
            switch field.type {
            case .object(let inner):
                if let chance = rule?["chance"]?.scalarText.flatMap(Double.init), random.unit() >= chance { continue }
                fields.append((field.name, object(inner, path: fieldPath, random: &random)))
            case .list(let inner, let maxItems):
                let count = min(rule?["count"].map { integer($0, random: &random) } ?? 0, maxItems ?? .max)
                guard count > 0 else { continue }
                fields.append((field.name, .array((0..<count).map { _ in object(inner, path: fieldPath + "[]", random: &random) })))
            default:
                if let rule {
                    if let value = scalar(rule, field: field, random: &random) { fields.append((field.name, value)) }
                } else if field.isRequired {
                    fields.append((field.name, plainValue(field)))
                }
            }
        }
        return .object(fields)
    }

    private func scalar(_ rule: DocumentNode, field: Field, random: inout SplitMix64) -> JSONValue? {
        if let value = rule["value"]?.scalarText { return .string(value) }
        if case .mapping(let weights, _)? = rule["weights"] {
            let total = weights.reduce(0.0) { $0 + (Double($1.value.scalarText ?? "") ?? 0) }
            var pick = random.unit() * total
            for (key, weight) in weights {
                pick -= Double(weight.scalarText ?? "") ?? 0
                if pick < 0 { return Self.drawn(key) }
            }
            return weights.last.map { Self.drawn($0.key) }
        }
        if let chance = rule["chance"]?.scalarText.flatMap(Double.init) { return .bool(random.unit() < chance) }
        if let digits = rule["digits"]?.scalarText.flatMap(Int.init) {
            return .string(String((0..<digits).map { _ in Character(String(random.below(10))) }))
        }
        if rule["chinese_name"] != nil { return .string(chineseName(random: &random)) }
        if rule["id_number"] != nil { return .string(idNumber(random: &random)) }
        if case .date = field.type, case .sequence(let bounds, _)? = rule["between"], bounds.count == 2,
           let low = bounds[0].scalarText.flatMap(CivilDate.init(_:)), let high = bounds[1].scalarText.flatMap(CivilDate.init(_:)) {
            let days = low.dayNumber + random.below(max(1, high.dayNumber - low.dayNumber + 1))
            return .string(CivilDate(dayNumber: days).description)
        }
        if rule["between"] != nil || rule["normal"] != nil { return .integer(Int64(integer(rule, random: &random))) }
        return nil
    }

    /// A key drawn from `weights`: `~` is null (the answer "none").
    private static func drawn(_ key: String) -> JSONValue { key == "~" ? .null : .string(key) }

    /// A whole number from `between` or `normal` (rounded half away from zero), clamped to min and max.
    private func integer(_ rule: DocumentNode, random: inout SplitMix64) -> Int {
        var value = 0
        if case .sequence(let bounds, _)? = rule["between"], bounds.count == 2,
           let low = bounds[0].scalarText.flatMap(Int.init), let high = bounds[1].scalarText.flatMap(Int.init) {
            value = low + random.below(max(1, high - low + 1))
        } else if case .sequence(let parameters, _)? = rule["normal"], parameters.count == 2,
                  let mean = parameters[0].scalarText.flatMap(Double.init), let sd = parameters[1].scalarText.flatMap(Double.init) {
            value = Int((mean + sd * random.normal()).rounded())
        }
        if let low = rule["min"]?.scalarText.flatMap(Int.init) { value = max(low, value) }
        if let high = rule["max"]?.scalarText.flatMap(Int.init) { value = min(high, value) }
        return value
    }

    private func plainValue(_ field: Field) -> JSONValue {
        switch field.type {
        case .string: .string("样本")
        case .integer(let min, _): .integer(min ?? 0)
        case .boolean: .bool(false)
        case .date: .string("1980-01-01")
        case .money(let min, _): .string((min ?? .zero).plain)
        case .enumeration(let cases): .string(cases.first?.code ?? "")
        case .object, .list: .null
        }
    }

    private static let regions = ["340104", "340102", "340111", "342622"]
    private static let birthDates = CivilDate(year: 1950, month: 1, day: 1)!.dayNumber...CivilDate(year: 2000, month: 12, day: 31)!.dayNumber

    private func idNumber(random: inout SplitMix64) -> String {
        let born = CivilDate(dayNumber: Self.birthDates.lowerBound + random.below(Self.birthDates.count))
        let first17 = Self.regions[random.below(Self.regions.count)] + born.description.filter { $0 != "-" }
            + String(format: "%03d", random.below(1000))
        return first17 + String(ChineseIDNumber.checkCharacter(first17.compactMap { $0.wholeNumberValue }))
    }

    private static let surnames = Array("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤")
    private static let given = Array("建国华明伟芳娟敏静丽强磊军洋勇艳杰娜涛超秀英兰霞平刚桂红玉梅志鹏飞斌宇浩凯健俊帆晨瑶欣怡婷雪琳")

    private func chineseName(random: inout SplitMix64) -> String {
        var name = String(Self.surnames[random.below(Self.surnames.count)])
        for _ in 0..<(1 + random.below(2)) { name.append(Self.given[random.below(Self.given.count)]) }
        return name
    }
}

/// A small, fast, well-mixed generator whose sequence is the same on every platform.
struct SplitMix64 {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in [0, 1), from the top 53 bits.
    mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }

    /// Uniform in 0..<bound.
    mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }

    /// Standard normal, by Box–Muller.
    mutating func normal() -> Double {
        let u = max(unit(), .leastNonzeroMagnitude)
        return (-2 * Foundation.log(u)).squareRoot() * Foundation.cos(2 * .pi * unit())
    }
}
