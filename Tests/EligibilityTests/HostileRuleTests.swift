import EligibilityTesting
import Testing
@testable import Eligibility

/// A hostile or broken rule gets an error decision with file:line and a plain message; every other
/// programme is still decided.
@Suite("Hostile and faulty rules")
struct HostileRuleTests {
    struct Case: Sendable, CustomStringConvertible {
        var name: String
        var body: String
        var kind: RuleFailure.Kind
        var message: String
        var description: String { name }
    }

    static let cases: [Case] = [
        Case(name: "endless loop", body: "while true do end", kind: .instructionLimit, message: "运行的指令数超出了预算"),
        Case(name: "pcall to swallow errors", body: "pcall(error)", kind: .ruleError, message: "未知的名字 'pcall'"),
        Case(name: "endless recursion", body: "local function f() return 1 + f() end f()", kind: .memoryLimit, message: "超出了内存上限"),
        Case(name: "memory bomb", body: "local t = {} for i = 1, math.huge do t[i] = {i} end", kind: .memoryLimit, message: "超出了内存上限"),
        Case(name: "string.rep bomb", body: "local s = string.rep('x', 1e9)", kind: .memoryLimit,
             message: "memory limit of 32 MiB exceeded (string.rep of 1000000000 bytes)"),
        Case(name: "many large string.rep", body: "for i = 1, 2000 do local s = ('x'):rep(4e6) end", kind: .instructionLimit,
             message: "instruction budget of 2000000 exceeded"),
        Case(name: "string.rep of separators alone", body: "local s = string.rep('', math.maxinteger, ',')", kind: .memoryLimit,
             message: "memory limit of 32 MiB exceeded (string.rep of 9223372036854775806 bytes)"),
        Case(name: "gsub with a costly replacement", body: "local r = ('%0'):rep(1000):rep(1000) local s = string.gsub(('a'):rep(2000), '', r)",
             kind: .instructionLimit, message: "replacement too costly for a text of 2000 bytes"),
        Case(name: "sorting equal long strings", body: "local t = {} for i = 1, 8 do t[i] = ('x'):rep(1000):rep(2000) .. (i % 2) end table.sort(t)",
             kind: .instructionLimit, message: "instruction budget of 2000000 exceeded"),
        Case(name: "a message naming another programme's file", body: "error('programmes/basic.lua:7: spoofed', 0)", kind: .ruleError,
             message: "programmes/basic.lua:7: spoofed"),
        Case(name: "string.format with %p", body: "local s = string.format('%p', profile)", kind: .ruleError,
             message: "string.format: '%p' is not allowed"),
        Case(name: "catastrophic pattern", body: "string.find(('a'):rep(14), ('a-'):rep(14) .. 'b')", kind: .instructionLimit, message: "pattern"),
        // Each of these ran for seconds to minutes under the default budget before its work was charged.
        Case(name: "a long pattern over a long text", body: "string.find(('a'):rep(21000), '.' .. ('a'):rep(10500) .. 'b')",
             kind: .instructionLimit, message: "pattern too costly for a text of 21000 bytes"),
        Case(name: "%q of a long text of control bytes", body: "local s = ('\\1'):rep(1000000) for i = 1, 5 do local q = string.format('%q', s) end",
             kind: .instructionLimit, message: "instruction budget of 2000000 exceeded"),
        Case(name: "next on a table emptied of its keys",
             body: "local t = {} for i = 1, 32768 do t[i] = true end for i = 1, 32767 do t[i] = nil end while true do local k = next(t) end",
             kind: .instructionLimit, message: "instruction budget of 2000000 exceeded"),
        Case(name: "pairs on a table emptied of its keys",
             body: "local t = {} for i = 1, 32768 do t[i] = true end for i = 1, 32767 do t[i] = nil end while true do local f = pairs(t) end",
             kind: .instructionLimit, message: "instruction budget of 2000000 exceeded"),
        Case(name: "os.execute", body: "os.execute('touch /tmp/pwned')", kind: .ruleError, message: "未知的名字 'os'"),
        Case(name: "io.open", body: "io.open('/etc/passwd')", kind: .ruleError, message: "未知的名字 'io'"),
        Case(name: "require", body: "require('os')", kind: .ruleError, message: "未知的名字 'require'"),
        Case(name: "load of bytecode", body: "load('\\27Lua')()", kind: .ruleError, message: "未知的名字 'load'"),
        Case(name: "string.dump", body: "string.dump(string.len)", kind: .ruleError, message: "attempt to call a nil value (field 'dump')"),
        Case(name: "getmetatable tampering", body: "getmetatable('').__index = {}", kind: .ruleError, message: "未知的名字 'getmetatable'"),
        Case(name: "changing strings through their metatable", body: "('x').rep = nil", kind: .ruleError, message: "attempt to index a string value"),
        Case(name: "debug library", body: "debug.sethook()", kind: .ruleError, message: "未知的名字 'debug'"),
        Case(name: "changing a shared library", body: "string.rep = nil", kind: .ruleError, message: "'string' 不能由规则修改"),
        Case(name: "changing the profile", body: "profile.income = 0", kind: .ruleError, message: "档案不能由规则修改"),
        Case(name: "changing a fact", body: "facts.people = 0", kind: .ruleError, message: "facts（事实）不能由规则修改"),
        Case(name: "a new global (typo)", body: "totl = 1", kind: .ruleError, message: "不能新建全局变量 'totl'"),
        Case(name: "a mistyped variable", body: "local x = profil.income", kind: .ruleError, message: "未知的名字 'profil'（是否要写 'profile'？）"),
        Case(name: "an undeclared profile field", body: "local x = profile.incme", kind: .ruleError,
             message: "档案中没有字段 'incme'（是否要写 'income'？）"),
        Case(name: "an undeclared nested field", body: "local x = profile.household.members[1].monthly_incom", kind: .ruleError,
             message: "档案中没有字段 'household.members[].monthly_incom'（是否要写 'monthly_income'？）"),
        Case(name: "an unknown fact", body: "local x = facts.peple", kind: .ruleError, message: "未知的事实 'peple'（是否要写 'people'？）"),
        Case(name: "an unknown parameter", body: "local x = params.dibao.urbn", kind: .ruleError,
             message: "未知的参数 'dibao.urbn'（是否要写 'urban'？）"),
        Case(name: "arithmetic on a missing value", body: "local missing; local x = profile.income + missing", kind: .ruleError,
             message: "计算中用到的值（局部变量 'missing'）缺失（nil）：在 schema.yaml 中给这个字段设 default"),
        Case(name: "reading from a missing value", body: "local x = profile.household.members[5].monthly_income", kind: .ruleError,
             message: "从一个缺失（nil）的值"),
    ]

