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
    func location(_ value: LuaValue) -> SourceLocation? {
        guard let number = value["file"].integerValue, ruleSet.files.indices.contains(Int(number) - 1),
              let line = value["line"].integerValue else { return nil }
        return SourceLocation(file: ruleSet.files[Int(number) - 1].path, line: Int(line))
    }

    func factIDs(_ numbers: LuaValue) -> [String] {
        (numbers.listValue ?? []).compactMap { number in
            number.integerValue.flatMap { facts.indices.contains(Int($0) - 1) ? facts[Int($0) - 1].id : nil }
        }
    }

    func parameterPaths(_ numbers: LuaValue) -> [String] {
        let parameters = ruleSet.parameters.parameters
        return (numbers.listValue ?? []).compactMap { number in
            number.integerValue.flatMap { parameters.indices.contains(Int($0) - 1) ? parameters[Int($0) - 1].path : nil }
        }
    }

    func reason(_ value: LuaValue, policy: String?) -> Reason {
        Reason(code: value["code"].stringValue ?? "", text: value["text"].stringValue ?? "",
               citation: value["cite"].stringValue ?? "", location: location(value), policy: policy)
    }

    static func benefit(_ value: LuaValue) throws(LuaError) -> Benefit {
        func period() throws(LuaError) -> Period {
            guard let period = value["period"].stringValue.flatMap(Period.init(rawValue:)) else {
                throw LuaError(kind: .malformedValue, message: "a benefit has no valid period")
            }
            return period
        }
        switch value["kind"].stringValue {
        case "cash":
            return .cash(Money(fen: value["amount"].integerValue ?? 0), try period(), label: value["label"].stringValue)
        case "entitlement":
            return .entitlement(Money(fen: value["amount"].integerValue ?? 0), try period(),
                                payer: value["payer"].stringValue ?? "", label: value["label"].stringValue)
        case "in_kind":
            return .inKind(item: value["item"].stringValue ?? "", quantity: value["quantity"].integerValue ?? 0,
                           unit: value["unit"].stringValue ?? "", value: value["value"].integerValue.map { Money(fen: $0) })
        case "service":
            return .service(name: value["name"].stringValue ?? "", detail: value["detail"].stringValue)
        default:
            throw LuaError(kind: .malformedValue, message: "unknown kind of benefit")
        }
    }
}
