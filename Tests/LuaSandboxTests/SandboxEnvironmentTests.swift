import Testing
import LuaSandbox

@Suite struct Environment {
    @Test(arguments: [
        "os", "io", "require", "package", "debug", "coroutine", "dofile", "loadfile",
        "collectgarbage", "print",
    ])
    func dangerousGlobalsAreAbsent(name: String) throws {
        let sandbox = try LuaSandbox()
        #expect(try run("return \(name) == nil", in: sandbox) == [.boolean(true)])
        let error = try failure("\(name)('x')", in: sandbox)
        #expect(error.kind == .runtime)
        #expect(error.message == "attempt to call a nil value (global '\(name)')")
        #expect(error.location == LuaFrame(source: "rules/x.lua", line: 1))
        try expectStillWorks(sandbox)
    }

    @Test func escapesThroughLibrariesFail() throws {
        let sandbox = try LuaSandbox()
        for (source, message) in [
            ("os.execute('ls')", "attempt to index a nil value (global 'os')"),
            ("io.open('/etc/passwd')", "attempt to index a nil value (global 'io')"),
            ("return debug.getregistry()", "attempt to index a nil value (global 'debug')"),
            ("return coroutine.wrap(print)", "attempt to index a nil value (global 'coroutine')"),
            ("return string.dump(function() end)", "attempt to call a nil value (field 'dump')"),
            ("return math.random(6)", "attempt to call a nil value (field 'random')"),
        ] {
            let error = try failure(source, in: sandbox)
            #expect(error.kind == .runtime)
            #expect(error.message == message)
        }
        try expectStillWorks(sandbox)
    }

    @Test func binaryChunksAreRefused() throws {
        let sandbox = try LuaSandbox()
        #expect(try run("""
            local f, message = load("\\27Lua\\84\\0", "=bin", "b")
            return f == nil, message
            """, in: sandbox) == [.boolean(true), .string("binary chunks are not allowed")])
        #expect(try run("""
            local pieces = {"\\27Lua", "\\84\\0"}
            local f, message = load(function() return table.remove(pieces, 1) end)
            return f == nil, message
            """, in: sandbox) == [.boolean(true), .string("binary chunks are not allowed")])
        let error = try failure("return load(string.dump(function() end))", in: sandbox)
        #expect(error.message == "attempt to call a nil value (field 'dump')")
        #expect(throws: LuaError(kind: .syntax, message: "binary chunks are not allowed")) {
            try sandbox.load("\u{1B}Lua\u{54}\u{00}", chunkName: "rules/bin.lua")
        }
    }

    @Test func textLoadKeepsChunkNameAndEnvironment() throws {
        let sandbox = try LuaSandbox()
        #expect(try run("""
            local f = load("return x * 2", "=inner", "bt", {x = 21})
            local g, message = load("return +", "=broken")
            local pieces = {"return ", "1 + 1"}
            local h = load(function() return table.remove(pieces, 1) end)
            return f(), message, h()
            """, in: sandbox) == [.integer(42), .string("broken:1: unexpected symbol near '+'"), .integer(2)])
    }

    @Test func stringMetatableIsLocked() throws {
        let sandbox = try LuaSandbox()
        #expect(try run("return getmetatable('')", in: sandbox) == [.string("locked")])
        let error = try failure("setmetatable('', {})", in: sandbox)
        #expect(error.message == "bad argument #1 to 'setmetatable' (table expected, got string)")
        let protected = try failure("""
            local t = setmetatable({}, {__metatable = "mine"})
            setmetatable(t, {})
            """, in: sandbox)
        #expect(protected.message == "cannot change a protected metatable")
        #expect(protected.location?.line == 2)
        #expect(try run("return ('abc'):upper(), #getmetatable('')", in: sandbox) == [.string("ABC"), .integer(6)])
    }

    @Test func finalizersAreRefused() throws {
        let sandbox = try LuaSandbox()
        let error = try failure("local t = {}\nsetmetatable(t, {__gc = function() end})", in: sandbox)
        #expect(error.kind == .runtime)
        #expect(error.message == "__gc is not allowed")
        #expect(error.location == LuaFrame(source: "rules/x.lua", line: 2))
        #expect(try run("return getmetatable(setmetatable({}, {__index = {a = 1}})).__index.a", in: sandbox)
                == [.integer(1)])
    }

    @Test func whereReportsTheCaller() throws {
        let sandbox = try LuaSandbox()
        let results = try run("""
            local function here()
              local source, line = where(1)
              return source, line
            end
            local function caller()
              local source, line = where(2)
              return source, line
            end
            local a, b = here()
            local c, d = caller()
            return a, b, c, d, where(100) == nil
            """, chunkName: "programmes/living_relief.lua", in: sandbox)
        #expect(results == [
            .string("programmes/living_relief.lua"), .integer(2),
            .string("programmes/living_relief.lua"), .integer(10),
            .boolean(true),
        ])
    }

    @Test func globalFunctionsByName() throws {
        let sandbox = try LuaSandbox()
        _ = try run("function double(x) return x * 2 end\nvalue = 3", in: sandbox)
        let double = try #require(sandbox.function(named: "double"))
        #expect(sandbox.function(named: "double") == double)
        #expect(sandbox.function(named: "value") == nil)
        #expect(sandbox.function(named: "missing") == nil)
        #expect(try sandbox.call(double, [.integer(21)]) == [.integer(42)])
        #expect(try sandbox.call(double, [.number(1.25)]) == [.number(2.5)])
    }
}
