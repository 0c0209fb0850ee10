import CLua
import CLuaSandbox

/// The resource limits of a sandbox.
package struct LuaLimits: Sendable, Equatable {
    /// Cost units per `call()`: VM instructions (counted by 1000) plus charges for work done
    /// inside a single instruction, which the hook cannot see: each C function rules can reach is
    /// charged for the loop it runs (copies, matches and replacements, comparisons, values pushed or
    /// taken), and every new string of 256 bytes or more for its bytes.
    package var instructionBudget: Int
    /// Bytes for the whole Lua state.
    package var memoryCap: Int
    /// Wall-clock seconds per `call()` (0: none): a backstop for work inside one instruction that no
    /// charge sees, such as comparing two long equal strings in a loop (while blocks of 1 MiB or more
    /// are live the clock is read every few instructions), and for charges too big to finish in the
    /// time left. Unlike the budget it is not deterministic, so it is set far above what any rule needs.
    package var timeLimit: Double

    package static let `default` = LuaLimits()

    package init(instructionBudget: Int = 2_000_000, memoryCap: Int = 32 << 20, timeLimit: Double = 5) {
        self.instructionBudget = instructionBudget
        self.memoryCap = memoryCap
        self.timeLimit = timeLimit
    }
}

/// A compiled chunk or a global function: a registry reference, valid only with the sandbox that
/// made it.
package struct LuaFunction: Sendable, Hashable {
    fileprivate let sandboxID: UInt64
    fileprivate let reference: Int32
}

