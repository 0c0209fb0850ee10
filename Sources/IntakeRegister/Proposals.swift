import Eligibility
import Foundation

/// A new dated value for one parameter, proposed by an officer on the parameters page: the rule set it
/// would publish is stored already (`proposedHash`), made from the running one (`baseHash`).
package struct NewProposal: Sendable, Equatable {
    /// The parameter's dotted path (`dibao.urban`).
    package var parameter: String
    package var from: CivilDate
    /// The value as the officer typed it, in the parameter's unit (yuan for money).
    package var value: String
    package var reference: String
    package var proposedBy: String
    package var baseHash: String
    package var proposedHash: String

    package init(parameter: String, from: CivilDate, value: String, reference: String, proposedBy: String, baseHash: String, proposedHash: String) {
        self.parameter = parameter
        self.from = from
        self.value = value
        self.reference = reference
        self.proposedBy = proposedBy
        self.baseHash = baseHash
        self.proposedHash = proposedHash
    }
}

package enum ProposalStatus: String, Sendable, CaseIterable {
    /// Waiting for a second officer.
    case open
    /// Approved by a second officer: its rule set was made the running one.
    case published
    /// Turned down by a second officer, with a reason.
    case refused
    /// Taken back by the officer who proposed it, with a reason.
    case withdrawn
}

package struct StoredProposal: Sendable, Equatable {
    package var id: Int64
    package var proposal: NewProposal
    package var proposedAt: Date
    package var status: ProposalStatus
    /// Who published, refused or withdrew it, when, and why (a publication needs no reason).
    package var decidedBy: String?
    package var decidedAt: Date?
    package var reason: String?

    package init(id: Int64, proposal: NewProposal, proposedAt: Date, status: ProposalStatus, decidedBy: String?, decidedAt: Date?, reason: String?) {
        self.id = id
        self.proposal = proposal
        self.proposedAt = proposedAt
        self.status = status
        self.decidedBy = decidedBy
        self.decidedAt = decidedAt
        self.reason = reason
    }
}

/// What the register refuses of a proposal's decision, writing nothing.
package enum ProposalError: Error, Equatable, CustomStringConvertible {
    case noSuchProposal(Int64)
    /// Decided already (by another officer, perhaps at another desk a moment before).
    case notOpen(Int64, ProposalStatus)
    /// Four eyes: the officer who proposed it can neither publish nor refuse it.
    case ownProposal
    /// Only the officer who proposed it withdraws it.
    case notOwnProposal
    case reasonRequired
    /// The running rule set is no longer the one the proposal changed: publishing it would undo what
    /// was taken since. Propose again on the running rules.
    case baseNotRunning(Int64)
    /// The proposed rule set is not stored.
    case notStored(String)

    package var description: String {
        switch self {
        case .noSuchProposal(let id): "no proposal #\(id)"
        case .notOpen(let id, let status): "proposal #\(id) is \(status.rawValue), no longer open"
        case .ownProposal: "a proposal is published or refused by another officer than the one who proposed it"
        case .notOwnProposal: "only the officer who proposed it withdraws a proposal"
        case .reasonRequired: "a refusal or a withdrawal needs a reason"
        case .baseNotRunning(let id): "the rules proposal #\(id) changed are no longer the running ones"
        case .notStored(let hash): "rule set \(hash.prefix(12)) is not stored"
        }
    }
}

/// How a proposal is decided.
package enum ProposalDecision: Sendable, Equatable {
    /// Made the running rule set, in the same transaction, taken by `by` (`RuleSetSource.proposal`).
    case publish
    case refuse(reason: String)
    case withdraw(reason: String)

    package var status: ProposalStatus {
        switch self {
        case .publish: .published
        case .refuse: .refused
        case .withdraw: .withdrawn
        }
    }

    package var reason: String? {
        switch self {
        case .publish: nil
        case .refuse(let reason), .withdraw(let reason): reason
        }
    }

    /// The four-eyes rules, as every register checks them before it writes.
    package func check(_ stored: StoredProposal, by officer: String) throws(ProposalError) {
        guard stored.status == .open else { throw .notOpen(stored.id, stored.status) }
        switch self {
        case .publish, .refuse: guard officer != stored.proposal.proposedBy else { throw .ownProposal }
        case .withdraw: guard officer == stored.proposal.proposedBy else { throw .notOwnProposal }
        }
        if let reason, reason.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { throw .reasonRequired }
    }
}
