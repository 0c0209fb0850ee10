import Eligibility

/// The stable JSON form of an assessment (documented in README.md, "JSON output"). Money is a string of
/// yuan with two decimals, so no reader turns it into a binary float.
package enum AssessmentJSON {
    package static let format = "bangfu.assessment/1"

    package static func value(_ assessment: Assessment) -> JSONValue {
        .object([
            ("format", .string(format)),
            ("profile", .string(assessment.profileSource)),
            ("applicant", .object([("name", assessment.applicantName.map(JSONValue.string) ?? .null),
                                   ("id", assessment.applicantID.map(JSONValue.string) ?? .null)])),
            ("date", .string(assessment.date.description)),
            ("rule_set", .object([("title", .string(assessment.ruleSetTitle)),
                                  ("hash", .string("sha256:" + assessment.ruleSetHash))])),
            ("complete", .bool(!assessment.hasFailures)),
            ("decisions", .array(assessment.decisions.map(decision))),
            ("missing", .array(assessment.missing.map(missing))),
            ("totals", totals(assessment)),
            ("facts", .array(assessment.facts.map(fact))),
            ("history", .array(assessment.history.grants.enumerated().map { grant($1, number: $0 + 1) })),
            ("policy_parameters_used", .array(assessment.policyParametersUsed.map(parameter))),
            ("policy_history_used", .array(assessment.policyHistoryUsed.map { .integer(Int64($0)) })),
            ("policy_failures", .array(assessment.policyFailures.map(failure))),
        ])
    }

    static func decision(_ decision: ProgrammeDecision) -> JSONValue {
        var fields: [(String, JSONValue)] = [
            ("programme", .string(decision.id)),
            ("title", .string(decision.title)),
            ("basis", .string(decision.basis)),
            ("outcome", .string(decision.outcome.rawValue)),
            ("reasons", .array(decision.reasons.map(reason))),
            ("benefits", .array(decision.benefits.map(benefit))),
            ("decided_at", decision.decidedAt.map { .string($0.description) } ?? .null),
            ("facts_used", .array(decision.factsUsed.map(JSONValue.string))),
            ("parameters_used", .array(decision.parametersUsed.map(parameter))),
            ("history_used", .array(decision.historyUsed.map { .integer(Int64($0)) })),
        ]
        if let failure = decision.failure { fields.append(("error", Self.failure(failure))) }
        if decision.outcome == .needsInformation { fields.append(("missing", .array(decision.missing.map(missing)))) }
        return .object(fields)
    }

    static func missing(_ missing: MissingInformation) -> JSONValue {
        .object([
            ("path", .string(missing.path)),
            ("label", .string(missing.label)),
            ("section", .string(missing.section)),
            ("evidence", missing.evidence.map(JSONValue.string) ?? .null),
        ])
    }

    static func reason(_ reason: Reason) -> JSONValue {
        .object([
            ("code", .string(reason.code)),
            ("text", .string(reason.text)),
            ("cite", .string(reason.citation)),
            ("at", reason.location.map { .string($0.description) } ?? .null),
            ("policy", reason.policy.map(JSONValue.string) ?? .null),
        ])
    }

    static func benefit(_ benefit: Benefit) -> JSONValue {
        switch benefit {
        case .cash(let amount, let period, let label):
            .object([("kind", .string("cash")), ("amount", .string(amount.plain)), ("period", .string(period.rawValue)),
                     ("label", label.map(JSONValue.string) ?? .null)])
        case .entitlement(let amount, let period, let payer, let label):
            .object([("kind", .string("entitlement")), ("amount", .string(amount.plain)),
                     ("period", .string(period.rawValue)), ("payer", .string(payer)),
                     ("label", label.map(JSONValue.string) ?? .null)])
        case .inKind(let item, let quantity, let unit, let value):
            .object([("kind", .string("in_kind")), ("item", .string(item)), ("quantity", .integer(quantity)),
                     ("unit", .string(unit)), ("value", value.map { .string($0.plain) } ?? .null)])
        case .service(let name, let detail):
            .object([("kind", .string("service")), ("name", .string(name)),
                     ("detail", detail.map(JSONValue.string) ?? .null)])
        }
    }

    /// `on` only for a read at another date than the assessment's (`params_on`), so every other answer
    /// stays byte for byte what it was.
    static func parameter(_ use: ParameterUse) -> JSONValue {
        var fields: [(String, JSONValue)] = [
            ("path", .string(use.path)),
            ("label", .string(use.label)),
            ("value", parameterValue(use.value)),
            ("unit", .string(use.unit)),
            ("from", .string(use.from.description)),
            ("reference", .string(use.reference)),
        ]
        if let on = use.on { fields.insert(("on", .string(on.description)), at: 1) }
        return .object(fields)
    }

    static func parameterValue(_ value: ParameterValue) -> JSONValue {
        switch value {
        case .money(let money): .string(money.plain)
        case .decimal(let text): .number(text)
        case .whole(let n): .integer(n)
        case .list(let items): .array(items.map(parameterValue))
        case .table(let entries): .object(entries.sorted { $0.key < $1.key }.map { ($0.key, parameterValue($0.value)) })
        }
    }

    /// A grant on record, with its number (from 1), which `history_used` names.
    static func grant(_ grant: PastGrant, number: Int) -> JSONValue {
        let (schedule, months): (String, JSONValue) = switch grant.schedule {
        case .once: ("once", .null)
        case .monthly(let months): ("monthly", .integer(Int64(months)))
        }
        return .object([
            ("item", .integer(Int64(number))),
            ("programme", .string(grant.programme)),
            ("fund", .string(grant.fund)),
            ("amount", .string(grant.amount.plain)),
            ("granted", .string(grant.granted.description)),
            ("schedule", .string(schedule)),
            ("months", months),
            ("counts_as_income", .bool(grant.countsAsIncome)),
            ("reference", grant.reference.map(JSONValue.string) ?? .null),
        ])
    }

    static func fact(_ fact: FactValue) -> JSONValue {
        var fields: [(String, JSONValue)] = [("id", .string(fact.id)), ("title", .string(fact.title)), ("value", factValue(fact.value))]
        if case .unknown(let needs) = fact.value { fields.append(("needs", .array(needs.map(JSONValue.string)))) }
        return .object(fields)
    }

    package static func factValue(_ value: FactValue.Value) -> JSONValue {
        switch value {
        case .money(let money): .string(money.plain)
        case .integer(let n): .integer(n)
        case .boolean(let b): .bool(b)
        case .string(let text): .string(text)
        case .date(let date): .string(date.description)
        case .ratio(let x): .number(String(x))
        case .enumeration(let code, _): .string(code)
        case .unknown: .null
        }
    }

    static func failure(_ failure: RuleFailure) -> JSONValue {
        .object([
            ("kind", .string(failure.kind.rawValue)),
            ("message", .string(failure.message)),
            ("at", failure.location.map { .string($0.description) } ?? .null),
            ("policy", failure.policy.map(JSONValue.string) ?? .null),
        ])
    }

    static func totals(_ assessment: Assessment) -> JSONValue {
        .object([
            ("cash", cash(assessment.cashTotals, everyPeriod: true)),
            ("cash_per_year", .string(assessment.cashPerYear.plain)),
        ])
    }

    /// Amounts by period, `{"once": …, "monthly": …, "yearly": …}` in that order: every period (zero
    /// where nothing is paid) for totals, only the periods paid for a single decision.
    package static func cash(_ byPeriod: [Period: Money], everyPeriod: Bool) -> JSONValue {
        .object(Period.allCases.compactMap { period in
            (byPeriod[period] ?? (everyPeriod ? .zero : nil)).map { (period.rawValue, .string($0.plain)) }
        })
    }
}
