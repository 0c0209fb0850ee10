import Eligibility

/// How many assessments a range of days holds, and how their decisions came out.
package struct AssessmentTally: Sendable, Hashable {
    package var assessments: Int
    /// Decisions by programme, then by outcome (`eligible`, `refer` …).
    package var decisions: [String: [String: Int]]

    package init(assessments: Int, decisions: [String: [String: Int]]) {
        self.assessments = assessments
        self.decisions = decisions
    }
}

/// The centre's year at a glance ("本年度帮扶困难职工 N 户 M 人，发放资金 X 元"), computed in this one
/// place from what the register holds; `bangfu report` and the `/report` page only word and draw it.
///
/// What counts in the year:
/// - A grant counts when one of its payments falls in the year: a one-off on its date, a monthly
///   schedule once a month from its date's month on (its k-th payment in the k-th month after). Its
///   money in the year is what those payments come to, so a schedule of 12 months from July puts 6
///   payments in one year and 6 in the next; its count is 1 in each year (by programme and fund) and
///   one per payment in the months. The cash paid is the sum, exact to the fen.
/// - Households helped: those with at least one grant that counts; people: their members as the
///   register holds them now.
/// - Assessments: by their assessment date; their decisions by outcome, every programme's.
/// - Referrals: opened in the year; answered in the year with their ages (days from opening to answer);
///   still open on `asOf` (the year's last day, or today while the year runs) with their age on it.
///   Referrals out and claims likewise: sent or opened in the year, results and recoveries in it.
package struct YearFigures: Sendable, Hashable {
    /// A number of things and the money they come to.
    package struct Amount: Sendable, Hashable {
        package var count = 0
        package var fen: Int64 = 0

        package init(count: Int = 0, fen: Int64 = 0) {
            self.count = count
            self.fen = fen
        }
    }

    /// One line of a breakdown: a programme, a fund, an outcome (by its code).
    package struct Line: Sendable, Hashable {
        package var code: String
        package var amount: Amount

        package init(code: String, amount: Amount) {
            self.code = code
            self.amount = amount
        }
    }

    /// Ages in days of a set of referrals.
    package struct Ages: Sendable, Hashable {
        package var count: Int
        /// The middle age (the mean of the two middle ones for an even count); nil for none.
        package var medianDays: Double?
        package var longestDays: Int?

        package init(_ days: [Int]) {
            let sorted = days.sorted()
            count = sorted.count
            longestDays = sorted.last
            medianDays = sorted.isEmpty ? nil : Double(sorted[(count - 1) / 2] + sorted[count / 2]) / 2
        }
    }

    /// A referral still open on `asOf`.
    package struct OpenReferral: Sendable, Hashable {
        package var id: Int64
        package var programme: String
        package var openedOn: CivilDate
        package var ageInDays: Int

        package init(id: Int64, programme: String, openedOn: CivilDate, ageInDays: Int) {
            self.id = id
            self.programme = programme
            self.openedOn = openedOn
            self.ageInDays = ageInDays
        }
    }

    package var year: Int
    /// The day the ages of what is still open are counted to.
    package var asOf: CivilDate
    package var households: Int
    package var people: Int
    /// Grants that count in the year, and the cash they paid in it.
    package var grants: Amount
    /// Largest amount first, then by code.
    package var byProgramme: [Line]
    package var byFund: [Line]
    /// January to December: payments in the month, and what they paid.
    package var byMonth: [Amount]
    package var assessments: Int
    /// Decisions of the year's assessments by outcome, every programme's, most first.
    package var decisionsByOutcome: [Line]
    package var referralsOpened: Int
    /// Answered in the year, and how: `approve`, `refuse`, `hand_on`.
    package var referralsClosed: Ages
    package var referralsClosedBy: [Line]
    /// Oldest first.
    package var referralsStillOpen: [OpenReferral]
    package var referralsOutSent: Int
    /// Results in the year, and what they recovered.
    package var referralsOutResults: Amount
    package var referralsOutStillOpen: Int
    package var claimsOpened: Amount
    /// Recovered in the year: how many, and the amount recovered.
    package var claimsRecovered: Amount

    /// The cash paid in the year.
    package var cashPaidFen: Int64 { grants.fen }

    /// The first and last days of `year`.
    package static func days(of year: Int) -> (first: CivilDate, last: CivilDate) {
        (CivilDate(year: year, month: 1, day: 1)!, CivilDate(year: year, month: 12, day: 31)!)
    }

    /// The figures of `year` from the register's rows (`Register.yearFigures` reads them); `members`:
    /// each helped household's number of members; `today` bounds `asOf`.
    package init(year: Int, today: CivilDate, grants: [StoredGrant], members: [Int64: Int], tally: AssessmentTally,
                 referrals: [StoredReferral], outgoing: [StoredOutgoingReferral], claims: [StoredClaim]) {
        let (first, last) = Self.days(of: year)
        let days = first...last
        let asOf = min(last, max(first, today))
        self.year = year
        self.asOf = asOf

        var total = Amount(), programmes: [String: Amount] = [:], funds: [String: Amount] = [:]
        var months = Array(repeating: Amount(), count: 12), helped = Set<Int64>()
        for grant in grants {
            let payments = Self.payments(of: grant, in: year)
            guard !payments.isEmpty else { continue }
            let fen = payments.reduce(0) { $0 + $1.fen }
            for payment in payments {
                months[payment.month - 1].count += 1
                months[payment.month - 1].fen += payment.fen
            }
            total.count += 1; total.fen += fen
            programmes[grant.programme, default: Amount()].count += 1
            programmes[grant.programme, default: Amount()].fen += fen
            funds[grant.fund, default: Amount()].count += 1
            funds[grant.fund, default: Amount()].fen += fen
            helped.insert(grant.householdID)
        }
        households = helped.count
        people = helped.reduce(0) { $0 + (members[$1] ?? 0) }
        self.grants = total
        byProgramme = Self.lines(programmes)
        byFund = Self.lines(funds)
        byMonth = months

        assessments = tally.assessments
        var outcomes: [String: Amount] = [:]
        for decisions in tally.decisions.values {
            for (outcome, count) in decisions { outcomes[outcome, default: Amount()].count += count }
        }
        decisionsByOutcome = Self.lines(outcomes)

        referralsOpened = referrals.count(where: { days.contains($0.referral.openedOn) })
        let closed = referrals.filter { $0.answer.map { days.contains($0.closedOn) } ?? false }
        referralsClosed = Ages(closed.map { $0.ageInDays(on: last) })
        var decisions: [String: Amount] = [:]
        for referral in closed {
            let kind = switch referral.answer!.decision {
            case .approve: "approve"
            case .refuse: "refuse"
            case .handOn: "hand_on"
            }
            decisions[kind, default: Amount()].count += 1
        }
        referralsClosedBy = Self.lines(decisions)
        referralsStillOpen = referrals
            .filter { $0.referral.openedOn <= asOf && ($0.answer.map { $0.closedOn > asOf } ?? true) }
            .map { OpenReferral(id: $0.id, programme: $0.referral.programme, openedOn: $0.referral.openedOn,
                                ageInDays: asOf.dayNumber - $0.referral.openedOn.dayNumber) }

        referralsOutSent = outgoing.count(where: { $0.steps.first.map { days.contains($0.on) } ?? false })
        var results = Amount()
        for referral in outgoing {
            for event in referral.steps where days.contains(event.on) {
                if case .result(let recovered, _) = event.step { results.count += 1; results.fen += recovered }
            }
        }
        referralsOutResults = results
        referralsOutStillOpen = outgoing.count(where: { referral in
            guard let sent = referral.steps.first?.on, sent <= asOf else { return false }
            return !referral.steps.contains { $0.step.kind == .result && $0.on <= asOf }
        })

        let opened = claims.filter { days.contains($0.claim.openedOn) }
        claimsOpened = Amount(count: opened.count, fen: opened.reduce(0) { $0 + $1.claim.amountFen })
        let recovered = claims.filter { $0.recoveredOn.map(days.contains) ?? false }
        claimsRecovered = Amount(count: recovered.count, fen: recovered.reduce(0) { $0 + $1.amountRecoveredFen })
    }

    /// The payments of `grant` that fall in `year`, by month (1–12).
    package static func payments(of grant: StoredGrant, in year: Int) -> [(month: Int, fen: Int64)] {
        switch grant.period {
        case .once:
            return grant.grantedOn.year == year ? [(grant.grantedOn.month, grant.amountFen)] : []
        case .monthly(let monthlyFen, let months):
            let start = grant.grantedOn.year * 12 + grant.grantedOn.month - 1
            let (first, end) = (max(start, year * 12), min(start + months, year * 12 + 12))
            return first < end ? (first..<end).map { ($0 - year * 12 + 1, monthlyFen) } : []
        }
    }

    /// Largest amount first (then most, then by code), so charts read from the top.
    private static func lines(_ amounts: [String: Amount]) -> [Line] {
        amounts.map { Line(code: $0.key, amount: $0.value) }
            .sorted { ($1.amount.fen, $1.amount.count, $0.code) < ($0.amount.fen, $0.amount.count, $1.code) }
    }
}

extension Register {
    /// The figures of `year`, read from the register (see `YearFigures`).
    package func yearFigures(year: Int, today: CivilDate) async throws -> YearFigures {
        let (first, last) = YearFigures.days(of: year)
        let grants = try await grants(payingFrom: first, to: last)
        var members: [Int64: Int] = [:]
        for id in Set(grants.map(\.householdID)) {
            members[id] = try await household(id: id)?.members.count ?? 0
        }
        return YearFigures(year: year, today: today, grants: grants, members: members,
                           tally: try await assessmentTally(from: first, to: last),
                           referrals: try await referrals(activeFrom: first, to: last),
                           outgoing: try await outgoingReferrals(activeFrom: first, to: last),
                           claims: try await claims(activeFrom: first, to: last))
    }
}
