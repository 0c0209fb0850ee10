import EligibilityTesting
import Testing
@testable import Eligibility

/// A rule can change the tables that `cash(…)`, `reason(…)` or `eligible { … }` gave it before it returns
/// them: the host checks the values it reads, and a result that breaks the contract is a malformed result
/// at the rule's line, while every other programme stands.
@Suite("What the host reads is what it checked")
struct ResultCheckTests {
    struct Case: Sendable, CustomStringConvertible {
        var name: String
        var body: String
        var kind: RuleFailure.Kind = .malformedResult
        var message: String
        /// 0 where the line is not known: a result too large to read back says nothing about itself.
        var line = 6
        var description: String { name }
    }

    static let cases: [Case] = [
        Case(name: "cash made negative after cash()",
             body: #"local c = cash(100, "once"); c.amount = -5; do return eligible { reason("a", "甲", "乙"), c } end"#,
             message: "benefit 1: the amount -0.05 yuan is outside 0 to 100,000,000.00 yuan"),
        Case(name: "a fraction of a fen",
             body: #"local c = cash(100, "once"); c.amount = 12.5; do return eligible { reason("a", "甲", "乙"), c } end"#,
             message: "benefit 1: the amount must be whole fen"),
        Case(name: "an amount past the ceiling",
             body: #"do return eligible { reason("a", "甲", "乙"), cash(math.maxinteger, "monthly") } end"#,
             message: "benefit 1: the amount 92,233,720,368,547,758.07 yuan is outside 0 to 100,000,000.00 yuan"),
        Case(name: "amounts that together pass the ceiling a year",
             body: #"do return eligible { reason("a", "甲", "乙"), cash(1000000000, "monthly") } end"#,
             message: "the decision pays more than 100,000,000.00 yuan a year"),
        Case(name: "cash slipped into an ineligible decision",
             body: #"local r = ineligible { reason("a", "甲", "乙") }; r.benefits[1] = cash(100000000, "once"); do return r end"#,
             message: "ineligible can carry services but not cash"),
        Case(name: "an eligible decision emptied of benefits",
             body: #"local r = eligible { reason("a", "甲", "乙"), cash(100, "once") }; r.benefits[1] = nil; do return r end"#,
             message: "eligible needs at least one benefit"),
        Case(name: "a reason blanked after reason()",
             body: #"local x = reason("a", "甲", "乙"); local r = ineligible { x }; x.code = ""; x.text = ""; do return r end"#,
             message: "reason 1: the code must be a short name"),
        Case(name: "a reason without its citation",
             body: #"local x = reason("a", "甲", "乙"); local r = ineligible { x }; x.cite = "  "; do return r end"#,
             message: "reason 1 'a' needs a text and a citation"),
        Case(name: "the outcome rewritten",
             body: #"local r = ineligible { reason("a", "甲", "乙") }; r.outcome = "error"; do return r end"#,
             message: "the decision has no outcome"),
        Case(name: "too many parts",
             body: #"local r = ineligible { reason("a", "甲", "乙") }; for i = 2, 300 do r.reasons[i] = r.reasons[1] end; do return r end"#,
             message: "a decision may carry at most 200 reasons and benefits, this one has 300"),
        Case(name: "a bare number where cash(…) belongs",
             body: #"do return eligible { reason("a", "甲", "乙"), 300000 } end"#,
             message: "benefit 1: the bare number 300000 (as an amount, 3,000.00 yuan) is not a benefit; write cash(300000, period, label)"),
        Case(name: "a bare number in an ineligible decision",
             body: #"do return ineligible { 300000, reason("a", "甲", "乙") } end"#,
             message: "benefit 1: the bare number 300000 (as an amount, 3,000.00 yuan) is not a benefit"),
        Case(name: "one long text shared by thousands of reasons",
             body: #"local r = ineligible { reason("a", ("长"):rep(40000), "乙") }; for i = 2, 6000 do r.reasons[i] = r.reasons[1] end; do return r end"#,
             kind: .memoryLimit, message: "memory limit of 32 MiB exceeded by the value returned", line: 0),
    ]

    @Test(arguments: cases)
    func malformedResultAtTheRuleLine(_ hostile: Case) throws {
        let fixture = try RuleSetFixture(programmes: [
            ("basic", RuleSetFixture.basicProgramme),
            RuleSetFixture.programme("hostile", hostile.body),
            RuleSetFixture.programme("after", "local n = facts.people"),
        ])
        let assessment = try fixture.assess()
        let decision = try #require(assessment.decision("hostile"))
        #expect(decision.outcome == .error)
        #expect(decision.benefits.isEmpty)
        #expect(decision.failure?.kind == hostile.kind, "\(decision.failure?.description ?? "no failure")")
        #expect(decision.failure?.message.contains(hostile.message) == true, "\(decision.failure?.description ?? "")")
        #expect(decision.failure?.location == SourceLocation(file: "programmes/hostile.lua", line: hostile.line),
                "\(decision.failure?.description ?? "")")
        #expect(assessment.decision("basic")?.outcome == .eligible)
        #expect(assessment.decision("after")?.outcome == .eligible)
        #expect(assessment.cashPerYear <= ResultLimits.largestAmount)
    }

    @Test func aPolicyActionChangedAfterItWasTakenFailsThePolicy() throws {
        let policy = """
            policy {
              id = "cap",
              title = "上限",
              cite = "办法",
              apply = function(decisions)
                local why = reason("cap", "封顶", "办法")
                limit_cash("basic", 100, why)
                why.text = ""
              end,
            }
            """
        let fixture = try RuleSetFixture(programmes: [("basic", RuleSetFixture.basicProgramme)], policy: policy)
        let assessment = try fixture.assess()
        let failure = try #require(assessment.policyFailures.first)
        #expect(failure.kind == .malformedResult)
        #expect(failure.policy == "cap")
        #expect(failure.message == "action 1's reason 'cap' needs a text and a citation")
        #expect(failure.location == SourceLocation(file: "policy.lua", line: 6))
        // The policy changed nothing: the decision stands as the programme gave it.
        #expect(assessment.decision("basic")?.outcome == .eligible)
        #expect(assessment.decision("basic")?.reasons.allSatisfy { $0.policy == nil } == true)
    }
}
