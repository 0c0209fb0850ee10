import Foundation

/// A signed-in browser: the account, the form token every POST must carry, and when it ends.
public struct WebSession: Sendable, Hashable {
    public var id: String
    public var account: Account
    public var csrfToken: String
    public var expiresAt: Date

    package init(id: String, account: Account, csrfToken: String, expiresAt: Date) {
        self.id = id
        self.account = account
        self.csrfToken = csrfToken
        self.expiresAt = expiresAt
    }
}
