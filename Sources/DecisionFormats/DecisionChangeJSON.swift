import Eligibility

/// The JSON form of a compared decision, as `bangfu diff --format json` and the intake desk's replay
/// both answer it: `{"programme", "title", "before", "after"}`, each side null where the programme is
/// absent, else `{"outcome", "cash" (the periods paid), "cash_per_year", "entitlements", "reasons", "missing"}`
/// (`missing`: the field paths a needs-information decision waits for).
package enum DecisionChangeJSON {
    package static func value(_ change: DecisionChange) -> JSONValue {
        .object([
            ("programme", .string(change.programme)),
            ("title", .string(change.title)),
            ("before", summary(change.before)),
            ("after", summary(change.after)),
        ])
    }

    static func summary(_ summary: DecisionSummary?) -> JSONValue {
        guard let summary else { return .null }
        return .object([
            ("outcome", .string(summary.outcome.rawValue)),
            ("cash", AssessmentJSON.cash(summary.cash, everyPeriod: false)),
            ("cash_per_year", .string(summary.cashPerYear.plain)),
            ("entitlements", .string(summary.entitlements.plain)),
            ("reasons", .array(summary.reasons.map(JSONValue.string))),
            ("missing", .array(summary.missing.map(JSONValue.string))),
        ])
    }
}
