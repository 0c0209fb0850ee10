import Testing
import LuaSandbox

@Suite struct LineCoverage {
    /// Lines checked by hand against `luac5.4 -l -l`.
    static let rules = """
        local limit = 100

        function double(x)
          return x * 2
        end

        function never(x)
          local y = x + 1
          return y
        end

        function classify(n)
          if n > limit then
            return "big"
          end
          local t = {
            a = n,
            b = n + 1,
          }
          return t.a + t.b
        end

        function counter()
          local count = 0
          local function bump()
            count = count + 1
          end
          bump()
          return count
        end

        if limit > 1000 then
          never(1)
        end
        """

    /// Each function's `end` holds the CLOSURE that makes it (run by the enclosing function), but not
    /// its final implicit return; blank lines, `local function bump()`, the `end` of an `if` and the
    /// `}` of a table constructor hold nothing; the chunk's last line holds only its implicit return.
    static let executable: Set<Int> = [
        1, 3, 4, 5, 7, 8, 9, 10, 12, 13, 14, 16, 17, 18, 20, 21, 23, 24, 26, 27, 28, 29, 30, 32, 33,
    ]

    func sandboxWithCoverage() throws -> LuaSandbox {
        let sandbox = try LuaSandbox()
        sandbox.recordsLineCoverage = true
        return sandbox
    }

    @Test func executableLinesOfNestedFunctions() throws {
        #expect(try LuaSandbox.executableLines(of: Self.rules, chunkName: "rules/r.lua") == Self.executable)
        #expect(try LuaSandbox.executableLines(of: "", chunkName: "empty.lua") == [])
        #expect(try LuaSandbox.executableLines(of: "\n-- only a comment\n", chunkName: "c.lua") == [])
    }

    @Test func coveredLinesAreTheLinesRun() throws {
        let sandbox = try sandboxWithCoverage()
        _ = try run(Self.rules, chunkName: "rules/r.lua", in: sandbox)
        #expect(try sandbox.call(sandbox.function(named: "classify")!, [.integer(5)]) == [.integer(11)])
        #expect(try sandbox.call(sandbox.function(named: "counter")!) == [.integer(1)])
        #expect(try sandbox.call(sandbox.function(named: "double")!, [.integer(3)]) == [.integer(6)])

        let covered = try #require(sandbox.coveredLines()["rules/r.lua"])
        // 34 only holds the chunk's implicit return: run, but not an executable line.
        #expect(covered == [1, 3, 4, 5, 7, 10, 12, 13, 16, 17, 18, 20, 21, 23, 24, 26, 27, 28, 29, 30, 32, 34])
        #expect(Self.executable.subtracting(covered) == [8, 9, 14, 33])
        #expect(sandbox.coveredLines().keys.sorted() == ["rules/r.lua"])
    }

    @Test func longChunksUseAbsoluteLineInfo() throws {
        // Line gaps of 128 or more, and more than 128 instructions in a row, switch Lua's line info
        // from deltas to absolute lines.
        let source = "local x = 0\n" + String(repeating: "x = x + 1\n", count: 200) + String(repeating: "\n", count: 400)
            + "function far()\n" + String(repeating: "  x = x + 1\n", count: 150) + "  return x\nend\nreturn far()"
        let expected = Set(1...201).union(602...755)
        #expect(try LuaSandbox.executableLines(of: source, chunkName: "long.lua") == expected)

        let sandbox = try sandboxWithCoverage()
        #expect(try run(source, chunkName: "long.lua", in: sandbox) == [.integer(350)])
        #expect(sandbox.coveredLines() == ["long.lua": expected])
    }

