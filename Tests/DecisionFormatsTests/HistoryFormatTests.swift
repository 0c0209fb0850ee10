import DecisionFormats
import Eligibility
import EligibilityTesting
import Foundation
import Testing

/// The history an assessment was given, and the items each decision used, in every output.
@Suite("History in the outputs")
struct HistoryFormatTests {
    static func assessed(history: String?) throws -> Assessment {
        let fixture = try RuleSetFixture(programmes: [("yearly", RuleSetFixture.onceAYearProgramme), ("basic", RuleSetFixture.basicProgramme)])
        let text = "{name: 王某, birth_date: 1970-05-01" + (history.map { ", history: [\($0)]" } ?? "") + "}"
        let document = try DocumentNode.parse(text, displayName: "p.yaml")
        return try fixture.assessor().assess(document: document, source: "p.yaml", on: CivilDate("2026-09-01")!).get()
    }

    @Test("JSON lists the history with numbered items and each decision's history_used")
    func json() throws {
        let json = AssessmentJSON.value(try Self.assessed(history: RuleSetFixture.onceAYearGrant)).rendered()
        #expect(json.contains(#""history":[{"item":1,"programme":"yearly","fund":"centre","amount":"1000.00","granted":"2026-03-10","schedule":"once","months":null,"counts_as_income":true,"reference":null}]"#))
        #expect(json.contains(#""parameters_used":[],"history_used":[1]"#))
        #expect(json.contains(#""policy_history_used":[]"#))
        let none = AssessmentJSON.value(try Self.assessed(history: nil)).rendered()
        #expect(none.contains(#""history":[]"#))
    }

    @Test("A stored answer reads back its history and the items each decision used; an older one reads as none on record")
    func readsBack() throws {
        let assessment = try Self.assessed(history: RuleSetFixture.onceAYearGrant)
        let document = try AssessmentDocument(json: stored(assessment))
        expectSame(document, assessment)
        #expect(document.history.grants.count == 1)
        #expect(document.decisions.first?.historyUsed == [1])

        var older = AssessmentJSON.value(assessment).rendered()
        for key in [#","history":[{"item":1,"programme":"yearly","fund":"centre","amount":"1000.00","granted":"2026-03-10","schedule":"once","months":null,"counts_as_income":true,"reference":null}]"#,
                    #","history_used":[1]"#, #","history_used":[]"#, #","policy_history_used":[]"#] {
            older = older.replacingOccurrences(of: key, with: "")
        }
        #expect(!older.contains("history"))
        let read = try AssessmentDocument(json: older)
        #expect(read.history.isEmpty && read.decisions.allSatisfy { $0.historyUsed.isEmpty })
    }

    @Test("The sheet says what history it used; the trace shows each item a decision used")
    func sheet() throws {
        let assessment = try Self.assessed(history: RuleSetFixture.onceAYearGrant)
        let plain = DecisionSheet().render(assessment)
        #expect(plain.contains("已有帮扶记录：1 条，评估已据此计算"))
        #expect(!plain.contains("[记录]"))
        let traced = DecisionSheet(explain: true).render(assessment)
        #expect(traced.contains("   [记录] #1 年度救助（yearly）1,000.00 元，2026-03-10 发放；资金 centre；计入收入"))
        #expect(traced.contains("【帮扶记录】\n  #1 年度救助（yearly）"))
        #expect(DecisionSheet().render(try Self.assessed(history: nil)).contains("已有帮扶记录：无"))
    }
}
