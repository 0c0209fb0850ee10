import Foundation
import GRDB

/// A signed-in browser: the account, the form token every POST must carry, and when it ends.
public struct WebSession: Sendable, Hashable {
    public var id: String
    public var account: Account
    public var csrfToken: String
    public var expiresAt: Date
}

extension Register {
    /// The `sessions` table (migration "v2-sessions"): one row per signed-in browser. Rows past their
    /// expiry are never answered and are swept whenever a session is created.
    static func registerSessionsMigration(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v2-sessions") { db in
            try db.create(table: "sessions") { t in
                t.primaryKey("id", .text)
                t.column("account_name", .text).notNull().references("accounts", onDelete: .cascade)
                t.column("csrf_token", .text).notNull()
                t.column("created_at", .text).notNull()
                t.column("expires_at", .double).notNull().indexed() // seconds since 1970
            }
        }
    }

    /// Stores a new session (and drops expired ones).
    public func addSession(id: String, accountName: String, csrfToken: String, expiresAt: Date) async throws {
        let now = Date().timeIntervalSince1970
        try await pool.write { db in
            try db.execute(sql: "DELETE FROM sessions WHERE expires_at <= ?", arguments: [now])
            try db.execute(sql: "INSERT INTO sessions (id, account_name, csrf_token, created_at, expires_at) VALUES (?, ?, ?, ?, ?)",
                           arguments: [id, accountName, csrfToken, Self.timestamp(), expiresAt.timeIntervalSince1970])
        }
    }

    /// The session with this id, if it has not expired.
    public func session(id: String, now: Date = Date()) async throws -> WebSession? {
        try await pool.read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM sessions WHERE id = ? AND expires_at > ?",
                                             arguments: [id, now.timeIntervalSince1970]),
                  let account = try Self.account(named: row["account_name"], db) else { return nil }
            return WebSession(id: row["id"], account: account, csrfToken: row["csrf_token"],
                              expiresAt: Date(timeIntervalSince1970: row["expires_at"]))
        }
    }

    public func removeSession(id: String) async throws {
        try await pool.write { db in try db.execute(sql: "DELETE FROM sessions WHERE id = ?", arguments: [id]) }
    }
}
