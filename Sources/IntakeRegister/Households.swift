import Eligibility

/// A person of a household, known by ID number.
package struct HouseholdMember: Sendable, Hashable {
    /// In the standard form (`ChineseIDNumber.normalised`), as the register compares ID numbers.
    package var idNumber: String
    package var name: String
    /// How the member stands to the applicant who opened the household ("本人", "配偶", "子女" …), as
    /// the desk records it.
    package var relation: String

    package init(idNumber: String, name: String, relation: String) {
        self.idNumber = ChineseIDNumber.normalised(idNumber)
        self.name = name
        self.relation = relation
    }
}

/// A household about to be opened (一户一档), from the assessment that found it in need.
package struct NewHousehold: Sendable {
    package var assessmentID: Int64
    package var members: [HouseholdMember]
    package var openedOn: CivilDate
    package var openedBy: String

    package init(assessmentID: Int64, members: [HouseholdMember], openedOn: CivilDate, openedBy: String) {
        self.assessmentID = assessmentID
        self.members = members
        self.openedOn = openedOn
        self.openedBy = openedBy
    }
}

package struct HouseholdClosing: Sendable, Hashable {
    package var on: CivilDate
    package var by: String
    package var reason: String

    package init(on: CivilDate, by: String, reason: String) {
        self.on = on
        self.by = by
        self.reason = reason
    }
}

package struct StoredHousehold: Sendable, Hashable {
    package var id: Int64
    package var assessmentID: Int64
    package var openedOn: CivilDate
    package var openedBy: String
    /// Its members in the order they joined (at its closing, for a closed household).
    package var members: [HouseholdMember]
    package var closing: HouseholdClosing?

    package var isOpen: Bool { closing == nil }

    package init(id: Int64, assessmentID: Int64, openedOn: CivilDate, openedBy: String, members: [HouseholdMember], closing: HouseholdClosing?) {
        self.id = id
        self.assessmentID = assessmentID
        self.openedOn = openedOn
        self.openedBy = openedBy
        self.members = members
        self.closing = closing
    }
}

// MARK: Hardship files

/// The tier of a hardship file: deep (深度困难), relative (相对困难), accidental (意外致困, for a year).
package enum HardshipTier: String, Sendable, Hashable, CaseIterable {
    case deep, relative, accidental
}

/// Where a hardship file is in its life: opened, under review (复核), closed.
package enum HardshipFileStatus: String, Sendable, Hashable, CaseIterable {
    case opened
    case underReview = "under_review"
    case closed

    /// The steps a file may take: into review and back out of it (the review kept it), and to its
    /// closing from either.
    package func mayMove(to next: HardshipFileStatus) -> Bool {
        switch (self, next) {
        case (.opened, .underReview), (.underReview, .opened), (.opened, .closed), (.underReview, .closed): true
        default: false
        }
    }
}

package struct StoredHardshipFile: Sendable, Hashable {
    package var id: Int64
    package var householdID: Int64
    package var tier: HardshipTier
    package var status: HardshipFileStatus
    package var openedOn: CivilDate
    package var openedBy: String
    /// When the file took its present status, and who moved it.
    package var statusSince: CivilDate
    package var statusBy: String
    /// Why it was closed (or why it went back under review, or came out of it), when a reason was given.
    package var reason: String?
    /// The day of its last yearly review (复核), if it had one.
    package var lastReviewedOn: CivilDate?

    package init(id: Int64, householdID: Int64, tier: HardshipTier, status: HardshipFileStatus, openedOn: CivilDate, openedBy: String,
                 statusSince: CivilDate, statusBy: String, reason: String?, lastReviewedOn: CivilDate? = nil) {
        self.id = id
        self.householdID = householdID
        self.tier = tier
        self.status = status
        self.openedOn = openedOn
        self.openedBy = openedBy
        self.statusSince = statusSince
        self.statusBy = statusBy
        self.reason = reason
        self.lastReviewedOn = lastReviewedOn
    }

    /// The day an accidental-hardship file stops holding: one year after it was opened (a file opened
    /// on 29 February runs to 28 February). Other tiers run until they are closed.
    package var expiresOn: CivilDate? {
        guard tier == .accidental else { return nil }
        return CivilDate(year: openedOn.year + 1, month: openedOn.month, day: openedOn.day)
            ?? CivilDate(year: openedOn.year + 1, month: openedOn.month, day: openedOn.day - 1)
    }

    /// Whether the file has run out by `date` without being closed.
    package func isExpired(on date: CivilDate) -> Bool {
        guard status != .closed, let expiresOn else { return false }
        return date >= expiresOn
    }

    /// Whether the file holds on `date`: neither closed nor run out. A household has at most one.
    package func holds(on date: CivilDate) -> Bool {
        status != .closed && !isExpired(on: date)
    }
}

