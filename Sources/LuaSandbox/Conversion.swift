import CLua
import CLuaSandbox

/// Tables nested deeper than this are refused in both directions.
let maximumTableDepth = 32

/// A value that cannot cross the boundary, with the path to it collected while unwinding.
struct ConversionFailure: Error {
    enum Step {
        case key(String)
        case index(Int64)
    }

    var reason: String
    /// The value is well-formed but bigger than what is left under the memory cap.
    var exceedsMemoryCap = false
    /// Innermost first: each enclosing table appends its step as the failure goes up.
    var steps: [Step] = []

    init(_ reason: String, exceedsMemoryCap: Bool = false) {
        self.reason = reason
        self.exceedsMemoryCap = exceedsMemoryCap
    }

    func inside(_ step: Step) -> ConversionFailure {
        var failure = self
        failure.steps.append(step)
        return failure
    }

    /// "result.benefits[2]: a function cannot be returned"
    func luaError(root: String) -> LuaError {
        var path = root
        for step in steps.reversed() {
            switch step {
            case .index(let index):
                path += "[\(index)]"
            case .key(let key) where isLuaName(key):
                path += ".\(key)"
            case .key(let key):
                path += "[\"\(key)\"]"
            }
        }
        return LuaError(kind: exceedsMemoryCap ? .memoryLimit : .malformedValue, message: "\(path): \(reason)")
    }
}

/// Whether `text` is a Lua name (a letter or underscore, then letters, digits, underscores, all ASCII):
/// a key Lua writes as `.key`, and the grammar of the rule library's reason codes.
package func isLuaName(_ text: String) -> Bool {
    guard let first = text.utf8.first, !(UInt8(ascii: "0")...UInt8(ascii: "9")).contains(first) else { return false }
    return text.utf8.allSatisfy { byte in
        byte == UInt8(ascii: "_") || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
            || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
            || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }
}

/// Pushes Swift values. Only call while the memory cap is lifted: then plain pushes and raw sets on
/// fresh tables (no metatable) cannot raise a Lua error.
struct ValuePusher {
    let state: OpaquePointer

    func push(_ value: LuaValue, depth: Int = 0) throws(ConversionFailure) {
        switch value {
        case .nil:
            lua_pushnil(state)
        case .boolean(let value):
            lua_pushboolean(state, value ? 1 : 0)
        case .integer(let value):
            lua_pushinteger(state, value)
        case .number(let value):
            lua_pushnumber(state, value)
        case .string(let value):
            pushString(value)
        case .list(let elements):
            try prepareTable(depth: depth)
            lua_createtable(state, Int32(clamping: elements.count), 0)
            for (offset, element) in elements.enumerated() {
                let index = Int64(offset + 1)
                if case .nil = element {
                    throw ConversionFailure("a list cannot contain nil").inside(.index(index))
                }
                do {
                    try push(element, depth: depth + 1)
                } catch {
                    throw error.inside(.index(index))
                }
                lua_rawseti(state, -2, index)
            }
        case .record(let fields):
            try prepareTable(depth: depth)
            lua_createtable(state, 0, Int32(clamping: fields.count))
            for (key, field) in fields {
                if case .nil = field { continue }  // an absent field
                pushString(key)
                do {
                    try push(field, depth: depth + 1)
                } catch {
                    throw error.inside(.key(key))
                }
                lua_rawset(state, -3)
            }
        }
    }

    private func prepareTable(depth: Int) throws(ConversionFailure) {
        guard depth < maximumTableDepth else {
            throw ConversionFailure("tables nested deeper than \(maximumTableDepth) levels cannot be passed")
        }
        // The table, a key and a value.
        guard lua_checkstack(state, 3) != 0 else {
            throw ConversionFailure("the Lua stack cannot grow")
        }
    }

    private func pushString(_ string: String) {
        var string = string
        string.withUTF8 { bytes in
            _ = bytes.withMemoryRebound(to: CChar.self) { lua_pushlstring(state, $0.baseAddress, $0.count) }
        }
    }
}

/// Reads Lua values with raw access only (lua_next, no metamethods), so reading cannot raise
/// and no script code runs.
///
/// What it builds counts against the memory cap: a table can hold the same long string thousands of
/// times at the cost of one, but each copy costs the host its full length.
struct ValueReader {
    let state: OpaquePointer
    /// The tables on the path being read, to detect cycles.
    private var openTables: [UnsafeRawPointer] = []
    /// Bytes the values read may still take: string lengths plus a fixed cost per value.
    private var bytesLeft: Int
    private let memoryCap: Int

    /// What a value costs the host beyond its text (an enum case, a dictionary or array slot).
    private static let bytesPerValue = 32

    init(state: OpaquePointer, bytesLeft: Int, memoryCap: Int) {
        self.state = state
        self.bytesLeft = bytesLeft
        self.memoryCap = memoryCap
    }

    private mutating func spend(_ bytes: Int) throws(ConversionFailure) {
        bytesLeft -= Self.bytesPerValue + bytes
        guard bytesLeft >= 0 else {
            throw ConversionFailure("memory limit of \(Self.format(memoryCap)) exceeded by the value returned (with what the Lua state holds)",
                                    exceedsMemoryCap: true)
        }
    }

