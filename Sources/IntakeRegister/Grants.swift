import Eligibility

/// How a grant is paid: once, or as a monthly schedule (a top-up) starting on the grant's date.
package enum GrantPeriod: Sendable, Hashable {
    case once
    case monthly(monthlyFen: Int64, months: Int)
}

/// A grant staff confirm: a programme's eligible decision in an assessment, paid from a fund.
package struct NewGrant: Sendable, Hashable {
    /// The assessment whose decision for `programme` is confirmed.
    package var assessmentID: Int64
    package var programme: String
    /// The whole amount; for a monthly schedule, its monthly amount times its months.
    package var amountFen: Int64
    package var period: GrantPeriod
    /// The fund that pays, a code of the rule set (centre funds, donations, the city model-worker fund,
    /// another body).
    package var fund: String
    /// The day the grant counts from: "this year" and "the last twelve months" are read from it.
    package var grantedOn: CivilDate
    /// Whether its payments count as household income at later checks (the programme's `counts_as_income`).
    package var countsAsIncome: Bool

    package init(assessmentID: Int64, programme: String, amountFen: Int64, period: GrantPeriod = .once, fund: String, grantedOn: CivilDate,
                 countsAsIncome: Bool = true) {
        self.assessmentID = assessmentID
        self.programme = programme
        self.amountFen = amountFen
        self.period = period
        self.fund = fund
        self.grantedOn = grantedOn
        self.countsAsIncome = countsAsIncome
    }

    /// The grant an approval of a referral of `programme` pays.
    package init(assessmentID: Int64, programme: String, paying payment: ApprovedPayment, grantedOn: CivilDate) {
        self.init(assessmentID: assessmentID, programme: programme, amountFen: payment.amountFen, period: payment.period, fund: payment.fund,
                  grantedOn: grantedOn, countsAsIncome: payment.countsAsIncome)
    }

    /// Throws `GrantError.badAmount` unless the amount is positive and a monthly schedule adds up to
    /// it. Every register checks it before writing a grant.
    package func validate() throws {
        guard amountFen > 0 else { throw GrantError.badAmount(programme: programme, amountFen: amountFen, period: period) }
        if case .monthly(let monthlyFen, let months) = period {
            let (total, overflow) = monthlyFen.multipliedReportingOverflow(by: Int64(months))
            guard monthlyFen > 0, months > 0, !overflow, total == amountFen else {
                throw GrantError.badAmount(programme: programme, amountFen: amountFen, period: period)
            }
        }
    }
}

package struct StoredGrant: Sendable, Hashable {
    package var id: Int64
    package var householdID: Int64
    package var assessmentID: Int64
    /// The referral whose approval made this grant, if it was one.
    package var referralID: Int64?
    package var programme: String
    package var amountFen: Int64
    package var period: GrantPeriod
    package var fund: String
    package var grantedOn: CivilDate
    package var countsAsIncome: Bool
    /// The account that confirmed it, and when the register recorded it (ISO 8601).
    package var confirmedBy: String
    package var confirmedAt: String

    package init(id: Int64, householdID: Int64, assessmentID: Int64, referralID: Int64?, programme: String, amountFen: Int64,
                 period: GrantPeriod, fund: String, grantedOn: CivilDate, countsAsIncome: Bool, confirmedBy: String, confirmedAt: String) {
        self.id = id
        self.householdID = householdID
        self.assessmentID = assessmentID
        self.referralID = referralID
        self.programme = programme
        self.amountFen = amountFen
        self.period = period
        self.fund = fund
        self.grantedOn = grantedOn
        self.countsAsIncome = countsAsIncome
        self.confirmedBy = confirmedBy
        self.confirmedAt = confirmedAt
    }
}

// MARK: Claims

/// An entitlement somebody else owes the household (wages an employer owes, compensation an insurer
/// owes): followed up until recovered, and never counted as a grant.
package struct NewClaim: Sendable, Hashable {
    package var householdID: Int64
    /// The assessment that found it, and its programme, when one did.
    package var assessmentID: Int64?
    package var programme: String?
    /// What is owed, as the desk writes it ("拖欠工资").
    package var subject: String
    /// Who owes it.
    package var payer: String
    package var amountFen: Int64
    package var openedOn: CivilDate
    package var openedBy: String

    package init(householdID: Int64, assessmentID: Int64? = nil, programme: String? = nil, subject: String, payer: String,
                 amountFen: Int64, openedOn: CivilDate, openedBy: String) {
        self.householdID = householdID
        self.assessmentID = assessmentID
        self.programme = programme
        self.subject = subject
        self.payer = payer
        self.amountFen = amountFen
        self.openedOn = openedOn
        self.openedBy = openedBy
    }
}

package enum ClaimStatus: String, Sendable, Hashable, CaseIterable {
    case open, recovered
}

package struct StoredClaim: Sendable, Hashable {
    package var id: Int64
    package var claim: NewClaim
    package var status: ClaimStatus
    /// What was recovered (at most the amount owed), when and by whose record.
    package var amountRecoveredFen: Int64
    package var recoveredOn: CivilDate?
    package var recoveredBy: String?

    package init(id: Int64, claim: NewClaim, status: ClaimStatus, amountRecoveredFen: Int64, recoveredOn: CivilDate?, recoveredBy: String?) {
        self.id = id
        self.claim = claim
        self.status = status
        self.amountRecoveredFen = amountRecoveredFen
        self.recoveredOn = recoveredOn
        self.recoveredBy = recoveredBy
    }
}

/// What the register refuses about grants and claims; each names what clashed.
package enum GrantError: Error, Equatable, CustomStringConvertible {
    case badAmount(programme: String, amountFen: Int64, period: GrantPeriod)
    /// Only an eligible decision is confirmed as a grant (a referred one through its referral).
    case notEligible(assessmentID: Int64, programme: String, outcome: String?)
    case claimAmountNotPositive(Int64)
    case noSuchClaim(Int64)
    case claimRecovered(Int64)
    case recoveryOutOfRange(claimID: Int64, amountFen: Int64, owedFen: Int64)

    package var description: String {
        switch self {
        case .badAmount(let programme, let amount, .once): "a grant of \(programme) needs a positive amount, not \(amount) fen"
        case .badAmount(let programme, let amount, .monthly(let monthly, let months)):
            "a monthly grant of \(programme) is \(months) months of \(monthly) fen, positive, which is not \(amount) fen"
        case .notEligible(let id, let programme, let outcome?): "assessment \(id) decided \(programme) as \(outcome), not eligible"
        case .notEligible(let id, let programme, nil): "assessment \(id) has no decision for \(programme)"
        case .claimAmountNotPositive(let amount): "a claim is for a positive amount, not \(amount) fen"
        case .noSuchClaim(let id): "no claim \(id)"
        case .claimRecovered(let id): "claim \(id) is recovered already"
        case .recoveryOutOfRange(let id, let amount, let owed): "claim \(id) owes \(owed) fen: \(amount) fen cannot be recovered"
        }
    }
}
