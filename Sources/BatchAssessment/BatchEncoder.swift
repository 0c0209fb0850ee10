import DecisionFormats
import Eligibility

/// Turns one record into its output line.
///
/// JSON lines, compact (`bangfu.batch/1`), one object a record:
/// `{"record":1,"source":"people.jsonl:1","applicant":{"name":…,"id":…},"date":"2026-09-01","complete":true,
///   "decisions":[{"programme":"living_relief","outcome":"eligible","cash":{"yearly":"11280.00"},
///   "entitlement":"0.00","reasons":["deep_hardship"]},…],"cash_per_year":"11280.00"}`;
/// a record that cannot be assessed: `{"record":2,"source":…,"error":["income: expected money, got \"x\""]}`.
/// With `full`, each line is the complete `bangfu.assessment/1` object with `record` added in front.
///
/// CSV: `record,source,name,id,complete,cash_per_year,error`, then `<programme>.outcome` and
/// `<programme>.cash_per_year` for each programme in sheet order.
struct BatchEncoder: Sendable {
    let ruleSet: RuleSet
    let options: BatchOptions

    var header: String? {
        guard options.format == .csv else { return nil }
        let fixed = ["record", "source", "name", "id", "complete", "cash_per_year", "error"]
        return (fixed + ruleSet.programmeIDs.flatMap { ["\($0).outcome", "\($0).cash_per_year"] }).map(Self.csvCell)
            .joined(separator: ",")
    }

    func assess(_ record: BatchRecord, with assessor: Result<Assessor, any Error>) -> RecordOutcome {
        let number = record.index + 1
        let assessment: Assessment
        switch (record.document, assessor) {
        case (.failure(let problems), _):
            return failure(number, record.place, problems.diagnostics.map(\.description), unreadable: true)
        case (_, .failure(let error)):
            return failure(number, record.place, ["the rule engine could not start: \(error)"], unreadable: false)
        case (.success(let document), .success(let assessor)):
            let assessed = record.history.map { assessor.assess(document: document, source: record.source, on: options.date, history: $0) }
                ?? assessor.assess(document: document, source: record.source, on: options.date)
            switch assessed {
            case .failure(let problems):
                return failure(number, record.place, problems.diagnostics.map(\.description), unreadable: true)
            case .success(let result):
                assessment = result
            }
        }
        let decisions = assessment.decisions.map { decision in
            (programme: decision.id, outcome: decision.outcome, cash: decision.cash)
        }
        return RecordOutcome(line: line(number, record.place, assessment), decisions: decisions,
                             failed: assessment.hasFailures, unreadable: false)
    }

    private func line(_ number: Int, _ source: String, _ assessment: Assessment) -> String {
        switch options.format {
        case .csv:
            var cells = [String(number), source, assessment.applicantName ?? "", assessment.applicantID ?? "",
                         String(!assessment.hasFailures), assessment.cashPerYear.plain, ""]
            for id in ruleSet.programmeIDs {
                let decision = assessment.decision(id)
                cells += [decision?.outcome.rawValue ?? "", decision?.cashPerYear.plain ?? ""]
            }
            return cells.map(Self.csvCell).joined(separator: ",")
        case .jsonl where options.full:
            guard case .object(let fields) = AssessmentJSON.value(assessment) else { return "" }
            return JSONValue.object([("record", .integer(Int64(number)))] + fields).rendered()
        case .jsonl:
            return JSONValue.object([
                ("record", .integer(Int64(number))),
                ("source", .string(source)),
                ("applicant", .object([("name", assessment.applicantName.map(JSONValue.string) ?? .null),
                                       ("id", assessment.applicantID.map(JSONValue.string) ?? .null)])),
                ("date", .string(assessment.date.description)),
                ("complete", .bool(!assessment.hasFailures)),
                ("decisions", .array(assessment.decisions.map { decision in
                    .object([
                        ("programme", .string(decision.id)),
                        ("outcome", .string(decision.outcome.rawValue)),
                        ("cash", AssessmentJSON.cash(decision.cash, everyPeriod: false)),
                        ("entitlement", .string(decision.entitlements.plain)),
                        ("reasons", .array(decision.reasons.map { .string($0.code) })),
                    ])
                })),
                ("cash_per_year", .string(assessment.cashPerYear.plain)),
            ]).rendered()
        }
    }

    private func failure(_ number: Int, _ source: String, _ problems: [String], unreadable: Bool) -> RecordOutcome {
        let line: String
        switch options.format {
        case .csv:
            line = ([String(number), source, "", "", "false", "", problems.joined(separator: "; ")]
                    + ruleSet.programmeIDs.flatMap { _ in ["", ""] }).map(Self.csvCell).joined(separator: ",")
        case .jsonl:
            line = JSONValue.object([("record", .integer(Int64(number))), ("source", .string(source)),
                                     ("error", .array(problems.map(JSONValue.string)))]).rendered()
        }
        return RecordOutcome(line: line, decisions: [], failed: true, unreadable: unreadable)
    }

    static func csvCell(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
