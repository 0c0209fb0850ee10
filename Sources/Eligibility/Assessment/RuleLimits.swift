import LuaSandbox

/// What rules may spend: the sandbox's limits, in the terms of the rule contract. The sandbox itself
/// stays behind the assessor, so nothing outside this module depends on it.
public struct RuleLimits: Sendable, Hashable {
    /// Cost units each programme, fact or policy may spend: VM instructions plus charges for the work
    /// done inside one instruction (string patterns, long strings, table functions).
    public var instructionBudget: Int
    /// Bytes one assessment's Lua state may hold.
    public var memoryCap: Int
    /// Wall-clock seconds each programme, fact or policy may run (0: none); a backstop, not a budget.
    public var timeLimit: Double

    public static let `default` = RuleLimits(LuaLimits.default)

    public init(instructionBudget: Int, memoryCap: Int, timeLimit: Double) {
        self.instructionBudget = instructionBudget
        self.memoryCap = memoryCap
        self.timeLimit = timeLimit
    }

    init(_ limits: LuaLimits) {
        self.init(instructionBudget: limits.instructionBudget, memoryCap: limits.memoryCap, timeLimit: limits.timeLimit)
    }

    var sandboxLimits: LuaLimits { LuaLimits(instructionBudget: instructionBudget, memoryCap: memoryCap, timeLimit: timeLimit) }
}

/// The rule engine could not start: the Lua state or the rule library failed. Problems in rule files
/// never cause it; they are kept in `Assessor.loadProblems` and decided as errors.
public struct RuleEngineError: Error, Sendable, CustomStringConvertible {
    public var description: String
}
