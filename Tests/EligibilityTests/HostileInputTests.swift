import Foundation
import Testing
@testable import Eligibility

/// Input written to hurt: each class is refused with a message that says what and where, quickly, and
/// nothing else in the document or the file is lost.
@Suite("Hostile input is refused where it is")
struct HostileInputTests {
    static func problem(_ text: String, file: String = "p.yaml", json: Bool = false) -> Diagnostic? {
        do {
            _ = try DocumentNode.parse(text, displayName: file, json: json)
            return nil
        } catch {
            return error
        }
    }

    static func validationProblems(_ document: DocumentNode) throws -> [String] {
        let validator = ProfileValidator(schema: try ProfileValidationTests.schema())
        do {
            _ = try validator.validate(document, source: "p.yaml")
            return []
        } catch {
            return error.diagnostics.map(\.description)
        }
    }

    // MARK: YAML aliases

    /// Nine levels of nine aliases each: about 387 million leaves once expanded.
    static let aliasBomb = "a: &a [x, x, x, x, x, x, x, x, x]\n"
        + (1...8).map { level in
            let name = "b\(level)", previous = level == 1 ? "a" : "b\(level - 1)"
            return "\(name): &\(name) [" + Array(repeating: "*\(previous)", count: 9).joined(separator: ", ") + "]\n"
        }.joined()

