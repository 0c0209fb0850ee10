import Eligibility
import Foundation

/// One sample case: an applicant, an assessment date and the decisions the rules must give.
package struct TestCase: Sendable {
    package var name: String
    /// The case file as the user named it, and the line of this case in it.
    package var file: String
    package var line: Int?
    package var date: CivilDate
    package var tags: [String]
    /// The profile document (inline, or read from the path the case names), validated when run.
    package var profile: DocumentNode
    package var profileSource: String
    /// Parameter values the case pins for its date (`dibao.urban: 990`), in each parameter's unit.
    package var parameterOverrides: [(path: String, value: DocumentNode)]
    /// The household's grants on record (`history:`), read when run; nil when the case gives none
    /// (then the profile document's own `history:`, if any, or no grants on record).
    package var history: DocumentNode?
    package var expectedFacts: [(id: String, value: DocumentNode)]
    package var expectedProgrammes: [ExpectedDecision]
}

extension TestCase {
    /// True when `text` is one of its tags, or part of its name or file name (for `--filter`).
    package func matches(filter text: String) -> Bool {
        tags.contains(text) || name.contains(text) || file.contains(text)
    }
}

package struct ExpectedDecision: Sendable {
    package var programme: String
    package var outcome: Outcome?
    /// Sum of the programme's cash after policy.
    package var cash: Money?
    /// Cash a year: monthly × 12 + yearly + once.
    package var cashPerYear: Money?
    package var period: Period?
    package var entitlement: Money?
    /// Codes that must be among the decision's reasons.
    package var reasons: [String]
    /// The fields a `needs_information` decision must name, exactly (`missing: [employment.monthly_income]`).
    package var missing: [String]?
    /// The goods in kind, services and entitlements the decision gives, exactly (in any order), when listed.
    package var goods: [ExpectedGoods]?
    package var services: [String]?
    package var entitlements: [ExpectedEntitlement]?
    package var line: Int?
}

/// `{item: 大米, quantity: 2, unit: 袋}`, with `value:` (yuan) if the case checks it.
package struct ExpectedGoods: Sendable, Hashable {
    package var item: String
    package var quantity: Int64
    package var unit: String
    package var value: Money?

    package func matches(_ benefit: Benefit) -> Bool {
        guard case .inKind(let item, let quantity, let unit, let value) = benefit else { return false }
        return item == self.item && quantity == self.quantity && unit == self.unit && (self.value == nil || value == self.value)
    }
}

/// `{payer: 工伤保险基金, amount: 66000.00}`, with `period:` if the case checks it.
package struct ExpectedEntitlement: Sendable, Hashable {
    package var payer: String
    package var amount: Money
    package var period: Period?

    package func matches(_ benefit: Benefit) -> Bool {
        guard case .entitlement(let amount, let period, let payer, _) = benefit else { return false }
        return payer == self.payer && amount == self.amount && (self.period == nil || period == self.period)
    }
}

