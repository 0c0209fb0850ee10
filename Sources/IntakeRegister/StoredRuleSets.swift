import Eligibility
import Foundation

extension Register {
    /// Rebuilds the rule set stored under `hash` from its files (written to a scratch folder and loaded)
    /// and runs `body` with it while the folder still exists. Refuses a rule set the register does not
    /// hold, and one whose files no longer load to the same hash: a replay must run on exactly the rules
    /// the decision was made with.
    public func withStoredRuleSet<T>(hash: String, _ body: (RuleSet) throws -> T) throws -> T {
        let files = try ruleSetFiles(hash: hash)
        guard !files.isEmpty else { throw StoredRuleSetError.missing(hash) }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("bangfu-replay-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        for file in files {
            let url = folder.appendingPathComponent(file.path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try file.source.write(to: url, atomically: false, encoding: .utf8)
        }
        let ruleSet: RuleSet
        do {
            ruleSet = try RuleSet.load(from: folder)
        } catch {
            throw StoredRuleSetError.unloadable(hash, error.diagnostics)
        }
        guard ruleSet.contentHash == hash else { throw StoredRuleSetError.hashDiffers(stored: hash, loaded: ruleSet.contentHash) }
        return try body(ruleSet)
    }
}

/// Why a stored rule set could not be rebuilt.
public enum StoredRuleSetError: Error, CustomStringConvertible {
    case missing(String)
    case unloadable(String, [Diagnostic])
    case hashDiffers(stored: String, loaded: String)

    public var description: String {
        switch self {
        case .missing(let hash): "the register holds no files for rule set \(hash.prefix(12))"
        case .unloadable(let hash, let problems):
            "rule set \(hash.prefix(12)) does not load from its stored files: " + problems.map(\.description).joined(separator: "; ")
        case .hashDiffers(let stored, let loaded):
            "rule set \(stored.prefix(12)) loads from its stored files as \(loaded.prefix(12)): it cannot be replayed exactly"
        }
    }
}
