/// A place in a Lua chunk.
package struct LuaFrame: Sendable, Equatable {
    /// The chunk name as given to `load` ("rules/x.lua").
    package var source: String
    package var line: Int
    /// The function's name when Lua can tell it (global, local, method or field name).
    package var function: String?

    package init(source: String, line: Int, function: String? = nil) {
        self.source = source
        self.line = line
        self.function = function
    }
}

package struct LuaError: Error, Sendable, Equatable, CustomStringConvertible {
    package enum Kind: Sendable, Equatable {
        case syntax, runtime, instructionLimit, memoryLimit, timeLimit, malformedValue
    }

    package var kind: Kind
    /// The Lua message without a leading "source:line: " prefix.
    package var message: String
    /// Where it happened, from the engine: the place `error` or `error_at` named for this very error,
    /// else the innermost Lua frame (never read from the message, which a script writes at will).
    package var location: LuaFrame?
    /// The Lua frames of the traceback, innermost first (C frames skipped; at most 32).
    package var frames: [LuaFrame]

    package init(kind: Kind, message: String, location: LuaFrame? = nil, frames: [LuaFrame] = []) {
        self.kind = kind
        self.message = message
        self.location = location
        self.frames = frames
    }

    /// "source:line: message", like Lua prints it.
    package var description: String {
        guard let location else { return message }
        return "\(location.source):\(location.line): \(message)"
    }
}
