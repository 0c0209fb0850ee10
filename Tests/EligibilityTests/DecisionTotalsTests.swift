import Testing
@testable import Eligibility

@Suite("What decisions come to")
struct DecisionTotalsTests {
    static func decision(_ id: String, _ outcome: Outcome, _ benefits: [Benefit]) -> ProgrammeDecision {
        ProgrammeDecision(id: id, title: id, basis: "", outcome: outcome, reasons: [Reason(code: "r", text: "t", citation: "c")],
                          benefits: benefits, decidedAt: nil, factsUsed: [], parametersUsed: [], failure: nil)
    }

    static func assessment(_ decisions: [ProgrammeDecision]) -> Assessment {
        Assessment(profileSource: "p.yaml", applicantName: nil, applicantID: nil, date: CivilDate("2026-09-01")!,
                   ruleSetTitle: "t", ruleSetHash: "h", decisions: decisions, facts: [], policyFailures: [])
    }

    static let paying = decision("paying", .eligible, [
        .cash(Money(fen: 75200), .monthly, label: "救助金"), .cash(Money(fen: 10000), .monthly, label: nil),
        .cash(Money(fen: 50000), .once, label: nil), .entitlement(Money(fen: 660000), .once, payer: "用人单位", label: nil),
        .entitlement(Money(fen: 1000), .monthly, payer: "保险", label: nil), .service(name: "咨询", detail: nil),
    ])

    @Test func anEligibleDecisionPaysItsCashByPeriodAndOthersOweItsEntitlements() {
        #expect(Self.paying.cash == [.monthly: Money(fen: 85200), .once: Money(fen: 50000)])
        #expect(Self.paying.cashPerYear == Money(fen: 85200 * 12 + 50000))
        #expect(Self.paying.entitlements == Money(fen: 661000))
    }

    @Test func onlyEligibleDecisionsCount() {
        for outcome in [Outcome.ineligible, .refer, .error] {
            let decision = Self.decision("x", outcome, Self.paying.benefits)
            #expect(decision.cash.isEmpty && decision.cashPerYear == .zero && decision.entitlements == .zero, "\(outcome)")
        }
        let assessment = Self.assessment([Self.paying, Self.decision("referred", .refer, Self.paying.benefits),
                                          Self.decision("yearly", .eligible, [.cash(Money(fen: 1128000), .yearly, label: nil)])])
        #expect(assessment.cashTotals == [.once: Money(fen: 50000), .monthly: Money(fen: 85200), .yearly: Money(fen: 1128000)])
        #expect(assessment.cashPerYear == Money(fen: 85200 * 12 + 50000 + 1128000))
    }

    @Test func aComparisonGoesProgrammeByProgrammeInTheNewOrderThenTheRemovedOnes() {
        let before = Self.assessment([Self.decision("gone", .eligible, [.service(name: "s", detail: nil)]), Self.paying])
        let after = Self.assessment([Self.decision("paying", .ineligible, []), Self.decision("new", .refer, [])])
        let changes = DecisionChange.compare(before: before, after: after)
        #expect(changes.map(\.programme) == ["paying", "new", "gone"])
        #expect(changes.allSatisfy { $0.differs })
        #expect(changes[0].before?.cashPerYear == Self.paying.cashPerYear && changes[0].after?.cash == [:])
        #expect(changes[1].before == nil && changes[2].after == nil)
        #expect(DecisionChange.compare(before: before, after: before).allSatisfy { !$0.differs })
    }

    @Test func aRuleLineReadsBackFromHowItIsWritten() {
        for location in [SourceLocation(file: "programmes/living_relief.lua", line: 31), SourceLocation(file: "policy.lua", line: 0)] {
            #expect(SourceLocation(location.description) == location)
        }
        #expect(SourceLocation("a:b") == SourceLocation(file: "a:b", line: 0))
        #expect(SourceLocation("") == nil)
    }
}
