import EligibilityTesting
import Testing
@testable import Eligibility

/// The household's history: grants on record handed to an assessment, read by rules through `history`.
@Suite("History in the rules")
struct HistoryTests {
    static func day(_ text: String) -> CivilDate { CivilDate(text)! }

    // MARK: What a grant pays, and when

    @Test("A once grant counts in its calendar year, and in the twelve months after it")
    func onceGrant() {
        let grant = PastGrant(programme: "relief", fund: "centre", amount: Money(fen: 940_000), granted: Self.day("2026-03-10"))
        #expect(grant.amountInYear(of: Self.day("2026-09-01")) == Money(fen: 940_000))
        #expect(grant.amountInYear(of: Self.day("2027-01-05")) == .zero)
        #expect(grant.amountInTwelveMonths(before: Self.day("2027-03-10")) == .zero)
        #expect(grant.amountInTwelveMonths(before: Self.day("2027-03-09")) == Money(fen: 940_000))
        // A grant made after the assessment date counts for neither.
        #expect(grant.amountInYear(of: Self.day("2026-03-09")) == .zero)
        #expect(grant.amountInTwelveMonths(before: Self.day("2026-03-09")) == .zero)
    }

    @Test("A monthly grant pays each month from its date: this year counts what is committed, the last twelve months what was paid")
    func monthlyGrant() {
        let grant = PastGrant(programme: "relief", fund: "centre", amount: Money(fen: 10_000), granted: Self.day("2025-11-15"),
                              schedule: .monthly(months: 6))
        #expect(grant.payments.map(\.date.description) == ["2025-11-15", "2025-12-15", "2026-01-15", "2026-02-15", "2026-03-15", "2026-04-15"])
        #expect(grant.amountInYear(of: Self.day("2026-02-01")) == Money(fen: 40_000))
        #expect(grant.amountInTwelveMonths(before: Self.day("2026-02-01")) == Money(fen: 30_000))
        #expect(grant.amountInTwelveMonths(before: Self.day("2026-09-01")) == Money(fen: 60_000))
    }

    @Test("Adding months keeps the day, or the month's last day")
    func addingMonths() {
        #expect(Self.day("2026-01-31").adding(months: 1) == Self.day("2026-02-28"))
        #expect(Self.day("2024-03-31").adding(months: -1) == Self.day("2024-02-29"))
        #expect(Self.day("2026-09-01").adding(months: -12) == Self.day("2025-09-01"))
        #expect(Self.day("0001-01-01").adding(months: -1) == nil)
    }

    // MARK: Reading `history:`

    static func read(_ yaml: String, programmes: [String] = ["relief", "warmth"], funds: [String] = ["centre", "city_fund"]) throws(DiagnosticList) -> History {
        let node = try! DocumentNode.parse(yaml, displayName: "c.yaml")
        return try History(document: node["history"]!, file: "c.yaml", programmes: programmes, funds: funds)
    }