    @Test(arguments: cases)
    func errorDecisionAndTheOthersStand(_ hostile: Case) throws {
        let fixture = try RuleSetFixture(programmes: [
            ("basic", RuleSetFixture.basicProgramme),
            RuleSetFixture.programme("hostile", hostile.body),
            RuleSetFixture.programme("after", "local n = facts.people"),
        ])
        let assessment = try fixture.assess()
        let decision = try #require(assessment.decision("hostile"))
        #expect(decision.outcome == .error)
        #expect(decision.failure?.kind == hostile.kind, "\(decision.failure?.description ?? "no failure")")
        #expect(decision.failure?.message.contains(hostile.message) == true, "\(decision.failure?.description ?? "")")
        #expect(decision.failure?.location?.file == "programmes/hostile.lua", "\(decision.failure?.description ?? "")")
        #expect(assessment.decision("basic")?.outcome == .eligible)
        #expect(assessment.decision("after")?.outcome == .eligible)
        #expect(assessment.hasFailures)
    }

    /// The rule library raises in the rule set's language: Chinese, or English when it asks for it.
    @Test func ruleErrorsSpeakTheRuleSetsLanguage() throws {
        let fixture = try RuleSetFixture(programmes: [RuleSetFixture.programme("typo", "local x = facts.peple")])
        var ruleSet = try fixture.ruleSet()
        let profile = try RuleSetFixture.profile(schema: ruleSet.schema)
        func failure() throws -> String? {
            try Assessor(ruleSet: ruleSet).assess(profile, on: CivilDate("2026-09-01")!).decision("typo")?.failure?.message
        }
        #expect(try failure() == "未知的事实 'peple'（是否要写 'people'？）")
        ruleSet.language = .en
        #expect(try failure() == "unknown fact 'peple' (did you mean 'people'?)")
    }

