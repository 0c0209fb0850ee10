import DecisionFormats
import Eligibility
import Foundation

/// A real assessment from the register turned into a regression case (`bangfu case new --from-register
/// ID`, and "保存为案例" on the desk): the profile as given, with who the people are replaced; the
/// household's history it was given as `history:`; its date as `on:`; and what it decided, as recorded,
/// as the expectations. Only the text is made here: the command writes it beside the rules, the desk
/// offers it as a download.
///
/// What is replaced, by the schema: every ID number (`format: id_number`) by a synthetic valid one with
/// the same birth date and sex, so ages and every rule on them stay as they were; the applicant's name
/// (`applicant: name:` of `ruleset.yaml`) by 申请人甲; the field naming a list's items (`item_title`) by
/// the item's label and place (家庭成员1); and every other text no rule reads (`display_only`) or that
/// holds a contact detail (a field named like phone, address, email) by a placeholder. Text rules read
/// (an employer's name, which a claim names as its payer) is kept, since the decision depends on it.
package struct CaseFromAssessment: Sendable {
    /// The case file's text (YAML, with Chinese comments).
    package var yaml: String
    /// What the file is named from: `register-12-living-relief-school-aid`.
    package var slug: String

    /// Why an entry cannot become a case.
    package struct Refused: Error, CustomStringConvertible {
        package var description: String

        package init(description: String) { self.description = description }
    }

    static let applicantName = "申请人甲"
    static let hidden = "（已隐去）"
    /// A region code no place has: the synthetic numbers say nothing of where anyone is registered.
    static let syntheticRegion = "000000"
    /// Text fields whose name says they hold a way to reach someone.
    static let contactWords = ["phone", "mobile", "tel", "address", "email", "wechat", "qq", "contact"]

    /// `entryID`'s stored profile (the JSON as given) and answer (`bangfu.assessment/1`), under `ruleSet`
    /// (the rules it was decided under, for their schema and the field that names the applicant).
    package init(entryID: Int64, profileJSON: String, decisionJSON: String, ruleSet: RuleSet) throws(Refused) {
        let answer: AssessmentDocument
        do {
            answer = try AssessmentDocument(json: decisionJSON)
        } catch {
            throw Refused(description: "entry \(entryID): \(error.description)")
        }
        guard answer.complete, !answer.decisions.contains(where: { $0.outcome == .error }) else {
            throw Refused(description: "entry \(entryID) has a failing rule (an error decision): a case of it would only fail; mend the rules first")
        }
        let profile: DocumentNode
        do {
            profile = try DocumentNode.parse(profileJSON, displayName: "entry \(entryID)", json: true)
        } catch {
            throw Refused(description: "entry \(entryID): the stored profile is not JSON: \(error.message)")
        }
        var anonymiser = Anonymiser(applicantNameField: ruleSet.applicantNameField)
        // The history is written from the answer (what the assessment was given), never twice.
        let people = try anonymiser.object(Self.withoutHistory(profile), shape: ruleSet.schema.root, path: "")

        let eligible = answer.decisions.filter { $0.outcome == .eligible }
        slug = (["register", "\(entryID)"] + eligible.prefix(2).map(\.programme)).joined(separator: "-").replacingOccurrences(of: "_", with: "-")
        let summary = eligible.isEmpty ? "无符合条件的项目" : "符合" + eligible.map(\.title).joined(separator: "、")
        var lines = [
            "# 由登记簿第 \(entryID) 号评估生成（规则版本 \(answer.ruleSetHash.prefix(12))），预期结论取自当时记录的评估结果。",
            "# 申请人和家庭成员的姓名、公民身份号码已换成虚构的（出生日期、性别不变，年龄不变）；",
            "# 仅供展示的文字和联系方式已隐去，其余各项按当时填写的原样保留，请核对后再提交。",
            "# 请把 name 改成一句话，说明这个案例检验的是什么。",
            "name: " + YAMLText.scalar("登记簿第 \(entryID) 号评估（\(answer.date)）：\(summary)"),
            "on: \(answer.date)",
            "tags: [from_register]",
            "profile:",
        ]
        lines += YAMLText.block(people, indent: 2)
        if !answer.history.grants.isEmpty {
            lines.append("history:                 # 评估时登记簿中本户的帮扶记录")
            lines += answer.history.grants.map { "  - " + Self.historyItem($0) }
        }
        lines += ["expect:", "  programmes:"]
        for decision in answer.decisions {
            lines.append("    \(decision.programme):" + "   # " + decision.title)
            lines += Self.expectation(decision).map { "      " + $0 }
        }
        yaml = lines.joined(separator: "\n") + "\n"
    }

    /// The file name for it in `folder`: the next number after the highest a file there starts with
    /// (`53-….yaml` → `54-…`), and the slug.
    package func fileName(in folder: String) -> String {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        let highest = names.compactMap { Int($0.prefix { $0.isASCII && $0.isNumber }) }.max() ?? 0
        return String(format: "%02d-", highest + 1) + slug + ".yaml"
    }

    static func withoutHistory(_ profile: DocumentNode) -> DocumentNode {
        guard case .mapping(let pairs, let line) = profile else { return profile }
        return .mapping(pairs.filter { $0.key != "history" }, line: line)
    }

    /// What the case expects of one programme: its outcome, and what the decision gave as the case
    /// grammar writes it (Rules/README.md, "Sample cases").
    static func expectation(_ decision: AssessmentDocument.Decision) -> [String] {
        var lines = ["outcome: \(decision.outcome.rawValue)"]
        var cash: [(Money, Period)] = [], goods: [String] = [], services: [String] = [], owed: [String] = []
        for benefit in decision.benefits {
            switch benefit {
            case .cash(let amount, let period, _): cash.append((amount, period))
            case .inKind(let item, let quantity, let unit, let value):
                goods.append("{item: \(YAMLText.scalar(item)), quantity: \(quantity), unit: \(YAMLText.scalar(unit))"
                             + (value.map { ", value: \($0.plain)" } ?? "") + "}")
            case .service(let name, _): services.append(YAMLText.scalar(name))
            case .entitlement(let amount, let period, let payer, _):
                owed.append("{payer: \(YAMLText.scalar(payer)), amount: \(amount.plain), period: \(period.rawValue)}")
            }
        }
        if decision.outcome == .eligible {
            lines.append("cash: " + cash.map(\.0).reduce(.zero, +).plain)
            let periods = Set(cash.map(\.1))
            if periods.count == 1, let period = periods.first { lines.append("period: \(period.rawValue)") }
            if !goods.isEmpty { lines.append("in_kind: [" + goods.joined(separator: ", ") + "]") }
            if !owed.isEmpty { lines.append("entitlements: [" + owed.joined(separator: ", ") + "]") }
        }
        if !services.isEmpty { lines.append("services: [" + services.joined(separator: ", ") + "]") }
        if decision.outcome == .needsInformation {
            lines.append("missing: [" + decision.missing.map { YAMLText.scalar($0.path) }.joined(separator: ", ") + "]")
        }
        var codes: [String] = []
        for reason in decision.reasons where !codes.contains(reason.code) { codes.append(reason.code) }
        if !codes.isEmpty { lines.append("reasons: [" + codes.map { YAMLText.scalar($0) }.joined(separator: ", ") + "]") }
        return lines
    }

    /// One grant on record, as a case's `history:` writes it.
    static func historyItem(_ grant: PastGrant) -> String {
        var fields = ["programme: \(YAMLText.scalar(grant.programme))", "fund: \(YAMLText.scalar(grant.fund))",
                      "amount: \(grant.amount.plain)", "granted: \(grant.granted)"]
        switch grant.schedule {
        case .once: fields.append("schedule: once")
        case .monthly(let months): fields += ["schedule: monthly", "months: \(months)"]
        }
        if !grant.countsAsIncome { fields.append("counts_as_income: false") }
        if let reference = grant.reference { fields.append("reference: \(YAMLText.scalar(reference))") }
        return "{" + fields.joined(separator: ", ") + "}"
    }
}

