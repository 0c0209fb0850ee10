import DecisionFormats
import Eligibility
import Foundation
import IntakeRegister

/// The notice the applicant takes home (告知书, notice.mustache), one A4 page: the facts as recorded,
/// for them to check and sign; what they get; what waits, and what to bring; the programmes that do not
/// concern them in one line; where to go and whom to call. From the stored answer and the stored
/// profile, read with the schema of the rules that decided.
enum NoticePage {
    static let title = "帮扶申请告知书"

    struct View: PageView {
        let id: Int64
        /// The centre, as the rule set names it.
        let authority: String?
        let applicantName: String
        /// Masked: the notice leaves the office.
        let applicantID: String
        let date: String
        let recordedAt: String
        /// Nil when the stored profile cannot be read with the schema.
        let facts: Facts?
        let granted: Granted?
        let pending: Pending?
        let documents: Documents?
        /// `以下项目不符合条件：…。`
        let notConcerned: String?
        let contact: ContactView?
    }

    struct Facts: PageView {
        let sections: [FactSection]
    }

    /// A group of the profile's fields: what was answered, then in one line the questions answered
    /// "no" or "none" (否, 0 元), which most of a full profile is and which the applicant checks at a glance.
    struct FactSection: PageView {
        let title: String
        let rows: [FactRow]
        /// `与用人单位的劳动关系存在争议、…`, or nil.
        let noes: String?

        init(title: String, facts: [FactRow]) {
            self.title = title
            rows = facts.filter { !$0.isNo }
            let noes = facts.filter(\.isNo).map(\.label)
            self.noes = noes.isEmpty ? nil : noes.joined(separator: "、")
        }
    }

    struct FactRow: PageView {
        let label: String
        let value: String
        /// Answered 否 or 0 元.
        let isNo: Bool
        /// A list item, on a line of its own.
        let isItem: Bool

        init(label: String, value: String, isNo: Bool = false, isItem: Bool = false) {
            self.label = label
            self.value = value
            self.isNo = isNo
            self.isItem = isItem
        }

        /// The item's facts in one text: `与申请人关系 配偶；月收入 2,400.00 元；否：…`.
        init(label: String, item facts: [FactRow]) {
            var parts = facts.filter { !$0.isNo }.map { "\($0.label) \($0.value)" }
            let noes = facts.filter(\.isNo).map(\.label)
            if !noes.isEmpty { parts.append("否或无：" + noes.joined(separator: "、")) }
            self.init(label: label, value: parts.joined(separator: "；"), isItem: true)
        }
    }

    struct Granted: PageView {
        let programmes: [GrantedProgramme]
        /// The centre's cash by period, `每年 11,280.00 元`, when there is any.
        let cash: String?
    }

    struct GrantedProgramme: PageView {
        let title: String
        /// Its benefits, `生活救助金 11,280.00 元（每年）；…`.
        let benefits: String
    }

    struct Pending: PageView {
        let items: [PendingItem]
    }

    struct PendingItem: PageView {
        let title: String
        let outcome: String
        let detail: String
    }

    struct Documents: PageView {
        let items: [String]
    }

    struct ContactView: PageView {
        let address: String?
        let phone: String?
        let hours: String?
    }

    /// The notice of `entry`; `schema` reads its stored profile (the schema of the rules that decided it).
    static func render(_ entry: StoredAssessment, schema: Schema, authority: String?, contact: Contact?,
                       timeZone: TimeZone, session: WebSession) -> String {
        let answer: AssessmentDocument
        do {
            answer = try AssessmentDocument(json: entry.decisionJSON)
        } catch {
            return Layout.page(.decisionUnreadable, DecisionPage.Unreadable(id: entry.id, detail: error.description),
                               title: title, session: session)
        }
        let decisions = answer.decisions
        let granted = decisions.filter { $0.outcome == .eligible }.map { decision in
            GrantedProgramme(title: decision.title, benefits: decision.benefits.isEmpty
                                ? "符合条件" : decision.benefits.map(DecisionLabels.benefit).joined(separator: "；"))
        }
        let cash = Period.allCases.compactMap { period in
            answer.cashTotals[period].flatMap { $0 == .zero ? nil : "\(DecisionLabels.period(period)) \($0.grouped) 元" }
        }
        let pending = pendingItems(decisions)
        let documents = DecisionSheet.documentsToBring(decisions.flatMap(\.missing))
        // a programme a policy withheld did qualify: it is not among those the applicant does not qualify for
        let notConcerned = decisions.filter {
            DecisionLabels.outcome($0.outcome, reasons: $0.reasons, benefits: $0.benefits) == DecisionLabels.outcome(.ineligible)
        }.map(\.title)
        let view = View(
            id: entry.id, authority: authority, applicantName: answer.applicantName ?? "（未填姓名）",
            applicantID: answer.applicantID.map(DecisionSheet.masked) ?? "—", date: answer.date.description,
            recordedAt: RecordedTime.text(entry.createdAt, in: timeZone),
            facts: facts(profileJSON: entry.profileJSON, schema: schema).map(Facts.init),
            granted: granted.isEmpty ? nil : Granted(programmes: granted, cash: cash.isEmpty ? nil : cash.joined(separator: "；")),
            pending: pending.isEmpty ? nil : Pending(items: pending),
            documents: documents.isEmpty ? nil : Documents(items: documents),
            notConcerned: notConcerned.isEmpty ? nil : "以下项目不符合条件：" + notConcerned.joined(separator: "、") + "。",
            contact: contact.map { ContactView(address: $0.address, phone: $0.phone, hours: $0.hours) })
        return Layout.page(.notice, view, title: title, session: session)
    }