    @Test func anAliasBombIsRefusedAtItsFirstAnchorBeforeAnythingIsExpanded() {
        #expect(Self.problem(Self.aliasBomb)?.description
            == "p.yaml:1:4: 不接受 YAML 锚点（&name）：在每个用到的地方把值完整写出来")
    }

    @Test func anAliasIsRefusedWhereItIsWritten() {
        // An alias of an undefined anchor still names the alias, not a libyaml composer error.
        #expect(Self.problem("name: 王某\nincome: *money\n")?.description
            == "p.yaml:2:9: 不接受 YAML 别名（*name）：把值完整写出来")
        #expect(Self.problem("base: &base {income: 1}\nother:\n  <<: *base\n")?.line == 1)
    }

    @Test func yamlWithoutAliasesReadsAsBefore() throws {
        let document = try DocumentNode.parse("""
            name: '&not an anchor'
            note: "*not an alias"
            empty:
            tilde: ~
            text: |
              two
              lines
            list: [1, "2"]
            """, displayName: "p.yaml")
        #expect(document["name"]?.scalarText == "&not an anchor")
        #expect(document["note"] == .scalar("*not an alias", isQuoted: true, line: 2))
        #expect(document["empty"] == .null(line: 3))
        #expect(document["tilde"] == .null(line: 4))
        #expect(document["text"] == .scalar("two\nlines\n", isQuoted: true, line: 5))
        #expect(document["list"] == .sequence([.scalar("1", isQuoted: false, line: 8), .scalar("2", isQuoted: true, line: 8)], line: 8))
    }

    @Test func yamlKeysAreTextAndAFileHoldsOneDocument() {
        #expect(Self.problem("[a, b]: 1\n")?.description == "p.yaml:1:1: 键只能是普通文字")
        #expect(Self.problem("a: 1\n---\nb: 2\n")?.description == "p.yaml:2:1: 一个文件只能有一份文档，这里是第二份")
        #expect(Self.problem("a: [1, 2\nb: 3\n")?.description.hasPrefix("p.yaml:2:2: 不是有效的 YAML") == true)
    }

    // MARK: Linear reading

    static func manyKeys(_ count: Int, json: Bool) -> String {
        json ? "{" + (1...count).map { #""k\#($0)": \#($0)"# }.joined(separator: ",\n") + "}"
             : (1...count).map { "k\($0): \($0)" }.joined(separator: "\n") + "\n"
    }

    @Test(arguments: [true, false])
    func aMappingOfAHundredThousandKeysIsReadWhole(json: Bool) throws {
        let document = try DocumentNode.parse(Self.manyKeys(100_000, json: json), displayName: "p", json: json)
        guard case .mapping(let pairs, _) = document else { Issue.record("not a mapping"); return }
        #expect(pairs.count == 100_000)
        #expect(pairs[99_999].key == "k100000")
        #expect(pairs[99_999].value == .scalar("100000", isQuoted: false, line: 100_000))
    }

    @Test(arguments: [true, false])
    func aDuplicateAmongAHundredThousandKeysIsNamedAtItsLine(json: Bool) {
        let text = Self.manyKeys(100_000, json: json)
        let repeated = json ? String(text.dropLast()) + #",\#n"k5": 0}"# : text + "k5: 0\n"
        let problem = Self.problem(repeated, file: "p", json: json)
        #expect(problem?.line == 100_001)
        #expect(problem?.message.zh.hasSuffix("键 'k5' 出现了两次") == true)
    }

    // MARK: Profile size

    @Test func aHugeTextFieldIsRefusedAsTooLargeBeforeAnyRule() throws {
        let name = String(repeating: "王", count: 6_000)  // 18,000 bytes
        let problems = try Self.validationProblems(.mapping([("name", .scalar(name, isQuoted: true, line: 1))], line: 1))
        #expect(problems == [
            "p.yaml:1: name: 档案过大：文本有 18000 字节（档案限每个值 16384 字节）",
        ])
    }

    @Test func aLongListIsRefusedAsTooLargeWithItsPath() throws {
        let members = (1...1_001).map { _ in DocumentNode.mapping([("relation", .scalar("子", isQuoted: false, line: 4))], line: 4) }
        let household = DocumentNode.mapping([("members", .sequence(members, line: 3))], line: 2)
        let problems = try Self.validationProblems(.mapping([("name", .scalar("王某", isQuoted: false, line: 1)), ("household", household)], line: 1))
        #expect(problems == [
            "p.yaml:3: household.members: 档案过大：1001 项（档案限每个列表 1000 项）",
        ])
    }

    @Test func deepNestingAndManyFieldsAreRefusedAsTooLarge() throws {
        var deep = DocumentNode.scalar("1", isQuoted: false, line: 1)
        for _ in 1...20 { deep = .mapping([("x", deep)], line: 1) }
        #expect(try Self.validationProblems(deep).first?.hasPrefix(
            "p.yaml:1: x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x: 档案过大：嵌套了 17 层") == true)
        let wide = DocumentNode.mapping((1...1_001).map { ("k\($0)", .scalar("1", isQuoted: false, line: 1)) }, line: 1)
        #expect(try Self.validationProblems(wide) == [
            "p.yaml:1: 档案过大：1001 个字段（档案限每组 1000 个字段）",
        ])
    }

    @Test func aProfileFileLargerThanTheLimitIsNotRead() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("big-\(UUID().uuidString).yaml")
        try Data(repeating: UInt8(ascii: "a"), count: ProfileLimits.standard.maximumBytes + 10).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        #expect(throws: Diagnostic(file: "big.yaml", message: Text(zh: "档案过大：超过 1048576 字节（档案限共 1048576 字节）",
                                                                  en: "the profile is too large: more than 1048576 bytes (profiles are limited to 1048576 bytes)"))) {
            try DocumentNode.load(contentsOf: url, displayName: "big.yaml", limits: .standard)
        }
    }

    // MARK: Text

    @Test func invalidUTF8InAFileIsNamedWithLineAndColumn() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("latin-\(UUID().uuidString).yaml")
        try Data(Array("name: 王某\nnote: caf".utf8) + [0xE9] + Array("\n".utf8)).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        #expect(throws: Diagnostic(file: "p.yaml", line: 2, column: 10, message: UTF8Text.notUTF8,
                                   hint: Text(zh: "用 UTF-8 编码保存", en: "save it with the UTF-8 encoding"))) {
            try DocumentNode.load(contentsOf: url, displayName: "p.yaml")
        }
    }

    @Test func theSameCheckServesEveryReader() {
        #expect(UTF8Text.decode(Array("ok\n王".utf8) + [0xFF], file: "people.jsonl", firstLine: 7)
            == .failure(Diagnostic(file: "people.jsonl", line: 8, column: 2, message: UTF8Text.notUTF8, hint: Text(zh: "用 UTF-8 编码保存", en: "save it with the UTF-8 encoding"))))
        #expect(UTF8Text.decode(Array("a\u{0}b".utf8), file: nil)
            == .failure(Diagnostic(line: 1, column: 2, message: UTF8Text.nulCharacter, hint: Text(zh: "删掉它", en: "remove it"))))
        #expect(UTF8Text.decode([0xEF, 0xBB, 0xBF] + Array("王".utf8), file: nil) == .success("王"))
        // Overlong forms and surrogates are not UTF-8 either.
        #expect(throws: Diagnostic.self) { try UTF8Text.decode([0xC0, 0xAF], file: nil).get() }
        #expect(throws: Diagnostic.self) { try UTF8Text.decode([0xED, 0xA0, 0x80], file: nil).get() }
    }

    @Test func escapedNULsAreRefusedToo() {
        #expect(Self.problem(#"{"name": "a\u0000b"}"#, file: "p.json", json: true)?.description
            == #"p.json:1:18: 不是有效的 JSON：含有 NUL 字符（\u0000），文本中不能有它"#)
        #expect(Self.problem("name: \"a\\0b\"\n")?.description == "p.yaml:1:7: 含有 NUL 字符，文本中不能有它")
    }
}
