import Testing
import LuaSandbox

/// Runs a chunk and returns the error it must throw.
func failure(
    _ source: String, chunkName: String = "rules/x.lua", in sandbox: LuaSandbox
) throws -> LuaError {
    let function = try sandbox.load(source, chunkName: chunkName)
    do {
        let results = try sandbox.call(function)
        Issue.record("expected an error, got \(results)")
        return LuaError(kind: .runtime, message: "no error")
    } catch {
        return error
    }
}

func run(_ source: String, chunkName: String = "rules/x.lua", in sandbox: LuaSandbox) throws -> [LuaValue] {
    try sandbox.call(try sandbox.load(source, chunkName: chunkName))
}

/// The sandbox must stay usable after any failure.
func expectStillWorks(_ sandbox: LuaSandbox) throws {
    #expect(try run("local t = {} for i = 1, 100 do t[i] = i end return #t", in: sandbox) == [.integer(100)])
}

func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
}

@Suite struct InstructionBudget {
    @Test func endlessLoopIsStopped() throws {
        let sandbox = try LuaSandbox()
        let error = try failure("local n = 0\nwhile true do n = n + 1 end", in: sandbox)
        #expect(error.kind == .instructionLimit)
        #expect(error.message == "instruction budget of 2000000 exceeded (endless loop?)")
        #expect(error.location == LuaFrame(source: "rules/x.lua", line: 2))
        #expect(error.frames == [LuaFrame(source: "rules/x.lua", line: 2)])
        #expect(sandbox.instructionsUsedByLastCall > 2_000_000)
        try expectStillWorks(sandbox)
    }

    @Test func pcallCannotSwallowTheStop() throws {
        let sandbox = try LuaSandbox()
        let error = try failure("""
            local caught = 0
            while true do
              local ok, message = pcall(function() while true do end end)
              caught = caught + 1
              if caught > 3 then return "escaped", message end
            end
            """, in: sandbox)
        #expect(error.kind == .instructionLimit)
        #expect(error.message == "instruction budget of 2000000 exceeded (endless loop?)")
        try expectStillWorks(sandbox)
    }

    @Test func xpcallHandlersCannotSwallowTheStopEither() throws {
        let sandbox = try LuaSandbox()
        let error = try failure("""
            local function spin() while true do end end
            local ok = xpcall(spin, function(m) return m end)
            return ok
            """, in: sandbox)
        #expect(error.kind == .instructionLimit)
        try expectStillWorks(sandbox)
    }

    @Test func limitsCanChangeBetweenCalls() throws {
        let sandbox = try LuaSandbox()
        let count = try sandbox.load("local n = 0 for i = 1, 100000 do n = n + i end return n", chunkName: "c.lua")
        #expect(try sandbox.call(count) == [.integer(5_000_050_000)])
        sandbox.limits.instructionBudget = 10_000
        #expect(throws: LuaError(kind: .instructionLimit, message: "instruction budget of 10000 exceeded (endless loop?)",
                                 location: LuaFrame(source: "c.lua", line: 1),
                                 frames: [LuaFrame(source: "c.lua", line: 1)])) {
            try sandbox.call(count)
        }
        sandbox.limits = .default
        #expect(try sandbox.call(count) == [.integer(5_000_050_000)])
    }

    @Test func identicalCallsCostTheSame() throws {
        let sandbox = try LuaSandbox()
        let function = try sandbox.load("""
            local t, dashes = {}, ("-"):rep(300)
            for i = 1, 20000 do t[#t + 1] = tostring(i) .. dashes end
            return #t
            """, chunkName: "rules/cost.lua")
        _ = try sandbox.call(function)
        let first = sandbox.instructionsUsedByLastCall
        _ = try sandbox.call(function)
        #expect(first > 100_000)
        #expect(sandbox.instructionsUsedByLastCall == first)
    }
}

@Suite struct CostlyStringFunctions {
    @Test func hugeRepIsRefused() throws {
        let sandbox = try LuaSandbox()
        let clock = ContinuousClock()
        let start = clock.now
        for source in ["return string.rep('x', 1e9)", "return ('x'):rep(1e9)"] {
            let error = try failure(source, in: sandbox)
            #expect(error.kind == .memoryLimit)
            #expect(error.message == "memory limit of 32 MiB exceeded (string.rep of 1000000000 bytes)")
            #expect(error.location == LuaFrame(source: "rules/x.lua", line: 1))
            try expectStillWorks(sandbox)
        }
        #expect(seconds(clock.now - start) < 0.5)
    }

