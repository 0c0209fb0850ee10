import Eligibility
import Foundation

/// The intake desk's durable register: every assessment made through the desk, the rule sets they were
/// made under (by hash, with their files, so a decision can be replayed), accounts, API tokens and web
/// sessions; and the centre's memory: households and their hardship files, model workers in hardship,
/// grants, claims, referrals and referrals out to other bodies. The desk knows the register only through
/// this protocol; whoever starts the desk (`bangfu serve`, `bangfu user add`) opens an implementation
/// (SQLite: `Sources/SQLiteRegister`; PostgreSQL, shared by several desks: `Sources/PostgresRegister`) and
/// passes it in.
///
/// Every implementation keeps the promises the desk builds on (the register tests check them for each):
/// a write that returned is durable, so an answered assessment survives a crash of the server; an
/// assessment names a stored rule set; ids of assessments grow, so the newest has the largest; what
/// a method refuses it refuses with the typed error it names, writing nothing; and the confirmation of
/// grants re-checks a household's history under the household's lock (`confirmGrants`).
package protocol Register: Sendable {
    // MARK: Rule sets, by content hash

    /// Keeps a rule set's files under its hash (once; storing it again changes nothing): the very bytes
    /// it was loaded from, so that loading them back gives the same rule set (`storedRuleSet(hash:)`).
    func storeRuleSet(_ ruleSet: RuleSet) async throws

    func hasRuleSet(hash: String) async throws -> Bool

    /// The files a rule set was made of, by path relative to its folder, as they were stored, sorted by
    /// path; none for a hash the register does not hold.
    func ruleSetFiles(hash: String) async throws -> [(path: String, source: String)]

    // MARK: The running rule set, shared by every desk

    /// Makes a stored rule set the running one (`RunningRuleSetError.notStored` otherwise), as a new
    /// entry after every earlier one, and returns it. Every desk on the register polls
    /// `runningRuleSet()` and switches to it.
    func takeRuleSet(_ taking: RuleSetTaking) async throws -> RunningRuleSet

    /// The newest entry: the rule set every desk answers with; nil until a desk took one.
    func runningRuleSet() async throws -> RunningRuleSet?

    /// The rule sets that ran, newest first: the newest `limit` of them, or all when nil.
    func runningRuleSetHistory(limit: Int?) async throws -> [RunningRuleSet]

    // MARK: Parameter proposals (four eyes)

    /// Files a proposal, open; its proposed rule set must be stored (`ProposalError.notStored`).
    func addProposal(_ proposal: NewProposal) async throws -> StoredProposal

    func proposal(id: Int64) async throws -> StoredProposal?

    /// Every proposal, newest first.
    func proposals() async throws -> [StoredProposal]

    /// Decides an open proposal as `ProposalDecision.check` allows, in one transaction that reads it
    /// first (so of two officers deciding it at once, one does). Publishing also refuses a proposal
    /// whose base is no longer the running rule set (`ProposalError.baseNotRunning`) and makes its
    /// rule set the running one, taken by `officer` from "#id", in the same transaction.
    func decideProposal(id: Int64, _ decision: ProposalDecision, by officer: String) async throws -> StoredProposal

    // MARK: Assessments

    /// Records an assessment and returns its id once it is durable. Refuses one whose rule set is not
    /// stored.
    func record(_ entry: NewAssessment) async throws -> Int64

    func assessment(id: Int64) async throws -> StoredAssessment?

    /// Entries matching `query`, newest first, at most `query.limit` (at least one).
    func search(_ query: RegisterQuery) async throws -> [AssessmentSummary]

    // MARK: Accounts and API tokens

    /// Adds an account. Passwords arrive hashed: the register never sees one in the clear. Throws
    /// `AccountError.invalidName` (see `Account.validateName`) or `AccountError.nameTaken`.
    func addAccount(name: String, role: Role, passwordHash: String) async throws

    func account(named name: String) async throws -> Account?

    func accountCount() async throws -> Int

    /// Throws `AccountError.noSuchAccount` when no account has that name.
    func addToken(id: String, accountName: String, secretHash: String) async throws

    /// The token with this id and the account it belongs to; the caller checks the secret.
    func token(id: String) async throws -> (token: StoredToken, account: Account)?

    // MARK: Web sessions

    /// Stores a new session (and drops expired ones).
    func addSession(id: String, accountName: String, csrfToken: String, expiresAt: Date) async throws

    /// The session with this id, if it has not expired by `now`.
    func session(id: String, now: Date) async throws -> WebSession?

    func removeSession(id: String) async throws

    // MARK: Changing accounts

    /// Replaces an account's password hash and ends its web sessions. Throws `AccountError.noSuchAccount`.
    func setPasswordHash(accountName: String, passwordHash: String) async throws

    /// Removes the account's API tokens (only the one with `id`, when given) and returns how many were
    /// removed. Throws `AccountError.noSuchAccount`.
    func removeTokens(accountName: String, id: String?) async throws -> Int

    // MARK: Households (一户一档)

    /// Opens a household from an assessment the register holds, with its members. Refuses a household
    /// without members (`HouseholdError.noMembers`), an ID number given twice (`.duplicateMember`) and
    /// a person who is a member of another open household (`.memberOfAnotherHousehold`, naming it): one
    /// household per person among open households, kept even when two desks open households for the
    /// same person at the same moment (SQLite: a unique index over members of open households;
    /// PostgreSQL: the same partial unique index).
    func openHousehold(_ household: NewHousehold) async throws -> StoredHousehold

    func household(id: Int64) async throws -> StoredHousehold?

    /// The open household the person with this ID number (in any form `ChineseIDNumber.normalised`
    /// reads) belongs to, if any.
    func household(memberIDNumber: String) async throws -> StoredHousehold?

    /// Adds a member to an open household, with the same refusals as `openHousehold`.
    func addMember(_ member: HouseholdMember, householdID: Int64) async throws

    /// Takes a member off an open household (moved away, died): they may then join another.
    func removeMember(idNumber: String, householdID: Int64) async throws

    /// Closes a household with a reason; its members are free to join another. Refuses while it has a
    /// hardship file that holds on `closing.on` (`HouseholdError.hardshipFileOpen`).
    func closeHousehold(id: Int64, closing: HouseholdClosing) async throws

    // MARK: Hardship files

    /// Opens a hardship file for an open household. Refuses while another file of the household holds
    /// on `openedOn` (`HouseholdError.hardshipFileOpen`, naming it): an accidental-hardship file past
    /// its year no longer holds. The check and the write are one transaction under the household's
    /// lock (see `confirmGrants`).
    func openHardshipFile(householdID: Int64, tier: HardshipTier, openedOn: CivilDate, openedBy: String) async throws -> StoredHardshipFile

    /// Moves a file to `status` as `HardshipFileStatus.mayMove` allows
    /// (`HouseholdError.hardshipFileMoveNotAllowed`); closing needs a reason (`.reasonRequired`).
    func moveHardshipFile(id: Int64, to status: HardshipFileStatus, reason: String?, on: CivilDate, by: String) async throws -> StoredHardshipFile

    /// The household's hardship files, oldest first.
    func hardshipFiles(householdID: Int64) async throws -> [StoredHardshipFile]

    // MARK: Model workers in hardship

    /// Puts a model worker on the list, or replaces their entry (by ID number).
    func putModelWorker(_ worker: ModelWorker) async throws

    func modelWorker(idNumber: String) async throws -> ModelWorker?

    /// The whole list, by ID number.
    func modelWorkers() async throws -> [ModelWorker]

    // MARK: Grants and claims

    /// Confirms grants for a household so that no two confirmations can together break a rule over its
    /// history (once a year, one cash programme, a yearly cap). In one transaction: locks the household,
    /// reads all its grants, calls `decide` with them (the caller assesses again with that history and
    /// returns the grants that still stand, perhaps none), writes what `decide` returned, commits; and
    /// returns the grants written. Confirmations of one household run one after the other, from any
    /// number of desks; those of different households need not wait for each other.
    ///
    /// Each grant is checked (`NewGrant.validate`) and must confirm an `eligible` decision of its
    /// assessment (`GrantError.notEligible`); the household must be open. An error thrown by `decide`
    /// or by a check writes nothing and is rethrown.
    ///
    /// How the lock is taken: SQLite opens an IMMEDIATE transaction (the whole file's write lock,
    /// before the read). PostgreSQL must `SELECT … FROM households WHERE id = $1 FOR UPDATE` first
    /// thing in the transaction, then read the grants; at SERIALIZABLE isolation instead it must retry
    /// on a serialization failure, calling `decide` again, so `decide` must do nothing but decide.
    func confirmGrants(householdID: Int64, confirmedBy: String,
                       decide: @escaping @Sendable ([StoredGrant]) throws -> [NewGrant]) async throws -> [StoredGrant]

    /// The household's grants dated (`grantedOn`) from `from` to `to`, both included (either may be
    /// open), in date order: "this year" and "the last twelve months" for the rules' history.
    func grants(householdID: Int64, from: CivilDate?, to: CivilDate?) async throws -> [StoredGrant]

    /// Opens a claim on what another owes the household; a positive amount (`GrantError.claimAmountNotPositive`).
    func openClaim(_ claim: NewClaim) async throws -> StoredClaim

    /// Records what was recovered of an open claim (at most what is owed, `GrantError.recoveryOutOfRange`)
    /// and marks it recovered.
    func recordRecovery(claimID: Int64, amountFen: Int64, on: CivilDate, by: String) async throws -> StoredClaim

    /// The household's claims, oldest first.
    func claims(householdID: Int64) async throws -> [StoredClaim]

    // MARK: Referrals

    /// Opens the referral of a `refer` decision (`ReferralError.notReferred` otherwise); one per
    /// decision (`.alreadyOpened`, naming it). An owner must be an account (`AccountError.noSuchAccount`).
    func openReferral(_ referral: NewReferral) async throws -> StoredReferral

    func referral(id: Int64) async throws -> StoredReferral?

    /// The referrals of an assessment, with their answers: what the applicant's record shows.
    func referrals(assessmentID: Int64) async throws -> [StoredReferral]

    /// The queue: open referrals, oldest first (their age: `StoredReferral.ageInDays(on:)`), only those
    /// of `owner` when given.
    func openReferrals(ownedBy owner: String?) async throws -> [StoredReferral]

    /// Gives an open referral to an account (`AccountError.noSuchAccount`, `ReferralError.closed`).
    func assignReferral(id: Int64, to owner: String) async throws

    /// Answers an open referral with a decision and a reason (`ReferralError.reasonRequired`), in one
    /// transaction: an approval becomes a grant of the referral's programme for its household
    /// (`ReferralError.noHousehold`), written under the household's lock as in `confirmGrants`, after
    /// `recheck` has seen the household's grants (throw to refuse); a hand-on sends a referral out to
    /// the body named, on the closing day, by the one who closed it.
    func closeReferral(id: Int64, decision: ReferralDecision, reason: String, on: CivilDate, by: String,
                       recheck: @escaping @Sendable ([StoredGrant]) throws -> Void) async throws -> StoredReferral

    // MARK: Referrals out to other bodies

    /// Sends a referral out: its first step, `sent`, dated `sentOn`.
    func sendOut(_ referral: NewOutgoingReferral) async throws -> StoredOutgoingReferral

    /// Records a step of a referral out, in order (`ReferralError.stepOutOfOrder`) and not dated before
    /// the step before it (`.stepBeforePrevious`).
    func recordStep(_ step: OutgoingReferralStep, outgoingReferralID: Int64, on: CivilDate, by: String) async throws -> StoredOutgoingReferral

    func outgoingReferral(id: Int64) async throws -> StoredOutgoingReferral?

    /// Referrals out still waiting for their result, oldest first (their age: `ageInDays(on:)`).
    func openOutgoingReferrals() async throws -> [StoredOutgoingReferral]

    // MARK: Finding households, files' lives and their yearly reviews (复核)

    /// Households with a present member matching `query` (closed ones too), newest first, at most
    /// `query.limit`.
    func households(matching query: HouseholdQuery) async throws -> [StoredHousehold]

    func hardshipFile(id: Int64) async throws -> StoredHardshipFile?

    /// The file's opening and each move of its status, in order.
    func hardshipFileHistory(id: Int64) async throws -> [HardshipFileEvent]

    /// Every file not closed (an accidental-hardship one past its year too), oldest first.
    func openHardshipFiles() async throws -> [StoredHardshipFile]

    /// Records a review of a file that is not closed (`HouseholdError.hardshipFileClosed`,
    /// `.noSuchHardshipFile`) made as an assessment the register holds (`.noSuchAssessment`), and makes
    /// its day the file's `lastReviewedOn`, in one transaction.
    func recordReview(_ review: NewHardshipReview) async throws -> StoredHardshipReview

    /// The file's reviews, oldest first.
    func reviews(fileID: Int64) async throws -> [StoredHardshipReview]

    // MARK: Health

    /// Throws `RegisterUnavailable` once the register can no longer be trusted to keep what it is given
    /// (its file deleted or replaced under it, its server not answering). Every write checks it first;
    /// the health check asks it. It never waits: the desk calls it before every request.
    func checkStorage() throws

    // MARK: The year's figures (`YearFigures`), over every household

    /// Every household's grants with a payment from `from` to `to`, by date then id: a one-off dated in
    /// the range, and a monthly schedule dated up to `to` with a month on or after `from`'s month (its
    /// k-th payment falls in the k-th calendar month after its date's; the days do not matter).
    func grants(payingFrom from: CivilDate, to: CivilDate) async throws -> [StoredGrant]

    /// How many assessments are dated (`assessmentDate`) from `from` to `to`, both included, and how
    /// many of their decisions had each outcome, by programme.
    func assessmentTally(from: CivilDate, to: CivilDate) async throws -> AssessmentTally

    /// Referrals opened by `to` and not closed before `from` (opened, closed or still open in the range),
    /// oldest first, with their answers.
    func referrals(activeFrom from: CivilDate, to: CivilDate) async throws -> [StoredReferral]

    /// Referrals out sent by `to` whose result (if any) is not before `from`, oldest first.
    func outgoingReferrals(activeFrom from: CivilDate, to: CivilDate) async throws -> [StoredOutgoingReferral]

    /// Claims opened by `to` and not recovered before `from`, oldest first.
    func claims(activeFrom from: CivilDate, to: CivilDate) async throws -> [StoredClaim]
}

/// The register cannot keep what it is given any more: the desk stops taking work (503) until an
/// operator looks.
package struct RegisterUnavailable: Error, CustomStringConvertible {
    package var reason: String
    package init(_ reason: String) { self.reason = reason }
    package var description: String { "the register is unavailable: \(reason)" }
}

extension Register {
    /// The session with this id, if it has not expired.
    package func session(id: String) async throws -> WebSession? {
        try await session(id: id, now: Date())
    }
}
