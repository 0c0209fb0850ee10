/// A place in a Lua chunk.
public struct LuaFrame: Sendable, Equatable {
    /// The chunk name as given to `load` ("rules/x.lua").
    public var source: String
    public var line: Int
    /// The function's name when Lua can tell it (global, local, method or field name).
    public var function: String?

    public init(source: String, line: Int, function: String? = nil) {
        self.source = source
        self.line = line
        self.function = function
    }
}

public struct LuaError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        case syntax, runtime, instructionLimit, memoryLimit, timeLimit, malformedValue
    }

    public var kind: Kind
    /// The Lua message without a leading "source:line: " prefix.
    public var message: String
    /// Where it happened: from the message's prefix, else the innermost Lua frame.
    public var location: LuaFrame?
    /// The Lua frames of the traceback, innermost first (C frames skipped; at most 32).
    public var frames: [LuaFrame]

    public init(kind: Kind, message: String, location: LuaFrame? = nil, frames: [LuaFrame] = []) {
        self.kind = kind
        self.message = message
        self.location = location
        self.frames = frames
    }

    /// "source:line: message", like Lua prints it.
    public var description: String {
        guard let location else { return message }
        return "\(location.source):\(location.line): \(message)"
    }
}