    @Test("history: reads each grant, money in yuan, dates, schedules and whether it counts as income")
    func readsGrants() throws {
        let history = try Self.read("""
            history:
              - {programme: relief, fund: centre, amount: 9400.00, granted: 2026-03-10, schedule: once}
              - {programme: warmth, fund: city_fund, amount: "1,000", granted: 2026-01-20, schedule: monthly, months: 3,
                 counts_as_income: false, reference: 第 12 号记录}
            """)
        #expect(history.grants == [
            PastGrant(programme: "relief", fund: "centre", amount: Money(fen: 940_000), granted: Self.day("2026-03-10")),
            PastGrant(programme: "warmth", fund: "city_fund", amount: Money(fen: 100_000), granted: Self.day("2026-01-20"),
                      schedule: .monthly(months: 3), countsAsIncome: false, reference: "第 12 号记录"),
        ])
        #expect(try Self.read("history: []").isEmpty)
        #expect(try Self.read("history: ~").isEmpty)
    }

    @Test("Every problem in history: is reported at once, with the file, line and path")
    func reportsProblems() {
        #expect {
            _ = try Self.read("""
                history:
                  - {programme: relif, fund: centre, amount: 1.2万, granted: 2026-3-10, schedule: once}
                  - {programme: relief, fund: bank, amount: 100, granted: 2026-03-10, schedule: monthly}
                  - {programme: relief, fund: centre, amount: 0, granted: 2026-03-10, schedule: yearly, note: x}
                """)
        } throws: { error in
            let messages = (error as! DiagnosticList).diagnostics.map(\.description)
            return messages.contains { $0.hasPrefix("c.yaml:2: history[1].programme: 'relif' 不是规则集的项目") && $0.hasSuffix("（是否要写 'relief'？）") }
                && messages.contains { $0.hasPrefix("c.yaml:2: history[1].amount: 应填金额（元，最多两位小数），这里是 \"1.2万\"") }
                && messages.contains("c.yaml:2: history[1].granted: 应填日期（YYYY-MM-DD），这里是 \"2026-3-10\"")
                && messages.contains { $0.hasPrefix("c.yaml:3: history[2].fund: 'bank' 不是规则集的资金") }
                && messages.contains("c.yaml:3: history[2].months: 按月发放的记录必须填写：发放几个月")
                && messages.contains("c.yaml:4: history[3].amount: 应大于 0 元，这里是 0")
                && messages.contains("c.yaml:4: history[3].schedule: 应是 once（一次）或 monthly（按月），这里是 \"yearly\"")
                && messages.contains("c.yaml:4: history[3].note: 帮扶记录没有这一项")
        }
    }

    // MARK: Rules that read it

    static let ruleSet = "title: 测试规则\napplicant: {name: name}\nfunds: {centre: 中心资金, city_fund: 市级资金}\nprogrammes:\n  - relief\n  - warmth\n"

    /// Relief once a year; warmth capped at 300.00 a year with what was already paid; income counts aid.
    static let programmes = [
        ("relief", """
            programme {
              id = "relief", title = "生活救助", basis = "办法第八条",
              decide = function()
                local g = history.granted_this_year("relief")
                if g then
                  return ineligible { reason("already", "本年度已于 " .. g.date .. " 领取" .. g.title .. " " .. money.text(g.amount) .. " 元", "办法第九条") }
                end
                if facts.counted_income > 100000 then
                  return ineligible { reason("above_line", "收入高于标准", "办法第五条") }
                end
                return eligible { reason("below_line", "收入低于标准", "办法第五条"), cash(50000, "once") }
              end,
            }
            """),
        ("warmth", """
            programme {
              id = "warmth", title = "慰问", basis = "办法第十条",
              decide = function()
                local left = 30000 - history.cash_this_year{programme = "warmth", except_fund = "city_fund"}
                return eligible { reason("left", "本年度还可领 " .. money.text(left) .. " 元", "办法第十条"), cash(money.max(left, 0), "once") }
              end,
            }
            """),
    ]

    static let facts = """
        fact {
          id = "counted_income",
          title = "计入的收入",
          type = "money",
          compute = function() return profile.income + history.income_last_12_months() end,
        }
        """

    static let policy = """
        policy {
          id = "yearly_cap", title = "每年上限", cite = "办法第二十条",
          apply = function(decisions)
            if history.cash_this_year{fund = "centre"} > 40000 then
              withhold("warmth", reason("cap", "本年度已领超过上限", "办法第二十条"))
            end
          end,
        }
        """

    static func assessor(policy: String? = nil, programmes: [(String, String)] = Self.programmes) throws -> Assessor {
        try RuleSetFixture(programmes: programmes, policy: policy, facts: facts, files: ["ruleset.yaml": ruleSet]).assessor()
    }

    static func assess(_ history: History, policy: String? = nil, on date: String = "2026-09-01") throws -> Assessment {
        let assessor = try assessor(policy: policy)
        let profile = try RuleSetFixture.profile("{name: 王某, birth_date: 1970-05-01, income: 800}", schema: assessor.ruleSet.schema)
        return assessor.assess(profile, on: Self.day(date), history: history)
    }

    static let reliefInMarch = PastGrant(programme: "relief", fund: "centre", amount: Money(fen: 50_000), granted: day("2026-03-10"))
    static let warmthFromCentre = PastGrant(programme: "warmth", fund: "centre", amount: Money(fen: 10_000), granted: day("2026-01-20"),
                                            countsAsIncome: false)
    static let warmthFromCity = PastGrant(programme: "warmth", fund: "city_fund", amount: Money(fen: 10_000), granted: day("2026-01-20"),
                                          countsAsIncome: false)
    static let reliefLastYear = PastGrant(programme: "relief", fund: "centre", amount: Money(fen: 50_000), granted: day("2025-10-10"))

    @Test("No history is no grants on record: every programme decides as before")
    func noHistory() throws {
        let assessment = try Self.assess(.empty)
        #expect(assessment.decision("relief")?.outcome == .eligible)
        #expect(assessment.decision("warmth")?.cashPerYear == Money(fen: 30_000))
        #expect(assessment.decisions.allSatisfy { $0.historyUsed.isEmpty })
    }

    @Test("granted_this_year finds the programme's grant of this calendar year; each item used is recorded")
    func grantedThisYear() throws {
        let assessment = try Self.assess(History(grants: [Self.warmthFromCity, Self.reliefInMarch]))
        let relief = try #require(assessment.decision("relief"))
        #expect(relief.outcome == .ineligible)
        #expect(relief.reasons.map(\.text) == ["本年度已于 2026-03-10 领取生活救助 500.00 元"])
        #expect(relief.historyUsed == [2])
        // A year later it is last year's grant: not this year's, but income of the last twelve months.
        let later = try Self.assess(History(grants: [Self.reliefLastYear]), on: "2026-09-01")
        #expect(later.decision("relief")?.outcome == .ineligible)
        #expect(later.decision("relief")?.reasons.map(\.code) == ["above_line"])
        #expect(later.decision("relief")?.historyUsed == [1])
        #expect(later.facts.first { $0.id == "counted_income" }?.value == .money(Money(fen: 130_000)))
    }

    @Test("cash_this_year sums what fits the filter: by programme, excluding a fund")
    func cashThisYear() throws {
        let assessment = try Self.assess(History(grants: [Self.warmthFromCentre, Self.warmthFromCity, Self.reliefLastYear]))
        let warmth = try #require(assessment.decision("warmth"))
        #expect(warmth.cashPerYear == Money(fen: 20_000))
        #expect(warmth.historyUsed == [1])
    }

    @Test("History items a fact used are recorded on every decision that read the fact; a policy's in its own list")
    func throughFactsAndPolicies() throws {
        let history = History(grants: [Self.reliefLastYear, Self.warmthFromCentre, Self.reliefInMarch])
        let assessment = try Self.assess(history, policy: Self.policy)
        #expect(assessment.history == history)
        // relief read granted_this_year (item 3) and stopped: it never computed the income.
        #expect(assessment.decision("relief")?.historyUsed == [3])
        #expect(assessment.policyHistoryUsed == [2, 3])
        #expect(assessment.decision("warmth")?.outcome == .ineligible)
        #expect(assessment.decision("warmth")?.reasons.last?.code == "cap")

        let counting = ("warmth", """
            programme {
              id = "warmth", title = "慰问", basis = "办法第十条",
              decide = function()
                local times = #history.grants_this_year{programme = "warmth"}
                return eligible { reason("counted", "已领 " .. times .. " 次，收入 " .. money.text(facts.counted_income), "办法第十条"),
                                  cash(100, "once") }
              end,
            }
            """)
        let income = try Self.assessor(programmes: [Self.programmes[0], counting])
        let profile = try RuleSetFixture.profile("{name: 王某, birth_date: 1970-05-01, income: 800}", schema: income.ruleSet.schema)
        let assessed = income.assess(profile, on: Self.day("2026-09-01"), history: history)
        // warmth read its own grant this year (item 2), then the income fact, which used items 1 and 3
        // (item 2 does not count as income).
        #expect(assessed.decision("warmth")?.historyUsed == [2, 1, 3])
    }

    @Test("A helper refuses a programme not in force, a fund the rule set does not name and an unknown filter key, at the rule's line")
    func helperMistakes() throws {
        for (call, message) in [
            ("history.granted_this_year(\"releif\")", "history.granted_this_year：\"releif\" 不是实施中的项目（是否要写 'relief'？）"),
            ("history.cash_this_year{fund = \"cetre\"}", "history.cash_this_year：\"cetre\" 不是规则集的资金（是否要写 'centre'？）"),
            ("history.income_last_12_months{programmes = \"relief\"}", "history.income_last_12_months：未知的键 \"programmes\"（是否要写 'programme'？）（可用的有 programme、fund 和 except_fund）"),
        ] {
            let assessor = try Self.assessor(programmes: [RuleSetFixture.programme("relief", "local x = \(call)"), Self.programmes[1]])
            let profile = try RuleSetFixture.profile("{name: 王某, birth_date: 1970-05-01}", schema: assessor.ruleSet.schema)
            let relief = try #require(assessor.assess(profile, on: Self.day("2026-09-01")).decision("relief"))
            #expect(relief.outcome == .error)
            #expect(relief.failure?.message == message)
            #expect(relief.failure?.location == SourceLocation(file: "programmes/relief.lua", line: 6))
        }
    }

    @Test("History items are read-only")
    func itemsReadOnly() throws {
        let assessor = try Self.assessor(programmes: [
            RuleSetFixture.programme("relief", "history.grants_this_year()[1].amount = 1"), Self.programmes[1],
        ])
        let profile = try RuleSetFixture.profile("{name: 王某, birth_date: 1970-05-01}", schema: assessor.ruleSet.schema)
        let relief = try #require(assessor.assess(profile, on: Self.day("2026-09-01"), history: History(grants: [Self.reliefInMarch])).decision("relief"))
        #expect(relief.outcome == .error)
        #expect(relief.failure?.message.contains("帮扶记录不能由规则修改") == true)
    }

    // MARK: A profile document's history:

    @Test("A profile document's history: is read beside its fields; given twice it is refused")
    func documentHistory() throws {
        let assessor = try Self.assessor()
        let document = try DocumentNode.parse("""
            name: 王某
            birth_date: 1970-05-01
            history:
              - {programme: relief, fund: centre, amount: 500, granted: 2026-03-10, schedule: once}
            """, displayName: "p.yaml")
        let assessment = try assessor.assess(document: document, source: "p.yaml", on: Self.day("2026-09-01")).get()
        #expect(assessment.history.grants == [Self.reliefInMarch])
        #expect(assessment.decision("relief")?.outcome == .ineligible)

        let beside = try DocumentNode.parse("[]", displayName: "c.yaml")
        let twice = assessor.assess(document: document, source: "p.yaml", on: Self.day("2026-09-01"), history: beside, historySource: "c.yaml")
        #expect(throws: DiagnosticList.self) { try twice.get() }
        if case .failure(let problems) = twice {
            #expect(problems.diagnostics.map(\.description) == [
                "p.yaml:4: history: 帮扶记录给了两次：档案里一次，旁边（c.yaml）又一次；只保留一处",
            ])
        }
    }

    @Test("A schema may not declare a top-level field named history")
    func reservedName() throws {
        let fixture = try RuleSetFixture(programmes: [Self.programmes[1]], files: [
            "schema.yaml": RuleSetFixture.schema + "\n  history: {type: string, label: 历史}\n",
        ])
        #expect { try fixture.ruleSet() } throws: { error in
            (error as! DiagnosticList).diagnostics.contains { $0.message.zh.hasPrefix("'history' 是保留名") }
        }
    }
}