    @Test func manyLargeRepsRunOutOfBudgetFast() throws {
        let sandbox = try LuaSandbox()
        let clock = ContinuousClock()
        let start = clock.now
        let error = try failure("for i = 1, 2000 do local s = string.rep('x', 4e6) end", in: sandbox)
        #expect(seconds(clock.now - start) < 0.5)
        #expect(error.kind == .instructionLimit)
        #expect(error.message == "instruction budget of 2000000 exceeded (endless loop?)")
        try expectStillWorks(sandbox)
    }

    @Test func catastrophicPatternIsRefusedFast() throws {
        let sandbox = try LuaSandbox()
        let clock = ContinuousClock()
        let start = clock.now
        for source in [
            "return string.find(('a'):rep(14), ('a-'):rep(14) .. 'b')",
            "return (('a'):rep(14)):match(('a*'):rep(14) .. 'b')",
            "return ('a'):rep(14):gsub(('a-'):rep(14) .. 'b', '')",
            "for w in ('a'):rep(14):gmatch(('a-'):rep(14) .. 'b') do end",
        ] {
            let error = try failure(source, in: sandbox)
            #expect(error.kind == .instructionLimit)
            #expect(error.message == "pattern too costly for a text of 14 bytes (instruction budget of 2000000 exceeded)")
            #expect(error.location?.line == 1)
        }
        #expect(seconds(clock.now - start) < 0.5)
        try expectStillWorks(sandbox)
    }

    @Test func patternStopIsSticky() throws {
        let sandbox = try LuaSandbox()
        let error = try failure("""
            local ok = pcall(string.find, ('a'):rep(14), ('a-'):rep(14) .. 'b')
            return ok
            """, in: sandbox)
        #expect(error.kind == .instructionLimit)
        #expect(error.message.hasPrefix("pattern too costly"))
    }

    @Test func ordinaryStringFunctionsStillWork() throws {
        let sandbox = try LuaSandbox()
        let results = try run("""
            local key, value = ("income=1200"):match("^(%w+)=(%d+)$")
            local words = {}
            for w in ("a bb ccc"):gmatch("%a+") do words[#words + 1] = w end
            local trimmed = ("  x  "):gsub("^%s+", ""):gsub("%s+$", "")
            return key, tonumber(value), words, trimmed, ("ab"):rep(3, ","),
                   ("x"):find("y"), string.find("a.b", ".", 1, true)
            """, in: sandbox)
        #expect(results == [
            .string("income"), .integer(1200), .list([.string("a"), .string("bb"), .string("ccc")]),
            .string("x"), .string("ab,ab,ab"), .nil, .integer(2), .integer(2),
        ])
    }

    @Test func argumentErrorsNameTheFunction() throws {
        let sandbox = try LuaSandbox()
        let error = try failure("return string.rep()", in: sandbox)
        #expect(error.kind == .runtime)
        #expect(error.message == "bad argument #1 to 'rep' (string expected, got no value)")
        #expect(error.location == LuaFrame(source: "rules/x.lua", line: 1))
    }

    @Test func quadraticConcatenationIsCharged() throws {
        // Each '..' copies the whole string inside one instruction.
        let sandbox = try LuaSandbox()
        let clock = ContinuousClock()
        let start = clock.now
        let error = try failure("""
            local s = ("x"):rep(1 << 20)
            while true do local t = s .. "y" end
            """, in: sandbox)
        #expect(seconds(clock.now - start) < 0.5)
        #expect(error.kind == .instructionLimit)
    }
}

/// Library functions whose work grows with their arguments, beyond the string functions.
@Suite struct ChargedLibraryFunctions {
    @Test(arguments: [
        "table.move({}, 1, 1e9, 2)",
        "local t = {} for i = 1, 1e5 do t[i] = '' end while true do table.concat(t) end",
        "local t = {} for i = 1, 1e5 do t[i] = (i * 7919) % 100003 end while true do table.sort(t) end",
        "local t = {} while true do local n = select('#', table.unpack(t, 1, 1e5)) end",
        "local t = {} for i = 1, 1e5 do t[i] = i end while true do table.insert(t, 1, 0) table.remove(t, 1) end",
        "local s = ('中'):rep(1e6) while true do local n = utf8.len(s) end",
        "local s = ('x'):rep(1e5) while true do local n = select('#', s:byte(1, -1)) end",
        "local s = ('7'):rep(4e6) while true do local n = tonumber(s) end",
        "local s = ('local x = 1 + 2 * y\\n'):rep(5e4) while true do load(s) end",
        "local t = setmetatable({}, {__len = function() return 1e9 end}) return table.unpack(t)",
    ])
    func stoppedFast(source: String) throws {
        let sandbox = try LuaSandbox()
        let clock = ContinuousClock()
        let start = clock.now
        let error = try failure(source, in: sandbox)
        #expect(seconds(clock.now - start) < 0.5)
        #expect(error.kind == .instructionLimit)
        #expect(error.message == "instruction budget of 2000000 exceeded (endless loop?)")
        #expect(sandbox.instructionsUsedByLastCall <= 2_001_000)
        try expectStillWorks(sandbox)
    }