    /// What the programmes not decided yet wait for, in the applicant's words; programmes that wait for
    /// the same are named together (`困难职工建档、生活救助：待补充：本人月收入`).
    static func pendingItems(_ decisions: [AssessmentDocument.Decision]) -> [PendingItem] {
        var items: [(titles: [String], outcome: Outcome, detail: String)] = []
        for decision in decisions {
            let detail: String
            switch decision.outcome {
            case .eligible, .ineligible: continue
            case .needsInformation: detail = "待补充：" + decision.missing.map { shortLabel($0.label) }.joined(separator: "、")
            case .refer: detail = DecisionLabels.outcome(.refer) + (decision.reasons.first.map { "：" + $0.text } ?? "")
            case .error: detail = "暂未能判定，工作人员将另行告知"
            }
            if let same = items.firstIndex(where: { $0.outcome == decision.outcome && $0.detail == detail }) {
                items[same].titles.append(decision.title)
            } else {
                items.append(([decision.title], decision.outcome, detail))
            }
        }
        return items.map { PendingItem(title: $0.titles.joined(separator: "、"), outcome: $0.outcome.rawValue, detail: $0.detail) }
    }

    // MARK: The facts as recorded

    /// The fields the profile answered, section by section in schema order, values in Chinese; nil when
    /// the stored profile does not read with `schema`. Fields left unanswered are not listed: a default
    /// is the rules' assumption, not something the applicant said.
    static func facts(profileJSON: String, schema: Schema) -> [FactSection]? {
        guard let document = try? DocumentNode.parse(profileJSON, displayName: "profile", json: true),
              let profile = try? ProfileValidator(schema: schema).validate(document, source: "profile") else { return nil }
        var sections: [FactSection] = []
        for field in schema.root.fields {
            guard case .object(let shape) = field.type, let given = document[field.name], let value = profile[field.name] else { continue }
            let rows = rows(shape, given: given, value: value, prefix: "")
            if !rows.isEmpty { sections.append(FactSection(title: shortLabel(field), facts: rows)) }
        }
        // Fields outside any group, as a schema without sections has them.
        let loose = schema.root.fields.filter { if case .object = $0.type { false } else { true } }
        let looseRows = rows(ObjectShape(fields: loose), given: document, value: .object(profile.fields), prefix: "")
        if !looseRows.isEmpty { sections.insert(FactSection(title: "基本情况", facts: looseRows), at: 0) }
        return sections
    }

    static func rows(_ shape: ObjectShape, given: DocumentNode, value: ProfileValue, prefix: String) -> [FactRow] {
        var rows: [FactRow] = []
        for field in shape.fields {
            guard let node = given[field.name] else { continue }
            let label = prefix + shortLabel(field)
            let fieldValue = value[field.name]
            if case .null = node, fieldValue != .notApplicable { continue } // null: not known
            switch field.type {
            case .object(let inner):
                if let fieldValue { rows += self.rows(inner, given: node, value: fieldValue, prefix: label + " · ") }
            case .list(let item, _):
                guard case .list(let items)? = fieldValue, case .sequence(let nodes, _) = node else { continue }
                if items.isEmpty { rows.append(FactRow(label: label, value: "无", isItem: true)) }
                for (position, (itemValue, itemNode)) in zip(items, nodes).enumerated() {
                    var title = "\(field.itemLabel ?? shortLabel(field)) \(position + 1)"
                    var itemFields = item.fields
                    if let key = field.itemTitle, case .string(let name)? = itemValue[key] {
                        title += "（\(name)）"
                        itemFields.removeAll { $0.name == key }
                    }
                    rows.append(FactRow(label: title, item: self.rows(ObjectShape(fields: itemFields), given: itemNode, value: itemValue, prefix: "")))
                }
            default:
                if let fieldValue {
                    rows.append(FactRow(label: label, value: text(fieldValue, of: field),
                                        isNo: fieldValue == .boolean(false) || fieldValue == .money(.zero)))
                }
            }
        }
        return rows
    }

    /// A value as the applicant reads it: option labels, 是/否, yuan grouped, an ID number masked.
    static func text(_ value: ProfileValue, of field: Field) -> String {
        switch value {
        case .string(let text): field.format == .idNumber ? DecisionSheet.masked(text) : text
        case .integer(let number): String(number)
        case .boolean(let yes): yes ? "是" : "否"
        case .date(let date): date.description
        case .money(let amount): "\(amount.grouped) 元"
        case .enumeration(let code):
            if case .enumeration(let cases) = field.type, let match = cases.first(where: { $0.code == code }) { match.label } else { code }
        case .notApplicable: field.notApplicable ?? "无"
        case .object, .list: ""
        }
    }

    /// A label without its explanation in brackets (`本人月收入（工资、养老金…）` → `本人月收入`): the
    /// notice is read by the applicant, who was asked the full question already.
    static func shortLabel(_ field: Field) -> String {
        let head = field.label.prefix { $0 != "（" && $0 != "(" }
        return head.isEmpty ? field.label : String(head)
    }

    /// A missing field's label (`家庭成员 2（李明） · 月收入（…）`) without the explanation at its end;
    /// the brackets naming a list item stay.
    static func shortLabel(_ label: String) -> String {
        guard label.hasSuffix("）"), let open = label.lastIndex(of: "（"), open > label.startIndex,
              !label[label.index(before: open)].isNumber, !label[label.index(before: open)].isWhitespace else { return label }
        return String(label[..<open])
    }
}