package enum CaseFileLoader {
    /// The case files under the given paths: folders are searched for `.yaml`, `.yml` and `.json` files
    /// that hold cases (an `expect:` or `cases:` key); other files there (profiles) are left alone.
    package static func discover(_ paths: [String]) throws(DiagnosticList) -> [TestCase] {
        let (files, missing) = InputFiles.expand(paths, extensions: ["yaml", "yml", "json"])
        var cases: [TestCase] = []
        var problems = missing
        for file in files {
            do {
                cases += try load(file.path, explicitlyNamed: file.isExplicit)
            } catch {
                problems += error.diagnostics
            }
        }
        guard problems.isEmpty else { throw DiagnosticList(problems) }
        return cases
    }

    package static func load(_ file: String, explicitlyNamed: Bool = true) throws(DiagnosticList) -> [TestCase] {
        let document: DocumentNode
        do {
            document = try DocumentNode.load(contentsOf: URL(fileURLWithPath: file), displayName: file)
        } catch {
            throw DiagnosticList([error])
        }
        if case .sequence(let items, _)? = document["cases"] {
            var cases: [TestCase] = []
            var problems: [Diagnostic] = []
            for item in items {
                do { cases.append(try testCase(item, file: file)) } catch { problems.append(error) }
            }
            guard problems.isEmpty else { throw DiagnosticList(problems) }
            return cases
        }
        guard document["expect"] != nil else {
            if explicitlyNamed {
                throw DiagnosticList([Diagnostic(file: file, message: Text(zh: "不是案例文件：要有 'expect:'（或在 'cases:' 下列出多个案例）",
                                                                           en: "not a case file: it needs 'expect:' (or a list under 'cases:')"))])
            }
            return []
        }
        do { return [try testCase(document, file: file)] } catch { throw DiagnosticList([error]) }
    }

    static let caseKeys = ["name", "on", "tags", "profile", "history", "parameters", "expect", "description"]
    static let expectationKeys = ["outcome", "cash", "cash_per_year", "period", "entitlement", "reasons", "missing",
                                  "in_kind", "services", "entitlements"]
    static let goodsKeys = ["item", "quantity", "unit", "value"]
    static let entitlementKeys = ["payer", "amount", "period"]

    /// `unknown key 'cahs' (did you mean 'cash'?)`, with the keys allowed there as the hint.
    static func unknownKey(in pairs: [(key: String, value: DocumentNode)], allowed: [String]) -> (message: Text, hint: Text, at: DocumentNode)? {
        guard let unknown = pairs.first(where: { !allowed.contains($0.key) }) else { return nil }
        return (Text(zh: "未知的键 '\(unknown.key)'", en: "unknown key '\(unknown.key)'") + Suggestion.hint(for: unknown.key, among: allowed),
                Text(zh: "这里可用的键：" + allowed.joined(separator: "、"), en: "the keys here are " + allowed.joined(separator: ", ")), unknown.value)
    }

    static func testCase(_ node: DocumentNode, file: String) throws(Diagnostic) -> TestCase {
        func problem(_ at: DocumentNode?, _ message: Text) -> Diagnostic {
            Diagnostic(file: file, line: at?.line ?? node.line, message: message)
        }
        guard case .mapping(let pairs, _) = node else { throw problem(node, Text(zh: "一个案例要写 name、on、profile 和 expect", en: "a case is a mapping with name, on, profile and expect")) }
        if let unknown = unknownKey(in: pairs, allowed: caseKeys) {
            var diagnostic = problem(unknown.at, unknown.message)
            diagnostic.hint = unknown.hint
            throw diagnostic
        }
        guard let name = node["name"]?.scalarText else { throw problem(node, Text(zh: "案例要有 'name'（名称）", en: "a case needs a 'name'")) }
        guard let dateText = node["on"]?.scalarText, let date = CivilDate(dateText) else {
            throw problem(node["on"], Text(zh: "案例 '\(name)'：'on:' 应是评估日期（YYYY-MM-DD）", en: "case '\(name)': 'on:' must be the assessment date (YYYY-MM-DD)"))
        }
        var tags: [String] = []
        if case .sequence(let items, _)? = node["tags"] { tags = items.compactMap(\.scalarText) }

        var profile: DocumentNode
        var profileSource = file
        switch node["profile"] {
        case .mapping?:
            profile = node["profile"]!
        case .scalar(let path, _, _)?:
            let resolved = ((file as NSString).deletingLastPathComponent as NSString).appendingPathComponent(path)
            profile = try DocumentNode.load(contentsOf: URL(fileURLWithPath: resolved), displayName: resolved)
            profileSource = resolved
        default:
            throw problem(node["profile"], Text(zh: "案例 '\(name)'：'profile:' 应是档案本身，或档案文件的路径",
                                                en: "case '\(name)': 'profile:' must be the profile itself or the path of a profile file"))
        }

        var overrides: [(path: String, value: DocumentNode)] = []
        if let node = node["parameters"] {
            guard case .mapping(let entries, _) = node else {
                throw problem(node, Text(zh: "案例 '\(name)'：'parameters:' 下逐行写参数路径和值，如 dibao.urban: 990",
                                         en: "case '\(name)': 'parameters:' maps parameter paths to values, e.g. dibao.urban: 990"))
            }
            overrides = entries.map { ($0.key, $0.value) }
        }
        var facts: [(id: String, value: DocumentNode)] = []
        if case .mapping(let entries, _)? = node["expect"]?["facts"] { facts = entries.map { ($0.key, $0.value) } }
        var programmes: [ExpectedDecision] = []
        if case .mapping(let entries, _)? = node["expect"]?["programmes"] {
            for (id, expectation) in entries { programmes.append(try expected(id, expectation, file: file)) }
        }
        if facts.isEmpty && programmes.isEmpty {
            throw problem(node["expect"], Text(zh: "案例 '\(name)'：'expect:' 下要有 'programmes:' 或 'facts:'",
                                               en: "case '\(name)': 'expect:' needs 'programmes:' or 'facts:'"))
        }
        return TestCase(name: name, file: file, line: node.line, date: date, tags: tags, profile: profile,
                        profileSource: profileSource, parameterOverrides: overrides, history: node["history"], expectedFacts: facts,
                        expectedProgrammes: programmes)
    }

    static func expected(_ id: String, _ node: DocumentNode, file: String) throws(Diagnostic) -> ExpectedDecision {
        func problem(_ message: Text, _ at: DocumentNode? = nil, hint: Text? = nil) -> Diagnostic {
            Diagnostic(file: file, line: (at ?? node).line, path: "expect.programmes.\(id)", message: message, hint: hint)
        }
        func amount(_ node: DocumentNode?, _ key: String) throws(Diagnostic) -> Money? {
            guard let node else { return nil }
            guard let amount = node.scalarText.flatMap({ Money(yuan: $0) }) else {
                throw problem(Text(zh: "'\(key)' 应是金额（元，最多两位小数）", en: "'\(key)' must be yuan with at most two decimals"), node)
            }
            return amount
        }
        func period(_ node: DocumentNode?) throws(Diagnostic) -> Period? {
            guard let node else { return nil }
            guard let period = node.scalarText.flatMap(Period.init(rawValue:)) else {
                throw problem(Text(zh: "'period' 应是 once、monthly 或 yearly", en: "'period' must be once, monthly or yearly"), node)
            }
            return period
        }
        /// A list of mappings under `key`, each read by `read` after its keys are checked.
        func benefitList<Item>(_ list: DocumentNode?, _ key: String, keys: [String], example: String,
                               _ read: (DocumentNode) throws(Diagnostic) -> Item) throws(Diagnostic) -> [Item]? {
            guard let list else { return nil }
            guard case .sequence(let items, _) = list else { throw problem(Text(zh: "'\(key)' 应是列表，如 \(example)", en: "'\(key)' must be a list, e.g. \(example)"), list) }
            var result: [Item] = []
            for item in items {
                guard case .mapping(let pairs, _) = item else { throw problem(Text(zh: "'\(key)' 的每一项都要逐个写明各键，如 \(example)", en: "each of '\(key)' is a mapping, e.g. \(example)"), item) }
                if let unknown = unknownKey(in: pairs, allowed: keys) { throw problem(unknown.message, unknown.at, hint: unknown.hint) }
                result.append(try read(item))
            }
            return result
        }
        var expectation = ExpectedDecision(programme: id, reasons: [], line: node.line)
        // `living_relief: ineligible` is short for `{outcome: ineligible}`.
        if let text = node.scalarText {
            guard let outcome = Outcome(rawValue: text) else { throw problem(Text(zh: "未知的结果 '\(text)'", en: "unknown outcome '\(text)'")) }
            expectation.outcome = outcome
            return expectation
        }
        guard case .mapping(let pairs, _) = node else { throw problem(Text(zh: "这里应写 {outcome: …, cash: …}", en: "expected {outcome: …, cash: …}")) }
        if let unknown = unknownKey(in: pairs, allowed: expectationKeys) {
            throw problem(unknown.message, unknown.at, hint: unknown.hint)
        }
        if let text = node["outcome"]?.scalarText {
            guard let outcome = Outcome(rawValue: text) else {
                throw problem(Text(zh: "未知的结果 '\(text)'（可用的有 eligible、ineligible、refer、needs_information 和 error）",
                                     en: "unknown outcome '\(text)' (eligible, ineligible, refer, needs_information or error)"), node["outcome"])
            }
            expectation.outcome = outcome
        }
        for (key, path) in [("cash", \ExpectedDecision.cash), ("cash_per_year", \ExpectedDecision.cashPerYear),
                            ("entitlement", \ExpectedDecision.entitlement)] {
            expectation[keyPath: path] = try amount(node[key], key)
        }
        expectation.period = try period(node["period"])
        if case .sequence(let items, _)? = node["reasons"] { expectation.reasons = items.compactMap(\.scalarText) }
        if let missing = node["missing"] {
            guard case .sequence(let items, _) = missing else { throw problem(Text(zh: "'missing' 应是字段路径的列表", en: "'missing' must be a list of field paths"), missing) }
            expectation.missing = items.compactMap(\.scalarText)
        }
        if let services = node["services"] {
            guard case .sequence(let items, _) = services, items.allSatisfy({ $0.scalarText != nil }) else {
                throw problem(Text(zh: "'services' 应是服务名称的列表，如 [法律咨询]", en: "'services' must be a list of service names, e.g. [法律咨询]"), services)
            }
            expectation.services = items.compactMap(\.scalarText)
        }
        expectation.goods = try benefitList(node["in_kind"], "in_kind", keys: goodsKeys, example: "[{item: 大米, quantity: 2, unit: 袋}]") {
            (item) throws(Diagnostic) in
            guard let name = item["item"]?.scalarText, let unit = item["unit"]?.scalarText,
                  let quantity = item["quantity"]?.scalarText.flatMap({ Int64($0) }) else {
                throw problem(Text(zh: "实物要写明物品、整数数量和单位", en: "goods in kind need an item, a whole quantity and a unit"), item)
            }
            return ExpectedGoods(item: name, quantity: quantity, unit: unit, value: try amount(item["value"], "value"))
        }
        expectation.entitlements = try benefitList(node["entitlements"], "entitlements", keys: entitlementKeys,
                                                   example: "[{payer: 工伤保险基金, amount: 66000.00}]") { (item) throws(Diagnostic) in
            guard let payer = item["payer"]?.scalarText, let amount = try amount(item["amount"], "amount") else {
                throw problem(Text(zh: "entitlement 要写明支付方和金额（元）", en: "an entitlement needs its payer and its amount (yuan)"), item)
            }
            return ExpectedEntitlement(payer: payer, amount: amount, period: try period(item["period"]))
        }
        return expectation
    }
}
