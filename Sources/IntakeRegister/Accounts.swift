import Foundation
import GRDB

/// What an account may do: intake staff assess and read their own entries; officers also read the
/// whole register and the rule status; auditors read everything and assess nothing.
public enum Role: String, Sendable, Hashable, CaseIterable {
    case intake, officer, auditor

    public var mayAssess: Bool { self != .auditor }
    public var readsWholeRegister: Bool { self != .intake }
    public var seesRuleStatus: Bool { self != .intake }
}

public struct Account: Sendable, Hashable {
    public var name: String
    public var role: Role
    public var passwordHash: String
    public var createdAt: String
}

/// A stored API token: its public id and the slow hash of its secret half.
public struct StoredToken: Sendable, Hashable {
    public var id: String
    public var accountName: String
    public var secretHash: String
}

public enum AccountError: Error, Equatable, CustomStringConvertible {
    case nameTaken(String)
    case noSuchAccount(String)
    case invalidName(String)

    public var description: String {
        switch self {
        case .nameTaken(let name): "an account named \(name) exists already"
        case .noSuchAccount(let name): "no account named \(name)"
        case .invalidName(let name): "an account name is 1 to 64 characters with no spaces: \(name.debugDescription)"
        }
    }
}

extension Register {
    /// Adds an account. Passwords arrive hashed: the register never sees one in the clear.
    public func addAccount(name: String, role: Role, passwordHash: String) throws {
        guard (1...64).contains(name.count), !name.contains(where: \.isWhitespace) else { throw AccountError.invalidName(name) }
        try pool.write { db in
            if try Self.account(named: name, db) != nil { throw AccountError.nameTaken(name) }
            try db.execute(sql: "INSERT INTO accounts (name, role, password_hash, created_at) VALUES (?, ?, ?, ?)",
                           arguments: [name, role.rawValue, passwordHash, Self.timestamp()])
        }
    }

    public func account(named name: String) throws -> Account? {
        try pool.read { db in try Self.account(named: name, db) }
    }

    public func accountCount() throws -> Int {
        try pool.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM accounts") ?? 0 }
    }

    static func account(named name: String, _ db: Database) throws -> Account? {
        try Row.fetchOne(db, sql: "SELECT * FROM accounts WHERE name = ?", arguments: [name]).flatMap { row in
            guard let role = Role(rawValue: row["role"]) else { return nil }
            return Account(name: row["name"], role: role, passwordHash: row["password_hash"], createdAt: row["created_at"])
        }
    }

    public func addToken(id: String, accountName: String, secretHash: String) throws {
        try pool.write { db in
            guard try Self.account(named: accountName, db) != nil else { throw AccountError.noSuchAccount(accountName) }
            try db.execute(sql: "INSERT INTO api_tokens (id, account_name, secret_hash, created_at) VALUES (?, ?, ?, ?)",
                           arguments: [id, accountName, secretHash, Self.timestamp()])
        }
    }

    /// The token with this id and the account it belongs to; the caller checks the secret.
    public func token(id: String) throws -> (token: StoredToken, account: Account)? {
        try pool.read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM api_tokens WHERE id = ?", arguments: [id]),
                  let account = try Self.account(named: row["account_name"], db) else { return nil }
            return (StoredToken(id: row["id"], accountName: row["account_name"], secretHash: row["secret_hash"]), account)
        }
    }
}
