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

    /// True when any programme or policy failed: the caller must not treat the sheet as complete.
    public var hasFailures: Bool { !policyFailures.isEmpty || decisions.contains { $0.outcome == .error } }

    public func decision(_ id: String) -> ProgrammeDecision? { decisions.first { $0.id == id } }

    /// The centre's cash, summed by period, over eligible decisions.
    public var cashTotals: [Period: Money] {
        var totals: [Period: Money] = [:]
        for decision in decisions where decision.outcome == .eligible {
            for case .cash(let amount, let period, _) in decision.benefits { totals[period, default: .zero] += amount }
        }
        return totals
    }
}

public enum Outcome: String, Sendable, Hashable, Codable, CaseIterable {
    case eligible, ineligible, refer, error
}

public enum Period: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    case once, monthly, yearly

    public static func < (lhs: Period, rhs: Period) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
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
    /// Set when `outcome` is `.error`.
    public var failure: RuleFailure?

    /// Cash a year: monthly × 12 + yearly + once.
    public var cashPerYear: Money {
        benefits.reduce(.zero) { total, benefit in
            guard case .cash(let amount, let period, _) = benefit else { return total }
            return total + Money(fen: amount.fen * (period == .monthly ? 12 : 1))
        }
    }
}

public struct Reason: Sendable, Hashable {
    public var code: String
    public var text: String
    public var citation: String
    public var location: SourceLocation?
    /// The cross-programme policy that added it, if any.
    public var policy: String?
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
}

public struct ParameterUse: Sendable, Hashable {
    public var path: String
    public var label: String
    public var unit: String
    public var value: ParameterValue
    /// The date from which this value applies.
    public var from: CivilDate
    public var reference: String
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
    }
}

/// A rule that could not give a decision: an error in the script, a broken limit or a malformed result.
public struct RuleFailure: Sendable, Hashable, CustomStringConvertible {
    public enum Kind: String, Sendable, Hashable {
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

    public var description: String {
        (location.map { "\($0): " } ?? "") + message
    }
}
