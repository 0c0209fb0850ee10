import Foundation
import Hummingbird
import HummingbirdAuth
import HummingbirdBcrypt
import IntakeRegister

/// Each request carries the account its bearer token names, if any.
package typealias IntakeContext = BasicAuthRequestContext<Account>

extension AuthRequestContext where Identity == Account {
    /// The signed-in account, or 401.
    func requireAccount() throws -> Account {
        guard let identity else { throw APIError.unauthorized }
        return identity
    }
}

/// Accounts and API tokens. A token reads `bf_ID_SECRET`: the id finds the stored token, the secret is
/// checked against its bcrypt hash. Secrets are 256 random bits, so a low bcrypt cost keeps each request
/// fast without weakening them; passwords, chosen by people, get the slow default.
package struct Accounts: Sendable {
    package let register: any Register
    package var passwordCost: UInt8
    static let tokenCost: UInt8 = 4

    package init(register: any Register, passwordCost: UInt8 = 12) {
        self.register = register
        self.passwordCost = passwordCost
    }

    /// Creates an account and its first API token, which is returned (it is stored only hashed).
    package func create(name: String, role: Role, password: String) async throws -> String {
        guard password.count >= 8 else { throw AccountsError.passwordTooShort }
        try await register.addAccount(name: name, role: role, passwordHash: Bcrypt.hash(password, cost: passwordCost))
        return try await issueToken(for: name)
    }

    package func issueToken(for name: String) async throws -> String {
        let id = Self.randomHex(bytes: 8), secret = Self.randomHex(bytes: 32)
        try await register.addToken(id: id, accountName: name, secretHash: Bcrypt.hash(secret, cost: Self.tokenCost))
        return "bf_\(id)_\(secret)"
    }

    /// The account a token belongs to, or nil for an unknown, malformed or wrong token.
    package func account(forToken token: String) async throws -> Account? {
        let parts = token.split(separator: "_", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0] == "bf", let found = try await register.token(id: String(parts[1])) else { return nil }
        return Bcrypt.verify(String(parts[2]), hash: found.token.secretHash) ? found.account : nil
    }

    /// The account whose name and password these are (for the sign-in page), or nil.
    package func account(name: String, password: String) async throws -> Account? {
        guard let account = try await register.account(named: name) else { return nil }
        return Bcrypt.verify(password, hash: account.passwordHash) ? account : nil
    }

    static func randomHex(bytes count: Int) -> String {
        var generator = SystemRandomNumberGenerator() // the system's CSPRNG (getrandom on Linux)
        return (0..<count).map { _ in String(format: "%02x", UInt8.random(in: .min ... .max, using: &generator)) }.joined()
    }
}

package enum AccountsError: Error, CustomStringConvertible {
    case passwordTooShort
    package var description: String { "a password has at least 8 characters" }
}

/// Signs in requests that carry `Authorization: Bearer TOKEN`; others go on unsigned (and get 401 where
/// an account is needed).
struct BearerTokenAuthenticator: AuthenticatorMiddleware {
    typealias Context = IntakeContext
    let accounts: Accounts

    func authenticate(request: Request, context: Context) async throws -> Account? {
        guard let bearer = request.headers.bearer else { return nil }
        return try await accounts.account(forToken: bearer.token)
    }
}
