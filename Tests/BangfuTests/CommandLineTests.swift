import EligibilityTesting
import Foundation
import Testing

typealias Bangfu = BangfuExecutable

func writeTemporary(_ text: String, name: String = "profile.yaml") throws -> String {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("bangfu-cli-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let path = folder.appendingPathComponent(name).path
    try text.write(toFile: path, atomically: true, encoding: .utf8)
    return path
}

let sampleProfile = "{name: 王某, birth_date: 1970-05-01, income: 1000, household: {members: [{monthly_income: 500}, {}]}}"

@Suite("bangfu assess")
struct AssessCommandTests {
    @Test func printsADecisionSheet() throws {
        let fixture = try RuleSetFixture(programmes: [("basic", RuleSetFixture.basicProgramme)])
        let result = try Bangfu.run(["assess", try writeTemporary(sampleProfile), "--rules", fixture.directory.path, "--on", "2026-09-01"])
        #expect(result.status == 0, "\(result.errors)")
        #expect(result.output.contains("申请人：王某"))
        #expect(result.output.contains("1. 基本救助 —— 符合"))
        #expect(result.output.contains("待遇：救助金 752.00 元（每月）"))
        #expect(result.output.contains("· 人均收入 500.00 元〔办法第五条〕"))
        #expect(result.output.contains("现金帮扶合计：每月 752.00 元"))
    }

    @Test func explainShowsFactsParametersAndRuleLines() throws {
        let fixture = try RuleSetFixture(programmes: [("basic", RuleSetFixture.basicProgramme)])
        let result = try Bangfu.run(["assess", try writeTemporary(sampleProfile), "--rules", fixture.directory.path,
                                     "--on", "2026-09-01", "--explain"])
        #expect(result.output.contains("[判定] programmes/basic.lua:10"))
        #expect(result.output.contains("[参数] 城市低保标准（dibao.urban）= 940.00 元/月，自 2023-07-01 起；XX民发〔2023〕12号"))
        #expect(result.output.contains("人均月收入（income_per_head）= 500.00 元"))
        #expect(result.output.contains("@ programmes/basic.lua:10"))
    }

    @Test func jsonIsStableAndComplete() throws {
        let fixture = try RuleSetFixture(programmes: [("basic", RuleSetFixture.basicProgramme)])
        let profile = try writeTemporary(sampleProfile)
        let arguments = ["assess", profile, "--rules", fixture.directory.path, "--on", "2026-09-01", "--format", "json"]
        let first = try Bangfu.run(arguments), second = try Bangfu.run(arguments)
        #expect(first.status == 0)
        #expect(first.output == second.output)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(first.output.utf8)) as? [String: Any])
        #expect(json["format"] as? String == "bangfu.assessment/1")
        #expect(json["date"] as? String == "2026-09-01")
        #expect((json["rule_set"] as? [String: Any])?["hash"] as? String == "sha256:" + (try fixture.ruleSet().contentHash))
        let decision = try #require((json["decisions"] as? [[String: Any]])?.first)
        #expect(decision["outcome"] as? String == "eligible")
        #expect((decision["benefits"] as? [[String: Any]])?.first?["amount"] as? String == "752.00")
    }

    /// A case file is assessed as the case runs it: its date, the parameters it pins, each of its cases.
    @Test func assessesACaseFilesProfileOnItsDateWithItsPins() throws {
        let fixture = try RuleSetFixture(programmes: [("basic", RuleSetFixture.basicProgramme)])
        let caseFile = try writeTemporary("""
            name: 低保标准调整后
            on: 2025-01-01
            parameters: {dibao.urban: 1000}
            profile: \(sampleProfile)
            expect: {programmes: {basic: eligible}}
            """, name: "case.yaml")
        let result = try Bangfu.run(["assess", caseFile, "--rules", fixture.directory.path, "--explain"])
        #expect(result.status == 0, "\(result.errors)")
        #expect(result.output.contains("评估日期：2025-01-01"))
        #expect(result.output.contains("待遇：救助金 800.00 元（每月）"))
        #expect(result.output.contains("[判定] programmes/basic.lua:10"))
        let otherDay = try Bangfu.run(["assess", caseFile, "--rules", fixture.directory.path, "--on", "2026-09-01"])
        #expect(otherDay.output.contains("评估日期：2026-09-01"))
    }

    @Test func readsStandardInputAndJSON() throws {
        let fixture = try RuleSetFixture(programmes: [("basic", RuleSetFixture.basicProgramme)])
        let json = #"{"name": "李某", "birth_date": "1980-01-01", "income": "3000.00"}"#
        let result = try Bangfu.run(["assess", "-", "--rules", fixture.directory.path, "--on", "2026-09-01"], input: json)
        #expect(result.status == 0, "\(result.errors)")
        #expect(result.output.contains("1. 基本救助 —— 不符合"))
    }

    @Test func readsTheHistoryOfAProfileDocumentInYAMLAndJSON() throws {
        let fixture = try RuleSetFixture(programmes: [("yearly", RuleSetFixture.onceAYearProgramme)])
        let yaml = try writeTemporary("name: 王某\nbirth_date: 1970-05-01\nhistory:\n  - \(RuleSetFixture.onceAYearGrant)\n")
        let traced = try Bangfu.run(["assess", yaml, "--rules", fixture.directory.path, "--on", "2026-09-01", "--explain"])
        #expect(traced.status == 0, "\(traced.errors)")
        #expect(traced.output.contains("1. 年度救助 —— 不符合"))
        #expect(traced.output.contains("已有帮扶记录：1 条，评估已据此计算"))
        #expect(traced.output.contains("[记录] #1 年度救助（yearly）1,000.00 元，2026-03-10 发放；资金 centre；计入收入"))

        let json = try writeTemporary(#"{"name": "王某", "birth_date": "1970-05-01", "history": [{"programme": "yearly", "fund": "centre", "amount": "1000.00", "granted": "2026-03-10", "schedule": "once"}]}"#,
                                      name: "profile.json")
        let result = try Bangfu.run(["assess", json, "--rules", fixture.directory.path, "--on", "2026-09-01", "--format", "json"])
        #expect(result.status == 0, "\(result.errors)")
        let answer = try #require(try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any])
        #expect((answer["history"] as? [[String: Any]])?.first?["amount"] as? String == "1000.00")
        #expect((answer["decisions"] as? [[String: Any]])?.first?["history_used"] as? [Int] == [1])

        let none = try Bangfu.run(["assess", try writeTemporary("{name: 王某, birth_date: 1970-05-01}"), "--rules", fixture.directory.path,
                                   "--on", "2026-09-01"])
        #expect(none.output.contains("1. 年度救助 —— 符合"))
        #expect(none.output.contains("已有帮扶记录：无"))

        let bad = try writeTemporary("name: 王某\nbirth_date: 1970-05-01\nhistory:\n  - {programme: yearly, fund: centre, amount: 1000, granted: 2026-03-10}\n")
        let refused = try Bangfu.run(["assess", bad, "--rules", fixture.directory.path, "--on", "2026-09-01"])
        #expect(refused.status == 1)
        #expect(refused.errors.contains("\(bad):4: history[1].schedule: 必填，但没有填写"))
    }

    @Test func anInvalidProfileListsEveryProblemAndExitsOne() throws {
        let fixture = try RuleSetFixture(programmes: [("basic", RuleSetFixture.basicProgramme)])
        let bad = try writeTemporary("{name: 王某, birth_date: 1970-05-01, incme: 3, household: {members: [{monthly_income: abc}]}}")
        let good = try writeTemporary(sampleProfile)
        let result = try Bangfu.run(["assess", bad, good, "--rules", fixture.directory.path, "--on", "2026-09-01"])
        #expect(result.status == 1)
        #expect(result.errors.contains("\(bad):1: incme: schema 中没有这个字段（是否要写 'income'？）"))
        #expect(result.errors.contains("household.members[1].monthly_income: 应填金额（元，最多两位小数），这里是 \"abc\""))
        #expect(result.output.contains("基本救助 —— 符合"), "the good profile is still assessed")
    }

    @Test func aFailingRuleExitsTwoAndTheOtherDecisionsStand() throws {
        let fixture = try RuleSetFixture(programmes: [("basic", RuleSetFixture.basicProgramme),
                                                      RuleSetFixture.programme("loop", "while true do end")])
        let result = try Bangfu.run(["assess", try writeTemporary(sampleProfile), "--rules", fixture.directory.path,
                                     "--on", "2026-09-01", "--max-instructions", "100000"])
        #expect(result.status == 2)
        #expect(result.output.contains("1. 基本救助 —— 符合"))
        #expect(result.output.contains("2. loop —— 规则出错，无法判定"))
        #expect(result.output.contains("programmes/loop.lua:6: 运行的指令数超出了预算"))
        #expect(result.output.contains("instruction budget of 100000 exceeded"))
    }
}

@Suite("bangfu check and bangfu test")
struct CheckAndTestCommandTests {
    @Test func checkReportsEveryProblemWithFileAndLine() throws {
        let fixture = try RuleSetFixture(programmes: [
            ("basic", RuleSetFixture.basicProgramme),
            RuleSetFixture.programme("typos", "local a = profile.incom\n local b = facts.peopl\n local c = params.dibao.rural"),
            RuleSetFixture.programme("broken", "if then"),
        ])
        let result = try Bangfu.run(["check", "--rules", fixture.directory.path])
        #expect(result.status == 1)
        let rules = fixture.directory.path
        #expect(result.errors.contains("\(rules)/programmes/broken.lua:6: "))
        #expect(result.errors.contains("错误：\(rules)/programmes/typos.lua:6: 档案中没有字段 'incom'（是否要写 'income'？）"))
        #expect(result.errors.contains("\(rules)/programmes/typos.lua:7: 未知的事实 'peopl'（是否要写 'people'？）"))
        #expect(result.errors.contains("\(rules)/programmes/typos.lua:8: 未知的参数 'dibao.rural'"))
    }

    /// The English is kept behind `--lang en`, or the rule set's own `language: en`; the option wins.
    @Test func checkSpeaksEnglishWhenAsked() throws {
        let fixture = try RuleSetFixture(programmes: [("basic", RuleSetFixture.basicProgramme),
                                                      RuleSetFixture.programme("typos", "local b = facts.peopl")])
        let rules = fixture.directory.path
        let english = try Bangfu.run(["check", "--rules", rules, "--lang", "en"])
        #expect(english.errors.contains("error: \(rules)/programmes/typos.lua:6: unknown fact 'peopl' (did you mean 'people'?)"))
        #expect(english.output.contains("测试规则: 2 programmes, 3 facts, 2 parameters, 0 policies; 1 errors"))

        let manifest = fixture.directory.appendingPathComponent("ruleset.yaml")
        try (try String(contentsOf: manifest, encoding: .utf8) + "language: en\n").write(to: manifest, atomically: true, encoding: .utf8)
        let declared = try Bangfu.run(["check", "--rules", rules])
        #expect(declared.errors.contains("unknown fact 'peopl' (did you mean 'people'?)"), "\(declared.errors)")
        let chosen = try Bangfu.run(["check", "--rules", rules, "--lang", "zh"])
        #expect(chosen.errors.contains("未知的事实 'peopl'（是否要写 'people'？）"), "\(chosen.errors)")
    }

    @Test func checkPassesAGoodRuleSet() throws {
        let fixture = try RuleSetFixture(programmes: [("basic", RuleSetFixture.basicProgramme)])
        let result = try Bangfu.run(["check", "--rules", fixture.directory.path])
        #expect(result.status == 0, "\(result.errors)")
        #expect(result.output.contains("测试规则：1 个项目，3 个事实，2 个参数，0 项政策；0 个错误"))
    }

    @Test func testShowsADiffAndCounts() throws {
        let fixture = try RuleSetFixture(programmes: [("basic", RuleSetFixture.basicProgramme)])
        let good = "name: good\non: 2026-09-01\nprofile: \(sampleProfile)\nexpect: {programmes: {basic: {outcome: eligible, cash: 752.00}}}\n"
        let bad = "name: bad\non: 2026-09-01\nprofile: \(sampleProfile)\nexpect: {programmes: {basic: {outcome: ineligible}}}\n"
        let folder = (try writeTemporary(good, name: "good.yaml") as NSString).deletingLastPathComponent
        try bad.write(toFile: folder + "/bad.yaml", atomically: true, encoding: .utf8)
        let result = try Bangfu.run(["test", folder, "--rules", fixture.directory.path])
        #expect(result.status == 1)
        #expect(result.output.contains("未通过 \(folder)/bad.yaml:1：bad（评估日期 2026-09-01）"))
        #expect(result.output.contains("应为：ineligible"))
        #expect(result.output.contains("实际：eligible"))
        #expect(result.output.hasSuffix("通过 1 个，未通过 1 个\n"))

        let english = try Bangfu.run(["test", folder, "--rules", fixture.directory.path, "--lang", "en"])
        #expect(english.output.contains("FAIL \(folder)/bad.yaml:1: bad (on 2026-09-01)"))
        #expect(english.output.contains("expected: ineligible"))
        #expect(english.output.contains("actual:   eligible"))
        #expect(english.output.hasSuffix("1 passed, 1 failed\n"))
    }
}

@Suite("bangfu diff, batch and generate")
struct PopulationCommandTests {
    @Test func diffExitsOneWhenDecisionsChangeAndZeroWhenNot() throws {
        let base = try RuleSetFixture(programmes: [("basic", RuleSetFixture.basicProgramme)])
        let raised = RuleSetFixture.basicProgramme.replacingOccurrences(of: "\"monthly\"", with: "\"yearly\"")
        let current = try RuleSetFixture(programmes: [("basic", raised)])
        let profile = try writeTemporary(sampleProfile)
        let changed = try Bangfu.run(["diff", profile, "--base", base.directory.path, "--rules", current.directory.path,
                                      "--on", "2026-09-01"])
        #expect(changed.status == 1, "\(changed.errors)")
        #expect(changed.output.contains("basic 基本救助：eligible 752.00 monthly → eligible 752.00 yearly"))
        #expect(changed.output.hasSuffix("合计：每年 -8,272.00 元，涉及 1 位申请人\n"))
        let same = try Bangfu.run(["diff", profile, "--base", base.directory.path, "--rules", base.directory.path,
                                   "--on", "2026-09-01", "--format", "json"])
        #expect(same.status == 0)
        #expect(same.output.contains(#""cash_per_year_change": "0.00""#))
    }

    @Test func diffComparesWithTheRulesAtAGitRevision() throws {
        // The rules folder inside a repository, split by topic, so subfolders are read from git too.
        let repository = FileManager.default.temporaryDirectory.appendingPathComponent("bangfu-repo-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: repository, withIntermediateDirectories: true)
        let rules = repository.appendingPathComponent("Rules")
        try FileManager.default.copyItem(at: try RuleSetFixture.byTopic().directory, to: rules)
        try "notes, not rules\n".write(to: rules.appendingPathComponent("README.md"), atomically: true, encoding: .utf8)
        func git(_ arguments: String...) throws {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["git", "-C", repository.path, "-c", "user.name=test", "-c", "user.email=test@example.org"] + arguments
            try process.run()
            process.waitUntilExit()
            #expect(process.terminationStatus == 0, "git \(arguments)")
        }
        try git("init", "-q")
        try git("add", ".")
        try git("commit", "-q", "-m", "base")
        let dibao = rules.appendingPathComponent("parameters/dibao.yaml")
        try (try String(contentsOf: dibao, encoding: .utf8)).replacingOccurrences(of: "2023-07-01: 940", with: "2023-07-01: 1000")
            .write(to: dibao, atomically: true, encoding: .utf8)

        let profile = try writeTemporary(sampleProfile)
        let changed = try Bangfu.run(["diff", profile, "--base", "HEAD", "--rules", rules.path, "--on", "2026-09-01"])
        #expect(changed.status == 1, "\(changed.errors)")
        #expect(changed.output.contains("basic 基本救助：eligible 752.00 monthly → eligible 800.00 monthly"), "\(changed.output)")

        let unknown = try Bangfu.run(["diff", profile, "--base", "no-such-revision", "--rules", rules.path, "--on", "2026-09-01"])
        #expect(unknown.status == 2)
        #expect(unknown.errors.hasPrefix("bangfu：'no-such-revision' 既不是规则集文件夹，也不是 \(rules.path) 的 git 版本："),
                "\(unknown.errors)")
    }

    @Test func batchWritesALinePerRecordAndExitsTwoForBadOnes() throws {
        let fixture = try RuleSetFixture(programmes: [("basic", RuleSetFixture.basicProgramme)])
        let input = try writeTemporary(#"{"name": "甲", "birth_date": "1970-01-01", "income": "500"}"# + "\nnot json\n", name: "people.jsonl")
        let result = try Bangfu.run(["batch", input, "--rules", fixture.directory.path, "--on", "2026-09-01"])
        #expect(result.status == 2)
        let lines = result.output.split(separator: "\n")
        #expect(lines.count == 2)
        #expect(lines[0].contains(#""outcome":"eligible""#))
        #expect(lines[1].hasPrefix(#"{"record":2,"source":"\#(input):2","error":"#))
        #expect(result.errors.contains("共 2 条记录：评估 1 条，规则出错 0 条，无法评估 1 条"))
    }

    /// Once, `cash(math.maxinteger, "monthly")` made the yearly total overflow in Swift: the process died
    /// and every decision of every applicant in the batch was lost.
    @Test func aHugeAmountIsOneMalformedDecisionNotALostBatch() throws {
        let fixture = try RuleSetFixture(programmes: [
            ("basic", RuleSetFixture.basicProgramme),
            RuleSetFixture.programme("huge", #"do return eligible { reason("r", "甲", "乙"), cash(math.maxinteger, "monthly") } end"#),
        ])
        let person = #"{"name": "甲", "birth_date": "1970-01-01", "income": "500"}"#
        let input = try writeTemporary(Array(repeating: person, count: 3).joined(separator: "\n") + "\n", name: "people.jsonl")
        let result = try Bangfu.run(["batch", input, "--rules", fixture.directory.path, "--on", "2026-09-01", "--jobs", "2"])
        let lines = result.output.split(separator: "\n")
        #expect(lines.count == 3, "\(result.errors)")
        for line in lines {
            #expect(line.contains(#"{"programme":"huge","outcome":"error""#), "\(line)")
            #expect(line.contains(#"{"programme":"basic","outcome":"eligible""#), "basic still decides: \(line)")
        }
        #expect(result.errors.contains("共 3 条记录：评估 0 条，规则出错 3 条，无法评估 0 条"), "\(result.errors)")
    }

    @Test func generateIsDeterministicAndFollowsTheSchema() throws {
        let fixture = try RuleSetFixture(programmes: [("basic", RuleSetFixture.basicProgramme)])
        let first = try Bangfu.run(["generate", "--count", "20", "--seed", "5", "--rules", fixture.directory.path])
        let second = try Bangfu.run(["generate", "--count", "20", "--seed", "5", "--rules", fixture.directory.path])
        #expect(first.status == 0)
        #expect(first.output == second.output)
        #expect(first.output.split(separator: "\n").count == 20)
        let file = try writeTemporary(first.output, name: "generated.jsonl")
        let assessed = try Bangfu.run(["batch", file, "--rules", fixture.directory.path, "--on", "2026-09-01"])
        #expect(assessed.status == 0, "every generated profile is valid: \(assessed.errors)")
    }
}
