import Eligibility
import Foundation

/// A stored answer read back: the `bangfu.assessment/1` JSON that `AssessmentJSON` writes (README.md,
/// "JSON output"), in the domain's own values, so everything shown from it switches over `Outcome`,
/// `Period`, `Benefit` and `RuleFailure.Kind` rather than over strings. Of the trace, what each decision
/// stood on by name is read back (the facts and history items it used, and the history itself); the
/// values of facts and parameters are not: nothing is shown from them once stored. An answer stored
/// before history was part of an assessment reads as one with no grants on record.
package struct AssessmentDocument: Sendable, Decodable {
    package var profile: String
    package var applicantName: String?
    package var applicantID: String?
    package var date: CivilDate
    package var ruleSetTitle: String
    /// Without the `sha256:` prefix, as `Assessment.ruleSetHash`.
    package var ruleSetHash: String
    package var complete: Bool
    package var decisions: [Decision]
    /// `totals` as the answer gave them: the centre's cash by period over eligible decisions, and a year.
    package var cashTotals: [Period: Money]
    package var cashPerYear: Money
    package var policyFailures: [RuleFailure]
    /// The grants on record the assessment was given; `historyUsed` numbers them from 1.
    package var history: History
    package var policyHistoryUsed: [Int]

    package struct Decision: Sendable {
        package var programme: String
        package var title: String
        package var basis: String
        package var outcome: Outcome
        package var reasons: [Reason]
        package var benefits: [Benefit]
        package var decidedAt: SourceLocation?
        package var factsUsed: [String]
        /// The history items it used, by number (from 1, in `history.grants`).
        package var historyUsed: [Int]
        /// Set when `outcome` is `.error`.
        package var failure: RuleFailure?
        /// What a `needs_information` decision waits for, in the order the answer gave (schema order).
        package var missing: [MissingInformation]
    }

    /// Why a stored answer could not be read: where in it, and what was wrong.
    package struct Unreadable: Error, CustomStringConvertible {
        package var description: String
    }

    /// Reads the JSON text of a stored answer.
    package init(json: String) throws(Unreadable) {
        do {
            self = try JSONDecoder().decode(Self.self, from: Data(json.utf8))
        } catch let error as DecodingError {
            throw Unreadable(description: "not a readable \(AssessmentJSON.format) answer: " + Self.explain(error))
        } catch {
            throw Unreadable(description: "not a readable \(AssessmentJSON.format) answer: \(error)")
        }
    }

    package init(from decoder: any Decoder) throws {
        let answer = try decoder.container(keyedBy: Field.self)
        let format = try answer.text("format")
        guard format == AssessmentJSON.format else {
            throw DecodingError.dataCorruptedError(forKey: "format", in: answer,
                                                   debugDescription: "expected \"\(AssessmentJSON.format)\", got \"\(format)\"")
        }
        profile = try answer.text("profile")
        let applicant = try answer.fields("applicant")
        applicantName = try applicant.optionalText("name")
        applicantID = try applicant.optionalText("id")
        date = try answer.decode(CivilDate.self, forKey: "date")
        let ruleSet = try answer.fields("rule_set")
        ruleSetTitle = try ruleSet.text("title")
        let hash = try ruleSet.text("hash")
        guard hash.hasPrefix("sha256:") else {
            throw DecodingError.dataCorruptedError(forKey: "hash", in: ruleSet, debugDescription: "expected \"sha256:…\", got \"\(hash)\"")
        }
        ruleSetHash = String(hash.dropFirst("sha256:".count))
        complete = try answer.decode(Bool.self, forKey: "complete")
        decisions = try answer.list("decisions", Decision.init)
        let totals = try answer.fields("totals")
        let cash = try totals.fields("cash")
        cashTotals = [:]
        for period in Period.allCases { cashTotals[period] = try cash.money(Field(stringValue: period.rawValue)) }
        cashPerYear = try totals.money("cash_per_year")
        policyFailures = try answer.list("policy_failures", RuleFailure.init)
        history = History(grants: answer.contains("history") ? try answer.list("history", PastGrant.init) : [])
        policyHistoryUsed = try answer.decodeIfPresent([Int].self, forKey: "policy_history_used") ?? []
    }

    /// `decisions[2].benefits[1].amount: expected money …`: the place counts list items from 1, as
    /// profile problems do.
    static func explain(_ error: DecodingError) -> String {
        func place(_ path: [any CodingKey]) -> String {
            path.reduce("") { place, key in
                if let index = key.intValue { return place + "[\(index + 1)]" }
                return place.isEmpty ? key.stringValue : place + "." + key.stringValue
            }
        }
        func located(_ path: [any CodingKey], _ message: String) -> String {
            path.isEmpty ? message : place(path) + ": " + message
        }
        switch error {
        case .keyNotFound(let key, let context):
            return located(context.codingPath + [key], "missing")
        case .valueNotFound(_, let context):
            return located(context.codingPath, "missing (null)")
        case .dataCorrupted(let context) where context.codingPath.isEmpty:
            // Only the JSON parser finds fault with no place: every value read has one.
            return "not JSON (\(context.debugDescription))"
        case .typeMismatch(_, let context), .dataCorrupted(let context):
            return located(context.codingPath, context.debugDescription)
        @unknown default:
            return "\(error)"
        }
    }
}

