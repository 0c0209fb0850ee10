import Eligibility

extension Register {
    /// The rule set stored under `hash`, loaded from its stored files. Refuses a rule set the register
    /// does not hold, and one whose files no longer load to the same hash: a replay must run on exactly
    /// the rules the decision was made with.
    package func storedRuleSet(hash: String) async throws -> RuleSet {
        let files = try await ruleSetFiles(hash: hash)
        guard !files.isEmpty else { throw StoredRuleSetError.missing(hash) }
        let ruleSet: RuleSet
        do {
            ruleSet = try RuleSet.load(files: files.map { RuleSetFile(path: $0.path, bytes: Array($0.source.utf8)) })
        } catch {
            throw StoredRuleSetError.unloadable(hash, error.diagnostics)
        }
        guard ruleSet.contentHash == hash else { throw StoredRuleSetError.hashDiffers(stored: hash, loaded: ruleSet.contentHash) }
        return ruleSet
    }
}

/// Why a stored rule set could not be rebuilt.
package enum StoredRuleSetError: Error, CustomStringConvertible {
    case missing(String)
    case unloadable(String, [Diagnostic])
    case hashDiffers(stored: String, loaded: String)

    package var description: String {
        switch self {
        case .missing(let hash): "the register holds no files for rule set \(hash.prefix(12))"
        case .unloadable(let hash, let problems):
            "rule set \(hash.prefix(12)) does not load from its stored files: " + problems.map(\.description).joined(separator: "; ")
        case .hashDiffers(let stored, let loaded):
            "rule set \(stored.prefix(12)) loads from its stored files as \(loaded.prefix(12)): it cannot be replayed exactly"
        }
    }
}
