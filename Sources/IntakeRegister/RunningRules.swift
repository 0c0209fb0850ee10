import Foundation

/// Where a desk took the rule set it made the running one from.
package enum RuleSetSource: String, Sendable, CaseIterable {
    /// A desk's rules folder changed and the new rule set passed its check and cases.
    case folder
    /// A parameter change proposed and approved on the desk's pages, published as a new rule set.
    case proposal
}

/// A stored rule set made the running one, for every desk on the register.
package struct RuleSetTaking: Sendable, Equatable {
    package var hash: String
    /// The desk (host and process) or, for a published proposal, the approving account.
    package var takenBy: String
    package var source: RuleSetSource
    /// The folder's path, or the proposal's number.
    package var origin: String

    package init(hash: String, takenBy: String, source: RuleSetSource, origin: String) {
        self.hash = hash
        self.takenBy = takenBy
        self.source = source
        self.origin = origin
    }
}

/// One entry of the register's running rule sets: the newest (largest `id`) is the one every desk
/// answers with.
package struct RunningRuleSet: Sendable, Equatable {
    package var id: Int64
    package var taking: RuleSetTaking
    package var since: Date

    package init(id: Int64, taking: RuleSetTaking, since: Date) {
        self.id = id
        self.taking = taking
        self.since = since
    }

    package var hash: String { taking.hash }
}

/// A running rule set the register cannot record.
package enum RunningRuleSetError: Error, CustomStringConvertible, Equatable {
    /// Only a stored rule set can run: every desk loads it from the register's files.
    case notStored(String)

    package var description: String {
        switch self {
        case .notStored(let hash): "rule set \(hash.prefix(12)) is not stored in the register, so it cannot be made the running one"
        }
    }
}