    @Test func executableLinesThrowsLikeLoad() throws {
        let bad = "local a = 1\nlocal b = = 2\n"
        let sandbox = try LuaSandbox()
        let loadError = try #require(throws: LuaError.self) { try sandbox.load(bad, chunkName: "rules/bad.lua") }
        let linesError = try #require(throws: LuaError.self) {
            try LuaSandbox.executableLines(of: bad, chunkName: "rules/bad.lua")
        }
        #expect(linesError == loadError)
        #expect(linesError == LuaError(kind: .syntax, message: "unexpected symbol near '='",
                                       location: LuaFrame(source: "rules/bad.lua", line: 2)))
        #expect(throws: LuaError(kind: .syntax, message: "binary chunks are not allowed")) {
            try LuaSandbox.executableLines(of: "\u{1B}Lua", chunkName: "x.lua")
        }
    }

    @Test func offByDefault() throws {
        let sandbox = try LuaSandbox()
        #expect(!sandbox.recordsLineCoverage)
        _ = try run(Self.rules, in: sandbox)
        #expect(sandbox.coveredLines().isEmpty)
    }

    @Test func resetAndSwitchingOff() throws {
        let sandbox = try sandboxWithCoverage()
        let double = try sandbox.load("function double(x)\n  return x * 2\nend", chunkName: "d.lua")
        _ = try sandbox.call(double)
        #expect(sandbox.coveredLines() == ["d.lua": [1, 3]])
        sandbox.resetLineCoverage()
        #expect(sandbox.coveredLines().isEmpty)
        _ = try sandbox.call(sandbox.function(named: "double")!, [.integer(1)])
        #expect(sandbox.coveredLines() == ["d.lua": [2]])
        sandbox.recordsLineCoverage = false
        sandbox.resetLineCoverage()
        _ = try sandbox.call(double)
        #expect(sandbox.coveredLines().isEmpty)
    }

    @Test func linesUpToAnErrorAreRecorded() throws {
        let sandbox = try sandboxWithCoverage()
        _ = try run("""
            function risky(v)
              local a = 1
              local b = v.field
              return a + b
            end
            """, in: sandbox)
        let error = try #require(throws: LuaError.self) { try sandbox.call(sandbox.function(named: "risky")!) }
        #expect(error.location == LuaFrame(source: "rules/x.lua", line: 3))
        #expect(sandbox.coveredLines() == ["rules/x.lua": [1, 2, 3, 5]])
    }

    @Test func chunksLoadedByLuaAreRecordedUnderTheirName() throws {
        let sandbox = try sandboxWithCoverage()
        let results = try run("""
            local f = load("local x = 1\\nreturn x + 1", "@programmes/x.lua", "t", {})
            local anonymous = load("return where(1)")
            return f(), anonymous()
            """, chunkName: "rules/engine.lua", in: sandbox)
        let anonymousName = try #require(results[1].stringValue)
        #expect(results == [.integer(2), .string("[string \"return where(1)\"]"), .integer(1)])
        #expect(sandbox.coveredLines() == [
            "rules/engine.lua": [1, 2, 3], "programmes/x.lua": [1, 2], anonymousName: [1],
        ])
    }

    @Test func limitsWorkAsWithoutCoverage() throws {
        let source = "local t, dashes = {}, ('-'):rep(300)\nfor i = 1, 20000 do\n  t[#t + 1] = tostring(i) .. dashes\nend\nreturn #t"
        let plain = try LuaSandbox()
        let covering = try sandboxWithCoverage()
        #expect(try run(source, in: plain) == [.integer(20000)])
        #expect(try run(source, in: covering) == [.integer(20000)])
        #expect(covering.instructionsUsedByLastCall == plain.instructionsUsedByLastCall)

        let endless = "local n = 0\nwhile true do\n  n = n + 1\nend"
        covering.resetLineCoverage()
        plain.limits.instructionBudget = 10_000
        covering.limits.instructionBudget = 10_000
        let expected = try failure(endless, in: plain)
        #expect(expected.kind == .instructionLimit)
        #expect(try failure(endless, in: covering) == expected)
        #expect(covering.instructionsUsedByLastCall == plain.instructionsUsedByLastCall)
        #expect(covering.coveredLines()["rules/x.lua"] == [1, 3])  // `while true do` has no instruction

        let greedy = "local t = {}\nwhile true do t[#t + 1] = {} end"
        plain.limits = LuaLimits(instructionBudget: 100_000_000, memoryCap: 4 << 20)
        covering.limits = plain.limits
        let memory = try failure(greedy, in: plain)
        #expect(memory.kind == .memoryLimit)
        #expect(try failure(greedy, in: covering) == memory)
        try expectStillWorks(covering)
    }

    @Test func recordIsBounded() throws {
        let sandbox = try sandboxWithCoverage()
        sandbox.limits.instructionBudget = 100_000_000
        _ = try run("""
            for i = 1, 5000 do load("return 1", "@chunk" .. i)() end
            """, chunkName: "many.lua", in: sandbox)
        let covered = sandbox.coveredLines()
        #expect(covered.count == 4096)
        #expect(covered["many.lua"] == [1])
        #expect(covered["chunk4095"] == [1])
        #expect(covered["chunk4096"] == nil)
        sandbox.resetLineCoverage()
        _ = try run("return 1", chunkName: "after.lua", in: sandbox)
        #expect(sandbox.coveredLines() == ["after.lua": [1]])

        sandbox.resetLineCoverage()
        _ = try run(String(repeating: "x = 1\n", count: 270_000), chunkName: "huge.lua", in: sandbox)
        #expect(sandbox.coveredLines()["huge.lua"]?.count == 262_144)
    }
}
