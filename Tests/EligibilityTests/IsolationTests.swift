import EligibilityTesting
import Testing
@testable import Eligibility

/// One assessment cannot see another, and what rules read as read-only is read-only all the way down.
@Suite("Isolation between assessments")
struct IsolationTests {
    /// A programme file: `prelude` runs once when the file loads, `body` in decide before it returns
    /// `result` (by default eligible with a reason "ok").
    static func programme(_ id: String, prelude: String = "", _ body: String,
                          result: String = #"eligible { reason("ok", "通过", "测试"), service("测试服务") }"#) -> (String, String) {
        (id, """
            \(prelude)
            programme {
              id = "\(id)",
              title = "\(id)",
              basis = "测试",
              decide = function()
                \(body)
                return \(result)
              end,
            }
            """)
    }

    /// The line of the first line of `body` in a file made by `programme`.
    static func bodyLine(prelude: String) -> Int { prelude.split(separator: "\n", omittingEmptySubsequences: false).count + 6 }

    static func applicant(_ name: String, income: Int = 1000) -> String {
        "{name: \(name), birth_date: 1970-05-01, income: \(income), household: {members: [{monthly_income: 500}]}}"
    }

    static let aidParameter = """
        aid:
          label: 助学标准
          unit: yuan
          reference: 办法第十条
          values:
            2020-01-01: {university: 5000, senior_high: 3000}
        """

    static func fixture(_ programmes: [(String, String)]) throws -> RuleSetFixture {
        try RuleSetFixture(programmes: [("basic", RuleSetFixture.basicProgramme)] + programmes,
                           parameters: RuleSetFixture.parameters + "\n" + aidParameter)
    }

