import LuaSandbox

/// The parameter values an assessment runs with: those in force on its date, with any a case overrides.
struct ParametersInForce {
    let parameters: ParameterSet
    let date: CivilDate
    let overrides: [String: ParameterValue]

    init(_ parameters: ParameterSet, on date: CivilDate, overriding overrides: [String: ParameterValue] = [:]) {
        self.parameters = parameters
        self.date = date
        self.overrides = overrides
    }

    /// Names this set of values, so the Lua state receives each set once.
    var key: String {
        guard !overrides.isEmpty else { return date.description }
        return date.description + "|" + overrides.keys.sorted().map { "\($0)=\(overrides[$0]!)" }.joined(separator: ";")
    }

    /// What the rule library wants: values by path, and for the others why they have none.
    var luaValue: LuaValue {
        var values: [String: LuaValue] = [:]
        var missing: [String: LuaValue] = [:]
        var ended: [String: LuaValue] = [:]
        for parameter in parameters.parameters {
            if let value = overrides[parameter.path] ?? parameter.value(on: date)?.value {
                values[parameter.path] = Assessor.luaValue(value)
            } else if parameter.hasEnded(on: date) {
                ended[parameter.path] = .boolean(true)
            } else {
                let absence = parameter.absence(on: date)
                missing[parameter.path] = .record(["zh": .string(absence.zh), "en": .string(absence.en)])
            }
        }
        return .record(["values": .record(values), "missing": .record(missing), "ended": .record(ended)])
    }

    /// Each parameter a rule read, with its value and where that value comes from. One read at another
    /// date (`params_on`) is of the files' values on that date: a case's overrides are for its own date.
    func uses(_ reads: some Sequence<ParameterRead>) -> [ParameterUse] {
        reads.compactMap { read in
            guard let parameter = parameters.parameter(read.path) else { return nil }
            if read.on == nil, let value = overrides[read.path] {
                return ParameterUse(path: read.path, label: parameter.label, unit: parameter.unit, value: value, from: date,
                                    reference: "overridden for this assessment")
            }
            guard let dated = parameter.value(on: read.on ?? date), let value = dated.value else { return nil }
            return ParameterUse(path: read.path, label: parameter.label, unit: parameter.unit, value: value, from: dated.from,
                                reference: dated.reference, on: read.on)
        }
    }
}

/// A parameter a rule read: on the assessment date (`params`), or as it stood on another (`params_on(day)`).
struct ParameterRead: Hashable {
    var path: String
    var on: CivilDate?
}