/// A sandboxed Lua 5.4 state: CPU and memory limits, no files, no processes, no escape.
/// One lua_State, used by one thread at a time.
///
/// Every Lua error is raised and caught in C (CLuaSandbox); Swift only calls entry points that
/// return status codes, and pushes values only while the memory cap is lifted.
package final class LuaSandbox {
    let sandbox: OpaquePointer  // internal: the line coverage extension uses it
    private let state: OpaquePointer
    private let id: UInt64

    /// Changeable between calls.
    package var limits: LuaLimits {
        didSet { Self.apply(limits, to: sandbox) }
    }

    package init(limits: LuaLimits = .default) throws(LuaError) {
        Self.check(limits)
        guard let sandbox = lsb_new(Int64(limits.instructionBudget), limits.memoryCap) else {
            throw LuaError(kind: .memoryLimit, message: "not enough memory to create a Lua state")
        }
        lsb_set_time_limit(sandbox, limits.timeLimit)
        self.sandbox = sandbox
        self.state = lsb_state(sandbox)
        self.id = lsb_id(sandbox)
        self.limits = limits
    }

    deinit {
        lsb_close(sandbox)
    }

    package var memoryInUse: Int { lsb_memory_in_use(sandbox) }

    /// Cost units charged to the last call (instructions are counted by 1000).
    package var instructionsUsedByLastCall: Int { Int(lsb_instructions_used(sandbox)) }

    /// Compiles a text chunk (binary chunks are refused). `chunkName` appears exactly as given in
    /// messages and frames.
    package func load(_ source: String, chunkName: String) throws(LuaError) -> LuaFunction {
        var source = source
        var reference: Int32 = 0
        let status = source.withUTF8 { bytes in
            bytes.withMemoryRebound(to: CChar.self) { text in
                lsb_load(sandbox, text.baseAddress, text.count, chunkName, &reference)
            }
        }
        guard status == LUA_OK else {
            throw Self.loadError(status: status, message: recordedMessage(), chunkName: chunkName)
        }
        return LuaFunction(sandboxID: id, reference: reference)
    }

    /// Calls under the limits: a fresh instruction budget for this call, the memory cap enforced.
    package func call(_ function: LuaFunction, _ arguments: [LuaValue] = []) throws(LuaError) -> [LuaValue] {
        precondition(function.sandboxID == id, "a LuaFunction is only valid with the sandbox that made it")
        let base = lua_gettop(state)
        defer { lua_settop(state, base) }

        lsb_lift_memory_cap(sandbox, 1)
        // The function, the arguments and the message handler lsb_call adds.
        guard lua_checkstack(state, Int32(clamping: arguments.count + 2)) != 0 else {
            lsb_lift_memory_cap(sandbox, 0)
            throw LuaError(kind: .malformedValue, message: "too many arguments (\(arguments.count))")
        }
        lsb_push_ref(sandbox, function.reference)
        let pusher = ValuePusher(state: state)
        for (offset, argument) in arguments.enumerated() {
            do {
                try pusher.push(argument)
            } catch {
                lsb_lift_memory_cap(sandbox, 0)
                throw error.luaError(root: "argument \(offset + 1)")
            }
        }
        lsb_lift_memory_cap(sandbox, 0)

        var count: Int32 = 0
        let status = lsb_call(sandbox, Int32(arguments.count), &count)
        guard status == LUA_OK else {
            throw callError(status: status)
        }
        // What the host builds from the results counts against the same cap as the Lua state.
        var reader = ValueReader(state: state, bytesLeft: limits.memoryCap - memoryInUse, memoryCap: limits.memoryCap)
        var results: [LuaValue] = []
        results.reserveCapacity(Int(count))
        for offset in 0..<count {
            do {
                results.append(try reader.read(at: base + 1 + offset))
            } catch {
                throw error.luaError(root: count == 1 ? "result" : "result \(offset + 1)")
            }
        }
        return results
    }

    /// A global function by name (raw access: no metamethods run); nil if not a function.
    package func function(named name: String) -> LuaFunction? {
        var name = name
        var reference: Int32 = 0
        let found = name.withUTF8 { bytes in
            bytes.withMemoryRebound(to: CChar.self) { text in
                lsb_global_function(sandbox, text.baseAddress, text.count, &reference)
            }
        }
        return found != 0 ? LuaFunction(sandboxID: id, reference: reference) : nil
    }

    // MARK: - Limits

    private static func check(_ limits: LuaLimits) {
        precondition(limits.instructionBudget >= 0 && limits.memoryCap >= 0 && limits.timeLimit >= 0,
                     "Lua limits cannot be negative")
    }

    private static func apply(_ limits: LuaLimits, to sandbox: OpaquePointer) {
        check(limits)
        lsb_set_limits(sandbox, Int64(limits.instructionBudget), limits.memoryCap)
        lsb_set_time_limit(sandbox, limits.timeLimit)
    }

    // MARK: - Errors

    /// A failure of `load` (or of compiling for `executableLines`) as a LuaError.
    static func loadError(status: Int32, message: String, chunkName: String) -> LuaError {
        if status == LUA_ERRMEM {
            return LuaError(kind: .memoryLimit, message: message)
        }
        // The compiler's message starts with the chunk name given to it (shortened by Lua to "..." and
        // its end when long) and the line it stopped at; the source's text only comes after that
        // prefix, so it cannot forge it. No frame exists for a chunk that never compiled.
        let located = Self.splitLocation(message) { source in
            source == chunkName || (source.hasPrefix("...") && chunkName.hasSuffix(source.dropFirst(3)))
        }
        guard let located else {
            return LuaError(kind: .syntax, message: message)
        }
        return LuaError(kind: .syntax, message: located.rest,
                        location: LuaFrame(source: chunkName, line: located.line))
    }

    private func callError(status: Int32) -> LuaError {
        let message = recordedMessage()
        if status == LUA_ERRMEM {
            // The message handler does not run for memory errors: no location, no frames.
            return LuaError(kind: .memoryLimit, message: message)
        }
        let kind: LuaError.Kind
        switch lsb_error_stop(sandbox) {
        case LSB_STOP_BUDGET: kind = .instructionLimit
        case LSB_STOP_MEMORY: kind = .memoryLimit
        case LSB_STOP_TIME: kind = .timeLimit
        default: kind = .runtime
        }
        let frames = (0..<lsb_frame_count(sandbox)).map { Self.frame(lsb_frame_at(sandbox, $0)) }
        // The place comes from the engine (what error() or error_at() recorded for this very error,
        // else the innermost Lua frame), never from the message, which a script can write at will.
        var location = lsb_frame()
        let located = lsb_error_location(sandbox, &location) != 0
        return LuaError(kind: kind, message: message, location: located ? Self.frame(location) : nil, frames: frames)
    }

    private static func frame(_ frame: lsb_frame) -> LuaFrame {
        LuaFrame(source: String(cString: frame.source), line: Int(frame.line), function: frame.name.map { String(cString: $0) })
    }

    private func recordedMessage() -> String {
        var length = 0
        let text = lsb_error_message(sandbox, &length)!
        return text.withMemoryRebound(to: UInt8.self, capacity: length) {
            String(decoding: UnsafeBufferPointer(start: $0, count: length), as: UTF8.self)
        }
    }

    /// Splits "source:line: rest" when `source` is the one Lua's compiler writes there.
    private static func splitLocation(
        _ message: String, accepting isKnownSource: (String) -> Bool
    ) -> (source: String, line: Int, rest: String)? {
        let bytes = Array(message.utf8)
        let colon = UInt8(ascii: ":")
        let digits = UInt8(ascii: "0")...UInt8(ascii: "9")
        let firstLine = bytes.firstIndex(of: UInt8(ascii: "\n")) ?? bytes.count  // prefixes are on it
        for position in bytes[..<firstLine].indices where bytes[position] == colon {
            var end = position + 1
            while end < bytes.count, digits.contains(bytes[end]) { end += 1 }
            guard end > position + 1, end < bytes.count, bytes[end] == colon,
                  let line = Int(String(decoding: bytes[(position + 1)..<end], as: UTF8.self))
            else { continue }
            let source = String(decoding: bytes[..<position], as: UTF8.self)
            guard isKnownSource(source) else { continue }
            var rest = end + 1
            if rest < bytes.count, bytes[rest] == UInt8(ascii: " ") { rest += 1 }
            return (source, line, String(decoding: bytes[rest...], as: UTF8.self))
        }
        return nil
    }
}