    @Test func syntaxErrorsOnlyStopTheirOwnProgramme() throws {
        let fixture = try RuleSetFixture(programmes: [
            RuleSetFixture.programme("broken", "if then"),
            ("basic", RuleSetFixture.basicProgramme),
        ])
        let assessor = try fixture.assessor()
        #expect(assessor.loadProblems.count == 1)
        #expect(assessor.loadProblems.first?.file == "programmes/broken.lua")
        #expect(assessor.loadProblems.first?.line == 6)
        let assessment = assessor.assess(try RuleSetFixture.profile(schema: assessor.ruleSet.schema), on: CivilDate("2026-09-01")!)
        #expect(assessment.decision("broken")?.outcome == .error)
        #expect(assessment.decision("broken")?.failure?.kind == .notLoaded)
        #expect(assessment.decision("basic")?.outcome == .eligible)
    }

    /// Whatever a rule formats, no memory address reaches a decision, and the text is the same in every run.
    @Test func noAddressReachesADecision() throws {
        let body = """
            programme { id = "shows", title = "t", basis = "b", decide = function()
              return eligible { reason("r", tostring(profile) .. " " .. string.format("%s", facts) .. " " .. tostring(eligible), "c"),
                                service("s") }
            end }
            """
        let fixture = try RuleSetFixture(programmes: [("shows", body), ("basic", RuleSetFixture.basicProgramme)])
        let first = try fixture.assess()
        let text = try #require(first.decision("shows")?.reasons.first?.text)
        #expect(text == "table table function")
        #expect(try fixture.assess().decision("shows")?.reasons.first?.text == text)
        #expect(first.decision("basic")?.outcome == .eligible)
    }

    /// A syntax error, a programme that declares nothing and a fact of the wrong type are placed by the
    /// engine (the compiler's own prefix, error_at), not by reading "file:line:" out of a message.
    @Test func libraryErrorsNameTheRuleFile() throws {
        let facts = RuleSetFixture.facts + """

            fact { id = "empty", title = "空", type = "integer", compute = function() return nil end }
            """
        let fixture = try RuleSetFixture(programmes: [
            RuleSetFixture.programme("uses", "local x = facts.empty"),
            ("undeclared", "local nothing = 1"),
            ("basic", RuleSetFixture.basicProgramme),
        ], facts: facts)
        let assessor = try fixture.assessor()
        #expect(assessor.loadProblems.map(\.file) == ["programmes/undeclared.lua"])
        #expect(assessor.loadProblems.first?.line == 1)
        let assessment = assessor.assess(try RuleSetFixture.profile(schema: assessor.ruleSet.schema), on: CivilDate("2026-09-01")!)
        let uses = try #require(assessment.decision("uses")?.failure)
        #expect(uses.message == "事实 'empty' 没有算出值")
        #expect(uses.location?.file == "facts.lua")
        #expect((uses.location?.line ?? 0) > 1)
        #expect(assessment.decision("basic")?.outcome == .eligible)
    }

    /// A list parameter reads nil past its end, as any list does, so ipairs walks it; a name that
    /// entries by name do not have is still an error, with a suggestion.
    @Test func parameterListsEndWhereEntriesByNameDoNot() throws {
        let parameters = RuleSetFixture.parameters + """

            injury_months:
              label: 伤残补助月数
              unit: months
              reference: 条例第三十五条
              values: {2011-01-01: [27, 25, 23]}
            months_by_kind:
              label: 发放月数
              unit: months
              reference: 办法第十二条
              values: {2020-07-01: {deep: 12, relative: 10}}
            """
        let fixture = try RuleSetFixture(programmes: [
            RuleSetFixture.programme("walks", """
                local total, count = 0, 0
                for _, months in ipairs(params.injury_months) do total = total + months; count = count + 1 end
                if total ~= 75 or count ~= 3 or params.injury_months[4] ~= nil then error("read " .. total .. " in " .. count) end
                """),
            RuleSetFixture.programme("misspells", "local m = params.months_by_kind.relativ"),
            ("basic", RuleSetFixture.basicProgramme),
        ], parameters: parameters)
        let assessment = try fixture.assess()
        #expect(assessment.decision("walks")?.outcome == .eligible, "\(assessment.decision("walks")?.failure?.description ?? "")")
        let failure = try #require(assessment.decision("misspells")?.failure)
        #expect(failure.kind == .ruleError)
        #expect(failure.message == "参数 'months_by_kind' 没有 \"relativ\" 这一项（是否要写 'relative'？）")
        #expect(failure.location == SourceLocation(file: "programmes/misspells.lua", line: 6))
        #expect(assessment.decision("basic")?.outcome == .eligible)
    }

