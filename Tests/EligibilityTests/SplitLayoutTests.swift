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
            "parameters/dibao.yaml:3: dibao.urban: defined twice: also at parameters.yaml:3 (keep one of them)",
            "parameters/share.yaml:2: share: defined twice: also at parameters.yaml:10 (keep one of them)",
        ])
    }

    @Test func aParameterThatAnotherFileMakesAGroupIsAClash() throws {
        let fixture = try RuleSetFixture.byTopic(adding: ["parameters/more.yaml": """
            dibao:
              urban:
                extra: {label: 附加, unit: yuan, reference: 第四条, values: {2020-01-01: 5}}
            """])
        #expect(Self.problems(fixture) == [
            "parameters/more.yaml:3: dibao.urban.extra: clashes with 'dibao.urban' at parameters/dibao.yaml:3"
            + " (a name is either a parameter or a group of parameters)",
        ])
    }

    @Test func problemsInAFileOfAFolderNameThatFile() throws {
        let fixture = try RuleSetFixture.byTopic(adding: [
            "parameters/share.yaml": "share:\n  label: 救助比例\n  unit: ratio\n  values: {2020-01-01: 0.8}\n",
            "parameters/broken.yaml": "a: [1, 2\n",
        ])
        let problems = Self.problems(fixture)
        #expect(problems.contains { $0.hasPrefix("parameters/share.yaml:4: share: the value from 2020-01-01 has no 'reference'") }, "\(problems)")
        #expect(problems.contains { $0.hasPrefix("parameters/broken.yaml:") && $0.contains("not valid YAML") }, "\(problems)")
    }

    @Test func aFactDefinedInTwoFilesNamesBoth() throws {
        let fixture = try RuleSetFixture.byTopic(adding: [
            "facts/more.lua": "\nfact { id = \"people\", title = \"人口\", type = \"integer\", compute = function() return 1 end }\n",
        ])
        #expect(try fixture.assessor().loadProblems.map(\.description)
                == ["facts/more.lua:2: fact 'people' is defined twice (first at facts/household.lua:1)"])
    }

    @Test func checkNamesTheFilesOfTheSplitLayout() throws {
        let fixture = try RuleSetFixture.byTopic(programmes: [("basic", RuleSetFixture.basicProgramme),
            RuleSetFixture.programme("typos", "local a = params.dibao.urbn + facts.peple")],
            adding: ["parameters/unused.yaml": "unused:\n  label: 没人用\n  unit: months\n  reference: r\n  values: {2020-01-01: 1}\n"])
        let ruleSet = try fixture.ruleSet()
        let options = RuleSetCheck.Options(date: CivilDate("2026-09-01")!)
        let findings = RuleSetCheck(ruleSet: ruleSet, assessor: try Assessor(ruleSet: ruleSet), options: options).run().map(\.description)
        #expect(findings.contains("programmes/typos.lua:6: unknown fact 'peple' (did you mean 'people'?)"
                                  + " (facts are declared with fact { id = … } in facts/*.lua)"), "\(findings)")
        #expect(findings.contains("programmes/typos.lua:6: unknown parameter 'dibao.urbn' (did you mean 'dibao.urban'?)"
                                  + " (parameters are declared in parameters/*.yaml)"), "\(findings)")
        #expect(findings.contains("parameters/unused.yaml:2: unused: no rule uses this parameter (remove it, or read it as params.unused)"),
                "\(findings)")
    }
}
