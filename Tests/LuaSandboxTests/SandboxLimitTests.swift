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
            local t = {}
            for i = 1, 20000 do t[#t + 1] = tostring(i) .. ("-"):rep(300) end
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

    @Test func memoryInUseIsCounted() throws {
        let sandbox = try LuaSandbox()
        let before = sandbox.memoryInUse
        #expect(before > 0 && before < 64 << 10)
        _ = try run("big = ('x'):rep(1 << 20)", in: sandbox)
        #expect(sandbox.memoryInUse > before + (1 << 20))
    }
}