    /// Rules that try to carry an applicant's name to the next one: in a table, a scalar and a closure
    /// that the file keeps, and in a counter a closure made during the assessment shares.
    static let rememberingProgrammes = [
        programme("in_a_table", prelude: "local seen = {}", "seen[#seen + 1] = profile.name",
                  result: #"eligible { reason("seen", table.concat(seen, "、"), "测试"), service("测试服务") }"#),
        programme("in_a_scalar", prelude: "local first", "first = first or profile.name",
                  result: #"eligible { reason("first", first, "测试"), service("测试服务") }"#),
        programme("in_a_closure", prelude: "local remembered", """
            if remembered == nil then
              local name = profile.name
              remembered = function() return name end
            end
            """, result: #"eligible { reason("remembered", remembered(), "测试"), service("测试服务") }"#),
        programme("in_a_shared_counter", prelude: "local count = 0\nlocal function bump() count = count + 1 end", """
            local later = function() count = count + 10 end
            later(); bump()
            """, result: #"eligible { reason("count", profile.name .. " " .. count, "测试"), service("测试服务") }"#),
    ]

    static func texts(_ assessment: Assessment) -> [String] {
        assessment.decisions.flatMap { decision in
            decision.reasons.map(\.text) + [decision.failure?.message].compactMap { $0 }
        }
    }

    @Test func nothingOneApplicantLeavesIsSeenByTheNext() throws {
        let assessor = try Self.fixture(Self.rememberingProgrammes).assessor()
        let schema = assessor.ruleSet.schema
        let first = assessor.assess(try RuleSetFixture.profile(Self.applicant("张甲"), schema: schema), on: CivilDate("2026-09-01")!)
        let second = assessor.assess(try RuleSetFixture.profile(Self.applicant("李乙"), schema: schema), on: CivilDate("2026-09-01")!)
        #expect(Self.texts(first).contains { $0.contains("张甲") })
        #expect(!Self.texts(second).contains { $0.contains("张甲") }, "\(Self.texts(second))")
        for assessment in [first, second] {
            let name = assessment.applicantName ?? ""
            #expect(assessment.decision("in_a_scalar")?.reasons.first?.text == name)
            #expect(assessment.decision("in_a_closure")?.reasons.first?.text == name)
            #expect(assessment.decision("in_a_shared_counter")?.reasons.first?.text == name + " 11")
            #expect(assessment.decision("basic")?.outcome == .eligible)
            // The file's table is read-only: the rule is told so, where it writes.
            let table = try #require(assessment.decision("in_a_table"))
            #expect(table.outcome == .error)
            #expect(table.failure?.kind == .ruleError)
            #expect(table.failure?.message == "规则文件加载时建立的表不能由规则修改（试图设置 '1'）"
                    + "；请在函数里面建立它，免得一位申请人的数据带到下一位")
            #expect(table.failure?.location == SourceLocation(file: "programmes/in_a_table.lua", line: Self.bodyLine(prelude: "local seen = {}")))
        }
    }

    @Test func aFactKeepsNothingBetweenAssessments() throws {
        // The fixture's `times_computed` counts its calls in a local of its file.
        let fixture = try RuleSetFixture(programmes: [RuleSetFixture.programme("counts", "assert(facts.times_computed == 1)")])
        let assessor = try fixture.assessor()
        let profile = try RuleSetFixture.profile(schema: assessor.ruleSet.schema)
        for _ in 1...3 {
            let assessment = assessor.assess(profile, on: CivilDate("2026-09-01")!)
            #expect(assessment.decision("counts")?.outcome == .eligible)
            #expect(assessment.facts.first { $0.id == "times_computed" }?.value == .integer(1))
        }
    }

    static let keyOrderProgramme = programme("key_order", prelude: """
        local LABELS = { zeta = "Z", alpha = "A", [3] = "three", [1] = "one", beta = "B", [true] = "yes", [false] = "no",
                         Gamma = "G", delta = "D", epsilon = "E", eta = "H", theta = "T", iota = "I", kappa = "K" }
        """, """
        local parts = {}
        for k, v in pairs(LABELS) do parts[#parts + 1] = tostring(k) .. "=" .. v end
        local live = {}
        for i = 1, 40 do live["k" .. i] = i end
        local k = next(live)
        while k do parts[#parts + 1] = k; k = next(live, k) end
        for name, value in pairs(params.aid) do parts[#parts + 1] = name .. "=" .. value end
        for name in pairs(money) do parts[#parts + 1] = name end
        for name, value in pairs(profile) do parts[#parts + 1] = name end
        """, result: #"eligible { reason("order", table.concat(parts, ","), "测试"), service("测试服务") }"#)

    @Test func keysAreVisitedInTheSameOrderInEveryLuaState() throws {
        let fixture = try Self.fixture([Self.keyOrderProgramme])
        let texts = try (1...3).map { _ in try fixture.assess().decision("key_order")?.reasons.first?.text }
        let live = (1...40).map { "k\($0)" }.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
        let expected = ["1=one", "3=three", "Gamma=G", "alpha=A", "beta=B", "delta=D", "epsilon=E", "eta=H", "iota=I",
                        "kappa=K", "theta=T", "zeta=Z", "false=no", "true=yes"] + live
            + ["senior_high=300000", "university=500000"]
            + ["divide", "max", "min", "per_head", "per_month", "percent", "scale", "text", "times", "yuan"]
            + ["name", "birth_date", "income", "household"]
        #expect(texts == Array(repeating: Optional(expected.joined(separator: ",")), count: 3))
    }

    @Test func partsAndResultsMadeWhileLoadingStillDecide() throws {
        let fixture = try Self.fixture([
            Self.programme("kept_parts", prelude: """
                local OK = reason("ok", "通过", "测试")
                local HELP = service("测试服务")
                local NO = ineligible { reason("no", "不符合", "测试") }
                local RATES = { base = 100, list = { 10, 20, 30 } }
                """, """
                if profile.income > 500000 then return NO end
                local total = RATES.base
                for _, v in ipairs(RATES.list) do total = total + v end
                """, result: #"eligible { OK, HELP, cash(total * #RATES.list, "monthly", table.concat(RATES.list, "+")) }"#),
        ])
        let assessor = try fixture.assessor()
        let schema = assessor.ruleSet.schema
        let eligible = try #require(assessor.assess(try RuleSetFixture.profile(Self.applicant("甲"), schema: schema),
                                                    on: CivilDate("2026-09-01")!).decision("kept_parts"))
        #expect(eligible.outcome == .eligible, "\(eligible.failure?.description ?? "")")
        #expect(eligible.reasons.map(\.code) == ["ok"])
        #expect(eligible.benefits.count == 2)
        #expect(eligible.cash == [.monthly: Money(fen: 480)])
        let ineligible = try #require(assessor.assess(try RuleSetFixture.profile(Self.applicant("乙", income: 9000), schema: schema),
                                                      on: CivilDate("2026-09-01")!).decision("kept_parts"))
        #expect(ineligible.outcome == .ineligible)
        #expect(ineligible.reasons.map(\.text) == ["不符合"])
    }

    struct ReadOnlyPath: Sendable, CustomStringConvertible {
        var name: String
        var prelude = ""
        var body: String
        var message: String
        var description: String { name }
    }

    static let readOnlyPaths: [ReadOnlyPath] = [
        ReadOnlyPath(name: "the table pairs gives for a parameter", body: "local _, raw = pairs(params.aid); raw.university = 99999999",
                     message: "params（参数）不能由规则修改（试图设置 'university'）"),
        ReadOnlyPath(name: "a parameter's table, found with next", body: "local t = params.aid; local k = next(t); t[k] = 0",
                     message: "params（参数）不能由规则修改（试图设置 'senior_high'）"),
        ReadOnlyPath(name: "an entry of a parameter", body: "params.aid.university = 1",
                     message: "params（参数）不能由规则修改（试图设置 'university'）"),
        ReadOnlyPath(name: "rawset", body: "rawset(params.aid, 'university', 1)", message: "未知的名字 'rawset'"),
        ReadOnlyPath(name: "rawget", body: "local raw = rawget(params, 'aid')", message: "未知的名字 'rawget'"),
        ReadOnlyPath(name: "the table pairs gives for money", body: "local _, raw = pairs(money); raw.text = tostring",
                     message: "'money' 不能由规则修改（试图设置 'text'）"),
        ReadOnlyPath(name: "the table pairs gives for string", body: "local _, raw = pairs(string); raw.rep = nil",
                     message: "'string' 不能由规则修改（试图设置 'rep'）"),
        ReadOnlyPath(name: "table, through next", body: "local k = next(table); table[k] = nil",
                     message: "'table' 不能由规则修改（试图设置 'concat'）"),
        ReadOnlyPath(name: "math", body: "math.pi = 3", message: "'math' 不能由规则修改（试图设置 'pi'）"),
        ReadOnlyPath(name: "utf8", body: "utf8.char = nil", message: "'utf8' 不能由规则修改（试图设置 'char'）"),
        ReadOnlyPath(name: "date", body: "local _, raw = pairs(date); raw.age = nil",
                     message: "'date' 不能由规则修改（试图设置 'age'）"),
        ReadOnlyPath(name: "the table pairs gives for facts", body: "local _, raw = pairs(facts); raw.people = 0",
                     message: "facts（事实）不能由规则修改（试图设置 'people'）"),
        ReadOnlyPath(name: "the table pairs gives for the profile", body: "local _, raw = pairs(profile); raw.name = 'x'",
                     message: "档案不能由规则修改（试图设置 'name'）"),
        ReadOnlyPath(name: "a list of the profile, through pairs",
                     body: "for _, m in pairs(profile.household.members) do m.monthly_income = 0 end",
                     message: "档案不能由规则修改（试图设置 'monthly_income'）"),
        ReadOnlyPath(name: "a table the file keeps", prelude: "local KEPT = { a = 1 }", body: "KEPT.a = 2",
                     message: "规则文件加载时建立的表不能由规则修改（试图设置 'a'）"),
        ReadOnlyPath(name: "a table inside a table the file keeps", prelude: "local KEPT = { inner = { 1 } }",
                     body: "KEPT.inner[1] = 2",
                     message: "规则文件加载时建立的表不能由规则修改（试图设置 '1'）"),
        ReadOnlyPath(name: "a table the file keeps, through table.insert", prelude: "local KEPT = {}",
                     body: "table.insert(KEPT, profile.name)",
                     message: "规则文件加载时建立的表不能由规则修改（试图设置 '1'）"),
        ReadOnlyPath(name: "a reason the file keeps", prelude: "local R = reason('r', '理由', '测试')",
                     body: "R.text = profile.name",
                     message: "规则文件加载时建立的表不能由规则修改（试图设置 'text'）"),
        ReadOnlyPath(name: "the rule file's environment", body: "local _, raw = pairs(_ENV); raw.x = 1",
                     message: "不能新建全局变量 'x'"),
    ]

    @Test(arguments: readOnlyPaths)
    func everyReadOnlyPathIsRefusedAndTheOthersStand(_ path: ReadOnlyPath) throws {
        let fixture = try Self.fixture([
            Self.programme("hostile", prelude: path.prelude, path.body),
            Self.programme("reader", #"local university = params.aid.university"#,
                      result: #"eligible { reason("rate", money.text(params.aid.university) .. " " .. money.text(1234) .. " " .. ("ab"):rep(2), "测试"), service("测试服务") }"#),
        ])
        let assessor = try fixture.assessor()
        let profile = try RuleSetFixture.profile(schema: assessor.ruleSet.schema)
        for _ in 1...2 {
            let assessment = assessor.assess(profile, on: CivilDate("2026-09-01")!)
            let decision = try #require(assessment.decision("hostile"))
            #expect(decision.outcome == .error)
            #expect(decision.failure?.kind == .ruleError)
            #expect(decision.failure?.message.hasPrefix(path.message) == true, "\(decision.failure?.description ?? "no failure")")
            #expect(decision.failure?.location == SourceLocation(file: "programmes/hostile.lua", line: Self.bodyLine(prelude: path.prelude)),
                    "\(decision.failure?.description ?? "")")
            #expect(assessment.decision("basic")?.outcome == .eligible)
            #expect(assessment.decision("reader")?.reasons.first?.text == "5,000.00 12.34 abab")
        }
    }
}
