import Eligibility

/// A `refer` decision of an assessment, about to wait for a caseworker's answer (件件有回音).
package struct NewReferral: Sendable, Hashable {
    package var assessmentID: Int64
    package var programme: String
    /// The household, once it has a record; an approval needs one.
    package var householdID: Int64?
    package var openedOn: CivilDate
    package var openedBy: String
    /// The account that answers it, when one is named from the start.
    package var owner: String?

    package init(assessmentID: Int64, programme: String, householdID: Int64? = nil, openedOn: CivilDate, openedBy: String, owner: String? = nil) {
        self.assessmentID = assessmentID
        self.programme = programme
        self.householdID = householdID
        self.openedOn = openedOn
        self.openedBy = openedBy
        self.owner = owner
    }
}

/// How a caseworker answers a referral.
package enum ReferralDecision: Sendable, Hashable {
    /// Granted. With a payment, it is recorded as a grant of the referral's programme; without one (a
    /// service, goods, a file to open) the approval is the answer.
    case approve(ApprovedPayment?)
    case refuse
    /// Handed on to another body (法律援助中心, 劳动监察 …): followed up as a referral out.
    case handOn(body: String, subject: String)
}

/// What an approval pays, recorded as a grant.
package struct ApprovedPayment: Sendable, Hashable {
    package var amountFen: Int64
    package var period: GrantPeriod
    package var fund: String
    /// The programme's `counts_as_income`.
    package var countsAsIncome: Bool

    package init(amountFen: Int64, period: GrantPeriod = .once, fund: String, countsAsIncome: Bool = true) {
        self.amountFen = amountFen
        self.period = period
        self.fund = fund
        self.countsAsIncome = countsAsIncome
    }

    /// The payment of an approval that made `grant`.
    package init(_ grant: StoredGrant) {
        self.init(amountFen: grant.amountFen, period: grant.period, fund: grant.fund, countsAsIncome: grant.countsAsIncome)
    }
}

/// The answer a referral was closed with: it stands as the answer on the applicant's record.
package struct ReferralAnswer: Sendable, Hashable {
    package var decision: ReferralDecision
    package var reason: String
    package var closedOn: CivilDate
    package var closedBy: String
    /// The grant an approval made, or the referral out a hand-on opened.
    package var grantID: Int64?
    package var outgoingReferralID: Int64?

    package init(decision: ReferralDecision, reason: String, closedOn: CivilDate, closedBy: String, grantID: Int64?, outgoingReferralID: Int64?) {
        self.decision = decision
        self.reason = reason
        self.closedOn = closedOn
        self.closedBy = closedBy
        self.grantID = grantID
        self.outgoingReferralID = outgoingReferralID
    }
}

package struct StoredReferral: Sendable, Hashable {
    package var id: Int64
    package var referral: NewReferral
    /// The applicant, as the assessment names them.
    package var applicantName: String?
    package var applicantID: String?
    /// Nil while the referral is open.
    package var answer: ReferralAnswer?

    package var isOpen: Bool { answer == nil }

    package init(id: Int64, referral: NewReferral, applicantName: String?, applicantID: String?, answer: ReferralAnswer?) {
        self.id = id
        self.referral = referral
        self.applicantName = applicantName
        self.applicantID = applicantID
        self.answer = answer
    }

    /// Days open by `now`; a closed referral's age stays what it was the day it was answered.
    package func ageInDays(on now: CivilDate) -> Int {
        (answer?.closedOn ?? now).dayNumber - referral.openedOn.dayNumber
    }
}

// MARK: Referrals out to other bodies

package struct NewOutgoingReferral: Sendable, Hashable {
    /// The body it goes to, as the desk names it ("法律援助中心", "劳动保障监察大队").
    package var body: String
    /// What it asks the body to take up ("追讨拖欠工资").
    package var subject: String
    package var householdID: Int64?
    package var assessmentID: Int64?
    /// The referral whose answer handed it on, if one did.
    package var referralID: Int64?
    package var sentOn: CivilDate
    package var sentBy: String

    package init(body: String, subject: String, householdID: Int64? = nil, assessmentID: Int64? = nil, referralID: Int64? = nil,
                 sentOn: CivilDate, sentBy: String) {
        self.body = body
        self.subject = subject
        self.householdID = householdID
        self.assessmentID = assessmentID
        self.referralID = referralID
        self.sentOn = sentOn
        self.sentBy = sentBy
    }
}

