import Testing
@testable import LuaSandbox

/// Runs `source` under `limits` and returns its error with the seconds it took to come back.
private func timedFailure(_ source: String, limits: LuaLimits, in sandbox: LuaSandbox) throws -> (LuaError, Double) {
    sandbox.limits = limits
    let clock = ContinuousClock()
    let start = clock.now
    let error = try failure(source, in: sandbox)
    let elapsed = seconds(clock.now - start)
    sandbox.limits = .default
    return (error, elapsed)
}

/// Runs `source` under `limits` and returns its error; the sandbox's limits are the default after.
private func failure(_ source: String, in sandbox: LuaSandbox, limits: LuaLimits) throws -> LuaError {
    sandbox.limits = limits
    defer { sandbox.limits = .default }
    return try failure(source, in: sandbox)
}

/// A budget no test reaches: only the time limit (1 s, like `--max-seconds 1`) can stop the call.
private let timeOnly = LuaLimits(instructionBudget: Int(Int64.max / 4), timeLimit: 1)
private let defaultWithOneSecond = LuaLimits(timeLimit: 1)
/// The default budget with a time limit no charged call comes near: a call that stops with the time
/// limit rather than the budget was charged too little for its work.
private let budgetFirst = LuaLimits(timeLimit: 20)
private let budgetMessage = "instruction budget of 2000000 exceeded (endless loop?)"
private let timeMessage = "time limit of 1 s exceeded (a rule doing too much work in one step?)"
private let here = LuaFrame(source: "rules/x.lua", line: 1)

/// Each C function is charged for the loop it runs, not only for the bytes it keeps, and a call
/// that cannot finish before the deadline is refused before it starts.
@Suite struct WorkInsideCFunctions {
    @Test(arguments: [
        "local t = {} for i = 1, 1e5 do t[i] = 65 end local function f(...) while true do local s = string.char(...) end end f(table.unpack(t, 1, 1e5))",
        "local t = {} for i = 1, 1e5 do t[i] = i end local function f(...) while true do local m = math.max(...) end end f(table.unpack(t, 1, 1e5))",
        "local t = {} for i = 1, 1e5 do t[i] = i end local function f(...) while true do local n = select(2, ...) end end f(table.unpack(t, 1, 1e5))",
        "local f = ('i'):rep(1000):rep(100) while true do local n = string.packsize(f) end",
    ])
    func chargedByTheirLoops(source: String) throws {
        let sandbox = try LuaSandbox()
        let (error, elapsed) = try timedFailure(source, limits: defaultWithOneSecond, in: sandbox)
        #expect(error.kind == .instructionLimit)
        #expect(error.message == budgetMessage)
        #expect(error.location?.source == "rules/x.lua")
        #expect(elapsed < 5)  // a hang guard, not a timing assertion
        try expectStillWorks(sandbox)
    }

