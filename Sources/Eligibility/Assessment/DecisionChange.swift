/// What one programme's decision comes to, as two decisions of the same applicant are compared: the
/// outcome, the centre's cash by period, what others owe and the reason codes.
public struct DecisionSummary: Sendable, Equatable {
    public var outcome: Outcome
    /// The centre's cash by period; empty unless eligible.
    public var cash: [Period: Money]
    /// What others owe, all periods together; zero unless eligible.
    public var entitlements: Money
    public var reasons: [String]
    /// The fields a `needs_information` decision waits for, by path.
    public var missing: [String]

    public init(_ decision: ProgrammeDecision) {
        outcome = decision.outcome
        cash = decision.cash
        entitlements = decision.entitlements
        reasons = decision.reasons.map(\.code)
        missing = decision.missing.map(\.path)
    }

    public var cashPerYear: Money { cash.perYear }
}

/// One programme's decision for one applicant, before and after; nil where the programme is absent.
public struct DecisionChange: Sendable {
    public var programme: String
    public var title: String
    public var before: DecisionSummary?
    public var after: DecisionSummary?

    /// Whether anything compared differs (outcome, cash by period, entitlements, reason codes, presence).
    public var differs: Bool { before != after }

    /// One applicant's decisions under two rule sets, programme by programme, changed or not: the
    /// programmes `after` decides in its order, then any only `before` decides. `bangfu diff` and the
    /// intake desk's replay both compare this way.
    public static func compare(before: Assessment, after: Assessment) -> [DecisionChange] {
        var order = after.decisions.map(\.id)
        order += before.decisions.map(\.id).filter { !order.contains($0) }
        return order.map { id in
            let old = before.decision(id), new = after.decision(id)
            return DecisionChange(programme: id, title: new?.title ?? old?.title ?? id,
                                  before: old.map(DecisionSummary.init), after: new.map(DecisionSummary.init))
        }
    }
}
