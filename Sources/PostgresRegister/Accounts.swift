import IntakeRegister
import PostgresNIO

extension PostgresRegister {
    package func addAccount(name: String, role: Role, passwordHash: String) async throws {
        try Account.validateName(name)
        let inserted = try await query("""
            INSERT INTO accounts (name, role, password_hash, created_at) VALUES (\(name), \(role.rawValue), \(passwordHash), \(Self.timestamp()))
            ON CONFLICT (name) DO NOTHING RETURNING name
            """)
        if inserted.isEmpty { throw AccountError.nameTaken(name) }
    }

    package func account(named name: String) async throws -> Account? {
        try await query("SELECT name, role, password_hash, created_at FROM accounts WHERE name = \(name)").first.flatMap(Self.account)
    }

    /// An account from the columns name, role, password_hash, created_at; none for a role this
    /// version does not know.
    static func account(_ row: PostgresRow) throws -> Account? {
        let (name, role, passwordHash, createdAt) = try row.decode((String, String, String, String).self)
        return Role(rawValue: role).map { Account(name: name, role: $0, passwordHash: passwordHash, createdAt: createdAt) }
    }

    package func accountCount() async throws -> Int {
        try await Int(query("SELECT count(*) FROM accounts")[0].decode(Int64.self))
    }

    package func addToken(id: String, accountName: String, secretHash: String) async throws {
        let inserted = try await query("""
            INSERT INTO api_tokens (id, account_name, secret_hash, created_at)
            SELECT \(id), name, \(secretHash), \(Self.timestamp()) FROM accounts WHERE name = \(accountName)
            RETURNING id
            """)
        if inserted.isEmpty { throw AccountError.noSuchAccount(accountName) }
    }

    package func token(id: String) async throws -> (token: StoredToken, account: Account)? {
        try await query("""
            SELECT a.name, a.role, a.password_hash, a.created_at, t.secret_hash
            FROM api_tokens t JOIN accounts a ON a.name = t.account_name WHERE t.id = \(id)
            """).first.flatMap { row in
            guard let account = try Self.account(row) else { return nil }
            let secretHash = try row.decode((String, String, String, String, String).self).4
            return (StoredToken(id: id, accountName: account.name, secretHash: secretHash), account)
        }
    }

    package func setPasswordHash(accountName: String, passwordHash: String) async throws {
        try await transaction { connection, logger in
            let updated = try await connection.query("UPDATE accounts SET password_hash = \(passwordHash) WHERE name = \(accountName) RETURNING name",
                                                     logger: logger).collect()
            guard !updated.isEmpty else { throw AccountError.noSuchAccount(accountName) }
            try await connection.query("DELETE FROM sessions WHERE account_name = \(accountName)", logger: logger)
        }
    }

    package func removeTokens(accountName: String, id: String?) async throws -> Int {
        let (accounts, removed) = try await query("""
            WITH removed AS (DELETE FROM api_tokens WHERE account_name = \(accountName) AND (\(id)::text IS NULL OR id = \(id)::text) RETURNING id)
            SELECT (SELECT count(*) FROM accounts WHERE name = \(accountName)), (SELECT count(*) FROM removed)
            """)[0].decode((Int64, Int64).self)
        guard accounts == 1 else { throw AccountError.noSuchAccount(accountName) }
        return Int(removed)
    }
}
