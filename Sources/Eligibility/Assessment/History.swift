/// What the centre has already granted a household: an input of an assessment beside the profile, read
/// by rules through the read-only `history` (Rules/README.md, "The household's history"). Bangfu does not
/// keep it: a register hands in the grants it stores, a case file or profile document gives `history:`.
/// No history means no grants on record.
public struct History: Sendable, Hashable {
    public var grants: [PastGrant]

    public init(grants: [PastGrant] = []) { self.grants = grants }

    public static let empty = History()

    public var isEmpty: Bool { grants.isEmpty }
}

/// One grant on record: what a programme paid, from which fund, when and on what schedule.
public struct PastGrant: Sendable, Hashable {
    /// How a grant is paid.
    public enum Schedule: Sendable, Hashable {
        /// One payment of `amount` on the day it was granted (a once or yearly benefit).
        case once
        /// `amount` each month for `months` months, the first on the day it was granted.
        case monthly(months: Int)
    }

    /// The programme that granted it (`living_relief`).
    public var programme: String
    /// The fund that pays it (`centre`; ruleset.yaml's `funds:` names them).
    public var fund: String
    /// One payment, in fen.
    public var amount: Money
    public var granted: CivilDate
    public var schedule: Schedule
    /// Whether its payments count as household income at the next check (festival gifts may not).
    public var countsAsIncome: Bool
    /// What the register or the case calls it (an entry number, a note), for the trace; optional.
    public var reference: String?

    public init(programme: String, fund: String, amount: Money, granted: CivilDate, schedule: Schedule = .once,
                countsAsIncome: Bool = true, reference: String? = nil) {
        self.programme = programme
        self.fund = fund
        self.amount = amount
        self.granted = granted
        self.schedule = schedule
        self.countsAsIncome = countsAsIncome
        self.reference = reference
    }

    /// The days it pays on, with what each pays.
    public var payments: [(date: CivilDate, amount: Money)] {
        switch schedule {
        case .once: [(granted, amount)]
        case .monthly(let months): (0..<max(months, 0)).compactMap { month in granted.adding(months: month).map { ($0, amount) } }
        }
    }

    /// Paid or to be paid in the calendar year of `day`, by a grant made on or before `day` (a monthly
    /// grant's later payments in that year are committed, so they count against this year's caps).
    public func amountInYear(of day: CivilDate) -> Money {
        guard granted <= day else { return .zero }
        return payments.filter { $0.date.year == day.year }.reduce(.zero) { $0 + $1.amount }
    }

    /// Paid in the twelve months up to and including `day`.
    public func amountInTwelveMonths(before day: CivilDate) -> Money {
        let start = day.adding(months: -12)
        return payments.filter { payment in
            payment.date <= day && start.map { $0 < payment.date } ?? true
        }.reduce(.zero) { $0 + $1.amount }
    }
}

extension CivilDate {
    /// The same day `months` months later (or earlier), on the month's last day where it has fewer days;
    /// nil outside the years 1 to 9999.
    public func adding(months: Int) -> CivilDate? {
        let index = year * 12 + (month - 1) + months
        guard index >= 12 else { return nil }
        let (newYear, newMonth) = (index / 12, index % 12 + 1)
        return CivilDate(year: newYear, month: newMonth, day: min(day, Self.daysIn(month: newMonth, year: newYear)))
    }
}

extension History {
    static let grantKeys = ["programme", "fund", "amount", "granted", "schedule", "months", "counts_as_income", "reference"]

