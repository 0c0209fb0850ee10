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

    /// Each parameter a rule read, with its value and where that value comes from.
    func uses(_ paths: some Sequence<String>) -> [ParameterUse] {
        paths.compactMap { path in
            guard let parameter = parameters.parameter(path) else { return nil }
            if let value = overrides[path] {
                return ParameterUse(path: path, label: parameter.label, unit: parameter.unit, value: value, from: date,
                                    reference: "overridden for this assessment")
            }
            guard let dated = parameter.value(on: date), let value = dated.value else { return nil }
            return ParameterUse(path: path, label: parameter.label, unit: parameter.unit, value: value, from: dated.from,
                                reference: dated.reference)
        }
    }
}
