import EligibilityTesting
import Foundation
import Testing
@testable import Eligibility

@Suite("Loading a rule set from files in memory")
struct RuleSetFilesTests {
    static func file(_ path: String, _ text: String) -> RuleSetFile { RuleSetFile(path: path, bytes: Array(text.utf8)) }

    /// A small rule set, with Chinese text and Windows line ends in its Lua.
    static let small = [
        file("ruleset.yaml", "title: 小规则\nprogrammes:\n  - basic\n"),
        file("schema.yaml", "fields:\n  name: {type: string, label: 姓名}\n"),
        file("parameters.yaml", "flat:\n  label: 定额\n  unit: yuan\n  reference: 第一条\n  values: {2020-01-01: 100}\n"),
        file("programmes/basic.lua", "programme {\r\n  id = \"basic\", title = \"基本\", basis = \"第二条\",\r\n"
             + "  decide = function() return eligible { reason(\"ok\", \"通过\", \"第二条\"), cash(params.flat, \"once\", \"定额\") } end,\r\n}\r\n"),
    ]

    @Test func theContentHashKeepsItsDefinition() throws {
        // SHA-256 over the files sorted by path, each as path, NUL, byte count, NUL, bytes: the value the
        // folder loader gave these files before it read through memory, so register entries stay valid.
        let hash = "bc6aa26f64abe06737084c3e03b25647a44a4157316cba83d31e1b80902f97eb"
        #expect(try RuleSet.load(files: Self.small).contentHash == hash)
        #expect(try RuleSet.load(files: Self.small.reversed()).contentHash == hash)
    }

    @Test func aFolderLoadsAsItsFilesDo() throws {
        let fixture = try RuleSetFixture(programmes: [("basic", RuleSetFixture.basicProgramme)])
        let fromFolder = try fixture.ruleSet()
        #expect(fromFolder.directory == fixture.directory)
        #expect(fromFolder.hashedFiles.map(\.path) == ["facts.lua", "parameters.yaml", "programmes/basic.lua", "ruleset.yaml", "schema.yaml"])
        let onDisk = try Data(contentsOf: fixture.directory.appendingPathComponent("programmes/basic.lua"))
        #expect(fromFolder.hashedFiles.first { $0.path == "programmes/basic.lua" }?.bytes == Array(onDisk))

        let fromMemory = try RuleSet.load(files: fromFolder.hashedFiles)
        #expect(fromMemory.directory == nil)
        #expect(fromMemory.contentHash == fromFolder.contentHash)
        #expect(fromMemory.files == fromFolder.files)
        #expect(fromMemory.parameters.parameters.map(\.path) == fromFolder.parameters.parameters.map(\.path))
    }

    @Test func filesTheLayoutDoesNotNameAreLeftOut() throws {
        let others = [Self.file("README.md", "# 说明"), Self.file("population.yaml", "fields: {}"),
                      Self.file("programmes/old/basic.lua", "error('old')"), Self.file("facts/notes.txt", "…")]
        let ruleSet = try RuleSet.load(files: Self.small + others)
        #expect(ruleSet.contentHash == (try RuleSet.load(files: Self.small)).contentHash)
        #expect(ruleSet.hashedFiles.count == Self.small.count)
        #expect(!RuleSet.isRuleSetPath("population.yaml") && RuleSet.isRuleSetPath("parameters/dibao.yaml"))
    }

    @Test func aByteOrderMarkIsNotPartOfTheFile() throws {
        var files = Self.small
        files[0].bytes = [0xEF, 0xBB, 0xBF] + files[0].bytes
        let ruleSet = try RuleSet.load(files: files)
        #expect(ruleSet.contentHash == (try RuleSet.load(files: Self.small)).contentHash)
        #expect(ruleSet.hashedFiles.first { $0.path == "ruleset.yaml" }?.bytes == Self.small[0].bytes)
    }

    @Test func aFileThatIsNotUTF8IsNamedWithItsLineAndColumn() {
        var files = Self.small
        files[3].bytes = Array("programme {\n  id = \"basic\",\n  title = \"".utf8) + [0xB2, 0xE2] + Array("\",\n}\n".utf8)
        files.append(Self.small[1])
        #expect(problems(files) == [
            "programmes/basic.lua:3:12: 不是 UTF-8 文本（用 UTF-8 编码保存）",
            "schema.yaml: 给了两次",
        ])
    }

    @Test func aMissingFileIsMissingFromTheRuleSet() {
        #expect(problems([]) == [
            "ruleset.yaml: 规则集里没有这个文件",
            "schema.yaml: 规则集里没有这个文件",
            "parameters.yaml: 规则集里没有这个文件（也可以按主题分成 parameters/*.yaml）",
        ])
    }

    /// `language:` in ruleset.yaml says which the rule set's messages are in; any other code is refused.
    @Test func theRuleSetNamesItsLanguage() throws {
        #expect(try RuleSet.load(files: Self.small).language == .zh)
        var files = Self.small
        files[0] = Self.file("ruleset.yaml", "title: 小规则\nlanguage: en\nprogrammes:\n  - basic\n")
        #expect(try RuleSet.load(files: files).language == .en)
        files[0] = Self.file("ruleset.yaml", "title: 小规则\nlanguage: fr\nprogrammes:\n  - basic\n")
        #expect(problems(files) == ["ruleset.yaml:2: language: 'language' 只能写 zh（中文）或 en（英文）"])
    }

    func problems(_ files: [RuleSetFile]) -> [String] { loadingProblems { () throws(DiagnosticList) in try RuleSet.load(files: files) } }
}

/// What stops a rule set loading, as printed.
func loadingProblems(_ load: () throws(DiagnosticList) -> RuleSet) -> [String] {
    do {
        _ = try load()
        return []
    } catch {
        return error.diagnostics.map(\.description)
    }
}
