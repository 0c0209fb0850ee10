import CLua
import CLuaSandbox

extension LuaSandbox {
    /// When true, every line a Lua function runs is recorded (a line hook alongside the count hook).
    /// Off by default: the line hook costs time on every line. The instruction budget and the memory
    /// cap work as when off: the record is kept outside the Lua state, bounded on its own (262,144
    /// distinct lines, 4,096 chunks, 1 MiB of chunk names; beyond that, new ones are not recorded).
    package var recordsLineCoverage: Bool {
        get { lsb_line_coverage(sandbox) != 0 }
        set { lsb_set_line_coverage(sandbox, newValue ? 1 : 0) }
    }

    /// Lines run since the sandbox was made or since `resetLineCoverage()`, by chunk name exactly as
    /// given to `load(_:chunkName:)` (and as `where` reports it). Chunks loaded by Lua code count too,
    /// by their name without the "@". One line here can be missing from `executableLines`: a chunk's
    /// last line when it holds nothing but the chunk's implicit return, and the chunk ran to its end.
    package func coveredLines() -> [String: Set<Int>] {
        let names = (0..<lsb_covered_chunk_count(sandbox)).map { index in
            var length = 0
            let name = lsb_covered_chunk_name(sandbox, index + 1, &length)!
            return Self.string(name, length)
        }
        var covered: [String: Set<Int>] = [:]
        var cursor = 0
        var chunk: Int32 = 0
        var line: Int32 = 0
        while lsb_next_covered_line(sandbox, &cursor, &chunk, &line) != 0 {
            covered[names[Int(chunk) - 1], default: []].insert(Int(line))
        }
        return covered
    }

    package func resetLineCoverage() {
        lsb_reset_line_coverage(sandbox)
    }

    /// The lines of a chunk that hold code, over the chunk and all functions nested in it at any
    /// depth (called or not), without running it. A line counts when an instruction other than a
    /// function's final implicit return is on it, so the `end` of a function that ends with
    /// `return` is not a line to run; a vararg function's VARARGPREP does not count either (as in
    /// Lua's `activelines`). Throws `.syntax` like `load`. The chunk is compiled in a Lua state of its
    /// own, without limits.
    package static func executableLines(of source: String, chunkName: String) throws(LuaError) -> Set<Int> {
        var source = source
        var result = lsb_lines()
        defer { lsb_free_lines(&result) }
        let status = source.withUTF8 { bytes in
            bytes.withMemoryRebound(to: CChar.self) { text in
                lsb_executable_lines(text.baseAddress, text.count, chunkName, &result)
            }
        }
        guard status == LUA_OK else {
            let message = result.message.map { string($0, result.message_length) } ?? ""
            if status == LUA_ERRERR {
                throw LuaError(kind: .runtime, message: message)
            }
            throw loadError(status: status, message: message, chunkName: chunkName)
        }
        return Set(UnsafeBufferPointer(start: result.lines, count: result.count).lazy.map { Int($0) })
    }

    private static func string(_ text: UnsafePointer<CChar>, _ length: Int) -> String {
        text.withMemoryRebound(to: UInt8.self, capacity: length) {
            String(decoding: UnsafeBufferPointer(start: $0, count: length), as: UTF8.self)
        }
    }
}