extension AssessmentDocument.Decision {
    init(_ fields: KeyedDecodingContainer<Field>) throws {
        programme = try fields.text("programme")
        title = try fields.text("title")
        basis = try fields.text("basis")
        outcome = try fields.value("outcome", of: Outcome.self)
        reasons = try fields.list("reasons", Reason.init)
        benefits = try fields.list("benefits", Benefit.init)
        decidedAt = try fields.location("decided_at")
        factsUsed = try fields.decode([String].self, forKey: "facts_used")
        historyUsed = try fields.decodeIfPresent([Int].self, forKey: "history_used") ?? []
        failure = try fields.contains("error") ? RuleFailure(try fields.fields("error")) : nil
        missing = fields.contains("missing") ? try fields.list("missing", MissingInformation.init) : []
        for position in missing.indices { missing[position].order = [position] }
    }
}

extension PastGrant {
    init(_ fields: KeyedDecodingContainer<Field>) throws {
        let schedule: Schedule
        switch try fields.text("schedule") {
        case "once": schedule = .once
        case "monthly": schedule = .monthly(months: try fields.decode(Int.self, forKey: "months"))
        case let other:
            throw DecodingError.dataCorruptedError(forKey: "schedule", in: fields, debugDescription: "expected once or monthly, got \"\(other)\"")
        }
        self.init(programme: try fields.text("programme"), fund: try fields.text("fund"), amount: try fields.money("amount"),
                  granted: try fields.decode(CivilDate.self, forKey: "granted"), schedule: schedule,
                  countsAsIncome: try fields.decode(Bool.self, forKey: "counts_as_income"),
                  reference: try fields.optionalText("reference"))
    }
}

extension MissingInformation {
    init(_ fields: KeyedDecodingContainer<Field>) throws {
        self.init(path: try fields.text("path"), label: try fields.text("label"), section: try fields.text("section"),
                  evidence: try fields.optionalText("evidence"), order: [])
    }
}

extension Reason {
    init(_ fields: KeyedDecodingContainer<Field>) throws {
        self.init(code: try fields.text("code"), text: try fields.text("text"), citation: try fields.text("cite"),
                  location: try fields.location("at"), policy: try fields.optionalText("policy"))
    }
}

extension RuleFailure {
    init(_ fields: KeyedDecodingContainer<Field>) throws {
        self.init(kind: try fields.value("kind", of: Kind.self), message: try fields.text("message"),
                  location: try fields.location("at"), policy: try fields.optionalText("policy"))
    }
}

extension Benefit {
    init(_ fields: KeyedDecodingContainer<Field>) throws {
        let kind = try fields.text("kind")
        switch kind {
        case "cash":
            self = .cash(try fields.money("amount"), try fields.value("period", of: Period.self), label: try fields.optionalText("label"))
        case "entitlement":
            self = .entitlement(try fields.money("amount"), try fields.value("period", of: Period.self),
                                payer: try fields.text("payer"), label: try fields.optionalText("label"))
        case "in_kind":
            self = .inKind(item: try fields.text("item"), quantity: try fields.decode(Int64.self, forKey: "quantity"),
                           unit: try fields.text("unit"), value: try fields.optionalMoney("value"))
        case "service":
            self = .service(name: try fields.text("name"), detail: try fields.optionalText("detail"))
        default:
            throw DecodingError.dataCorruptedError(forKey: "kind", in: fields,
                                                   debugDescription: "expected cash, entitlement, in_kind or service, got \"\(kind)\"")
        }
    }
}

/// A key of the stored answer, written as its name.
struct Field: CodingKey, ExpressibleByStringLiteral {
    var stringValue: String
    var intValue: Int? { nil }

    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
    init(stringLiteral name: String) { stringValue = name }
}

/// Reading the answer's values as the domain's, with a message that says what was expected.
extension KeyedDecodingContainer where Key == Field {
    func text(_ key: Field) throws -> String { try decode(String.self, forKey: key) }

    /// Null and absent are the same: no value.
    func optionalText(_ key: Field) throws -> String? { try decodeIfPresent(String.self, forKey: key) }

    func fields(_ key: Field) throws -> KeyedDecodingContainer<Field> { try nestedContainer(keyedBy: Field.self, forKey: key) }

    /// A list of objects, each read by `read`.
    func list<Item>(_ key: Field, _ read: (KeyedDecodingContainer<Field>) throws -> Item) throws -> [Item] {
        var items = try nestedUnkeyedContainer(forKey: key)
        var list: [Item] = []
        while !items.isAtEnd { list.append(try read(try items.nestedContainer(keyedBy: Field.self))) }
        return list
    }

    /// Yuan with at most two decimals, as `Money(yuan:)` reads them: nothing is rounded.
    func money(_ key: Field) throws -> Money { try money(key, from: text(key)) }

    func optionalMoney(_ key: Field) throws -> Money? { try optionalText(key).map { try money(key, from: $0) } }

    private func money(_ key: Field, from text: String) throws -> Money {
        guard let money = Money(yuan: text) else {
            throw DecodingError.dataCorruptedError(forKey: key, in: self,
                                                   debugDescription: "expected money (yuan, at most two decimals), got \"\(text)\"")
        }
        return money
    }

    /// `file:line`, or null.
    func location(_ key: Field) throws -> SourceLocation? {
        guard let text = try optionalText(key) else { return nil }
        guard let location = SourceLocation(text) else {
            throw DecodingError.dataCorruptedError(forKey: key, in: self, debugDescription: "expected file:line, got \"\(text)\"")
        }
        return location
    }

    /// One of the cases of a domain enumeration, by its raw value.
    func value<Value: RawRepresentable & CaseIterable>(_ key: Field, of type: Value.Type) throws -> Value
    where Value.RawValue == String {
        let text = try text(key)
        guard let value = Value(rawValue: text) else {
            let cases = Value.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", ")
            throw DecodingError.dataCorruptedError(forKey: key, in: self, debugDescription: "expected one of \(cases), got \"\(text)\"")
        }
        return value
    }
}
