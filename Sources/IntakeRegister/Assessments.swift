import Eligibility

/// An assessment about to be recorded: what was asked, what was answered, by whom.
package struct NewAssessment: Sendable {
    package var actor: String
    package var applicantName: String?
    package var applicantID: String?
    package var assessmentDate: CivilDate
    package var ruleSetHash: String
    /// The profile exactly as the client sent it.
    package var profileJSON: String
    /// The answer exactly as it is sent (`bangfu.assessment/1`).
    package var decisionJSON: String
    package var outcomes: [(programme: String, outcome: String)]
    /// The entry this one assesses again with changed answers ("修改后重新评估"), if any.
    package var revises: Int64?
    /// When given, the register opens a referral for each `refer` decision in the same transaction as
    /// the entry (件件有回音: a crash between them would leave a referred decision that nobody answers),
    /// for the applicant's open household, opened with the applicant alone when there is none and
    /// the ID number is known: an approval is a grant of a household.
    package var referralsOpened: ReferralOpening?

    package init(actor: String, applicantName: String?, applicantID: String?, assessmentDate: CivilDate,
                ruleSetHash: String, profileJSON: String, decisionJSON: String, outcomes: [(programme: String, outcome: String)],
                revises: Int64? = nil, referralsOpened: ReferralOpening? = nil) {
        self.actor = actor
        self.applicantName = applicantName
        self.applicantID = applicantID
        self.assessmentDate = assessmentDate
        self.ruleSetHash = ruleSetHash
        self.profileJSON = profileJSON
        self.decisionJSON = decisionJSON
        self.outcomes = outcomes
        self.revises = revises
        self.referralsOpened = referralsOpened
    }

    /// The record of `assessment`, answered with `decisionJSON`.
    package init(_ assessment: Assessment, actor: String, profileJSON: String, decisionJSON: String, revises: Int64? = nil,
                 referralsOpened: ReferralOpening? = nil) {
        self.init(actor: actor, applicantName: assessment.applicantName, applicantID: assessment.applicantID,
                  assessmentDate: assessment.date, ruleSetHash: assessment.ruleSetHash, profileJSON: profileJSON,
                  decisionJSON: decisionJSON, outcomes: assessment.decisions.map { ($0.id, $0.outcome.rawValue) }, revises: revises,
                  referralsOpened: referralsOpened)
    }

    /// The programmes whose decision is `refer`.
    package var referredProgrammes: [String] { outcomes.filter { $0.outcome == "refer" }.map(\.programme) }

    /// The applicant as the household a referral is opened for, when the ID number is known.
    package var applicantAsMember: HouseholdMember? {
        guard let applicantID, !ChineseIDNumber.normalised(applicantID).isEmpty else { return nil }
        return HouseholdMember(idNumber: applicantID, name: applicantName ?? "", relation: "本人")
    }
}

/// Who opens an entry's referrals, and on what day (the desk's day in its time zone).
package struct ReferralOpening: Sendable, Hashable {
    package var on: CivilDate
    package var by: String

    package init(on: CivilDate, by: String) {
        self.on = on
        self.by = by
    }
}

/// An assessment as the register holds it.
package struct StoredAssessment: Sendable, Hashable {
    package var id: Int64
    package var createdAt: String
    package var actor: String
    package var applicantName: String?
    package var applicantID: String?
    package var assessmentDate: String
    package var ruleSetHash: String
    package var profileJSON: String
    package var decisionJSON: String
    /// The entry this one assessed again, if any.
    package var revises: Int64?

    package init(id: Int64, createdAt: String, actor: String, applicantName: String?, applicantID: String?, assessmentDate: String,
                 ruleSetHash: String, profileJSON: String, decisionJSON: String, revises: Int64? = nil) {
        self.id = id
        self.createdAt = createdAt
        self.actor = actor
        self.applicantName = applicantName
        self.applicantID = applicantID
        self.assessmentDate = assessmentDate
        self.ruleSetHash = ruleSetHash
        self.profileJSON = profileJSON
        self.decisionJSON = decisionJSON
        self.revises = revises
    }
}

/// A line of the register's list: who, when, under which rules, and each programme's outcome.
package struct AssessmentSummary: Sendable, Hashable {
    package var id: Int64
    package var createdAt: String
    package var actor: String
    package var applicantName: String?
    package var applicantID: String?
    package var assessmentDate: String
    package var ruleSetHash: String
    package var outcomes: [String: String]

    package init(id: Int64, createdAt: String, actor: String, applicantName: String?, applicantID: String?, assessmentDate: String,
                 ruleSetHash: String, outcomes: [String: String]) {
        self.id = id
        self.createdAt = createdAt
        self.actor = actor
        self.applicantName = applicantName
        self.applicantID = applicantID
        self.assessmentDate = assessmentDate
        self.ruleSetHash = ruleSetHash
        self.outcomes = outcomes
    }
}

/// What to look for in the register; every field given must match.
package struct RegisterQuery: Sendable {
    /// An ID number, or its last characters (at least `shortestApplicantIDSearch`), as a clerk reads
    /// them off a card: compared in the standard form (`ChineseIDNumber.normalised`), so a lower-case x,
    /// spaces and full-width digits find the entry too.
    package var applicantID: String?
    /// Part of the applicant's name.
    package var name: String?
    /// Assessment dates from and to, both included.
    package var from: CivilDate?
    package var to: CivilDate?
    package var programme: String?
    /// With `programme`: its outcome; alone: any programme with this outcome.
    package var outcome: String?
    /// Only entries this account made (intake staff see their own).
    package var actor: String?
    package var limit: Int

    /// The fewest characters of an ID number a search takes: its last four, as a clerk asks for them.
    package static let shortestApplicantIDSearch = 4

    /// How the register files an ID number for searching by its ending: the standard form, reversed,
    /// so that "ends with" is "starts with", which an index answers.
    package static func applicantIDSearchKey(_ id: String) -> String {
        String(ChineseIDNumber.normalised(id).reversed())
    }

    package init(applicantID: String? = nil, name: String? = nil, from: CivilDate? = nil, to: CivilDate? = nil,
                programme: String? = nil, outcome: String? = nil, actor: String? = nil, limit: Int = 100) {
        self.applicantID = applicantID
        self.name = name
        self.from = from
        self.to = to
        self.programme = programme
        self.outcome = outcome
        self.actor = actor
        self.limit = limit
    }
}
