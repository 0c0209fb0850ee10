/// What an account may do: intake staff assess and read their own entries; officers also read the
/// whole register and the rule status; auditors read everything and assess nothing.
package enum Role: String, Sendable, Hashable, CaseIterable {
    case intake, officer, auditor

    package var mayAssess: Bool { self != .auditor }
    package var readsWholeRegister: Bool { self != .intake }
    package var seesRuleStatus: Bool { self != .intake }
}

package struct Account: Sendable, Hashable {
    package var name: String
    package var role: Role
    package var passwordHash: String
    package var createdAt: String

    package init(name: String, role: Role, passwordHash: String, createdAt: String) {
        self.name = name
        self.role = role
        self.passwordHash = passwordHash
        self.createdAt = createdAt
    }

    /// Throws `AccountError.invalidName` unless `name` is 1 to 64 characters with no spaces, line breaks,
    /// control or format characters (which would forge lines in the log or hide in a page). Every
    /// register checks it before adding an account.
    package static func validateName(_ name: String) throws {
        guard (1...64).contains(name.count), !name.unicodeScalars.contains(where: isForbiddenInName) else {
            throw AccountError.invalidName(name)
        }
    }

    private static func isForbiddenInName(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .control, .format, .lineSeparator, .paragraphSeparator, .spaceSeparator, .privateUse, .surrogate, .unassigned: true
        default: scalar.properties.isWhitespace
        }
    }
}

/// A stored API token: its package id and the slow hash of its secret half.
package struct StoredToken: Sendable, Hashable {
    package var id: String
    package var accountName: String
    package var secretHash: String

    package init(id: String, accountName: String, secretHash: String) {
        self.id = id
        self.accountName = accountName
        self.secretHash = secretHash
    }
}

package enum AccountError: Error, Equatable, CustomStringConvertible {
    case nameTaken(String)
    case noSuchAccount(String)
    case invalidName(String)

    package var description: String {
        switch self {
        case .nameTaken(let name): "an account named \(name) exists already"
        case .noSuchAccount(let name): "no account named \(name)"
        case .invalidName(let name): "an account name is 1 to 64 characters with no spaces, line breaks or control characters: \(name.debugDescription)"
        }
    }
}
