import LuaSandbox

/// Between Swift values and what the rule library takes and gives.
extension Assessor {
    static func luaValue(_ value: ProfileValue) -> LuaValue {
        switch value {
        case .string(let text), .enumeration(let text): .string(text)
        case .integer(let n): .integer(n)
        case .boolean(let b): .boolean(b)
        case .date(let date): .string(date.description)
        case .money(let money): .integer(money.fen)
        case .object(let fields): .record(fields.mapValues(luaValue))
        case .list(let items): .list(items.map(luaValue))
        case .notApplicable: .boolean(false)  // the rule library reads it as nil (profile.lua)
        }
    }

    static func luaValue(_ value: ParameterValue) -> LuaValue {
        switch value {
        case .money(let money): .integer(money.fen)
        case .whole(let n): .integer(n)
        case .decimal(let text): .number(Double(text) ?? 0)
        case .list(let items): .list(items.map(luaValue))
        case .table(let entries): .record(entries.mapValues(luaValue))
        }
    }

    /// The grants on record as the rule library wants them (history.lua), each worked out for `date`.
    func luaValue(_ history: History, on date: CivilDate) -> LuaValue {
        .list(history.grants.map { grant in
            var item: [String: LuaValue] = [
                "programme": .string(grant.programme),
                "title": .string(programmes.first { $0.id == grant.programme }?.title ?? grant.programme),
                "fund": .string(grant.fund),
                "amount": .integer(grant.amount.fen),
                "date": .string(grant.granted.description),
                "counts_as_income": .boolean(grant.countsAsIncome),
                "this_year": .integer(grant.amountInYear(of: date).fen),
                "last_12_months": .integer(grant.amountInTwelveMonths(before: date).fen),
            ]
            switch grant.schedule {
            case .once: item["schedule"] = .string("once")
            case .monthly(let months): item["schedule"] = .string("monthly"); item["months"] = .integer(Int64(months))
            }
            if let reference = grant.reference { item["reference"] = .string(reference) }
            return .record(item)
        })
    }

    /// The schema as the rule library wants it: a list of { name, type, fields }.
    static func shapeDescription(_ shape: ObjectShape) -> LuaValue {
        .list(shape.fields.map { field in
            var entry: [String: LuaValue] = ["name": .string(field.name), "type": .string(field.type.name)]
            switch field.type {
            case .object(let inner), .list(let inner, _): entry["fields"] = shapeDescription(inner)
            default: break
            }
            return .record(entry)
        })
    }

    /// The rule library names rule files by their number in `ruleSet.files` (from 1), facts by their
    /// number in `facts`, parameters by their number in the parameter file: cheaper than strings.
    var results: ResultReader { ResultReader(files: ruleSet.files) }

    func factIDs(_ numbers: LuaValue) -> [String] {
        (numbers.listValue ?? []).compactMap { number in
            number.integerValue.flatMap { facts.indices.contains(Int($0) - 1) ? facts[Int($0) - 1].id : nil }
        }
    }

    /// History items are numbered from 1, in the order the history lists them.
    func historyNumbers(_ numbers: LuaValue) -> [Int] {
        (numbers.listValue ?? []).compactMap { $0.integerValue.map(Int.init) }
    }

    /// The parameters a run read, as the rule library recorded them: by number, and read at another date
    /// than the assessment's (`params_on`) as "number@YYYY-MM-DD".
    func parameterReads(_ numbers: LuaValue) -> [ParameterRead] {
        let parameters = ruleSet.parameters.parameters
        func path(_ number: Int64?) -> String? {
            number.flatMap { parameters.indices.contains(Int($0) - 1) ? parameters[Int($0) - 1].path : nil }
        }
        return (numbers.listValue ?? []).compactMap { read in
            if let number = read.integerValue { return path(number).map { ParameterRead(path: $0, on: nil) } }
            let parts = (read.stringValue ?? "").split(separator: "@")
            guard parts.count == 2, let path = path(Int64(parts[0])), let day = CivilDate(String(parts[1])) else { return nil }
            return ParameterRead(path: path, on: day)
        }
    }
}
