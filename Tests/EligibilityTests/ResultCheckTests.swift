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
             message: "第 1 项待遇：金额 -0.05 元不在 0 到 100,000,000.00 元之间"),
        Case(name: "a fraction of a fen",
             body: #"local c = cash(100, "once"); c.amount = 12.5; do return eligible { reason("a", "甲", "乙"), c } end"#,
             message: "第 1 项待遇：金额应是以分计的整数"),
        Case(name: "an amount past the ceiling",
             body: #"do return eligible { reason("a", "甲", "乙"), cash(math.maxinteger, "monthly") } end"#,
             message: "第 1 项待遇：金额 92,233,720,368,547,758.07 元不在 0 到 100,000,000.00 元之间"),
        Case(name: "amounts that together pass the ceiling a year",
             body: #"do return eligible { reason("a", "甲", "乙"), cash(1000000000, "monthly") } end"#,
             message: "这项决定每年发放超过 100,000,000.00 元"),
        Case(name: "cash slipped into an ineligible decision",
             body: #"local r = ineligible { reason("a", "甲", "乙") }; r.benefits[1] = cash(100000000, "once"); do return r end"#,
             message: "ineligible 可以带服务，但不能带 cash"),
        Case(name: "an eligible decision emptied of benefits",
             body: #"local r = eligible { reason("a", "甲", "乙"), cash(100, "once") }; r.benefits[1] = nil; do return r end"#,
             message: "eligible 至少要有一项待遇"),
        Case(name: "a reason blanked after reason()",
             body: #"local x = reason("a", "甲", "乙"); local r = ineligible { x }; x.code = ""; x.text = ""; do return r end"#,
             message: "第 1 个理由：代码应是像 'deep_hardship' 这样的简短名字"),
        Case(name: "a reason without its citation",
             body: #"local x = reason("a", "甲", "乙"); local r = ineligible { x }; x.cite = "  "; do return r end"#,
             message: "第 1 个理由 'a' 要有说明文字和依据"),
        Case(name: "the outcome rewritten",
             body: #"local r = ineligible { reason("a", "甲", "乙") }; r.outcome = "error"; do return r end"#,
             message: "决定没有结果"),
        Case(name: "too many parts",
             body: #"local r = ineligible { reason("a", "甲", "乙") }; for i = 2, 300 do r.reasons[i] = r.reasons[1] end; do return r end"#,
             message: "一项决定最多只能有 200 个理由和待遇，这一项有 300 个"),
        Case(name: "a bare number where cash(…) belongs",
             body: #"do return eligible { reason("a", "甲", "乙"), 300000 } end"#,
             message: "第 1 项待遇：数字 300000（作为金额是 3,000.00 元）不是待遇：写成 cash(300000, 周期, 标签)"),
        Case(name: "a bare number in an ineligible decision",
             body: #"do return ineligible { 300000, reason("a", "甲", "乙") } end"#,
             message: "第 1 项待遇：数字 300000（作为金额是 3,000.00 元）不是待遇"),
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
        #expect(failure.message == "第 1 个操作的理由 'cap' 要有说明文字和依据")
        #expect(failure.location == SourceLocation(file: "policy.lua", line: 6))
        // The policy changed nothing: the decision stands as the programme gave it.
        #expect(assessment.decision("basic")?.outcome == .eligible)
        #expect(assessment.decision("basic")?.reasons.allSatisfy { $0.policy == nil } == true)
    }
}