    /// A rule file may keep a long list when it loads (it is in order already, so sealing it sorts
    /// nothing); one whose kept tables are too big to seal fails alone, as a file that cannot load does:
    /// its programme is an error naming the file and line, and every other programme is decided.
    @Test func bigTablesKeptWhenARuleFileLoads() throws {
        let fixture = try RuleSetFixture(programmes: [
            ("long_list", """
                local LIST = {}
                for i = 1, 300000 do LIST[i] = i end
                programme { id = "long_list", title = "t", basis = "b", decide = function()
                  return eligible { reason("r", "共 " .. #LIST .. " 项", "c"), service("s") }
                end }
                """),
            ("too_big", """
                local BIG = { name = "x" }
                for i = 1, 150000 do BIG[i] = i end
                programme { id = "too_big", title = "t", basis = "b", decide = function()
                  return eligible { reason("r", BIG.name, "c"), service("s") }
                end }
                """),
            ("basic", RuleSetFixture.basicProgramme),
        ])
        let assessor = try fixture.assessor()
        #expect(assessor.loadProblems.map(\.file) == ["programmes/too_big.lua"])
        #expect(assessor.loadProblems.first?.line == 3)
        #expect(assessor.loadProblems.first?.message.zh.contains("太大，在指令预算") == true)
        let assessment = assessor.assess(try RuleSetFixture.profile(schema: assessor.ruleSet.schema), on: CivilDate("2026-09-01")!)
        #expect(assessment.decision("long_list")?.reasons.first?.text == "共 300000 项")
        let failure = try #require(assessment.decision("too_big")?.failure)
        #expect(failure.kind == .notLoaded)
        #expect(failure.location == SourceLocation(file: "programmes/too_big.lua", line: 3))
        #expect(assessment.decision("basic")?.outcome == .eligible)
    }

    /// One programme's garbage does not count against the next one's memory: no decision depends on
    /// what ran before it.
    @Test func garbageOfAnEarlierProgrammeDoesNotCount() throws {
        let fixture = try RuleSetFixture(programmes: [
            RuleSetFixture.programme("litter", "local keep = {} for i = 1, 8 do keep[i] = string.rep(string.char(64 + i), 2000000) end"),
            RuleSetFixture.programme("big", "local s = string.rep('Q', 12000000)"),
            ("basic", RuleSetFixture.basicProgramme),
        ])
        let limits = RuleLimits(instructionBudget: 20_000_000, memoryCap: 32 << 20, timeLimit: 5)
        let assessor = try Assessor(ruleSet: try fixture.ruleSet(), limits: limits)
        let profile = try RuleSetFixture.profile(schema: assessor.ruleSet.schema)
        for _ in 1...2 {
            let assessment = assessor.assess(profile, on: CivilDate("2026-09-01")!)
            #expect(assessment.decision("litter")?.outcome == .eligible)
            #expect(assessment.decision("big")?.outcome == .eligible, "\(assessment.decision("big")?.failure?.description ?? "")")
            #expect(assessment.decision("basic")?.outcome == .eligible)
        }
    }