    private static func format(_ bytes: Int) -> String {
        if bytes >= 1 << 20 && bytes % (1 << 20) == 0 { return "\(bytes >> 20) MiB" }
        if bytes >= 1024 && bytes % 1024 == 0 { return "\(bytes >> 10) KiB" }
        return "\(bytes) bytes"
    }

    mutating func read(at index: Int32) throws(ConversionFailure) -> LuaValue {
        let type = lua_type(state, index)
        try spend(type == LUA_TSTRING ? Int(lua_rawlen(state, index)) : 0)
        switch type {
        case LUA_TNIL:
            return .nil
        case LUA_TBOOLEAN:
            return .boolean(lua_toboolean(state, index) != 0)
        case LUA_TNUMBER:
            if lua_isinteger(state, index) != 0 {
                return .integer(lua_tointegerx(state, index, nil))
            }
            return .number(lua_tonumberx(state, index, nil))
        case LUA_TSTRING:
            guard let string = readString(at: index) else {
                throw ConversionFailure("a string that is not valid UTF-8 cannot be returned")
            }
            return .string(string)
        case LUA_TTABLE:
            return try readTable(at: index)
        default:
            throw ConversionFailure("a \(String(cString: lua_typename(state, type))) cannot be returned")
        }
    }

    /// Only for values that are strings: lua_tolstring would convert a number in place.
    private func readString(at index: Int32) -> String? {
        var length = 0
        guard let pointer = lua_tolstring(state, index, &length), lsb_is_utf8(pointer, length) != 0 else {
            return nil
        }
        return pointer.withMemoryRebound(to: UInt8.self, capacity: length) {
            String(decoding: UnsafeBufferPointer(start: $0, count: length), as: UTF8.self)
        }
    }

    private mutating func readTable(at index: Int32) throws(ConversionFailure) -> LuaValue {
        let table = lua_topointer(state, index)!
        guard !openTables.contains(table) else {
            throw ConversionFailure("a table that contains itself cannot be returned")
        }
        guard openTables.count < maximumTableDepth else {
            throw ConversionFailure("tables nested deeper than \(maximumTableDepth) levels cannot be returned")
        }
        // A key, a value, and what reading the value needs.
        guard lua_checkstack(state, 4) != 0 else {
            throw ConversionFailure("the Lua stack cannot grow")
        }
        // A frozen table (read-only for scripts) is empty in front of its contents, which are read instead.
        if lsb_push_frozen_contents(state, index) != 0 {
            defer { lua_settop(state, -2) }
            return try readTable(at: lua_gettop(state))
        }
        openTables.append(table)
        defer { openTables.removeLast() }

        var record: [String: LuaValue] = [:]
        var list: [LuaValue] = []                 // keys 1...list.count, met in order (the usual case)
        var laterElements: [Int64: LuaValue] = [:]  // integer keys met out of order
        lua_pushnil(state)
        while lua_next(state, index) != 0 {
            let keyIndex = lua_gettop(state) - 1
            let valueIndex = keyIndex + 1
            switch lua_type(state, keyIndex) {
            case LUA_TSTRING:
                guard list.isEmpty && laterElements.isEmpty else { throw mixedKeys() }
                try spend(Int(lua_rawlen(state, keyIndex)))
                guard let key = readString(at: keyIndex) else {
                    throw ConversionFailure("a key that is not valid UTF-8 cannot be returned")
                }
                do {
                    record[key] = try read(at: valueIndex)
                } catch {
                    throw error.inside(.key(key))
                }
            case LUA_TNUMBER where lua_isinteger(state, keyIndex) != 0:
                guard record.isEmpty else { throw mixedKeys() }
                let key = lua_tointegerx(state, keyIndex, nil)
                guard key >= 1 else {
                    throw ConversionFailure("a list must have exactly the keys 1..n, not \(key)")
                }
                let element: LuaValue
                do {
                    element = try read(at: valueIndex)
                } catch {
                    throw error.inside(.index(key))
                }
                if laterElements.isEmpty && key == list.count + 1 {
                    list.append(element)
                } else {
                    laterElements[key] = element
                }
            case LUA_TNUMBER:
                throw ConversionFailure("a table key must be a string or an integer 1..n, not the float \(lua_tonumberx(state, keyIndex, nil))")
            case let type:
                throw ConversionFailure("a table key must be a string or an integer 1..n, not a \(String(cString: lua_typename(state, type)))")
            }
            lua_settop(state, keyIndex)  // keep the key for lua_next
        }

        if !record.isEmpty { return .record(record) }
        if list.isEmpty && laterElements.isEmpty { return .record([:]) }
        if !laterElements.isEmpty {
            // Keys are distinct, so they are exactly 1...count when none in that range is missing.
            let count = list.count + laterElements.count
            for key in Int64(list.count + 1)...Int64(count) {
                guard let element = laterElements[key] else {
                    throw ConversionFailure("a list must have exactly the keys 1..n, but \(key) is missing (it has \(count) keys)")
                }
                list.append(element)
            }
        }
        return .list(list)
    }

    private func mixedKeys() -> ConversionFailure {
        ConversionFailure("a table with both string and integer keys cannot be returned")
    }
}
