import Eligibility
import Foundation

/// A small purpose-made rule set written to a temporary folder, for tests of the engine, the case
/// runner and the command-line tool.
package struct RuleSetFixture {
    package static let schema = """
        screening: [name, birth_date]
        fields:
          name: {type: string, label: 姓名, required: true}
          birth_date: {type: date, label: 出生日期, required: true}
          income: {type: money, label: 月收入, default: 0, default_reason: 未填写即无收入（测试用的约定）}
          household:
            type: object
            label: 家庭
            fields:
              members:
                type: list
                label: 成员
                default: []
                default_reason: 未填写即单人户
                item:
                  fields:
                    monthly_income: {type: money, label: 月收入, default: 0, default_reason: 未填写即无收入（测试用的约定）}
        """

    package static let basicProgramme = """
        programme {
          id = "basic",
          title = "基本救助",
          basis = "办法第八条",
          decide = function()
            if facts.income_per_head > params.dibao.urban then
              return ineligible { reason("above_dibao", "人均收入高于低保标准", "办法第五条") }
            end
            return eligible {
              reason("below_dibao", "人均收入 " .. money.text(facts.income_per_head) .. " 元", "办法第五条"),
              cash(money.scale(params.dibao.urban, params.share), "monthly", "救助金"),
            }
          end,
        }
        """

    /// A programme paid once a year: refused when the household's history shows a grant of it this
    /// calendar year (`onceAYearGrant`).
    package static let onceAYearProgramme = """
        programme {
          id = "yearly",
          title = "年度救助",
          basis = "办法第十二条",
          decide = function()
            local g = history.granted_this_year("yearly")
            if g then
              return ineligible { reason("already_granted", "本年度已于 " .. g.date .. " 领取" .. g.title, "办法第十二条") }
            end
            return eligible { reason("first_this_year", "本年度首次申请", "办法第十二条"), cash(100000, "yearly", "年度救助金") }
          end,
        }
        """

    /// A grant of `onceAYearProgramme` in March 2026, as a `history:` list item.
    package static let onceAYearGrant = "{programme: yearly, fund: centre, amount: 1000, granted: 2026-03-10, schedule: once}"

    /// The fixture's facts and parameters by topic, as `facts/*.lua` and `parameters/*.yaml` hold them
    /// in the split layout (`byTopic`); the single files `facts.lua` and `parameters.yaml` are the same
    /// texts one after the other.
    package static let factsAndParametersByTopic = [
        "facts/household.lua": householdFacts,
        "facts/income.lua": incomeFacts,
        "parameters/dibao.yaml": dibaoParameters,
        "parameters/share.yaml": shareParameters,
    ]

    package static let facts = householdFacts + "\n" + incomeFacts
    package static let parameters = dibaoParameters + "\n" + shareParameters

    static let householdFacts = """
        fact {
          id = "people",
          title = "家庭人口",
          type = "integer",
          compute = function() return 1 + #profile.household.members end,
        }
        """

    static let incomeFacts = """
        local calls = 0
        fact {
          id = "income_per_head",
          title = "人均月收入",
          type = "money",
          compute = function()
            local total = profile.income + sum(profile.household.members, function(m) return m.monthly_income end)
            return money.per_head(total, facts.people)
          end,
        }
        fact {
          id = "times_computed",
          title = "计算次数",
          type = "integer",
          compute = function() calls = calls + 1; return calls end,
        }
        """

    static let dibaoParameters = """
        dibao:
          urban:
            label: 城市低保标准
            unit: yuan_per_month
            reference: XX民发〔2023〕12号
            values:
              2020-07-01: 740
              2023-07-01: 940
        """

    static let shareParameters = """
        share:
          label: 救助比例
          unit: ratio
          reference: 办法第九条
          values: {2020-01-01: 0.8}
        """

    package var directory: URL

    /// Writes the rule set; `programmes` maps id to source, in sheet order. `facts` and `parameters`
    /// are the single files (nil: none); `files` adds more by path (`facts/income.lua`).
    package init(programmes: [(String, String)], policy: String? = nil, facts: String? = Self.facts,
                parameters: String? = Self.parameters, schema: String = Self.schema, files: [String: String] = [:]) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("bangfu-fixture-\(UUID().uuidString)")
        let folder = directory.appendingPathComponent("programmes")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        func write(_ name: String, _ text: String) throws {
            let url = directory.appendingPathComponent(name)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
        try write("ruleset.yaml", "title: 测试规则\napplicant: {name: name}\nprogrammes:\n" + programmes.map { "  - \($0.0)\n" }.joined())
        try write("schema.yaml", schema)
        if let parameters { try write("parameters.yaml", parameters) }
        if let facts { try write("facts.lua", facts) }
        for (id, source) in programmes { try write("programmes/\(id).lua", source) }
        if let policy { try write("policy.lua", policy) }
        for (path, text) in files { try write(path, text) }
    }

    /// The fixture with its facts and parameters split by topic (`factsAndParametersByTopic`), plus `files`.
    package static func byTopic(programmes: [(String, String)] = [("basic", basicProgramme)],
                               adding files: [String: String] = [:]) throws -> RuleSetFixture {
        try RuleSetFixture(programmes: programmes, facts: nil, parameters: nil,
                           files: factsAndParametersByTopic.merging(files) { $1 })
    }

    package func ruleSet() throws -> RuleSet { try RuleSet.load(from: directory) }

    package func assessor() throws -> Assessor { try Assessor(ruleSet: try ruleSet()) }

    /// The fixture's applicant (income per head 500.00), as profile files and case files write it.
    package static let sampleProfile = "{name: 王某, birth_date: 1970-05-01, income: 1000, household: {members: [{monthly_income: 500}, {}]}}"

    package static func profile(_ yaml: String = sampleProfile, schema: Schema) throws -> Profile {
        try ProfileValidator(schema: schema).validate(try DocumentNode.parse(yaml, displayName: "p.yaml"), source: "p.yaml")
    }

    /// Assesses the default profile (income per head 500.00) on a date.
    package func assess(on date: String = "2026-09-01", profile yaml: String? = nil) throws -> Assessment {
        let assessor = try assessor()
        let profile = try yaml.map { try Self.profile($0, schema: assessor.ruleSet.schema) } ?? Self.profile(schema: assessor.ruleSet.schema)
        return assessor.assess(profile, on: CivilDate(date)!)
    }

    /// A folder of `count` case files for the sample applicant under the basic programme, tagged even and
    /// odd; the odd ones expect the wrong cash.
    package static func caseFolder(count: Int) throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("cases-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        for index in 0..<count {
            let cash = index % 2 == 0 ? "752.00" : "700.00"
            let text = """
                name: case \(index)
                on: 2026-09-01
                tags: [\(index % 2 == 0 ? "even" : "odd")]
                profile: \(sampleProfile)
                expect:
                  programmes:
                    basic: {outcome: eligible, cash: \(cash), reasons: [below_dibao]}   # keep this comment
                """
            try text.write(toFile: "\(folder)/case-\(index).yaml", atomically: true, encoding: .utf8)
        }
        return folder
    }

    /// A programme file whose decide runs `body` (Lua) and, if it returns, is eligible for a service.
    package static func programme(_ id: String, _ body: String) -> (String, String) {
        (id, """
            programme {
              id = "\(id)",
              title = "\(id)",
              basis = "测试",
              decide = function()
                \(body)
                return eligible { reason("ok", "通过", "测试"), service("测试服务") }
              end,
            }
            """)
    }
}
