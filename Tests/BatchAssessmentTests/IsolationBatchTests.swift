import BatchAssessment
import Eligibility
import EligibilityTesting
import Foundation
import Testing

/// Rules that try to carry values from one applicant to the next, or build text in the order Lua
/// happens to keep a table's keys: a batch still writes the same bytes for any number of jobs.
@Suite("Batch output whatever the rules keep")
struct IsolationBatchTests {
    static let remembering = """
        local first
        local seen = {}
        local KINDS = { urban = "城镇", rural = "农村", migrant = "进城务工", retired = "退休", disabled = "残疾" }
        programme {
          id = "remembering",
          title = "记忆",
          basis = "测试",
          decide = function()
            first = first or profile.name
            local labels = {}
            for code, label in pairs(KINDS) do labels[#labels + 1] = code .. ":" .. label end
            local mine = {}
            for i = 1, 20 do mine["m" .. i] = i end
            for k in pairs(mine) do labels[#labels + 1] = k end
            if profile.income > 150000 then seen[#seen + 1] = profile.name end
            return eligible { reason("first", first .. " " .. table.concat(labels, ","), "测试"), service("测试服务") }
          end,
        }
        """

    static func run(_ path: String, jobs: Int) throws -> [String] {
        let rules = try RuleSetFixture(programmes: [("basic", RuleSetFixture.basicProgramme), ("remembering", remembering)]).ruleSet()
        var lines: [String] = []
        let options = BatchOptions(date: CivilDate("2026-09-01")!, format: .jsonl, full: true, jobs: jobs, chunkSize: 7)
        _ = BatchRunner.run(try RecordSources.open(path), ruleSet: rules, options: options) { lines.append($0) }
        return lines
    }

    @Test func theSameBytesForOneJobAndTwo() throws {
        let people = (1...60).map { #"{"name": "申请人\#($0)", "birth_date": "1970-01-01", "income": "\#($0 * 50)"}"# }
        let path = try BatchTests.file("people.jsonl", people.joined(separator: "\n") + "\n")
        let one = try Self.run(path, jobs: 1)
        let two = try Self.run(path, jobs: 2)
        #expect(one.count == 60)
        #expect(one == two)
        let kinds = "disabled:残疾,migrant:进城务工,retired:退休,rural:农村,urban:城镇"
        let mine = (1...20).map { "m\($0)" }.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
        for (index, line) in one.enumerated() {
            if index < 30 {
                // Each decision names its own applicant, whoever the job assessed before.
                #expect(line.contains(#""text":"申请人\#(index + 1) \#(kinds),\#(mine.joined(separator: ","))""#), "\(line)")
            } else {
                // Writing into the file's table is refused for the applicants that try, and only for them.
                #expect(line.contains("规则文件加载时建立的表不能由规则修改"), "\(line)")
            }
            if index > 0 { #expect(!line.contains("申请人1 ")) }
        }
    }
}
