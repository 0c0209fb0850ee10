import DecisionFormats
import Eligibility

package struct CaseResult: Sendable {
    package var testCase: TestCase
    /// Set when the case's profile does not match the rule set's schema, or its parameters do not exist.
    package var inputProblems: [Diagnostic]
    package var mismatches: [Mismatch]
    package var assessment: Assessment?

    package var passed: Bool { inputProblems.isEmpty && mismatches.isEmpty }
}

/// One difference between what a case expects and what the rules decided.
package struct Mismatch: Sendable, Hashable {
    /// `living_relief` or `facts.hardship_tier`.
    package var subject: String
    package var field: String
    package var expected: String
    package var actual: String
}

/// Runs cases against one rule set.
package final class CaseRunner {
    package let assessor: Assessor

    package init(assessor: Assessor) { self.assessor = assessor }

    package func run(_ testCase: TestCase) -> CaseResult {
        switch assessor.assess(document: testCase.profile, source: testCase.profileSource, on: testCase.date,
                               history: testCase.history, historySource: testCase.file,
                               overriding: testCase.parameterOverrides, alsoComputing: testCase.expectedFacts.map(\.id)) {
        case .success(let assessment):
            CaseResult(testCase: testCase, inputProblems: [], mismatches: compare(testCase, assessment), assessment: assessment)
        case .failure(let problems):
            CaseResult(testCase: testCase, inputProblems: problems.diagnostics, mismatches: [], assessment: nil)
        }
    }

    /// A word of a mismatch (`none`, `a decision`) in the rule set's language, as the report shows it.
    private func say(_ text: Text) -> String { text.rendered(in: assessor.ruleSet.language) }

    func compare(_ testCase: TestCase, _ assessment: Assessment) -> [Mismatch] {
        var mismatches: [Mismatch] = []
        for (id, expected) in testCase.expectedFacts {
            let subject = "facts.\(id)"
            guard let actual = assessment.facts.first(where: { $0.id == id }) else {
                let known = assessor.facts.contains { $0.id == id }
                mismatches.append(Mismatch(subject: subject, field: "value", expected: expected.scalarText ?? expected.shortDescription.zh,
                                           actual: say(known ? Text(zh: "没有值（这个事实计算出错）", en: "no value (the fact failed)")
                                                       : Text(zh: "没有这个事实", en: "no such fact") + Suggestion.hint(for: id, among: assessor.facts.map(\.id)))))
                continue
            }
            if !Self.matches(expected, actual.value) {
                mismatches.append(Mismatch(subject: subject, field: "value", expected: expected.scalarText ?? expected.shortDescription.zh,
                                           actual: Self.plain(actual.value)))
            }
        }
        for expected in testCase.expectedProgrammes {
            guard let decision = assessment.decision(expected.programme) else {
                mismatches.append(Mismatch(subject: expected.programme, field: "programme", expected: say(Self.aDecision),
                                           actual: say(Text(zh: "没有这个项目", en: "no such programme")
                                                       + Suggestion.hint(for: expected.programme, among: assessment.decisions.map(\.id)))))
                continue
            }
            mismatches += compare(expected, decision)
        }
        // A rule that fails is never a pass, whether or not the case mentions the programme.
        let mentioned = Set(testCase.expectedProgrammes.map(\.programme))
        for decision in assessment.decisions where decision.outcome == .error && !mentioned.contains(decision.id) {
            mismatches.append(Mismatch(subject: decision.id, field: "outcome", expected: say(Self.aDecision),
                                       actual: say(Self.failed(decision.failure?.description ?? ""))))
        }
        for failure in assessment.policyFailures {
            mismatches.append(Mismatch(subject: "policy.\(failure.policy ?? "")", field: "applied", expected: say(Text(zh: "是", en: "yes")),
                                       actual: say(Self.failed(failure.description))))
        }
        return mismatches
    }

    func compare(_ expected: ExpectedDecision, _ decision: ProgrammeDecision) -> [Mismatch] {
        var mismatches: [Mismatch] = []
        func differ(_ field: String, _ expected: String, _ actual: String) {
            mismatches.append(Mismatch(subject: decision.id, field: field, expected: expected, actual: actual))
        }
        if let outcome = expected.outcome, outcome != decision.outcome {
            differ("outcome", outcome.rawValue, decision.outcome.rawValue + (decision.failure.map { ": \($0)" } ?? ""))
        }
        let figures = DecisionFigures(decision)
        if let expectedCash = expected.cash, expectedCash != figures.cash { differ("cash", expectedCash.plain, figures.cash.plain) }
        if let perYear = expected.cashPerYear, perYear != decision.cashPerYear {
            differ("cash_per_year", perYear.plain, decision.cashPerYear.plain)
        }
        if let expectedEntitlement = expected.entitlement, expectedEntitlement != figures.entitlement {
            differ("entitlement", expectedEntitlement.plain, figures.entitlement.plain)
        }
        if let period = expected.period, figures.periods != [period] {
            differ("period", period.rawValue,
                   figures.periods.isEmpty ? say(Text(zh: "无现金", en: "no cash")) : figures.periods.map(\.rawValue).joined(separator: ", "))
        }
        if let expectedMissing = expected.missing, expectedMissing.sorted() != decision.missing.map(\.path).sorted() {
            differ("missing", expectedMissing.sorted().joined(separator: ", "),
                   decision.missing.isEmpty ? say(Text(zh: "不缺信息", en: "nothing missing")) : decision.missing.map(\.path).sorted().joined(separator: ", "))
        }
        func exactly<Item>(_ field: String, _ items: [Item]?, _ matches: (Item, Benefit) -> Bool, _ describe: (Item) -> String,
                           among kind: (Benefit) -> Bool) {
            guard let items else { return }
            let given = decision.benefits.filter(kind)
            var unmatched = given
            var unexpected = false
            for item in items {
                if let position = unmatched.firstIndex(where: { matches(item, $0) }) { unmatched.remove(at: position) } else { unexpected = true }
            }
            if unexpected || !unmatched.isEmpty {
                differ(field, items.isEmpty ? say(Self.none) : items.map(describe).joined(separator: "; "),
                       given.isEmpty ? say(Self.none) : given.map(Self.plain).joined(separator: "; "))
            }
        }
        exactly("in_kind", expected.goods, { $0.matches($1) }, { Self.plain(.inKind(item: $0.item, quantity: $0.quantity, unit: $0.unit, value: $0.value)) },
                among: { if case .inKind = $0 { true } else { false } })
        exactly("services", expected.services, { name, benefit in
            if case .service(name, _) = benefit { true } else { false }
        }, { $0 }, among: { if case .service = $0 { true } else { false } })
        exactly("entitlements", expected.entitlements, { $0.matches($1) }, {
            "\($0.payer): \($0.amount.plain)" + ($0.period.map { " \($0.rawValue)" } ?? "")
        }, among: { if case .entitlement = $0 { true } else { false } })
        let codes = decision.reasons.map(\.code)
        let missing = expected.reasons.filter { !codes.contains($0) }
        if !missing.isEmpty {
            differ("reasons", say(Text(zh: "包含 ", en: "includes ")) + missing.joined(separator: ", "),
                   codes.isEmpty ? say(Text(zh: "没有理由", en: "no reasons")) : codes.joined(separator: ", "))
        }
        return mismatches
    }

    private static let aDecision = Text(zh: "有决定", en: "a decision")
    private static let none = Text(zh: "无", en: "none")
    private static func failed(_ failure: String) -> Text { Text(zh: "出错：\(failure)", en: "error: \(failure)") }

    static func matches(_ expected: DocumentNode, _ actual: FactValue.Value) -> Bool {
        guard let text = expected.scalarText else { return false }
        switch actual {
        case .money(let money): return Money(yuan: text) == money
        case .integer(let n): return Int64(text) == n
        case .boolean(let b): return ["true", "yes"].contains(text.lowercased()) == b && ["true", "false", "yes", "no"].contains(text.lowercased())
        case .ratio(let x): return Double(text) == x
        case .date(let date): return CivilDate(text) == date
        case .string(let value): return text == value
        case .enumeration(let code, let label): return text == code || text == label
        case .unknown: return text == "unknown"
        }
    }

    /// A benefit as a case writes it: `大米 2 袋`, `工伤保险基金: 66000.00 once`, a service by its name.
    static func plain(_ benefit: Benefit) -> String {
        switch benefit {
        case .cash(let amount, let period, _): "\(amount.plain) \(period.rawValue)"
        case .entitlement(let amount, let period, let payer, _): "\(payer): \(amount.plain) \(period.rawValue)"
        case .inKind(let item, let quantity, let unit, let value): "\(item) \(quantity) \(unit)" + (value.map { " (value \($0.plain))" } ?? "")
        case .service(let name, _): name
        }
    }

    package static func plain(_ value: FactValue.Value) -> String {
        switch AssessmentJSON.factValue(value) {
        case .string(let text), .number(let text): text
        case .integer(let n): String(n)
        case .bool(let b): String(b)
        case .null: "unknown"
        default: "?"
        }
    }
}

/// The figures of a decision that cases compare, from the decision's own totals.
package struct DecisionFigures {
    /// The centre's cash, every period added together.
    package var cash: Money
    package var entitlement: Money
    /// The periods it pays cash by, in order.
    package var periods: [Period]

    package init(_ decision: ProgrammeDecision) {
        let byPeriod = decision.cash
        cash = byPeriod.values.reduce(.zero, +)
        entitlement = decision.entitlements
        periods = byPeriod.keys.sorted()
    }
}
