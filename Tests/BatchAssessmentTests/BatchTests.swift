import BatchAssessment
import Eligibility
import EligibilityTesting
import Foundation
import Testing

@Suite("Batch assessment")
struct BatchTests {
    static func file(_ name: String, _ text: String) throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("batch-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent(name).path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// Income per head of record i is i × 10 yuan a month, so the eligible ones (≤ 940) come first.
    static func population(_ count: Int) -> String {
        (1...count).map { #"{"name": "申请人\#($0)", "birth_date": "1970-01-01", "income": "\#($0 * 10)"}"# }
            .joined(separator: "\n") + "\n"
    }

    static func run(_ path: String, format: BatchOptions.Format = .jsonl, jobs: Int, chunk: Int = 7) throws -> ([String], BatchSummary) {
        let rules = try RuleSetFixture(programmes: [("basic", RuleSetFixture.basicProgramme)]).ruleSet()
        var lines: [String] = []
        let options = BatchOptions(date: CivilDate("2026-09-01")!, format: format, jobs: jobs, chunkSize: chunk)
        let summary = BatchRunner.run(try RecordSources.open(path), ruleSet: rules, options: options) { lines.append($0) }
        return (lines, summary)
    }

    @Test func outputIsInInputOrderAndTheSameForAnyNumberOfJobs() throws {
        let path = try Self.file("people.jsonl", Self.population(200))
        let (one, _) = try Self.run(path, jobs: 1)
        let (four, summary) = try Self.run(path, jobs: 4)
        #expect(one == four)
        #expect(one.count == 200)
        #expect(one[0].hasPrefix(#"{"record":1,"source":"\#(path):1","applicant":{"name":"申请人1","id":null}"#))
        #expect(one[199].contains(#""record":200"#))
        #expect(summary.records == 200)
        #expect(summary.outcomes["basic"]?[.eligible] == 94)
        #expect(summary.outcomes["basic"]?[.ineligible] == 106)
        #expect(summary.cash["basic"]?[.monthly] == Money(fen: 94 * 75200))
    }

    @Test func aBadRecordGetsAnErrorLineAndTheBatchGoesOn() throws {
        let text = #"{"name": "好", "birth_date": "1970-01-01"}"# + "\n\n"
            + #"{"name": "坏", "birth_date": "1970-13-01"}"# + "\nnot json\n"
            + #"{"name": "也好", "birth_date": "1970-01-01"}"# + "\n"
        let path = try Self.file("mixed.jsonl", text)
        let (lines, summary) = try Self.run(path, jobs: 2)
        #expect(lines.count == 4)
        #expect(lines[1] == #"{"record":2,"source":"\#(path):3","error":["\#(path):3: birth_date: 应填日期（YYYY-MM-DD），这里是 \"1970-13-01\""]}"#)
        #expect(lines[2].hasPrefix(#"{"record":3,"source":"\#(path):4","error":["\#(path):4:2: 不是有效的 JSON：这里应是 'null'"#))
        #expect(lines[3].contains(#""name":"也好""#))
        #expect(summary.unreadable == 2)
    }

    @Test func csvColumnsAreFieldPaths() throws {
        let csv = """
            name,birth_date,income,household.members[1].monthly_income,household.members[2].monthly_income
            "王, 某",1970-01-01,1000,500,
            李某,1980-01-01,3000,,
            """
        let path = try Self.file("people.csv", csv + "\n")
        let (lines, summary) = try Self.run(path, format: .csv, jobs: 2)
        #expect(lines[0] == "record,source,name,id,complete,cash_per_year,error,basic.outcome,basic.cash_per_year")
        // 王某: (1000 + 500 + 0) / 3 = 500 a head → eligible, 752 a month.
        #expect(lines[1] == #"1,\#(path):2,"王, 某",,true,9024.00,,eligible,9024.00"#)
        #expect(lines[2] == "2,\(path):3,李某,,true,0.00,,ineligible,0.00")
        #expect(summary.records == 2)
    }

    @Test func aFolderOfProfiles() throws {
        let first = try Self.file("a.yaml", "{name: 甲, birth_date: 1970-01-01, income: 100}")
        let folder = (first as NSString).deletingLastPathComponent
        try #"{"name": "乙", "birth_date": "1970-01-01", "income": 5000}"#.write(toFile: folder + "/b.json", atomically: true, encoding: .utf8)
        let (lines, _) = try Self.run(folder, jobs: 2)
        #expect(lines.count == 2)
        #expect(lines[0].contains(#""name":"甲""#) && lines[0].contains(#""outcome":"eligible""#))
        #expect(lines[1].contains(#""name":"乙""#) && lines[1].contains(#""outcome":"ineligible""#))
    }
}

@Suite("Synthetic populations")
struct PopulationTests {
    static let population = """
        fields:
          name: {chinese_name: true}
          birth_date: {between: [1950-01-01, 2000-12-31]}
          income: {normal: [1200, 600], min: 0}
          household.members: {count: {between: [0, 3]}}
          household.members[].monthly_income: {between: [0, 2000]}
        """

    static func generator() throws -> PopulationGenerator {
        let rules = try RuleSetFixture(programmes: [("basic", RuleSetFixture.basicProgramme)]).ruleSet()
        return PopulationGenerator(schema: rules.schema, population: try DocumentNode.parse(population, displayName: "population.yaml"))
    }

    @Test func theSameSeedGivesTheSamePeople() throws {
        let generator = try Self.generator()
        #expect((0..<50).map { generator.profile($0, seed: 3) } == (0..<50).map { generator.profile($0, seed: 3) })
        #expect(generator.profile(0, seed: 3) != generator.profile(0, seed: 4))
    }

    @Test func everyProfileIsValidAndDrawnAsAsked() throws {
        let generator = try Self.generator()
        let rules = try RuleSetFixture(programmes: [("basic", RuleSetFixture.basicProgramme)]).ruleSet()
        let validator = ProfileValidator(schema: rules.schema)
        var sizes = Set<Int>()
        for index in 0..<300 {
            let profile = try validator.validate(try DocumentNode.parse(generator.profile(index, seed: 9), displayName: "g", json: true),
                                                 source: "g")
            guard case .date(let birth)? = profile["birth_date"], case .money(let income)? = profile["income"],
                  case .list(let members)? = profile["household"]?["members"] else { Issue.record("missing fields"); return }
            #expect(birth >= CivilDate("1950-01-01")! && birth <= CivilDate("2000-12-31")!)
            #expect(income >= .zero)
            sizes.insert(members.count)
        }
        #expect(sizes == [0, 1, 2, 3])
    }
}