    /// string.rep works by the bytes it produces, never by the count: an empty result costs nothing.
    @Test func repIsChargedByWhatItProduces() throws {
        let sandbox = try LuaSandbox()
        #expect(try run("return string.rep('', math.maxinteger), ('ab'):rep(3, ','), ('x'):rep(0), ('x'):rep(-5, ',')", in: sandbox)
                == [.string(""), .string("ab,ab,ab"), .string(""), .string("")])
        #expect(try run("return ('abc'):rep(1000000) == ('abc'):rep(500000):rep(2)", in: sandbox) == [.boolean(true)])
        let error = try failure("return string.rep('', math.maxinteger, ',')", in: sandbox)
        #expect(error.kind == .memoryLimit)
        #expect(error.message == "memory limit of 32 MiB exceeded (string.rep of 9223372036854775806 bytes)")
        try expectStillWorks(sandbox)
    }

    /// Pattern matching is charged for every start position times the pattern's items, and for the
    /// lengths a quantified item can take: calls that would run for seconds are refused before they
    /// start, whatever the function.
    @Test(arguments: [
        "string.find(('a'):rep(21000), '.' .. ('a'):rep(10500) .. 'b')",
        "string.match(('a'):rep(21000), ('a'):rep(10500) .. 'b')",
        "for w in ('a'):rep(21000):gmatch(('a'):rep(10500) .. 'b') do end",
        "string.gsub(('a'):rep(21000), ('a'):rep(10500) .. 'b', '')",
        "string.find(('a'):rep(60000), 'a*b')",
        "string.find(('a'):rep(3000), 'a-a-b')",
        "string.find(('('):rep(60000), '%b()x')",
    ])
    func patternsAreChargedForTheirWorstCase(source: String) throws {
        let sandbox = try LuaSandbox()
        let error = try failure("local n = 1\n" + source, in: sandbox, limits: budgetFirst)
        #expect(error.kind == .instructionLimit)
        #expect(error.message.hasPrefix("pattern too costly for a text of "), "\(error.message)")
        #expect(error.location == LuaFrame(source: "rules/x.lua", line: 2))
        try expectStillWorks(sandbox)
    }

    /// Short patterns on short texts, as rules and the rule library use them, stay cheap.
    @Test func typicalPatternsStayCheap() throws {
        let sandbox = try LuaSandbox()
        #expect(try run("""
            local n = 0
            for i = 1, 100 do
              if ("household_size"):match("^[%a_][%w_]*$") then n = n + 1 end
              local y, m, d = ("2026-09-01"):match("^(%d%d%d%d)%-(%d%d)%-(%d%d)$")
              local grouped = ("12345678"):reverse():gsub("(%d%d%d)", "%1,"):reverse():gsub("^,", "")
              for word in ("a bb ccc"):gmatch("%a+") do n = n + 1 end
            end
            return n
            """, in: sandbox) == [.integer(400)])
        #expect(sandbox.instructionsUsedByLastCall < 200_000)
    }

    /// string.format is charged for what each conversion does: %q by the bytes it escapes, %s with a
    /// width or precision by the length strlen walks, %f by the float's size.
    @Test(arguments: [
        "local s = ('\\1'):rep(1000000) for i = 1, 5 do local q = string.format('%q', s) end",
        "local s = ('a'):rep(1000000) while true do local q = string.format('%.3s', s) end",
        "while true do local q = string.format('%.99f', 1e308) end",
    ])
    func formatIsChargedForEachConversion(source: String) throws {
        let sandbox = try LuaSandbox()
        let error = try failure("local n = 1\n" + source, in: sandbox, limits: budgetFirst)
        #expect(error.kind == .instructionLimit)
        #expect(error.message == budgetMessage)
        #expect(error.location == LuaFrame(source: "rules/x.lua", line: 2))
        try expectStillWorks(sandbox)
        #expect(try run("return string.format('%q|%5.2s|%.2f', 'a\\1\"', 'xyz', 2.5)", in: sandbox)
                == [.string("\"a\\1\\\"\"|   xy|2.50")])
    }

    @Test func gsubIsChargedForItsReplacements() throws {
        let sandbox = try LuaSandbox()
        let source = "local r = ('%0'):rep(1000):rep(1000) return string.gsub(('a'):rep(2000), '', r)"
        let (error, elapsed) = try timedFailure(source, limits: defaultWithOneSecond, in: sandbox)
        #expect(error.kind == .instructionLimit)
        #expect(error.message == "replacement too costly for a text of 2000 bytes (instruction budget of 2000000 exceeded)")
        #expect(error.location == here)
        #expect(elapsed < 5)
        try expectStillWorks(sandbox)
        #expect(try run("return (string.gsub('abc', '%w', '%0%0'))", in: sandbox) == [.string("aabbcc")])
    }

    /// With a budget that allows anything, the time limit still holds inside C: the work a charge
    /// stands for is weighed against the time left before the function runs.
    @Test(arguments: [
        "local r = ('%0'):rep(1000):rep(1000) return string.gsub(('a'):rep(2000), '', r)",
    ])
    func timeLimitHoldsInsideC(source: String) throws {
        let sandbox = try LuaSandbox()
        let (error, elapsed) = try timedFailure(source, limits: timeOnly, in: sandbox)
        #expect(error.kind == .timeLimit)
        #expect(error.message == timeMessage)
        #expect(error.location == here)
        #expect(elapsed < 5)
        try expectStillWorks(sandbox)
    }

    /// Comparing two long strings is one instruction: while such blocks are live the hook fires
    /// more often, so the deadline is seen within milliseconds (it used to overshoot by 8–16 s).
    @Test(arguments: ["==", "<"])
    func longStringComparisonsStopAtTheTimeLimit(operator: String) throws {
        let sandbox = try LuaSandbox()
        let source = """
            local a = ('x'):rep(1000):rep(4000)
            local b = a:sub(1, -2) .. 'y'
            local n = 0
            while true do if a \(`operator`) b then n = n + 1 end end
            """
        let (error, elapsed) = try timedFailure(source, limits: timeOnly, in: sandbox)
        #expect(error.kind == .timeLimit)
        #expect(error.message == timeMessage)
        #expect(error.location == LuaFrame(source: "rules/x.lua", line: 4))
        #expect(elapsed < 5)
        try expectStillWorks(sandbox)
    }
}

/// table.sort is our own stable merge sort.
@Suite struct DeterministicSort {
    @Test func tiesKeepTheirOrderPastAHundredElements() throws {
        let sandbox = try LuaSandbox()
        let source = """
            local t = {}
            for i = 1, 300 do t[i] = {key = i % 3, at = i} end
            table.sort(t, function(a, b) return a.key < b.key end)
            local order = {}
            for i = 1, 300 do order[i] = t[i].at end
            return table.concat(order, ",")
            """
        let expected = (0..<3).flatMap { key in (1...300).filter { $0 % 3 == key } }.map(String.init).joined(separator: ",")
        #expect(try run(source, in: sandbox) == [.string(expected)])
        #expect(try run(source, in: try LuaSandbox()) == [.string(expected)])
    }

    @Test func behavesAsTheOriginal() throws {
        let sandbox = try LuaSandbox()
        #expect(try run("""
            local t = {5, 3, 1, 4, 2}
            table.sort(t)
            local d = {"b", "c", "a"}
            table.sort(d, function(x, y) return x > y end)
            local store = {4, 2, 3, 1}
            local proxy = setmetatable({}, {
              __index = function(_, i) return store[i] end,
              __newindex = function(_, i, v) store[i] = v * 10 end,
              __len = function() return #store end,
            })
            table.sort(proxy)
            local mt = {__lt = function(x, y) return x.n < y.n end}
            local objects = {setmetatable({n = 2}, mt), setmetatable({n = 1}, mt)}
            table.sort(objects)
            return table.concat(t, ","), table.concat(d), table.concat(store, ","), objects[1].n
            """, in: sandbox) == [.string("1,2,3,4,5"), .string("cba"), .string("10,20,30,40"), .integer(1)])
    }

    @Test(arguments: [
        ("table.sort({1, {}})", "attempt to compare table with number"),
        ("table.sort({3, 1}, 2)", "bad argument #2 to 'table.sort' (function expected, got number)"),
        ("table.sort('x')", "bad argument #1 to 'table.sort' (table expected, got string)"),
        ("table.sort({2, 1}, function(a, b) error('no order for ' .. a, 0) end)", "no order for 1"),
    ])
    func errorsAsTheOriginal(source: String, message: String) throws {
        let sandbox = try LuaSandbox()
        let error = try failure(source, in: sandbox)
        #expect(error.kind == .runtime)
        #expect(error.message == message)
        #expect(error.location == here)
        try expectStillWorks(sandbox)
    }

    /// Sorting copies of one long string costs nothing per byte (one string); equal long strings that
    /// are separate values are charged by the bytes compared.
    @Test func longStringsAreChargedByTheBytesCompared() throws {
        let sandbox = try LuaSandbox()
        #expect(try run("""
            local s = ('x'):rep(1000):rep(2000)
            local t = {}
            for i = 1, 20000 do t[i] = s end
            table.sort(t)
            return #t
            """, in: sandbox) == [.integer(20000)])
        let (error, elapsed) = try timedFailure("""
            local t = {}
            for i = 1, 3 do t[i] = ('x'):rep(1000):rep(2000) .. (i % 2) end
            table.sort(t)
            """, limits: defaultWithOneSecond, in: sandbox)
        #expect(error.kind == .instructionLimit)
        #expect(error.message == budgetMessage)
        #expect(error.location == LuaFrame(source: "rules/x.lua", line: 3))
        #expect(elapsed < 5)
        try expectStillWorks(sandbox)
    }

    @Test func theDeadlineIsCheckedInsideTheSort() throws {
        let sandbox = try LuaSandbox()
        let (error, elapsed) = try timedFailure("""
            local t = {}
            for i = 1, 8 do t[i] = ('x'):rep(1000):rep(2000) .. (i % 2) end
            while true do table.sort(t, function(a, b) return a < b end) end
            """, limits: timeOnly, in: sandbox)
        #expect(error.kind == .timeLimit)
        #expect(error.message == timeMessage)
        #expect(error.location == LuaFrame(source: "rules/x.lua", line: 3))
        #expect(elapsed < 5)
        try expectStillWorks(sandbox)
    }
}

/// Nothing a script prints or formats holds a memory address.
@Suite struct NoHostDetail {
    @Test func tostringAndFormatGiveNoAddresses() throws {
        let sandbox = try LuaSandbox()
        let source = """
            local named = setmetatable({}, {__name = "Household"})
            local shown = setmetatable({}, {__tostring = function() return "shown" end})
            return tostring({}), tostring(tostring), tostring(named), tostring(shown), tostring(1.5), tostring(nil),
                   string.format("%s|%s|%-7s|%s", {}, print or tostring, {}, shown)
            """
        let expected: [LuaValue] = [
            .string("table"), .string("function"), .string("Household"), .string("shown"), .string("1.5"), .string("nil"),
            .string("table|function|table  |shown"),
        ]
        #expect(try run(source, in: sandbox) == expected)
        #expect(try run(source, in: try LuaSandbox()) == expected)
    }

    @Test func formatRefusesPointers() throws {
        let sandbox = try LuaSandbox()
        let error = try failure("return string.format('%d %p', 1, {})", in: sandbox)
        #expect(error.kind == .runtime)
        #expect(error.message == "string.format: '%p' is not allowed (it gives a memory address, which changes from run to run)")
        #expect(error.location == here)
        try expectStillWorks(sandbox)
    }
}

/// Locations come from the engine, never from the text of a message.
@Suite struct HonestLocations {
    @Test func aMessageCannotNameAnotherPlace() throws {
        let sandbox = try LuaSandbox()
        let error = try failure("local x = 1\nerror('programmes/other.lua:7: spoofed', 0)", in: sandbox)
        #expect(error.kind == .runtime)
        #expect(error.message == "programmes/other.lua:7: spoofed")
        #expect(error.location == LuaFrame(source: "rules/x.lua", line: 2))
        try expectStillWorks(sandbox)
    }

    @Test func errorLevelsNameTheirFrames() throws {
        let sandbox = try LuaSandbox()
        let error = try failure("local function check(v)\n  error('bad value ' .. v, 2)\nend\nlocal function caller()\n  check(3)\nend\ncaller()", in: sandbox)
        #expect(error.message == "bad value 3")
        #expect(error.location == LuaFrame(source: "rules/x.lua", line: 5, function: "caller"))
        // A caught error keeps its prefix for Lua code, as Lua's own error does.
        #expect(try run("return select(2, pcall(error, 'x', 1)), select(2, pcall(function() error('y') end))", in: sandbox)
            == [.string("x"), .string("rules/x.lua:1: y")])
    }

    @Test func errorAtNamesThePlaceGiven() throws {
        let sandbox = try LuaSandbox()
        let error = try failure("error_at('programmes/a.lua', 12, 'decide returned nothing')", in: sandbox)
        #expect(error.kind == .runtime)
        #expect(error.message == "decide returned nothing")
        #expect(error.location == LuaFrame(source: "programmes/a.lua", line: 12))
        #expect(error.frames == [here])
        try expectStillWorks(sandbox)
        // Only the value error_at raised carries its place: the same text raised again does not.
        let again = try failure("""
            local ok, message = pcall(error_at, 'programmes/a.lua', 12, 'x')
            error(message, 0)
            """, in: sandbox)
        #expect(again.message == "programmes/a.lua:12: x")
        #expect(again.location == LuaFrame(source: "rules/x.lua", line: 2))
    }
}
