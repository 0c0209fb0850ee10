import Foundation

/// A signed-in browser: the account, the form token every POST must carry, and when it ends.
package struct WebSession: Sendable, Hashable {
    package var id: String
    package var account: Account
    package var csrfToken: String
    package var expiresAt: Date

    package init(id: String, account: Account, csrfToken: String, expiresAt: Date) {
        self.id = id
        self.account = account
        self.csrfToken = csrfToken
        self.expiresAt = expiresAt
    }
}