/// The steps a referral out takes, in this order, each at most once: sent, accepted by the body
/// (which may be skipped), and its result.
package enum OutgoingReferralStep: Sendable, Hashable {
    case sent
    case accepted
    case result(amountRecoveredFen: Int64, note: String)

    package var kind: Kind {
        switch self {
        case .sent: .sent
        case .accepted: .accepted
        case .result: .result
        }
    }

    package enum Kind: String, Sendable, Hashable, Comparable, CaseIterable {
        case sent, accepted, result

        package static func < (lhs: Kind, rhs: Kind) -> Bool {
            allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
        }
    }
}

/// A step taken, dated, with who recorded it.
package struct OutgoingReferralEvent: Sendable, Hashable {
    package var step: OutgoingReferralStep
    package var on: CivilDate
    package var by: String

    package init(step: OutgoingReferralStep, on: CivilDate, by: String) {
        self.step = step
        self.on = on
        self.by = by
    }
}

package struct StoredOutgoingReferral: Sendable, Hashable {
    package var id: Int64
    package var body: String
    package var subject: String
    package var householdID: Int64?
    package var assessmentID: Int64?
    package var referralID: Int64?
    /// Its steps in order; the first is `sent`.
    package var steps: [OutgoingReferralEvent]

    package init(id: Int64, body: String, subject: String, householdID: Int64?, assessmentID: Int64?, referralID: Int64?, steps: [OutgoingReferralEvent]) {
        self.id = id
        self.body = body
        self.subject = subject
        self.householdID = householdID
        self.assessmentID = assessmentID
        self.referralID = referralID
        self.steps = steps
    }

    /// Open until its result is in.
    package var isOpen: Bool { steps.last?.step.kind != .result }

    /// Days from sending to `now`, or to its result.
    package func ageInDays(on now: CivilDate) -> Int {
        guard let sent = steps.first?.on else { return 0 }
        return (isOpen ? now : steps.last!.on).dayNumber - sent.dayNumber
    }
}

/// What the register refuses about referrals; each names what clashed.
package enum ReferralError: Error, Equatable, CustomStringConvertible {
    case noSuchReferral(Int64)
    /// Only a `refer` decision opens a referral.
    case notReferred(assessmentID: Int64, programme: String, outcome: String?)
    /// One decision has one referral.
    case alreadyOpened(assessmentID: Int64, programme: String, referralID: Int64)
    case closed(Int64)
    /// An approval becomes a grant of a household: the referral names none.
    case noHousehold(referralID: Int64)
    case reasonRequired(referralID: Int64)
    case noSuchOutgoingReferral(Int64)
    case stepOutOfOrder(outgoingReferralID: Int64, after: OutgoingReferralStep.Kind, step: OutgoingReferralStep.Kind)
    case stepBeforePrevious(outgoingReferralID: Int64, previous: CivilDate, on: CivilDate)
    case negativeRecovery(outgoingReferralID: Int64)

    package var description: String {
        switch self {
        case .noSuchReferral(let id): "no referral \(id)"
        case .notReferred(let id, let programme, let outcome?): "assessment \(id) decided \(programme) as \(outcome), not refer"
        case .notReferred(let id, let programme, nil): "assessment \(id) has no decision for \(programme)"
        case .alreadyOpened(let id, let programme, let referral): "the decision for \(programme) of assessment \(id) has referral \(referral) already"
        case .closed(let id): "referral \(id) is closed"
        case .noHousehold(let id): "referral \(id) names no household to grant to"
        case .reasonRequired(let id): "closing referral \(id) needs a reason"
        case .noSuchOutgoingReferral(let id): "no referral out \(id)"
        case .stepOutOfOrder(let id, let after, let step): "referral out \(id) cannot be \(step.rawValue) after \(after.rawValue)"
        case .stepBeforePrevious(let id, let previous, let on): "referral out \(id) cannot take a step on \(on), before its last one on \(previous)"
        case .negativeRecovery(let id): "referral out \(id) cannot recover a negative amount"
        }
    }
}