// MARK: Model workers

/// A model worker in hardship (困难劳模), kept on a list of their own: the honour's level and whether the
/// title still stands decide the monthly top-up, which a named body pays.
package struct ModelWorker: Sendable, Hashable {
    /// In the standard form (`ChineseIDNumber.normalised`).
    package var idNumber: String
    package var name: String
    /// The honour's level, a code of the rule set ("national", "provincial", "city" …).
    package var level: String
    /// Whether the title stands, a code of the rule set ("held", "revoked" …).
    package var titleStatus: String
    package var monthlyTopUpFen: Int64
    /// Who pays the top-up, a fund code of the rule set.
    package var payer: String
    package var updatedOn: CivilDate
    package var updatedBy: String

    package init(idNumber: String, name: String, level: String, titleStatus: String, monthlyTopUpFen: Int64, payer: String,
                 updatedOn: CivilDate, updatedBy: String) {
        self.idNumber = ChineseIDNumber.normalised(idNumber)
        self.name = name
        self.level = level
        self.titleStatus = titleStatus
        self.monthlyTopUpFen = monthlyTopUpFen
        self.payer = payer
        self.updatedOn = updatedOn
        self.updatedBy = updatedBy
    }
}

/// What the register refuses about households and their files; each names what clashed.
package enum HouseholdError: Error, Equatable, CustomStringConvertible {
    case noSuchAssessment(Int64)
    case noSuchHousehold(Int64)
    case householdClosed(Int64)
    case noMembers
    /// The same ID number twice among one household's members.
    case duplicateMember(idNumber: String)
    /// The person belongs to another open household already (one household per person).
    case memberOfAnotherHousehold(idNumber: String, householdID: Int64)
    case noSuchMember(idNumber: String, householdID: Int64)
    /// The household has a hardship file that still holds.
    case hardshipFileOpen(householdID: Int64, fileID: Int64)
    case noSuchHardshipFile(Int64)
    case hardshipFileMoveNotAllowed(fileID: Int64, from: HardshipFileStatus, to: HardshipFileStatus)
    case reasonRequired(fileID: Int64)
    case negativeTopUp(idNumber: String)
    /// A closed file is not reviewed.
    case hardshipFileClosed(Int64)

    package var description: String {
        switch self {
        case .noSuchAssessment(let id): "no assessment \(id) to open a household from"
        case .noSuchHousehold(let id): "no household \(id)"
        case .householdClosed(let id): "household \(id) is closed"
        case .noMembers: "a household has at least one member"
        case .duplicateMember(let idNumber): "ID number \(idNumber) is given twice among the members"
        case .memberOfAnotherHousehold(let idNumber, let householdID): "ID number \(idNumber) belongs to open household \(householdID)"
        case .noSuchMember(let idNumber, let householdID): "ID number \(idNumber) is not a member of household \(householdID)"
        case .hardshipFileOpen(let householdID, let fileID): "household \(householdID) has hardship file \(fileID) open"
        case .noSuchHardshipFile(let id): "no hardship file \(id)"
        case .hardshipFileMoveNotAllowed(let id, let from, let to): "hardship file \(id) cannot go from \(from.rawValue) to \(to.rawValue)"
        case .reasonRequired(let id): "closing hardship file \(id) needs a reason"
        case .negativeTopUp(let idNumber): "the monthly top-up of model worker \(idNumber) is negative"
        case .hardshipFileClosed(let id): "hardship file \(id) is closed"
        }
    }
}