    @Test func wrappedFunctionsBehaveAsBefore() throws {
        let sandbox = try LuaSandbox()
        let results = try run("""
            local t = {"a", "b", "c", "d"}
            local moved = table.move(t, 2, 3, 1, {})
            table.insert(t, 1, "z")
            table.insert(t, "e")
            local removed = table.remove(t, 2)
            table.sort(t, function(x, y) return x > y end)
            local proxy = setmetatable({}, {__len = function() return 2 end, __index = function(_, i) return "p" .. i end})
            return table.concat(t, ",", 2, 4), table.concat(moved), removed, table.concat(t),
                   table.concat(proxy, "+"), select("#", table.unpack(t)), table.unpack({7, 8, 9}, 2, 3)
            """, in: sandbox)
        #expect(results == [
            .string("e,d,c"), .string("bc"), .string("a"), .string("zedcb"), .string("p1+p2"), .integer(5),
            .integer(8), .integer(9),
        ])
        #expect(try run("""
            local s = "中文abc"
            return utf8.len(s), utf8.codepoint(s, 1), utf8.offset(s, 3), s:byte(-1), tonumber("ff", 16),
                   tonumber("12"), tonumber("1e2"), tonumber({}), select("#", s:byte(1, -1))
            """, in: sandbox) == [
            .integer(5), .integer(20013), .integer(7), .integer(99), .integer(255), .integer(12), .number(100), .nil,
            .integer(9),
        ])
    }

    @Test(arguments: [
        ("table.concat(nil)", "bad argument #1 to 'table.concat' (table expected, got nil)"),
        ("table.insert({}, 5, 1)", "bad argument #2 to 'table.insert' (position out of bounds)"),
        ("table.sort({3, 1}, 2)", "bad argument #2 to 'table.sort' (function expected, got number)"),
        ("utf8.len('x', 5)", "bad argument #2 to 'utf8.len' (initial position out of bounds)"),
        ("tonumber('z', 99)", "bad argument #2 to 'tonumber' (base out of range)"),
        ("tonumber()", "bad argument #1 to 'tonumber' (value expected)"),
        ("string.byte({})", "bad argument #1 to 'byte' (string expected, got table)"),
        ("table.concat({1, {}})", "invalid value (table) at index 2 in table for 'concat'"),
    ])
    func argumentErrorsNameTheFunction(source: String, message: String) throws {
        let sandbox = try LuaSandbox()
        let error = try failure(source, in: sandbox)
        #expect(error.kind == .runtime)
        #expect(error.message == message)
        #expect(error.location == LuaFrame(source: "rules/x.lua", line: 1))
    }
}

@Suite struct MemoryCap {
    @Test func tableGrowingForeverIsStopped() throws {
        let sandbox = try LuaSandbox(limits: LuaLimits(instructionBudget: 100_000_000, memoryCap: 4 << 20))
        let error = try failure("local t = {}\nwhile true do t[#t + 1] = {} end", in: sandbox)
        #expect(error.kind == .memoryLimit)
        #expect(error.message == "memory limit of 4 MiB exceeded")
        #expect(error.location == LuaFrame(source: "rules/x.lua", line: 2))
        #expect(sandbox.memoryInUse < 4 << 20)
        try expectStillWorks(sandbox)
    }

    @Test func memoryStopIsSticky() throws {
        let sandbox = try LuaSandbox(limits: LuaLimits(instructionBudget: 100_000_000, memoryCap: 4 << 20))
        let error = try failure("""
            for attempt = 1, 5 do
              pcall(function() local t = {} while true do t[#t + 1] = {} end end)
            end
            return "escaped"
            """, in: sandbox)
        #expect(error.kind == .memoryLimit)
        #expect(error.message == "memory limit of 4 MiB exceeded")
        try expectStillWorks(sandbox)
    }

    @Test func allocationPastTheHardCapFailsWithoutLocation() throws {
        let sandbox = try LuaSandbox(limits: LuaLimits(memoryCap: 8 << 20))
        // One 12 MB string while 3 MB are in use: past 1.5 × the cap, refused by the allocator.
        let error = try failure("local a = ('x'):rep(3000000)\nlocal b = a .. a .. a .. a\nreturn #b", in: sandbox)
        #expect(error == LuaError(kind: .memoryLimit, message: "memory limit of 8 MiB exceeded"))
        try expectStillWorks(sandbox)
    }

    @Test func bufferRefusalIsTheMemoryLimit() throws {
        let sandbox = try LuaSandbox(limits: LuaLimits(memoryCap: 8 << 20))
        // table.concat's buffer raises Lua's own "not enough memory": a memory error too.
        let error = try failure("local a = ('x'):rep(3000000)\nreturn #table.concat({a, a, a, a})", in: sandbox)
        #expect(error == LuaError(kind: .memoryLimit, message: "memory limit of 8 MiB exceeded"))
        try expectStillWorks(sandbox)
    }

    @Test func anyErrorPastTheCapIsTheMemoryLimit() throws {
        let sandbox = try LuaSandbox(limits: LuaLimits(memoryCap: 4 << 20))
        // concat's buffer passes the cap, then concat fails on its last element in the same call.
        let error = try failure("local a = ('x'):rep(1500000)\nreturn table.concat({a, a, {}})", in: sandbox)
        #expect(error.kind == .memoryLimit)
        #expect(error.message == "memory limit of 4 MiB exceeded")
        #expect(error.location == LuaFrame(source: "rules/x.lua", line: 2))
        try expectStillWorks(sandbox)
    }

    /// Only what is live counts: garbage an earlier call left (another programme, another applicant)
    /// is collected before a call is stopped for memory, so no call fails for what ran before it.
    @Test func garbageOfAnEarlierCallDoesNotCount() throws {
        let sandbox = try LuaSandbox(limits: LuaLimits(instructionBudget: 20_000_000))
        let litter = try sandbox.load("""
            local keep = {}
            for i = 1, 8 do keep[i] = string.rep(string.char(64 + i), 2000000) end
            return #keep
            """, chunkName: "rules/litter.lua")
        let big = try sandbox.load("return #string.rep('Q', 12000000)", chunkName: "rules/big.lua")
        #expect(try sandbox.call(big) == [.integer(12_000_000)])
        for _ in 1...3 {
            #expect(try sandbox.call(litter) == [.integer(8)])
            #expect(try sandbox.call(big) == [.integer(12_000_000)])
        }
        let live = try failure("""
            local keep = {}
            for i = 1, 20 do keep[i] = string.rep(string.char(64 + i), 2000000) end
            return #keep
            """, in: sandbox)
        #expect(live.kind == .memoryLimit)
        #expect(live.message == "memory limit of 32 MiB exceeded")
        #expect(live.location == LuaFrame(source: "rules/x.lua", line: 2))
        try expectStillWorks(sandbox)
    }

    @Test func memoryInUseIsCounted() throws {
        let sandbox = try LuaSandbox()
        let before = sandbox.memoryInUse
        #expect(before > 0 && before < 64 << 10)
        _ = try run("big = ('x'):rep(1 << 20)", in: sandbox)
        #expect(sandbox.memoryInUse > before + (1 << 20))
    }
}

@Suite("Wall-clock backstop")
struct WallClockBackstopTests {
    @Test func comparingLongEqualStringsIsStoppedByTheTimeLimit() throws {
        // Each comparison of two equal 2 MB strings is one instruction that reads 4 MB: the budget
        // barely moves while the seconds pass.
        let sandbox = try LuaSandbox(limits: LuaLimits(instructionBudget: 50_000_000, memoryCap: 64 << 20, timeLimit: 0.2))
        let function = try sandbox.load("""
            local a, b = string.rep("x", 2000000), string.rep("x", 2000000)
            for i = 1, 1e9 do if a == b then end end
            """, chunkName: "rules/compare.lua")
        let clock = ContinuousClock()
        let start = clock.now
        #expect {
            try sandbox.call(function)
        } throws: { error in
            (error as? LuaError)?.kind == .timeLimit
                && (error as? LuaError)?.message == "time limit of 0.2 s exceeded (a rule doing too much work in one step?)"
                && (error as? LuaError)?.location?.source == "rules/compare.lua"
        }
        #expect(clock.now - start < .seconds(3))
        // The sandbox is usable afterwards.
        #expect(try sandbox.call(try sandbox.load("return 1", chunkName: "x")) == [.integer(1)])
    }
}
