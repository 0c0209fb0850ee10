import Eligibility
import Foundation

/// The intake desk's durable register: every assessment made through the desk, the rule sets they were
/// made under (by hash, with their files, so a decision can be replayed), accounts, API tokens and web
/// sessions. The desk knows the register only through this protocol; whoever starts the desk (`bangfu
/// serve`, `bangfu user add`) opens an implementation (SQLite: `Sources/SQLiteRegister`; PostgreSQL,
/// shared by several desks: `Sources/PostgresRegister`) and passes it in.
///
/// Every implementation keeps the promises the desk builds on (the register tests check them for each):
/// a write that returned is durable, so an answered assessment survives a crash of the server; an
/// assessment names a stored rule set; ids of assessments grow, so the newest has the largest.
package protocol Register: Sendable {
    // MARK: Rule sets, by content hash

    /// Keeps a rule set's files under its hash (once; storing it again changes nothing): the very bytes
    /// it was loaded from, so that loading them back gives the same rule set (`storedRuleSet(hash:)`).
    func storeRuleSet(_ ruleSet: RuleSet) async throws

    func hasRuleSet(hash: String) async throws -> Bool

    /// The files a rule set was made of, by path relative to its folder, as they were stored, sorted by
    /// path; none for a hash the register does not hold.
    func ruleSetFiles(hash: String) async throws -> [(path: String, source: String)]

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

    // MARK: Health

    /// Throws `RegisterUnavailable` once the register can no longer be trusted to keep what it is given
    /// (its file deleted or replaced under it, its server not answering). Every write checks it first;
    /// the health check asks it. It never waits: the desk calls it before every request.
    func checkStorage() throws
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
