import EligibilityTesting
import Testing
@testable import Eligibility

@Suite("Facts and parameters split by topic")
struct SplitLayoutTests {
    static func problems(_ fixture: RuleSetFixture) -> [String] {
        loadingProblems { () throws(DiagnosticList) in try RuleSet.load(from: fixture.directory) }
    }

    @Test func assessesAsTheSingleFilesDo() throws {
        let split = try RuleSetFixture.byTopic()
        let ruleSet = try split.ruleSet()
        #expect(ruleSet.files.map(\.path) == ["facts/household.lua", "facts/income.lua", "programmes/basic.lua"])
        #expect(ruleSet.parameters.parameters.map(\.place) == ["parameters/dibao.yaml:3", "parameters/share.yaml:2"])

        let assessor = try split.assessor()
        #expect(assessor.loadProblems.isEmpty)
        #expect(assessor.facts.map(\.id) == ["people", "income_per_head", "times_computed"])
        #expect(assessor.facts.map { $0.location?.file } == ["facts/household.lua", "facts/income.lua", "facts/income.lua"])
        let single = try RuleSetFixture(programmes: [("basic", RuleSetFixture.basicProgramme)]).assess()
        let assessment = try split.assess()
        #expect(assessment.decisions.map(\.benefits) == single.decisions.map(\.benefits))
        #expect(assessment.facts.map(\.value) == single.facts.map(\.value))
        #expect(assessment.decision("basic")?.parametersUsed.map(\.path) == ["dibao.urban", "share"])
    }

    @Test func theSingleFilesAndTheFoldersAreReadTogether() throws {
        let fixture = try RuleSetFixture(programmes: [("basic", RuleSetFixture.basicProgramme)], files: [
            "facts/extra.lua": "fact { id = \"adults\", title = \"成年人\", type = \"integer\", compute = function() return 1 end }\n",
            "parameters/extra.yaml": "bonus:\n  label: 奖励\n  unit: yuan\n  reference: 第三条\n  values: {2020-01-01: 10}\n",
        ])
        let ruleSet = try fixture.ruleSet()
        #expect(ruleSet.files.map(\.path) == ["facts.lua", "facts/extra.lua", "programmes/basic.lua"])
        #expect(ruleSet.parameters.parameters.map(\.path) == ["dibao.urban", "share", "bonus"])
        #expect(try fixture.assessor().facts.map(\.id) == ["people", "income_per_head", "times_computed", "adults"])
    }

    @Test func aParameterDefinedInTwoFilesNamesBoth() throws {
        // A parameters.yaml left behind after splitting it by topic.
        let fixture = try RuleSetFixture.byTopic(adding: ["parameters.yaml": RuleSetFixture.parameters])
        #expect(Self.problems(fixture) == [
            "parameters/dibao.yaml:3: dibao.urban: 定义了两次：parameters.yaml:3 也有（只保留一处）",
            "parameters/share.yaml:2: share: 定义了两次：parameters.yaml:10 也有（只保留一处）",
        ])
    }

    @Test func aParameterThatAnotherFileMakesAGroupIsAClash() throws {
        let fixture = try RuleSetFixture.byTopic(adding: ["parameters/more.yaml": """
            dibao:
              urban:
                extra: {label: 附加, unit: yuan, reference: 第四条, values: {2020-01-01: 5}}
            """])
        #expect(Self.problems(fixture) == [
            "parameters/more.yaml:3: dibao.urban.extra: 与 parameters/dibao.yaml:3 的 'dibao.urban' 冲突"
            + "（一个名字要么是参数，要么是一组参数）",
        ])
    }

    @Test func problemsInAFileOfAFolderNameThatFile() throws {
        let fixture = try RuleSetFixture.byTopic(adding: [
            "parameters/share.yaml": "share:\n  label: 救助比例\n  unit: ratio\n  values: {2020-01-01: 0.8}\n",
            "parameters/broken.yaml": "a: [1, 2\n",
        ])
        let problems = Self.problems(fixture)
        #expect(problems.contains { $0.hasPrefix("parameters/share.yaml:4: share: 自 2020-01-01 起的值没有 'reference'") }, "\(problems)")
        #expect(problems.contains { $0.hasPrefix("parameters/broken.yaml:") && $0.contains("不是有效的 YAML") }, "\(problems)")
    }

    @Test func aFactDefinedInTwoFilesNamesBoth() throws {
        let fixture = try RuleSetFixture.byTopic(adding: [
            "facts/more.lua": "\nfact { id = \"people\", title = \"人口\", type = \"integer\", compute = function() return 1 end }\n",
        ])
        #expect(try fixture.assessor().loadProblems.map(\.description)
                == ["facts/more.lua:2: 事实 'people' 定义了两次（第一次在 facts/household.lua:1）"])
    }

    @Test func checkNamesTheFilesOfTheSplitLayout() throws {
        let fixture = try RuleSetFixture.byTopic(programmes: [("basic", RuleSetFixture.basicProgramme),
            RuleSetFixture.programme("typos", "local a = params.dibao.urbn + facts.peple")],
            adding: ["parameters/unused.yaml": "unused:\n  label: 没人用\n  unit: months\n  reference: r\n  values: {2020-01-01: 1}\n"])
        let ruleSet = try fixture.ruleSet()
        let options = RuleSetCheck.Options(date: CivilDate("2026-09-01")!)
        let findings = RuleSetCheck(ruleSet: ruleSet, assessor: try Assessor(ruleSet: ruleSet), options: options).run().map(\.description)
        #expect(findings.contains("programmes/typos.lua:6: 未知的事实 'peple'（是否要写 'people'？）"
                                  + "（事实用 fact { id = … } 在 facts/*.lua 中声明）"), "\(findings)")
        #expect(findings.contains("programmes/typos.lua:6: 未知的参数 'dibao.urbn'（是否要写 'dibao.urban'？）"
                                  + "（参数在 parameters/*.yaml 中声明）"), "\(findings)")
        #expect(findings.contains("parameters/unused.yaml:2: unused: 没有规则用到这个参数（删除它，或在规则中用 params.unused 读取）"),
                "\(findings)")
    }
}
