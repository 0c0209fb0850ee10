/// A value crossing the boundary between Swift and Lua: plain data only.
package indirect enum LuaValue: Hashable, Sendable {
    case `nil`
    case boolean(Bool)
    case integer(Int64)
    case number(Double)
    case string(String)
    /// A table whose keys are exactly 1...n (n >= 1).
    case list([LuaValue])
    /// A table whose keys are all strings; the empty table reads as `.record([:])`.
    case record([String: LuaValue])
}

extension LuaValue {
    package var stringValue: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    /// The integer, or a float with an exact integer value (as Lua's math.tointeger reads it).
    package var integerValue: Int64? {
        switch self {
        case .integer(let value): return value
        case .number(let value):
            // Not Int64(exactly:): it needs libm, which the package does not link.
            guard value >= -0x1p63 && value < 0x1p63 else { return nil }  // also false for NaN
            let integer = Int64(value)
            return Double(integer) == value ? integer : nil
        default: return nil
        }
    }

    package var boolValue: Bool? {
        if case .boolean(let value) = self { return value }
        return nil
    }

    /// The field of a record; `.nil` when absent or when this is not a record.
    package subscript(key: String) -> LuaValue {
        if case .record(let fields) = self { return fields[key] ?? .nil }
        return .nil
    }

    /// The elements of a list; the empty table (read as an empty record) is the empty list.
    package var listValue: [LuaValue]? {
        switch self {
        case .list(let elements): return elements
        case .record(let fields) where fields.isEmpty: return []
        default: return nil
        }
    }
}
