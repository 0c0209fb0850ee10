import Testing
import LuaSandbox

/// The engine's `isolation` functions (CLuaSandbox/isolation.c): frozen tables, the seal and restore,
/// and iteration in a fixed order. The rule library builds on them (IsolationTests in EligibilityTests).
@Suite struct Isolation {
    @Test func aFrozenTableReadsAsBeforeAndRefusesEveryWrite() throws {
        let sandbox = try LuaSandbox()
        _ = try run("""
            frozen = isolation.freeze({ 10, 20, 30, name = "x" }, "the rates")
            """, in: sandbox)
        #expect(try run("""
            local seen = {}
            for i, v in ipairs(frozen) do seen[i] = v end
            return frozen[2], #frozen, frozen.name, table.concat(frozen, ","), #seen, table.unpack(frozen)
            """, in: sandbox) == [.integer(20), .integer(3), .string("x"), .string("10,20,30"), .integer(3),
                                  .integer(10), .integer(20), .integer(30)])
        for (source, key) in [("frozen.name = 'y'", "name"), ("frozen[1] = 0", "1"), ("frozen.new = 1", "new")] {
            let error = try failure("\n" + source, in: sandbox)
            #expect(error.kind == .runtime)
            #expect(error.message == "the rates cannot be changed by a rule (tried to set '\(key)')")
            #expect(error.location == LuaFrame(source: "rules/x.lua", line: 2))
        }
        // Through a library function, the place is the script's line that called it.
        let error = try failure("local x = 1\ntable.insert(frozen, 40)", in: sandbox)
        #expect(error.message == "the rates cannot be changed by a rule (tried to set '4')")
        #expect(error.location?.line == 2)
        #expect(try run("return frozen.name, #frozen", in: sandbox) == [.string("x"), .integer(3)])
    }

    @Test func theHostReadsWhatAFrozenTableHolds() throws {
        let sandbox = try LuaSandbox()
        #expect(try run("""
            return isolation.freeze({ code = "ok", items = isolation.freeze({ 1, 2 }, "items") }, "the result")
            """, in: sandbox) == [.record(["code": .string("ok"), "items": .list([.integer(1), .integer(2)])])])
    }

    @Test func aMissingEntryCanBeAnError() throws {
        let sandbox = try LuaSandbox()
        let error = try failure("""
            local t = isolation.freeze({ a = 1 }, "the table", nil, function(_, key) error("no entry " .. key, 2) end)
            local ok = t.a
            local missing = t.b
            """, in: sandbox)
        #expect(error.message == "no entry b")
        #expect(error.location == LuaFrame(source: "rules/x.lua", line: 3))
    }

    static let mixedKeys = """
        local t = { [3] = "c", [1] = "a", [2.5] = "x", [-1] = "m", [2^63] = "float", [math.maxinteger] = "integer",
                    b = 1, a = 2, ab = 3, B = 4, [true] = "t", [false] = "f" }
        """
    static let mixedOrder = "-1|1|2.5|3|9223372036854775807|9.2233720368548e+18|B|a|ab|b|false|true"

    @Test func pairsAndNextVisitKeysInOneFixedOrder() throws {
        let sandbox = try LuaSandbox()
        let byPairs = """
            local keys = {}
            for k in isolation.pairs(t) do keys[#keys + 1] = tostring(k) end
            return table.concat(keys, "|")
            """
        let byNext = """
            local keys, k = {}, isolation.next(t)
            while k ~= nil do keys[#keys + 1] = tostring(k); k = isolation.next(t, k) end
            return table.concat(keys, "|")
            """
        for body in [byPairs, byNext] {
            #expect(try run(Self.mixedKeys + "\n" + body, in: sandbox) == [.string(Self.mixedOrder)])
            #expect(try run(Self.mixedKeys + "\nt = isolation.freeze(t, 'the table')\n" + body, in: sandbox)
                    == [.string(Self.mixedOrder)])
        }
        // Lua's own next on a table that is not frozen, so keys removed while visiting are skipped.
        #expect(try run(Self.mixedKeys + """

            local seen = 0
            for k in isolation.pairs(t) do seen = seen + 1; t.b = nil; t.ab = nil end
            return seen
            """, in: sandbox) == [.integer(10)])
    }

    @Test func theOrderIsTheSameInEveryState() throws {
        let source = """
            local t = {}
            for i = 1, 300 do t["key" .. i] = i end
            local keys = {}
            for k in isolation.pairs(t) do keys[#keys + 1] = k end
            return table.concat(keys, ",")
            """
        let sorted = (1...300).map { "key\($0)" }.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
        for _ in 1...3 {
            #expect(try run(source, in: try LuaSandbox()) == [.string(sorted.joined(separator: ","))])
        }
    }

    @Test func pairsHonoursAPairsMetamethod() throws {
        let sandbox = try LuaSandbox()
        #expect(try run("""
            local t = setmetatable({}, { __pairs = function(t) return function(_, k) if k == nil then return 1, "one" end end, t, nil end })
            local seen = {}
            for k, v in isolation.pairs(t) do seen[#seen + 1] = k .. "=" .. v end
            return table.concat(seen, ",")
            """, in: sandbox) == [.string("1=one")])
    }

    @Test(arguments: [
        ("for k in isolation.pairs({ [{}] = 1 }) do end", "pairs: a table with a table as a key"),
        ("isolation.next({ [print or error] = 1 })", "next: a table with a function as a key"),
        ("isolation.next({ 1 }, {})", "next: a table with a table as a key"),
        ("local t = isolation.freeze({ [{}] = 1 }, 'the table')\nfor k in isolation.pairs(t) do end",
         "pairs: a table with a table as a key"),
    ])
    func keysWithNoOrderAreAnError(_ source: String, _ message: String) throws {
        let sandbox = try LuaSandbox()
        let error = try failure(source, in: sandbox)
        #expect(error.kind == .runtime)
        #expect(error.message == message + " has no fixed order to visit its keys in (use a list and ipairs)")
        #expect(error.location?.source == "rules/x.lua")
        try expectStillWorks(sandbox)
    }

    @Test func visitingInOrderIsCharged() throws {
        let sandbox = try LuaSandbox(limits: LuaLimits(instructionBudget: 1_000_000))
        let error = try failure("""
            local t = { first = true }
            for i = 1, 100000 do t[i] = true end
            for k in isolation.pairs(t) do end
            """, in: sandbox)
        #expect(error.kind == .instructionLimit)
        #expect(error.location == LuaFrame(source: "rules/x.lua", line: 3))
        let scan = try failure("""
            local t = {}
            for i = 1, 20000 do t[i] = true end
            local k = isolation.next(t)
            while k do k = isolation.next(t, k) end
            """, in: sandbox)
        #expect(scan.kind == .instructionLimit)
        #expect(scan.location == LuaFrame(source: "rules/x.lua", line: 4))
        // A list (keys exactly 1..n) needs no sorting: only its slots are charged.
        #expect(try run("""
            local t = {}
            for i = 1, 100000 do t[i] = true end
            local n = 0
            for k in isolation.pairs(t) do n = n + 1 end
            return n
            """, in: sandbox) == [.integer(100000)])
    }

    /// A traversal walks every slot of a table, and a table keeps its slots when its keys are removed:
    /// each traversal is charged for all of them, so the budget, not the clock, stops these.
    @Test(arguments: ["local k = isolation.next(t)", "local f = isolation.pairs(t)"])
    func emptiedTablesAreChargedForTheirSlots(step: String) throws {
        let sandbox = try LuaSandbox(limits: LuaLimits(timeLimit: 20))
        let error = try failure("""
            local t = {}
            for i = 1, 32768 do t[i] = true; t["k" .. i] = true end
            for i = 1, 32767 do t[i] = nil; t["k" .. i] = nil end
            while true do \(step) end
            """, in: sandbox)
        #expect(error.kind == .instructionLimit)
        #expect(error.message == "instruction budget of 2000000 exceeded (endless loop?)")
        #expect(error.location == LuaFrame(source: "rules/x.lua", line: 4))
        try expectStillWorks(sandbox)
    }

    /// `next` takes the order when a traversal starts and keeps it for the table: each step is a
    /// binary search (a walk of 5000 keys fits the default budget), keys removed since are passed, keys
    /// added since are not visited, and a key the order kept does not have takes a new one.
    @Test func nextKeepsTheOrderOfATraversal() throws {
        let sandbox = try LuaSandbox()
        #expect(try run("""
            local t = {}
            for i = 1, 5000 do t["key" .. i] = i end
            local n, k = 0, isolation.next(t)
            while k do n = n + 1; k = isolation.next(t, k) end
            return n
            """, in: sandbox) == [.integer(5000)])
        #expect(try run("""
            local t = { a = 1, b = 2, c = 3, d = 4 }
            local seen = {}
            local k = isolation.next(t)
            while k do
              seen[#seen + 1] = k
              if k == "a" then t.b = nil; t.bb = 0 end
              k = isolation.next(t, k)
            end
            local after_new = isolation.next(t, "bb")
            return table.concat(seen, ","), after_new
            """, in: sandbox) == [.string("a,c,d"), .string("c")])
    }

    /// Of several keys that have no place in the order, the error names the same type in every state.
    @Test func theKeyWithNoOrderIsNamedTheSameInEveryState() throws {
        for _ in 1...3 {
            let sandbox = try LuaSandbox()
            for source in ["isolation.next({ [print or tostring] = 1, [{}] = 2, [tostring] = 3 })",
                           "for k in isolation.pairs({ [tostring] = 1, [{}] = 2 }) do end"] {
                let error = try failure(source, in: sandbox)
                #expect(error.message.contains("a table with a table as a key has no fixed order"), "\(error.message)")
            }
        }
    }

    /// Freezing is all or nothing: a freeze stopped by the budget leaves the table as it was.
    @Test func aFreezeThatFailsLeavesTheTableAsItWas() throws {
        let sandbox = try LuaSandbox()
        _ = try run("kept = {} for i = 1, 20000 do kept['k' .. i] = i end", in: sandbox)
        sandbox.limits.instructionBudget = 500_000
        let error = try failure("isolation.freeze(kept, 'the table')", in: sandbox)
        #expect(error.kind == .instructionLimit)
        sandbox.limits = .default
        #expect(try run("""
            local n = 0
            for _ in isolation.pairs(kept) do n = n + 1 end
            kept.k1 = 0
            return n, kept.k20000, kept.k1
            """, in: sandbox) == [.integer(20000), .integer(20000), .integer(0)])
    }

    @Test func theLibrarysNextSeesWhatAFrozenTableHolds() throws {
        let sandbox = try LuaSandbox()
        #expect(try run("""
            local t = isolation.freeze({ a = 1 }, "the table")
            local k, v = next(t)
            local count = 0
            for _ in pairs(t) do count = count + 1 end
            return k, v, count
            """, in: sandbox) == [.string("a"), .integer(1), .integer(1)])
    }

    /// A rule file's functions, sealed: its locals are put back by restore, its tables are read-only.
    static func sealedRules(_ sandbox: LuaSandbox) throws -> [LuaValue] {
        _ = try run("""
            local count = 0
            local names = { "a" }
            local kept
            local function bump() count = count + 1; return count end
            function decide(name)
              local inner = function() count = count + 10 end
              inner()
              kept = kept or name
              return bump(), kept, names[1]
            end
            function make() return function() count = count + 1; return count end end
            function read() return count end
            function grow() names[#names + 1] = "b" end
            """, chunkName: "rules/r.lua", in: sandbox)
        return try run("""
            return isolation.seal({ decide, make, read, grow }, "this table", "; keep it in the function")
            """, in: sandbox)
    }

    @Test func restorePutsBackTheLocalsOfSealedFunctions() throws {
        let sandbox = try LuaSandbox()
        // One table (names) frozen; count, kept, bump and names recorded once each, whichever functions share them.
        #expect(try Self.sealedRules(sandbox) == [.integer(1), .integer(4)])
        #expect(try run("isolation.restore() return decide('x')", in: sandbox) == [.integer(11), .string("x"), .string("a")])
        #expect(try run("return decide('y')", in: sandbox) == [.integer(22), .string("x"), .string("a")])
        #expect(try run("isolation.restore() return decide('y')", in: sandbox) == [.integer(11), .string("y"), .string("a")])
    }

    @Test func closuresMadeAfterTheSealShareTheRestoredLocals() throws {
        let sandbox = try LuaSandbox()
        _ = try Self.sealedRules(sandbox)
        #expect(try run("""
            isolation.restore()
            later = make()
            later(); later()
            return read()
            """, in: sandbox) == [.integer(2)])
        #expect(try run("isolation.restore() return read(), later()", in: sandbox) == [.integer(0), .integer(1)])
    }

    @Test func aSealedTableIsReadOnly() throws {
        let sandbox = try LuaSandbox()
        _ = try Self.sealedRules(sandbox)
        let error = try failure("grow()", in: sandbox)
        #expect(error.message == "this table cannot be changed by a rule (tried to set '2'); keep it in the function")
        #expect(error.location?.source == "rules/r.lua" && error.location?.line == 13)
    }

    /// A list kept by a rule file is sealed without sorting (it is in order already), however long,
    /// and each seal adds to what restore puts back.
    @Test func sealsOfLongListsAndOfSeveralFiles() throws {
        let sandbox = try LuaSandbox(limits: LuaLimits(instructionBudget: 10_000_000))
        _ = try run("""
            local big, count = {}, 0
            for i = 1, 300000 do big[i] = i end
            function first() count = count + 1; return count, #big, big[300000] end
            """, chunkName: "rules/first.lua", in: sandbox)
        _ = try run("""
            local count = 10
            function second() count = count + 1; return count end
            """, chunkName: "rules/second.lua", in: sandbox)
        #expect(try run("return isolation.seal({ first }, 'this table', '')", in: sandbox) == [.integer(1), .integer(2)])
        #expect(try run("return isolation.seal({ second }, 'this table', '')", in: sandbox) == [.integer(0), .integer(1)])
        #expect(try run("first() second() return second(), first()", in: sandbox)
                == [.integer(12), .integer(2), .integer(300000), .integer(300000)])
        #expect(try run("isolation.restore() return second(), first()", in: sandbox)
                == [.integer(11), .integer(1), .integer(300000), .integer(300000)])
    }

    @Test func theSealStopsAtWhatTheLibraryOwns() throws {
        let sandbox = try LuaSandbox()
        _ = try run("""
            local state = {}
            function library_function() state.used = true; return state.used end
            """, chunkName: "bangfu/library.lua", in: sandbox)
        _ = try run("""
            local view = setmetatable({}, { __index = { a = 1 } })
            local plain = { library_function, view }
            function rule() plain[1](); return view.a end
            """, chunkName: "rules/r.lua", in: sandbox)
        // Only `plain` is frozen; the rule's upvalues `plain` and `view` are recorded.
        #expect(try run("return isolation.seal({ rule }, 'this table', '')", in: sandbox) == [.integer(1), .integer(2)])
        #expect(try run("return rule(), library_function()", in: sandbox) == [.integer(1), .boolean(true)])
    }
}
