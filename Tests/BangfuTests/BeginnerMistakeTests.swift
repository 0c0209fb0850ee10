import EligibilityTesting
import Foundation
import Testing

/// A county's rule set written by a new policy officer from the READMEs and `bangfu new` alone
/// (Tests/Fixtures/yy-county: five programmes, twenty hand-computed cases), and the mistakes a
/// beginner makes in it: each gives one error at the file and line of the mistake, with how to fix it.
@Suite("A beginner's mistakes in a county's rule set")
struct BeginnerMistakeTests {
    static let county = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/yy-county")

    /// A copy of the county's rule set and cases with `old` replaced by `new` in `file` (under Rules),
    /// and the line the change is on.
    static func mistaken(_ file: String, _ old: String, _ new: String) throws -> (rules: String, line: Int) {
        let copy = FileManager.default.temporaryDirectory.appendingPathComponent("bangfu-county-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: county, to: copy)
        let path = copy.appendingPathComponent("Rules").appendingPathComponent(file)
        let text = try String(contentsOf: path, encoding: .utf8)
        let range = try #require(text.range(of: old), "\(old) is no longer in \(file): update this test")
        try text.replacingCharacters(in: range, with: new).write(to: path, atomically: true, encoding: .utf8)
        let line = text[..<range.lowerBound].count(where: { $0 == "\n" }) + 1
        return (copy.appendingPathComponent("Rules").path, line)
    }

    static func errors(_ rules: String) throws -> [Substring] {
        let result = try BangfuExecutable.run(["check", "--strict", "--rules", rules])
        #expect(result.status == 1)
        return result.errors.split(separator: "\n").filter { $0.hasPrefix("错误：") }
    }

    @Test func theCountysRuleSetPassesCheckAndEveryCase() throws {
        let rules = Self.county.appendingPathComponent("Rules").path
        let check = try BangfuExecutable.run(["check", "--strict", "--rules", rules])
        #expect(check.status == 0, "\(check.errors)")
        let cases = try BangfuExecutable.run(["test", "--rules", rules])
        #expect(cases.status == 0 && cases.output.contains("通过 20 个，未通过 0 个"), "\(cases.output)\(cases.errors)")
    }

    /// The folder above the rules (as `bangfu new ruleset` lays it out), or a folder that is not there:
    /// one error that names the folder to give, not every rule file missing.
    @Test func aFolderWithoutRulesIsOneErrorNamingTheRulesFolder() throws {
        let above = try BangfuExecutable.run(["check", "--rules", Self.county.path])
        #expect(above.status == 1)
        #expect(above.errors == "错误：\(Self.county.path) 里没有规则文件，规则集在它的 Rules 文件夹里（用 --rules \(Self.county.path)/Rules）\n",
                "\(above.errors)")
        let nowhere = try BangfuExecutable.run(["check", "--rules", Self.county.appendingPathComponent("Rulse").path])
        #expect(nowhere.status == 1 && nowhere.errors.split(separator: "\n").count == 1 && nowhere.errors.contains("没有规则集文件夹"),
                "\(nowhere.errors)")
    }

    @Test(arguments: [
        // A stray comma in facts.lua: the one syntax error, not every fact after it as unknown.
        ("facts.lua", #"type = "integer","#, #"type = "integer",,"#),
        // A bare number among the items of eligible { … }.
        ("programmes/spring_festival_visit.lua", #"cash(params.festival.cash, "once", "春节慰问金"),"#, "80000,"),
        // A misspelt enum code of the profile, and of a fact through a local.
        ("programmes/illness_medical_aid.lua", #"~= "serious_illness""#, #"~= "seriously_ill""#),
        ("programmes/spring_festival_visit.lua", #"if tier == "none" then"#, #"if tier == "nome" then"#),
        // A plain number meant as yuan, into a money helper and into a benefit.
        ("programmes/wage_arrears_aid.lua", "params.wage_arrears.advance_cap)", "3000)"),
        ("programmes/spring_festival_visit.lua", #"cash(params.festival.cash, "once""#, #"cash(800, "once""#),
        // A percent parameter used as a ratio.
        ("programmes/wage_arrears_aid.lua", "money.percent(w.amount_owed, params.wage_arrears.advance_percent)",
         "money.scale(w.amount_owed, params.wage_arrears.advance_percent)"),
        // A placeholder reference.
        ("parameters.yaml", "reference: 《YY县总工会困难职工帮扶资金管理办法》（YY工发〔2023〕4号）第十四条", "reference: TODO"),
    ])
    func eachMistakeIsOneErrorAtItsLineWithAFix(_ file: String, _ old: String, _ new: String) throws {
        let (rules, line) = try Self.mistaken(file, old, new)
        let errors = try Self.errors(rules)
        #expect(errors.count == 1, "\(errors)")
        let error = try #require(errors.first)
        // The file and line of the mistake (a multi-line call is reported at the line of its amount).
        let place = try #require(error.firstMatch(of: /^错误：(.+?):([0-9]+):/), "\(error)")
        #expect(place.1.hasSuffix("Rules/" + file), "\(error)")
        #expect(abs((Int(place.2) ?? 0) - line) <= 1, "\(error): the mistake is on line \(line)")
        #expect(error.hasSuffix("）"), "a hint on how to fix it: \(error)")
        // In Chinese: sentences of Han characters around the code it quotes, no English words.
        let words = error.dropFirst(place.output.0.count)
        #expect(words.unicodeScalars.count { (0x4E00...0x9FFF).contains($0.value) } >= 8, "\(error)")
        #expect(!words.contains(/\b(the|is|not|an?|must|write)\b/), "\(error)")
    }
}
