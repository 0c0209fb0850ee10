import LuaSandbox

/// What rules ran while an assessor worked with coverage on: the lines of each rule file, and the
/// profile fields rules read (`household.members[].monthly_income`); with, to judge it by, the outcomes
/// each programme declares it never reaches (`never = { "refer" }`).
public struct RuleCoverage: Sendable {
    public var lines: [String: Set<Int>] = [:]
    public var fieldsRead: Set<String> = []
    /// Programme id → the outcomes it never reaches by design.
    public var neverReached: [String: Set<Outcome>] = [:]

    public init() {}

    public mutating func merge(_ other: RuleCoverage) {
        lines.merge(other.lines) { $0.union($1) }
        fieldsRead.formUnion(other.fieldsRead)
        neverReached.merge(other.neverReached) { $0.union($1) }
    }

    /// The lines of a rule file that hold code (every function in it, run or not).
    public static func executableLines(of file: RuleFile) -> Set<Int> {
        (try? LuaSandbox.executableLines(of: file.source, chunkName: file.path)) ?? []
    }
}

extension Assessor {
    /// The rules run so far (lines from the start, when the assessor was made with coverage on).
    public func coverage() -> RuleCoverage {
        var coverage = RuleCoverage()
        let files = Set(ruleSet.files.map(\.path))
        coverage.lines = sandbox.coveredLines().filter { files.contains($0.key) }
        if let read = try? sandbox.call(entry.fieldsRead).first?.listValue {
            coverage.fieldsRead = Set(read.compactMap(\.stringValue))
        }
        for programme in programmes where !programme.never.isEmpty { coverage.neverReached[programme.id] = Set(programme.never) }
        return coverage
    }
}
