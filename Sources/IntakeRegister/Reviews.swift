import Eligibility

// MARK: Finding households

/// What to look for among households; every field given must match a present member.
package struct HouseholdQuery: Sendable {
    /// A whole ID number, in any form `ChineseIDNumber.normalised` reads.
    package var idNumber: String?
    /// Part of a member's name.
    package var name: String?
    package var limit: Int

    package init(idNumber: String? = nil, name: String? = nil, limit: Int = 100) {
        self.idNumber = idNumber
        self.name = name
        self.limit = limit
    }
}

// MARK: A hardship file's life

/// A step of a hardship file's life: its opening, then each move of its status, with who made it and why.
package struct HardshipFileEvent: Sendable, Hashable {
    package var status: HardshipFileStatus
    package var on: CivilDate
    package var by: String
    package var reason: String?

    package init(status: HardshipFileStatus, on: CivilDate, by: String, reason: String?) {
        self.status = status
        self.on = on
        self.by = by
        self.reason = reason
    }
}

// MARK: Yearly reviews (复核)

/// What the yearly review of a hardship file found when the household's latest profile was assessed
/// again with its history. A review never moves the file: an officer does, on what it found.
package enum ReviewFinding: String, Sendable, Hashable, CaseIterable {
    /// The rules still support the file's tier.
    case kept
    /// The rules support another tier (`NewHardshipReview.suggestedTier`).
    case adjust
    /// The rules no longer support a hardship file.
    case close
    /// The re-assessment waits for information nobody gave.
    case needsInformation = "needs_information"
}

/// A review to record: the assessment entry it made, and what it found.
package struct NewHardshipReview: Sendable, Hashable {
    package var fileID: Int64
    /// The entry the re-assessment was recorded as.
    package var assessmentID: Int64
    package var reviewedOn: CivilDate
    package var reviewedBy: String
    package var finding: ReviewFinding
    /// The tier the rules support now, when they support one.
    package var suggestedTier: HardshipTier?

    package init(fileID: Int64, assessmentID: Int64, reviewedOn: CivilDate, reviewedBy: String, finding: ReviewFinding,
                 suggestedTier: HardshipTier?) {
        self.fileID = fileID
        self.assessmentID = assessmentID
        self.reviewedOn = reviewedOn
        self.reviewedBy = reviewedBy
        self.finding = finding
        self.suggestedTier = suggestedTier
    }
}

package struct StoredHardshipReview: Sendable, Hashable {
    package var id: Int64
    package var review: NewHardshipReview

    package init(id: Int64, review: NewHardshipReview) {
        self.id = id
        self.review = review
    }
}

extension StoredHardshipFile {
    /// The day its yearly review falls due: a year after its last review, or after its opening (29
    /// February gives 28 February).
    package var reviewDueOn: CivilDate { (lastReviewedOn ?? openedOn).adding(months: 12)! }

    /// Whether it waits for its yearly review on `date`: not closed, and its review due by then.
    package func isDueForReview(on date: CivilDate) -> Bool {
        status != .closed && date >= reviewDueOn
    }
}

// MARK: Grants as the rules read them

extension PastGrant {
    /// A grant on record as the rules read it: a monthly schedule pays its monthly amount each month;
    /// the reference names the register's grant, for the trace.
    package init(_ grant: StoredGrant) {
        switch grant.period {
        case .once:
            self.init(programme: grant.programme, fund: grant.fund, amount: Money(fen: grant.amountFen), granted: grant.grantedOn,
                      countsAsIncome: grant.countsAsIncome, reference: "发放记录 \(grant.id)")
        case .monthly(let monthlyFen, let months):
            self.init(programme: grant.programme, fund: grant.fund, amount: Money(fen: monthlyFen), granted: grant.grantedOn,
                      schedule: .monthly(months: months), countsAsIncome: grant.countsAsIncome, reference: "发放记录 \(grant.id)")
        }
    }
}

extension History {
    /// From 1 January of the year before `date` up to `date`, both included: the span the rules'
    /// "this year" and "the last twelve months" read.
    package static func window(on date: CivilDate) -> (from: CivilDate, to: CivilDate) {
        (CivilDate(year: date.year - 1, month: 1, day: 1)!, date)
    }

    /// The register's grants as the history of an assessment on `date`: those in its window, in date order.
    package init(onRecord grants: [StoredGrant], on date: CivilDate) {
        let window = Self.window(on: date)
        self.init(grants: grants.filter { window.from <= $0.grantedOn && $0.grantedOn <= window.to }.map(PastGrant.init))
    }
}

extension Register {
    /// The history of an assessment on `date` of a member of household `householdID`.
    package func history(ofHousehold householdID: Int64, on date: CivilDate) async throws -> History {
        let window = History.window(on: date)
        return History(onRecord: try await grants(householdID: householdID, from: window.from, to: window.to), on: date)
    }
}
