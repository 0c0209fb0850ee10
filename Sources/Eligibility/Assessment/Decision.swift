/// The outcome of assessing one profile against a rule set on a date: one decision per programme.
public struct Assessment: Sendable {
    public var profileSource: String
    public var applicantName: String?
    public var applicantID: String?
    public var date: CivilDate
    public var ruleSetTitle: String
    public var ruleSetHash: String
    public var decisions: [ProgrammeDecision]
    /// Derived facts computed during the assessment, in the order they were computed.
    public var facts: [FactValue]
    /// Cross-programme policies that could not run; the decisions they would have changed stand as the
    /// programmes gave them, so these are reported loudly.
    public var policyFailures: [RuleFailure]
    /// Parameters the cross-programme policies read, with their dates.
    public var policyParametersUsed: [ParameterUse] = []
    /// The household's grants on record that the assessment was given (empty: none on record).
    public var history: History = .empty
    /// The history items the cross-programme policies used, by number (from 1, in `history.grants`).
    public var policyHistoryUsed: [Int] = []

    public init(profileSource: String, applicantName: String?, applicantID: String?, date: CivilDate, ruleSetTitle: String,
                ruleSetHash: String, decisions: [ProgrammeDecision], facts: [FactValue], policyFailures: [RuleFailure],
                history: History = .empty) {
        self.profileSource = profileSource
        self.applicantName = applicantName
        self.applicantID = applicantID
        self.date = date
        self.ruleSetTitle = ruleSetTitle
        self.ruleSetHash = ruleSetHash
        self.decisions = decisions
        self.facts = facts
        self.policyFailures = policyFailures
        self.history = history
    }

    /// The history item with `number` (from 1).
    public func historyItem(_ number: Int) -> PastGrant? {
        history.grants.indices.contains(number - 1) ? history.grants[number - 1] : nil
    }

    /// True when any programme or policy failed: the caller must not treat the sheet as complete.
    public var hasFailures: Bool { !policyFailures.isEmpty || decisions.contains { $0.outcome == .error } }

    /// Every field some decision needs, once each, in schema order: what the interview asks next and
    /// what the applicant is told to bring.
    public var missing: [MissingInformation] {
        var seen: Set<String> = []
        return decisions.flatMap(\.missing).filter { seen.insert($0.path).inserted }.sorted { $0.order.lexicographicallyPrecedes($1.order) }
    }

    public func decision(_ id: String) -> ProgrammeDecision? { decisions.first { $0.id == id } }

    /// The centre's cash, summed by period, over eligible decisions.
    public var cashTotals: [Period: Money] {
        var totals: [Period: Money] = [:]
        for decision in decisions { totals.add(decision.cash) }
        return totals
    }

    /// The centre's cash a year over eligible decisions (monthly amounts twelve times).
    public var cashPerYear: Money { cashTotals.perYear }
}

public enum Outcome: String, Sendable, Hashable, Codable, CaseIterable {
    case eligible, ineligible, refer
    /// The rules used a value nobody gave: nothing is decided until the fields in `missing` are known.
    case needsInformation = "needs_information"
    case error
}

/// A profile field a decision needs and nobody gave: its path (`household.members[2].monthly_income`),
/// the question as the applicant hears it, and the document that proves it, where the schema names one.
public struct MissingInformation: Sendable, Hashable {
    public var path: String
    /// The field's label, with the list item it belongs to (`家庭成员 2（李娜）· 月收入`).
    public var label: String
    /// The label of the top-level section it belongs to, for grouping questions (`就业和收入情况`).
    public var section: String
    public var evidence: String?
    /// Its place in the schema (section, field, list position), for asking in interview order.
    public var order: [Int]

    public init(path: String, label: String, section: String, evidence: String?, order: [Int]) {
        self.path = path
        self.label = label
        self.section = section
        self.evidence = evidence
        self.order = order
    }
}

public enum Period: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    case once, monthly, yearly

    public static func < (lhs: Period, rhs: Period) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }

    /// How many times in a year an amount paid by this period is paid.
    public var timesAYear: Int64 {
        switch self {
        case .once, .yearly: 1
        case .monthly: 12
        }
    }
}

/// Amounts by period: what a decision, an assessment or a population comes to.
extension Dictionary where Key == Period, Value == Money {
    /// Cash a year: monthly × 12 + yearly + once.
    public var perYear: Money {
        reduce(.zero) { total, entry in total + Money(fen: entry.value.fen * entry.key.timesAYear) }
    }

    /// Adds `other` period by period; a period only `other` has is added with its amount.
    public mutating func add(_ other: [Period: Money]) {
        for (period, amount) in other { self[period, default: .zero] += amount }
    }
}

