import Eligibility

/// An assessment about to be recorded: what was asked, what was answered, by whom.
public struct NewAssessment: Sendable {
    public var actor: String
    public var applicantName: String?
    public var applicantID: String?
    public var assessmentDate: CivilDate
    public var ruleSetHash: String
    /// The profile exactly as the client sent it.
    public var profileJSON: String
    /// The answer exactly as it is sent (`bangfu.assessment/1`).
    public var decisionJSON: String
    public var outcomes: [(programme: String, outcome: String)]

    public init(actor: String, applicantName: String?, applicantID: String?, assessmentDate: CivilDate,
                ruleSetHash: String, profileJSON: String, decisionJSON: String, outcomes: [(programme: String, outcome: String)]) {
        self.actor = actor
        self.applicantName = applicantName
        self.applicantID = applicantID
        self.assessmentDate = assessmentDate
        self.ruleSetHash = ruleSetHash
        self.profileJSON = profileJSON
        self.decisionJSON = decisionJSON
        self.outcomes = outcomes
    }

    /// The record of `assessment`, answered with `decisionJSON`.
    public init(_ assessment: Assessment, actor: String, profileJSON: String, decisionJSON: String) {
        self.init(actor: actor, applicantName: assessment.applicantName, applicantID: assessment.applicantID,
                  assessmentDate: assessment.date, ruleSetHash: assessment.ruleSetHash, profileJSON: profileJSON,
                  decisionJSON: decisionJSON, outcomes: assessment.decisions.map { ($0.id, $0.outcome.rawValue) })
    }
}

/// An assessment as the register holds it.
public struct StoredAssessment: Sendable, Hashable {
    public var id: Int64
    public var createdAt: String
    public var actor: String
    public var applicantName: String?
    public var applicantID: String?
    public var assessmentDate: String
    public var ruleSetHash: String
    public var profileJSON: String
    public var decisionJSON: String

    package init(id: Int64, createdAt: String, actor: String, applicantName: String?, applicantID: String?, assessmentDate: String,
                 ruleSetHash: String, profileJSON: String, decisionJSON: String) {
        self.id = id
        self.createdAt = createdAt
        self.actor = actor
        self.applicantName = applicantName
        self.applicantID = applicantID
        self.assessmentDate = assessmentDate
        self.ruleSetHash = ruleSetHash
        self.profileJSON = profileJSON
        self.decisionJSON = decisionJSON
    }
}

/// A line of the register's list: who, when, under which rules, and each programme's outcome.
public struct AssessmentSummary: Sendable, Hashable {
    public var id: Int64
    public var createdAt: String
    public var actor: String
    public var applicantName: String?
    public var applicantID: String?
    public var assessmentDate: String
    public var ruleSetHash: String
    public var outcomes: [String: String]

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
public struct RegisterQuery: Sendable {
    public var applicantID: String?
    /// Part of the applicant's name.
    public var name: String?
    /// Assessment dates from and to, both included.
    public var from: CivilDate?
    public var to: CivilDate?
    public var programme: String?
    /// With `programme`: its outcome; alone: any programme with this outcome.
    public var outcome: String?
    /// Only entries this account made (intake staff see their own).
    public var actor: String?
    public var limit: Int

    public init(applicantID: String? = nil, name: String? = nil, from: CivilDate? = nil, to: CivilDate? = nil,
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
