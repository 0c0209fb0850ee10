import DecisionFormats
import Eligibility
import EligibilityTesting
import Foundation
import Testing

/// Every part a stored answer shows: cash by more than one period, entitlements, goods with and without a
/// value, services with and without detail, a referral, a rule error, a policy reason and a policy failure.
func everyPartFixture() throws -> RuleSetFixture {
    try RuleSetFixture(programmes: [
        ("basic", RuleSetFixture.basicProgramme),
        ("kinds", """
            programme { id = "kinds", title = "各类待遇", basis = "办法第十条", decide = function()
              return eligible {
                reason("all_kinds", "各类待遇", "办法第十条"),
                cash(1128000, "yearly", "生活救助金"),
                cash(50000, "once"),
                entitlement(6600000, "once", "用人单位", "一次性伤残补助金"),
                entitlement(120000, "monthly", "工伤保险基金"),
                in_kind("大米", 2, "袋", 10000),
                in_kind("慰问品", 1, "份"),
                service("法律援助", "代写诉状"),
                service("就业指导"),
              }
            end }
            """),
        ("referred", """
            programme { id = "referred", title = "转介", basis = "办法第十一条", decide = function()
              return refer { reason("unclear", "材料不全", "办法第十一条"), service("社工走访", "两周内") }
            end }
            """),
        RuleSetFixture.programme("broken", "error('坏了')"),
    ], policy: """
        policy { id = "broken_policy", title = "坏", cite = "c", apply = function(decisions) withhold("nope", reason("x", "y", "z")) end }
        policy {
          id = "cap", title = "年度上限", cite = "办法第二十一条",
          apply = function(decisions)
            limit_cash("kinds", 1000000, reason("yearly_cap", "超过年度上限", "办法第二十一条"))
          end,
        }
        """)
}

/// The sample rule set and applicants of this repository.
let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

func stored(_ assessment: Assessment) -> String { AssessmentJSON.value(assessment).rendered(indent: true) + "\n" }

/// The document read back says what the assessment said.
func expectSame(_ document: AssessmentDocument, _ assessment: Assessment, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
    #expect(document.profile == assessment.profileSource, sourceLocation: sourceLocation)
    #expect(document.applicantName == assessment.applicantName && document.applicantID == assessment.applicantID,
            sourceLocation: sourceLocation)
    #expect(document.date == assessment.date, sourceLocation: sourceLocation)
    #expect(document.ruleSetTitle == assessment.ruleSetTitle && document.ruleSetHash == assessment.ruleSetHash,
            sourceLocation: sourceLocation)
    #expect(document.complete == !assessment.hasFailures, sourceLocation: sourceLocation)
    #expect(document.decisions.count == assessment.decisions.count, sourceLocation: sourceLocation)
    for (read, decision) in zip(document.decisions, assessment.decisions) {
        #expect(read.programme == decision.id && read.title == decision.title && read.basis == decision.basis,
                sourceLocation: sourceLocation)
        #expect(read.outcome == decision.outcome, "\(decision.id)", sourceLocation: sourceLocation)
        #expect(read.reasons == decision.reasons, "\(decision.id)", sourceLocation: sourceLocation)
        #expect(read.benefits == decision.benefits, "\(decision.id)", sourceLocation: sourceLocation)
        #expect(read.decidedAt == decision.decidedAt, "\(decision.id)", sourceLocation: sourceLocation)
        #expect(read.factsUsed == decision.factsUsed, "\(decision.id)", sourceLocation: sourceLocation)
        #expect(read.historyUsed == decision.historyUsed, "\(decision.id)", sourceLocation: sourceLocation)
        #expect(read.failure == decision.failure, "\(decision.id)", sourceLocation: sourceLocation)
        #expect(read.missing.map { [$0.path, $0.label, $0.section, $0.evidence ?? ""] }
                == decision.missing.map { [$0.path, $0.label, $0.section, $0.evidence ?? ""] }, "\(decision.id)",
                sourceLocation: sourceLocation)
    }
    #expect(Period.allCases.map { document.cashTotals[$0] } == Period.allCases.map { assessment.cashTotals[$0] ?? .zero },
            sourceLocation: sourceLocation)
    #expect(document.cashPerYear == assessment.cashPerYear, sourceLocation: sourceLocation)
    #expect(document.policyFailures == assessment.policyFailures, sourceLocation: sourceLocation)
    #expect(document.history == assessment.history && document.policyHistoryUsed == assessment.policyHistoryUsed,
            sourceLocation: sourceLocation)
}

