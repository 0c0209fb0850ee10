import Testing
import LuaSandbox

@Suite struct Values {
    static let nested: LuaValue = .record([
        "name": .string("王小明"),
        "age": .integer(67),
        "income": .number(1234.5),
        "whole": .number(3.0),
        "retired": .boolean(true),
        "household": .list([
            .record(["name": .string("李华"), "ages": .list([.integer(1), .integer(-2)])]),
            .record([:]),
        ]),
        "odd key": .string("ok"),
    ])

    @Test func valuesRoundTrip() throws {
        let sandbox = try LuaSandbox()
        let identity = try sandbox.load("return ...", chunkName: "id.lua")
        let arguments: [LuaValue] = [Self.nested, .integer(.max), .integer(.min), .number(-0.5), .string(""), .boolean(false)]
        #expect(try sandbox.call(identity, arguments) == arguments)
        #expect(try sandbox.call(identity, [.list([])]) == [.record([:])])
        #expect(try sandbox.call(identity, [.nil]) == [.nil])
    }

    @Test func luaBuiltValuesKeepTheirSubtype() throws {
        let sandbox = try LuaSandbox()
        let results = try run("""
            local v = ...
            return {
              n = 7 // 2, f = 7 / 2, big = math.maxinteger, whole = 2^3,
              text = "中文" .. utf8.char(25991), empty = {}, list = {"a", "b"},
              sparse = {[2] = "b", [1] = "a", [3] = "c"},
            }
            """, in: sandbox)
        #expect(results == [.record([
            "n": .integer(3), "f": .number(3.5), "big": .integer(.max), "whole": .number(8),
            "text": .string("中文文"), "empty": .record([:]), "list": .list([.string("a"), .string("b")]),
            "sparse": .list([.string("a"), .string("b"), .string("c")]),
        ])])
    }

    @Test func luaSeesArgumentsAsTables() throws {
        let sandbox = try LuaSandbox()
        let function = try sandbox.load("""
            local p = ...
            return #p.household, p.household[1].name, math.type(p.age), math.type(p.whole), p["odd key"],
                   getmetatable(p) == nil
            """, chunkName: "p.lua")
        #expect(try sandbox.call(function, [Self.nested]) == [
            .integer(2), .string("李华"), .string("integer"), .string("float"), .string("ok"), .boolean(true),
        ])
    }

    @Test func accessors() {
        let value = Self.nested
        #expect(value["name"].stringValue == "王小明")
        #expect(value["age"].integerValue == 67)
        #expect(value["whole"].integerValue == 3)
        #expect(value["income"].integerValue == nil)
        #expect(value["retired"].boolValue == true)
        #expect(value["missing"] == .nil)
        #expect(value["name"]["x"] == .nil)
        #expect(value["household"].listValue?.count == 2)
        #expect(value["household"].listValue?[1].listValue == [])
        #expect(value["name"].listValue == nil)
    }

    @Test(arguments: [
        ("return {benefits = {1, function() end}}", "result.benefits[2]: a function cannot be returned"),
        ("return {1, 2, x = 3}", "result: a table with both string and integer keys cannot be returned"),
        ("return {[1] = 'a', [3] = 'c'}", "result: a list must have exactly the keys 1..n, but 2 is missing (it has 2 keys)"),
        ("return {[0] = 'a'}", "result: a list must have exactly the keys 1..n, not 0"),
        ("return {[true] = 1}", "result: a table key must be a string or an integer 1..n, not a boolean"),
        ("return {[1.5] = 1}", "result: a table key must be a string or an integer 1..n, not the float 1.5"),
        ("local t = {} t.self = {t} return t", "result.self[1]: a table that contains itself cannot be returned"),
        ("return {['a b'] = {function() end}}", "result[\"a b\"][1]: a function cannot be returned"),
        ("return 1, {x = load('return 1')}", "result 2.x: a function cannot be returned"),
        ("return ('中'):sub(1, 2)", "result: a string that is not valid UTF-8 cannot be returned"),
        ("local t = {} for i = 1, 40 do t = {t} end return t",
         "result" + String(repeating: "[1]", count: 32) + ": tables nested deeper than 32 levels cannot be returned"),
    ])
    func malformedResults(source: String, message: String) throws {
        let sandbox = try LuaSandbox()
        let error = try failure(source, in: sandbox)
        #expect(error == LuaError(kind: .malformedValue, message: message))
        try expectStillWorks(sandbox)
    }

    @Test func malformedArguments() throws {
        let sandbox = try LuaSandbox()
        let identity = try sandbox.load("return ...", chunkName: "id.lua")
        #expect(throws: LuaError(kind: .malformedValue, message: "argument 2.items[2]: a list cannot contain nil")) {
            try sandbox.call(identity, [.integer(1), .record(["items": .list([.integer(1), .nil])])])
        }
        var deep: LuaValue = .integer(1)
        for _ in 0..<33 { deep = .list([deep]) }
        let error = try #require(throws: LuaError.self) { try sandbox.call(identity, [deep]) }
        #expect(error.kind == .malformedValue)
        #expect(error.message.hasSuffix(": tables nested deeper than 32 levels cannot be passed"))
        #expect(try sandbox.call(identity, [.integer(5)]) == [.integer(5)])
    }
}