/// Walks a profile with its schema and replaces who the people are (see `CaseFromAssessment`).
struct Anonymiser {
    var applicantNameField: String?
    /// ID numbers made so far: each gets its own sequence number.
    var numbersMade = 0

    mutating func object(_ node: DocumentNode, shape: ObjectShape, path: String,
                         itemTitle: (key: String, text: String)? = nil) throws(CaseFromAssessment.Refused) -> DocumentNode {
        guard case .mapping(let pairs, let line) = node else { return node }
        var replaced: [(key: String, value: DocumentNode)] = []
        for (key, value) in pairs {
            let fieldPath = path.isEmpty ? key : path + "." + key
            guard let field = shape.field(named: key) else {
                replaced.append((key, value))
                continue
            }
            switch field.type {
            case .object(let inner):
                replaced.append((key, try object(value, shape: inner, path: fieldPath)))
            case .list(let item, _):
                guard case .sequence(let items, let listLine) = value else {
                    replaced.append((key, value))
                    continue
                }
                var anonymised: [DocumentNode] = []
                for (position, element) in items.enumerated() {
                    let title = field.itemTitle.map { (key: $0, text: "\(field.itemLabel ?? "成员")\(position + 1)") }
                    anonymised.append(try object(element, shape: item, path: "\(fieldPath)[\(position + 1)]", itemTitle: title))
                }
                replaced.append((key, .sequence(anonymised, line: listLine)))
            case .string:
                replaced.append((key, try text(value, field: field, path: fieldPath, itemTitle: itemTitle)))
            default:
                replaced.append((key, value))
            }
        }
        return .mapping(replaced, line: line)
    }