public struct ProgrammeDecision: Sendable {
    public var id: String
    public var title: String
    public var basis: String
    public var outcome: Outcome
    public var reasons: [Reason]
    public var benefits: [Benefit]
    /// Where the outcome was returned (`programmes/living_relief.lua:31`).
    public var decidedAt: SourceLocation?
    /// Facts the programme read, in first-read order.
    public var factsUsed: [String]
    public var parametersUsed: [ParameterUse]
    /// The history items it used (directly or through facts), by number (from 1, in the assessment's
    /// `history.grants`), in the order first used.
    public var historyUsed: [Int] = []
    /// Set when `outcome` is `.error`.
    public var failure: RuleFailure?
    /// What the decision waits for when `outcome` is `.needsInformation`, in schema order.
    public var missing: [MissingInformation] = []

    /// The centre's cash this decision pays, summed by period; nothing unless it is eligible. (Only an
    /// eligible decision may carry cash at all; the rule here is what every total counts.)
    public var cash: [Period: Money] {
        guard outcome == .eligible else { return [:] }
        var cash: [Period: Money] = [:]
        for case .cash(let amount, let period, _) in benefits { cash[period, default: .zero] += amount }
        return cash
    }

    /// The centre's cash a year: monthly × 12 + yearly + once; nothing unless eligible.
    public var cashPerYear: Money { cash.perYear }

    /// What others (an insurer, an employer, the tax office) owe the applicant, all periods together;
    /// nothing unless eligible.
    public var entitlements: Money {
        guard outcome == .eligible else { return .zero }
        var total = Money.zero
        for case .entitlement(let amount, _, _, _) in benefits { total += amount }
        return total
    }
}

public struct Reason: Sendable, Hashable {
    public var code: String
    public var text: String
    public var citation: String
    public var location: SourceLocation?
    /// The cross-programme policy that added it, if any.
    public var policy: String?

    public init(code: String, text: String, citation: String, location: SourceLocation? = nil, policy: String? = nil) {
        self.code = code
        self.text = text
        self.citation = citation
        self.location = location
        self.policy = policy
    }
}

public enum Benefit: Sendable, Hashable {
    /// Money the centre pays.
    case cash(Money, Period, label: String?)
    /// Money someone else owes the applicant: an insurer, an employer, the tax office.
    case entitlement(Money, Period, payer: String, label: String?)
    /// Goods; `value` is what they are worth in all, when the rule says.
    case inKind(item: String, quantity: Int64, unit: String, value: Money?)
    case service(name: String, detail: String?)

    /// Services (advice, referrals) may go with any outcome; the rest only with eligible.
    public var isService: Bool {
        if case .service = self { return true }
        return false
    }
}

public struct SourceLocation: Sendable, Hashable, CustomStringConvertible {
    public var file: String
    public var line: Int
    /// Line 0 means the file is known but not the line (memory errors stop without a traceback).
    public var description: String { line > 0 ? "\(file):\(line)" : file }

    public init(file: String, line: Int) {
        self.file = file
        self.line = line
    }

    /// Reads `description` back: `programmes/x.lua:31`; text without a line number after its last colon
    /// is a file whose line is not known (line 0).
    public init?(_ text: String) {
        guard !text.isEmpty else { return nil }
        if let colon = text.lastIndex(of: ":"), colon > text.startIndex,
           case let digits = text[text.index(after: colon)...], !digits.isEmpty, digits.allSatisfy(\.isASCIIDigit),
           let line = Int(digits), line > 0 {
            self.init(file: String(text[..<colon]), line: line)
        } else {
            self.init(file: text, line: 0)
        }
    }
}

public struct ParameterUse: Sendable, Hashable {
    public var path: String
    public var label: String
    public var unit: String
    public var value: ParameterValue
    /// The date from which this value applies.
    public var from: CivilDate
    public var reference: String
    /// The day a rule asked for it with `params_on(day)`; nil when read on the assessment date (`params`).
    public var on: CivilDate? = nil

    var read: ParameterRead { ParameterRead(path: path, on: on) }
}

public struct FactValue: Sendable, Hashable {
    public var id: String
    public var title: String
    public var value: Value
    public var location: SourceLocation?

    public enum Value: Sendable, Hashable {
        case money(Money)
        case integer(Int64)
        case boolean(Bool)
        case string(String)
        case date(CivilDate)
        case ratio(Double)
        case enumeration(code: String, label: String)
        /// Worked out from a field nobody gave: it has no value, only the fields it needs.
        case unknown(needs: [String])
    }
}

/// A rule that could not give a decision: an error in the script, a broken limit or a malformed result.
public struct RuleFailure: Sendable, Hashable, CustomStringConvertible {
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        case ruleError = "rule error"
        case instructionLimit = "instruction limit"
        case memoryLimit = "memory limit"
        case timeLimit = "time limit"
        case malformedResult = "malformed result"
        case notLoaded = "rule file not loaded"
    }

    public var kind: Kind
    public var message: String
    public var location: SourceLocation?
    /// The policy that failed, for policy failures.
    public var policy: String?

    public init(kind: Kind, message: String, location: SourceLocation? = nil, policy: String? = nil) {
        self.kind = kind
        self.message = message
        self.location = location
        self.policy = policy
    }

    public var description: String {
        (location.map { "\($0): " } ?? "") + message
    }
}