    /// Of several unknown fields, the message names the first in a fixed order, whatever the hash seed.
    @Test func theFirstUnknownFieldIsNamed() throws {
        for _ in 1...3 {
            let fixture = try RuleSetFixture(programmes: [
                ("extra", #"programme { id = "extra", title = "t", basis = "b", zeta = 1, alpha = 2, mu = 3, decide = function() end }"#),
                ("basic", RuleSetFixture.basicProgramme),
            ])
            let assessor = try fixture.assessor()
            #expect(assessor.loadProblems.map(\.message.zh) == ["programme：未知的项 'alpha'"])
        }
    }

    @Test func malformedResultsAreNamed() throws {
        let fixture = try RuleSetFixture(programmes: [
            ("nothing", #"programme { id = "nothing", title = "t", basis = "b", decide = function() return 42 end }"#),
            ("no_reason", #"programme { id = "no_reason", title = "t", basis = "b", decide = function() return eligible { cash(100, "once") } end }"#),
            ("bad_period", #"programme { id = "bad_period", title = "t", basis = "b", decide = function() return eligible { reason("r","t","c"), cash(100, "weekly") } end }"#),
        ])
        let assessment = try fixture.assess()
        #expect(assessment.decision("nothing")?.failure?.message == "decide 应返回 eligible { … }、ineligible { … } 或 refer { … }，这里返回的是 42")
        #expect(assessment.decision("no_reason")?.failure?.message == "eligible { … } 至少要有一个 reason(code, text, cite)")
        #expect(assessment.decision("bad_period")?.failure?.message == "cash：发放周期应是 \"once\"（一次）、\"monthly\"（每月）或 \"yearly\"（每年），这里是 \"weekly\"")
        #expect(assessment.decision("bad_period")?.failure?.location == SourceLocation(file: "programmes/bad_period.lua", line: 1))
    }

    @Test func aFactThatFailsNamesTheFactsFile() throws {
        let facts = RuleSetFixture.facts + """

            fact { id = "broken", title = "坏", type = "money", compute = function() return 1.5 end }
            """
        let fixture = try RuleSetFixture(programmes: [RuleSetFixture.programme("uses", "local x = facts.broken")], facts: facts)
        let decision = try #require(try fixture.assess().decision("uses"))
        #expect(decision.failure?.message == "事实 'broken' 应是以分计的整数金额（用 money.* 函数取整），这里是 1.5")
        #expect(decision.failure?.location?.file == "facts.lua")
    }
}

@Suite("Cross-programme policy")
struct PolicyTests {
    static let policy = """
        policy {
          id = "one_cash",
          title = "只享受一项现金救助",
          cite = "办法第二十条",
          apply = function(decisions)
            for _, d in ipairs(decisions) do
              if d.id == "second" and d.cash_per_year > 0 then
                withhold(d.id, reason("one_cash", "每年只享受一项现金救助", "办法第二十条"))
              end
            end
          end,
        }
        policy {
          id = "cap",
          title = "年度上限",
          cite = "办法第二十一条",
          apply = function(decisions)
            limit_cash("first", 30000, reason("yearly_cap", "超过年度上限", "办法第二十一条"))
          end,
        }
        """

    static func cashProgramme(_ id: String, _ fen: Int) -> (String, String) {
        (id, """
            programme { id = "\(id)", title = "\(id)", basis = "b", decide = function()
              return eligible { reason("r", "t", "c"), cash(\(fen), "once") }
            end }
            """)
    }

    @Test func actionsChangeDecisionsAndShowTheirReasons() throws {
        let fixture = try RuleSetFixture(programmes: [Self.cashProgramme("first", 50000), Self.cashProgramme("second", 20000)],
                                         policy: Self.policy)
        let assessment = try fixture.assess()
        let first = try #require(assessment.decision("first")), second = try #require(assessment.decision("second"))
        #expect(second.outcome == .ineligible)
        #expect(second.benefits.isEmpty)
        #expect(second.reasons.last?.code == "one_cash")
        #expect(second.reasons.last?.policy == "one_cash")
        #expect(second.reasons.last?.location == SourceLocation(file: "policy.lua", line: 8))
        #expect(first.benefits == [.cash(Money(fen: 30000), .once, label: nil)])
        #expect(first.reasons.map(\.code) == ["r", "yearly_cap"])
    }

    @Test func aFailingPolicyIsReportedAndTheOthersStillApply() throws {
        let policy = """
            policy { id = "broken", title = "坏", cite = "c", apply = function(decisions) withhold("nope", reason("x", "y", "z")) end }
            """ + Self.policy
        let fixture = try RuleSetFixture(programmes: [Self.cashProgramme("first", 50000), Self.cashProgramme("second", 20000)],
                                         policy: policy)
        let assessment = try fixture.assess()
        #expect(assessment.policyFailures.count == 1)
        #expect(assessment.policyFailures.first?.message == "withhold：未知的项目 \"nope\"")
        #expect(assessment.policyFailures.first?.location == SourceLocation(file: "policy.lua", line: 1))
        #expect(assessment.decision("second")?.outcome == .ineligible)
        #expect(assessment.hasFailures)
    }
}
