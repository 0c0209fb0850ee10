import Foundation
import IntakeRegister
import PostgresNIO

extension PostgresRegister {
    package func addSession(id: String, accountName: String, csrfToken: String, expiresAt: Date) async throws {
        let now = Date(), createdAt = Self.timestamp()
        try await transaction { connection, logger in
            try await connection.query("DELETE FROM sessions WHERE expires_at <= \(now)", logger: logger)
            try await connection.query("""
                INSERT INTO sessions (id, account_name, csrf_token, created_at, expires_at)
                VALUES (\(id), \(accountName), \(csrfToken), \(createdAt), \(expiresAt))
                """, logger: logger)
        }
    }

    package func session(id: String, now: Date) async throws -> WebSession? {
        try await query("""
            SELECT a.name, a.role, a.password_hash, a.created_at, s.csrf_token, s.expires_at
            FROM sessions s JOIN accounts a ON a.name = s.account_name WHERE s.id = \(id) AND s.expires_at > \(now)
            """).first.flatMap { row in
            guard let account = try Self.account(row) else { return nil }
            let (_, _, _, _, csrfToken, expiresAt) = try row.decode((String, String, String, String, String, Date).self)
            return WebSession(id: id, account: account, csrfToken: csrfToken, expiresAt: expiresAt)
        }
    }

    package func removeSession(id: String) async throws {
        try await query("DELETE FROM sessions WHERE id = \(id)")
    }
}
