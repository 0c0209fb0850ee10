import Foundation
import GRDB
import IntakeRegister

extension SQLiteRegister {
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

    package func addSession(id: String, accountName: String, csrfToken: String, expiresAt: Date) async throws {
        let now = Date().timeIntervalSince1970
        try await write { db in
            try db.execute(sql: "DELETE FROM sessions WHERE expires_at <= ?", arguments: [now])
            try db.execute(sql: "INSERT INTO sessions (id, account_name, csrf_token, created_at, expires_at) VALUES (?, ?, ?, ?, ?)",
                           arguments: [id, accountName, csrfToken, Self.timestamp(), expiresAt.timeIntervalSince1970])
        }
    }

    package func session(id: String, now: Date) async throws -> WebSession? {
        try await pool.read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM sessions WHERE id = ? AND expires_at > ?",
                                             arguments: [id, now.timeIntervalSince1970]),
                  let account = try Self.account(named: row["account_name"], db) else { return nil }
            return WebSession(id: row["id"], account: account, csrfToken: row["csrf_token"],
                              expiresAt: Date(timeIntervalSince1970: row["expires_at"]))
        }
    }

    package func removeSession(id: String) async throws {
        try await write { db in try db.execute(sql: "DELETE FROM sessions WHERE id = ?", arguments: [id]) }
    }
}