@Suite struct Errors {
    @Test func syntaxErrorHasALine() throws {
        let sandbox = try LuaSandbox()
        let error = try #require(throws: LuaError.self) {
            try sandbox.load("local a = 1\nlocal b = = 2\n", chunkName: "rules/bad.lua")
        }
        #expect(error == LuaError(kind: .syntax, message: "unexpected symbol near '='",
                                  location: LuaFrame(source: "rules/bad.lua", line: 2)))
        #expect(error.description == "rules/bad.lua:2: unexpected symbol near '='")
        try expectStillWorks(sandbox)
    }

    @Test func longChunkNamesStayExact() throws {
        let sandbox = try LuaSandbox()
        let name = "programmes/" + String(repeating: "very_long_directory/", count: 5) + "living_relief.lua"
        let syntax = try #require(throws: LuaError.self) { try sandbox.load("x = = 1", chunkName: name) }
        #expect(syntax.location == LuaFrame(source: name, line: 1))
        #expect(syntax.message == "unexpected symbol near '='")
        let runtime = try failure("local x = nil\nreturn x.y", chunkName: name, in: sandbox)
        #expect(runtime.location == LuaFrame(source: name, line: 2))
        #expect(runtime.message == "attempt to index a nil value (local 'x')")
    }

    @Test func runtimeErrorHasLocationAndFrames() throws {
        let sandbox = try LuaSandbox()
        let error = try failure("""
            local function inner(v)
              return v.field.missing
            end
            function outer(v)
              local result = inner(v)
              return result
            end
            local value = outer({})
            return value
            """, in: sandbox)
        #expect(error.kind == .runtime)
        #expect(error.message == "attempt to index a nil value (field 'field')")
        #expect(error.location == LuaFrame(source: "rules/x.lua", line: 2, function: "inner"))
        #expect(error.frames == [
            LuaFrame(source: "rules/x.lua", line: 2, function: "inner"),
            LuaFrame(source: "rules/x.lua", line: 5, function: "outer"),
            LuaFrame(source: "rules/x.lua", line: 8),
        ])
    }

    @Test func errorLevelsAndErrorObjects() throws {
        let sandbox = try LuaSandbox()
        let levelTwo = try failure("""
            local function check(v)
              if not v then error("v is required", 2) end
            end
            check(nil)
            """, in: sandbox)
        #expect(levelTwo.message == "v is required")
        #expect(levelTwo.location == LuaFrame(source: "rules/x.lua", line: 4))

        let noPosition = try failure("error('a:1: looks like a position', 0)", in: sandbox)
        #expect(noPosition.message == "a:1: looks like a position")
        #expect(noPosition.location == LuaFrame(source: "rules/x.lua", line: 1))

        for (source, message) in [
            ("error({message = 'from a table'})", "from a table"),
            ("error({code = 3})", "error object is a table"),
            ("error(42)", "error object is a number"),
            ("error()", "error object is a nil"),
        ] {
            let error = try failure(source, in: sandbox)
            #expect(error.kind == .runtime)
            #expect(error.message == message)
            #expect(error.location == LuaFrame(source: "rules/x.lua", line: 1))
        }
    }

    @Test func errorsInNestedChunksNameThem() throws {
        let sandbox = try LuaSandbox()
        let error = try failure("""
            local f = load("local t = nil\\nreturn t.x", "=rules/inner.lua")
            local value = f()
            return value
            """, in: sandbox)
        #expect(error.location == LuaFrame(source: "rules/inner.lua", line: 2, function: "f"))
        #expect(error.frames.map(\.source) == ["rules/inner.lua", "rules/x.lua"])
    }
}