@Suite("A stored answer read back")
struct AssessmentDocumentTests {
    @Test func everyPartOfAnAnswerReadsBackAsTheDomainsValues() throws {
        let assessment = try everyPartFixture().assess()
        // The fixture does give every part it is meant to.
        #expect(assessment.decisions.map(\.outcome) == [.eligible, .eligible, .refer, .error])
        #expect(assessment.decision("kinds")?.benefits.count == 7) // the policy's cap takes the once cash away
        #expect(assessment.decision("kinds")?.reasons.last?.policy == "cap")
        #expect(assessment.decision("broken")?.failure?.kind == .ruleError)
        #expect(assessment.policyFailures.count == 1)

        let document = try AssessmentDocument(json: stored(assessment))
        expectSame(document, assessment)
        #expect(document.cashTotals == [.once: .zero, .monthly: Money(fen: 75200), .yearly: Money(fen: 1000000)])
        #expect(document.cashPerYear == Money(fen: 75200 * 12 + 1000000))
    }

    @Test func theSampleApplicantsReadBackUnderTheSampleRules() throws {
        let assessor = try Assessor(ruleSet: try RuleSet.load(from: repository.appendingPathComponent("Rules")))
        let folder = repository.appendingPathComponent("Cases/applicants")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".yaml") }.sorted()
        #expect(files.count > 40)
        func kind(_ benefit: Benefit) -> String {
            switch benefit {
            case .cash: "cash"
            case .entitlement: "entitlement"
            case .inKind: "in_kind"
            case .service: "service"
            }
        }
        var kinds: Set<String> = []
        for file in files {
            let path = folder.appendingPathComponent(file).path
            let document = try DocumentNode.load(contentsOf: URL(fileURLWithPath: path), displayName: path)
            let assessment = try assessor.assess(document: document, source: path, on: CivilDate("2026-09-01")!).get()
            expectSame(try AssessmentDocument(json: stored(assessment)), assessment)
            kinds.formUnion(assessment.decisions.flatMap(\.benefits).map(kind))
        }
        #expect(kinds == ["cash", "entitlement", "in_kind", "service"])
    }

    @Test(arguments: [
        ("{\"format\": ", "not JSON"),
        ("[]", "Expected to decode"),
    ])
    func somethingThatIsNotAnAnswerIsRefused(text: String, message: String) {
        let error = #expect(throws: AssessmentDocument.Unreadable.self) { try AssessmentDocument(json: text) }
        #expect(error?.description.hasPrefix("not a readable bangfu.assessment/1 answer: ") == true, "\(String(describing: error))")
        #expect(error?.description.contains(message) == true, "\(String(describing: error))")
    }

    @Test(arguments: [
        ("\"bangfu.assessment/1\"", "\"bangfu.assessment/2\"",
         "format: expected \"bangfu.assessment/1\", got \"bangfu.assessment/2\""),
        ("\"amount\": \"752.00\"", "\"amount\": \"752.001\"",
         "decisions[1].benefits[1].amount: expected money (yuan, at most two decimals), got \"752.001\""),
        ("\"outcome\": \"eligible\"", "\"outcome\": \"maybe\"",
         "decisions[1].outcome: expected one of \"eligible\", \"ineligible\", \"refer\", \"needs_information\", \"error\", got \"maybe\""),
        ("\"kind\": \"cash\"", "\"kind\": \"voucher\"",
         "decisions[1].benefits[1].kind: expected cash, entitlement, in_kind or service, got \"voucher\""),
        ("\"period\": \"monthly\"", "\"period\": \"weekly\"",
         "decisions[1].benefits[1].period: expected one of \"once\", \"monthly\", \"yearly\", got \"weekly\""),
        ("\"title\": \"基本救助\",", "", "decisions[1].title: missing"),
        ("\"date\": \"2026-09-01\"", "\"date\": \"2026-09-31\"", "date: not a date: 2026-09-31"),
        ("\"monthly\": \"752.00\"", "\"monthly\": 752", "totals.cash.monthly: "),
    ])
    func aMalformedAnswerIsRefusedSayingWhereAndWhy(original: String, replacement: String, message: String) throws {
        let answer = stored(try RuleSetFixture(programmes: [("basic", RuleSetFixture.basicProgramme)]).assess())
        #expect(answer.contains(original))
        let error = #expect(throws: AssessmentDocument.Unreadable.self) {
            try AssessmentDocument(json: answer.replacingOccurrences(of: original, with: replacement))
        }
        #expect(error?.description.hasPrefix("not a readable bangfu.assessment/1 answer: " + message) == true,
                "\(String(describing: error))")
    }
}