    mutating func text(_ node: DocumentNode, field: Field, path: String,
                       itemTitle: (key: String, text: String)?) throws(CaseFromAssessment.Refused) -> DocumentNode {
        guard case .scalar(let given, _, let line) = node else { return node }  // null: the answer "none" stays
        func replacement(_ text: String) -> DocumentNode { .scalar(text, isQuoted: true, line: line) }
        if field.format == .idNumber {
            guard let number = ChineseIDNumber(given) else {
                throw CaseFromAssessment.Refused(description: "\(path): \"\(given)\" is not an ID number, so no synthetic one can keep its birth date")
            }
            return replacement(syntheticNumber(like: number))
        }
        if path == applicantNameField { return replacement(CaseFromAssessment.applicantName) }
        if let itemTitle, field.name == itemTitle.key { return replacement(itemTitle.text) }
        let name = field.name.lowercased()
        if field.isDisplayOnly || CaseFromAssessment.contactWords.contains(where: { name.contains($0) }) {
            return replacement(CaseFromAssessment.hidden)
        }
        return node
    }

    /// A valid number with `number`'s birth date and sex, in no region, the n-th made getting sequence
    /// 2n+1 (men) or 2n+2 (women), so no two people share one.
    mutating func syntheticNumber(like number: ChineseIDNumber) -> String {
        let sequence = 2 * numbersMade + (number.sex == .male ? 1 : 2)
        numbersMade += 1
        let birth = String(number.text.dropFirst(6).prefix(8))
        let first17 = CaseFromAssessment.syntheticRegion + birth + String(format: "%03d", sequence)
        return first17 + String(ChineseIDNumber.checkCharacter(first17.compactMap(\.wholeNumberValue)))
    }
}

/// Writing YAML by hand, so the file reads as a person would write it: block mappings, flow lists,
/// plain text where YAML reads it back as the same text, double quotes elsewhere.
enum YAMLText {
    static func scalar(_ text: String) -> String {
        plainIsSafe(text) ? text : quoted(text)
    }

    /// A scalar as the profile gave it: numbers and booleans as they are, texts as texts.
    static func scalar(_ node: DocumentNode) -> String {
        switch node {
        case .scalar(let text, let isQuoted, _): isQuoted ? scalar(text) : text
        case .null: "~"
        case .sequence(let items, _) where items.isEmpty: "[]"
        case .mapping(let pairs, _) where pairs.isEmpty: "{}"
        default: ""
        }
    }

    /// A mapping's lines, `indent` spaces in.
    static func block(_ node: DocumentNode, indent: Int) -> [String] {
        let pad = String(repeating: " ", count: indent)
        switch node {
        case .mapping(let pairs, _) where !pairs.isEmpty:
            return pairs.flatMap { key, value -> [String] in
                let name = plainIsSafe(key) ? key : quoted(key)
                if isNested(value) { return [pad + name + ":"] + block(value, indent: indent + 2) }
                return [pad + name + ": " + scalar(value)]
            }
        case .sequence(let items, _) where !items.isEmpty:
            return items.flatMap { item -> [String] in
                guard isNested(item) else { return [pad + "- " + scalar(item)] }
                var lines = block(item, indent: indent + 2)
                lines[0] = pad + "- " + lines[0].dropFirst(indent + 2)
                return lines
            }
        default:
            return [pad + scalar(node)]
        }
    }

    static func isNested(_ node: DocumentNode) -> Bool {
        switch node {
        case .mapping(let pairs, _): !pairs.isEmpty
        case .sequence(let items, _): !items.isEmpty
        default: false
        }
    }

    /// Text YAML would read as itself: no indicator at its start, nothing that ends a flow item or starts
    /// a comment, and nothing YAML takes for a number, a date, a boolean or null.
    static func plainIsSafe(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, let last = text.unicodeScalars.last else { return false }
        if first == " " || last == " " || "-?:,[]{}#&*!|>'\"%@`+.~".unicodeScalars.contains(first) { return false }
        if first.properties.numericType != nil || (first.isASCII && first.properties.isWhitespace) { return false }
        if text.unicodeScalars.contains(where: { ",[]{}#:\"'\\".unicodeScalars.contains($0) || $0.value < 0x20 || $0.value == 0x7F }) {
            return false
        }
        return !["y", "n", "yes", "no", "on", "off", "true", "false", "null"].contains(text.lowercased())
    }

    /// Double-quoted, escaped as YAML (and JSON) read it.
    static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F || (0x80...0x9F).contains(scalar.value) || [0x2028, 0x2029, 0xFEFF].contains(scalar.value) {
                    out += String(format: "\\u%04X", scalar.value)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}