    /// Reads `history:` of a profile document or case file: a list of grants, each
    /// `{programme, fund, amount (yuan), granted (YYYY-MM-DD), schedule: once | monthly, months (with
    /// monthly), counts_as_income (default true), reference}`. Every problem is reported at once, naming
    /// the file, line and field path (`history[2].amount`). Programmes are checked against `programmes`,
    /// funds against `funds` when the rule set names some.
    public init(document node: DocumentNode, file: String, programmes: [String], funds: [String]) throws(DiagnosticList) {
        var problems: [Diagnostic] = []
        func problem(_ at: DocumentNode, _ path: String, _ message: Text) {
            problems.append(Diagnostic(file: file, line: at.line ?? node.line, path: path, message: message))
        }
        let items: [DocumentNode]
        switch node {
        case .null: items = []
        case .sequence(let list, _): items = list
        default:
            throw DiagnosticList([Diagnostic(file: file, line: node.line, path: "history",
                                             message: Text(zh: "应是帮扶记录的列表（{programme, fund, amount, granted, schedule}），这里是 \(node.shortDescription.zh)",
                                                           en: "expected a list of grants ({programme, fund, amount, granted, schedule}), got \(node.shortDescription.en)"))])
        }
        var grants: [PastGrant] = []
        for (position, item) in items.enumerated() {
            let at = "history[\(position + 1)]"
            guard case .mapping(let pairs, _) = item else {
                problem(item, at, Text(zh: "应是一条帮扶记录（{programme, fund, amount, granted, schedule}），这里是 \(item.shortDescription.zh)",
                                       en: "expected a grant ({programme, fund, amount, granted, schedule}), got \(item.shortDescription.en)"))
                continue
            }
            for (key, value) in pairs where !Self.grantKeys.contains(key) {
                problem(value, "\(at).\(key)", Text(zh: "帮扶记录没有这一项", en: "not a field of a grant") + Suggestion.hint(for: key, among: Self.grantKeys))
            }
            func text(_ key: String, required: Bool = true) -> String? {
                guard let value = item[key], !value.isNull else {
                    if required { problem(item, "\(at).\(key)", Text(zh: "必填，但没有填写", en: "required but missing")) }
                    return nil
                }
                guard let text = value.scalarText else {
                    problem(value, "\(at).\(key)", Text(zh: "应是单个值，这里是 \(value.shortDescription.zh)", en: "expected a single value, got \(value.shortDescription.en)"))
                    return nil
                }
                return text
            }
            func code(_ key: String, among known: [String]) -> String? {
                guard let code = text(key) else { return nil }
                guard known.isEmpty || known.contains(code) else {
                    let kind = key == "fund" ? Text(zh: "资金", en: "funds") : Text(zh: "项目", en: "programmes")
                    problem(item[key]!, "\(at).\(key)", Text(zh: "'\(code)' 不是规则集的\(kind.zh)（" + known.joined(separator: "、") + "）",
                                                            en: "'\(code)' is not one of the rule set's \(kind.en) (" + known.joined(separator: ", ") + ")")
                            + Suggestion.hint(for: code, among: known))
                    return nil
                }
                return code
            }
            let programme = code("programme", among: programmes)
            let fund = code("fund", among: funds)
            var amount: Money?
            if let given = text("amount") {
                switch Money.parse(yuan: given) {
                case .success(let money) where money > .zero: amount = money
                case .success: problem(item["amount"]!, "\(at).amount", Text(zh: "应大于 0 元，这里是 \(given)", en: "must be more than 0 yuan, got \(given)"))
                case .failure(let reason):
                    let shown = item["amount"]!.shortDescription
                    problem(item["amount"]!, "\(at).amount", Text(zh: "应填金额（元，最多两位小数），这里是 \(shown.zh)",
                                                                 en: "expected money (yuan, at most two decimals), got \(shown.en)")
                            + (reason.advice.map { Text(zh: "：\($0.zh)", en: ": \($0.en)") } ?? Text(verbatim: "")))
                }
            }
            var granted: CivilDate?
            if let given = text("granted") {
                granted = CivilDate(given)
                if granted == nil {
                    let shown = item["granted"]!.shortDescription
                    problem(item["granted"]!, "\(at).granted", Text(zh: "应填日期（YYYY-MM-DD），这里是 \(shown.zh)", en: "expected a date (YYYY-MM-DD), got \(shown.en)"))
                }
            }
            var schedule: PastGrant.Schedule?
            let months = text("months", required: false)
            switch text("schedule") {
            case "once"?:
                schedule = .once
                if months != nil { problem(item["months"]!, "\(at).months", Text(zh: "只有按月发放的记录才有 months（月数）", en: "only a monthly grant has months")) }
            case "monthly"?:
                if let months, let count = Int(months), (1...120).contains(count) {
                    schedule = .monthly(months: count)
                } else if let months {
                    problem(item["months"]!, "\(at).months", Text(zh: "应填 1 到 120 之间的整月数，这里是 \"\(months)\"",
                                                               en: "expected a whole number of months from 1 to 120, got \"\(months)\""))
                } else {
                    problem(item, "\(at).months", Text(zh: "按月发放的记录必须填写：发放几个月", en: "required for a monthly grant: how many months it pays"))
                }
            case let other?:
                problem(item["schedule"]!, "\(at).schedule", Text(zh: "应是 once（一次）或 monthly（按月），这里是 \"\(other)\"",
                                                                 en: "expected once or monthly, got \"\(other)\""))
            case nil:
                break
            }
            var countsAsIncome = true
            if let given = text("counts_as_income", required: false) {
                switch given {
                case "true": countsAsIncome = true
                case "false": countsAsIncome = false
                default:
                    problem(item["counts_as_income"]!, "\(at).counts_as_income",
                            Text(zh: "应是 true 或 false，这里是 \"\(given)\"", en: "expected true or false, got \"\(given)\""))
                }
            }
            guard let programme, let fund, let amount, let granted, let schedule else { continue }
            grants.append(PastGrant(programme: programme, fund: fund, amount: amount, granted: granted, schedule: schedule,
                                    countsAsIncome: countsAsIncome, reference: text("reference", required: false)))
        }
        guard problems.isEmpty else { throw DiagnosticList(problems) }
        self.init(grants: grants)
    }
}
