import Eligibility
import Foundation
import Hummingbird
import HummingbirdAuth
import HummingbirdBcrypt
import IntakeRegister

/// Accounts and API tokens. A token reads `bf_ID_SECRET`: the id finds the stored token, the secret is
/// checked against its hash. Secrets are 256 random bits, which no guessing reaches, so their hash is
/// SHA-256 (`sha256:HEX`): a slow hash would add nothing but its cost to every request (bcrypt at
/// cost 4 was 15% of a loaded desk's CPU); tokens issued with bcrypt still verify. Passwords, chosen
/// by people, get bcrypt's slow default, computed by `hashing`, which bounds the CPU sign-in may take.
package struct Accounts: Sendable {
    package let register: any Register
    package var passwordCost: UInt8
    package let hashing: PasswordHashing
    let unknownAccount: StandInHash

    package init(register: any Register, passwordCost: UInt8 = 12, hashing: PasswordHashing = PasswordHashing()) {
        self.register = register
        self.passwordCost = passwordCost
        self.hashing = hashing
        unknownAccount = StandInHash(cost: passwordCost)
    }

    /// Creates an account and its first API token, which is returned (it is stored only hashed).
    package func create(name: String, role: Role, password: String) async throws -> String {
        try Account.validateName(name)
        try await register.addAccount(name: name, role: role, passwordHash: try await passwordHash(password))
        return try await issueToken(for: name)
    }

    /// Gives the account a new password and ends its web sessions (its API tokens stay).
    package func changePassword(name: String, to password: String) async throws {
        try await register.setPasswordHash(accountName: name, passwordHash: try await passwordHash(password))
    }

    func passwordHash(_ password: String) async throws -> String {
        guard password.count >= 8 else { throw AccountsError.passwordTooShort }
        let cost = passwordCost
        return try await hashing.run { Bcrypt.hash(password, cost: cost) }
    }

    package func issueToken(for name: String) async throws -> String {
        let id = Self.randomHex(bytes: 8), secret = Self.randomHex(bytes: 32)
        try await register.addToken(id: id, accountName: name, secretHash: Self.tokenHash(secret))
        return "bf_\(id)_\(secret)"
    }

    /// The account a token belongs to, or nil for an unknown, malformed or wrong token.
    package func account(forToken token: String) async throws -> Account? {
        let parts = token.split(separator: "_", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0] == "bf", let found = try await register.token(id: String(parts[1])) else { return nil }
        let secret = String(parts[2]), stored = found.token.secretHash
        let matches = stored.hasPrefix(Self.tokenHashPrefix) ? Self.sameBytes(Self.tokenHash(secret), stored) : Bcrypt.verify(secret, hash: stored)
        return matches ? found.account : nil
    }

    static let tokenHashPrefix = "sha256:"

    static func tokenHash(_ secret: String) -> String { tokenHashPrefix + SHA256.hex(secret.utf8) }

    /// Compared in time that depends only on the length, so the answer's timing tells nothing of the hash.
    static func sameBytes(_ a: String, _ b: String) -> Bool {
        let a = Array(a.utf8), b = Array(b.utf8)
        guard a.count == b.count else { return false }
        return zip(a, b).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }

    /// The account whose name and password these are (for the sign-in page), or nil. An unknown name
    /// costs a password check too (against a stand-in hash), so the time taken does not tell which
    /// names exist. Throws `HashingBusy` when every password worker is taken.
    package func account(name: String, password: String) async throws -> Account? {
        let account = try await register.account(named: name)
        let known = account?.passwordHash, standIn = unknownAccount
        return try await hashing.run { Bcrypt.verify(password, hash: known ?? standIn.hash) } ? account : nil
    }

    /// Makes the stand-in hash now, so the first unknown name to sign in takes no longer than the others.
    package func prepareSignIn() async throws {
        let standIn = unknownAccount
        _ = try await hashing.run { standIn.hash }
    }

    static func randomHex(bytes count: Int) -> String {
        var generator = SystemRandomNumberGenerator() // the system's CSPRNG (getrandom on Linux)
        return (0..<count).map { _ in String(format: "%02x", UInt8.random(in: .min ... .max, using: &generator)) }.joined()
    }
}

/// A bcrypt hash of a random secret at the accounts' cost, made the first time an unknown name signs in.
/// `@unchecked Sendable`: `made` is only touched under `lock`.
final class StandInHash: @unchecked Sendable {
    let cost: UInt8
    private let lock = NSLock()
    private var made: String?

    init(cost: UInt8) { self.cost = cost }

    var hash: String {
        lock.withLock {
            if let made { return made }
            let hash = Bcrypt.hash(Accounts.randomHex(bytes: 32), cost: cost)
            made = hash
            return hash
        }
    }
}

package enum AccountsError: Error, CustomStringConvertible {
    case passwordTooShort
    package var description: String { "a password has at least 8 characters" }
}

/// Signs in requests that carry `Authorization: Bearer TOKEN`; others go on unsigned (and get 401 where
/// an account is needed). A token that does not check out counts as a failed sign-in of its address,
/// and an address locked out gets 429 with `Retry-After` before its token is looked at.
struct BearerTokenAuthenticator: AuthenticatorMiddleware {
    typealias Context = IntakeContext
    let accounts: Accounts
    let throttle: SignInThrottle

    func authenticate(request: Request, context: Context) async throws -> Account? {
        guard let bearer = request.headers.bearer else { return nil }
        let address = SignInThrottle.Key.address(context.clientAddress)
        if let wait = throttle.retryAfter([address]) { throw APIError.tooManyAttempts(retryAfter: wait) }
        guard let account = try await accounts.account(forToken: bearer.token) else {
            throttle.recordFailure([address])
            return nil
        }
        return account
    }
}
