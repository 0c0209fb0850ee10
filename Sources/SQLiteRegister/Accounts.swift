import GRDB
import IntakeRegister

extension SQLiteRegister {
    package func addAccount(name: String, role: Role, passwordHash: String) async throws {
        try Account.validateName(name)
        try await write { db in
            if try Self.account(named: name, db) != nil { throw AccountError.nameTaken(name) }
            try db.execute(sql: "INSERT INTO accounts (name, role, password_hash, created_at) VALUES (?, ?, ?, ?)",
                           arguments: [name, role.rawValue, passwordHash, Self.timestamp()])
        }
    }

    package func account(named name: String) async throws -> Account? {
        try await pool.read { db in try Self.account(named: name, db) }
    }

    package func accountCount() async throws -> Int {
        try await pool.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM accounts") ?? 0 }
    }

    static func account(named name: String, _ db: Database) throws -> Account? {
        try Row.fetchOne(db, sql: "SELECT * FROM accounts WHERE name = ?", arguments: [name]).flatMap { row in
            guard let role = Role(rawValue: row["role"]) else { return nil }
            return Account(name: row["name"], role: role, passwordHash: row["password_hash"], createdAt: row["created_at"])
        }
    }

    package func addToken(id: String, accountName: String, secretHash: String) async throws {
        try await write { db in
            guard try Self.account(named: accountName, db) != nil else { throw AccountError.noSuchAccount(accountName) }
            try db.execute(sql: "INSERT INTO api_tokens (id, account_name, secret_hash, created_at) VALUES (?, ?, ?, ?)",
                           arguments: [id, accountName, secretHash, Self.timestamp()])
        }
    }

    package func token(id: String) async throws -> (token: StoredToken, account: Account)? {
        try await pool.read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM api_tokens WHERE id = ?", arguments: [id]),
                  let account = try Self.account(named: row["account_name"], db) else { return nil }
            return (StoredToken(id: row["id"], accountName: row["account_name"], secretHash: row["secret_hash"]), account)
        }
    }

    package func setPasswordHash(accountName: String, passwordHash: String) async throws {
        try await write { db in
            guard try Self.account(named: accountName, db) != nil else { throw AccountError.noSuchAccount(accountName) }
            try db.execute(sql: "UPDATE accounts SET password_hash = ? WHERE name = ?", arguments: [passwordHash, accountName])
            try db.execute(sql: "DELETE FROM sessions WHERE account_name = ?", arguments: [accountName])
        }
    }

    package func removeTokens(accountName: String, id: String?) async throws -> Int {
        try await write { db in
            guard try Self.account(named: accountName, db) != nil else { throw AccountError.noSuchAccount(accountName) }
            if let id {
                try db.execute(sql: "DELETE FROM api_tokens WHERE account_name = ? AND id = ?", arguments: [accountName, id])
            } else {
                try db.execute(sql: "DELETE FROM api_tokens WHERE account_name = ?", arguments: [accountName])
            }
            return db.changesCount
        }
    }
}
