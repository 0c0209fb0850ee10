import EligibilityTesting
import Foundation
import Testing

@Suite("bangfu new")
struct NewCommandTests {
    static func emptyFolder() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("bangfu-new-\(UUID().uuidString)")
    }

    @Test func aNewRuleSetPassesTheCheckAndItsCasesAndTheStrictOneOnceItsExamplesAreReplaced() throws {
        let folder = Self.emptyFolder()
        let made = try Bangfu.run(["new", "ruleset", folder.path, "--title", "某县困难职工帮扶规则", "--authority", "某县总工会"])
        #expect(made.status == 0, "\(made.errors)")
        #expect(made.output.contains("已写入 6 个文件"), "\(made.output)")
        let rules = folder.appendingPathComponent("Rules").path
        let ruleSet = try String(contentsOfFile: rules + "/ruleset.yaml", encoding: .utf8)
        #expect(ruleSet.contains("title: 某县困难职工帮扶规则\nauthority: 某县总工会\n"))
        // Run from elsewhere, check and test find the cases beside the rules folder. The example
        // references and legal basis are warnings: --strict holds until each is replaced.
        let check = try Bangfu.run(["check", "--rules", rules, "--on", "2025-06-01"])
        #expect(check.status == 0, "\(check.output)\(check.errors)")
        #expect(check.output.contains("0 个错误，3 个警告"), "\(check.output)")
        let examples = check.errors.split(separator: "\n").filter { $0.contains("bangfu new 写入的示例文字") }
        #expect(examples.map { $0.split(separator: ":").prefix(2).joined(separator: ":") }
                == ["警告：\(rules)/programmes/living_relief.lua:4", "警告：\(rules)/parameters.yaml:6",
                    "警告：\(rules)/parameters.yaml:14"], "\(check.errors)")
        #expect(try Bangfu.run(["check", "--rules", rules, "--strict", "--on", "2025-06-01"]).status == 1)
        for file in ["programmes/living_relief.lua", "parameters.yaml"] {
            let path = rules + "/" + file
            let text = try String(contentsOfFile: path, encoding: .utf8)
            try text.replacing(/（示例：请改为[^）]*）/, with: "").write(toFile: path, atomically: true, encoding: .utf8)
        }
        let replaced = try Bangfu.run(["check", "--rules", rules, "--strict", "--on", "2025-06-01"])
        #expect(replaced.status == 0 && replaced.output.contains("0 个错误，0 个警告"), "\(replaced.output)\(replaced.errors)")
        let test = try Bangfu.run(["test", "--rules", rules])
        #expect(test.status == 0, "\(test.output)\(test.errors)")
        #expect(test.output.contains("通过 3 个，未通过 0 个"))

        // Never over what is there.
        let again = try Bangfu.run(["new", "ruleset", folder.path])
        #expect(again.status == 1)
        #expect(again.errors.contains("不是空文件夹"))
    }

    @Test func aNewProgrammeIsListedLastAndTheRuleSetStillChecks() throws {
        let folder = Self.emptyFolder()
        #expect(try Bangfu.run(["new", "ruleset", folder.path]).status == 0)
        let rules = folder.appendingPathComponent("Rules").path
        let added = try Bangfu.run(["new", "programme", "school_aid", "--title", "金秋助学", "--rules", rules])
        #expect(added.status == 0, "\(added.errors)")
        let ruleSet = try String(contentsOfFile: rules + "/ruleset.yaml", encoding: .utf8)
        #expect(ruleSet.contains("  - living_relief            # 生活救助（示例项目，可照此修改或删除）\n  - school_aid    # 金秋助学\napplicant:"))
        let programme = try String(contentsOfFile: rules + "/programmes/school_aid.lua", encoding: .utf8)
        #expect(programme.contains(#"id = "school_aid","#) && programme.contains(#"title = "金秋助学","#))

        // It checks (no case for it yet: a warning, which says so), and refers every applicant until written.
        let check = try Bangfu.run(["check", "--rules", rules, "--on", "2025-06-01"])
        #expect(check.status == 0, "\(check.output)\(check.errors)")
        #expect(check.output.contains("2 个项目") && check.output.contains("0 个错误，5 个警告"), "\(check.output)")
        #expect(check.errors.contains("school_aid"))
        let profile = folder.appendingPathComponent("walk-in.yaml")
        try "applicant: {id_number: \"110101197005011235\", name: 王某, birth_date: 1970-05-01, monthly_income: 800}\n"
            .write(to: profile, atomically: true, encoding: .utf8)
        let sheet = try Bangfu.run(["assess", profile.path, "--rules", rules, "--on", "2025-06-01"])
        #expect(sheet.output.contains("金秋助学 —— 待工作人员审核"), "\(sheet.output)\(sheet.errors)")
        #expect(sheet.output.contains("金秋助学的判定规则尚未编写"))

        // The same code twice, a bad code, a title that would break the file: refused, nothing changed.
        for (arguments, says) in [(["school_aid", "--title", "金秋助学"], "已经存在"), (["School-Aid", "--title", "助学"], "只能用小写英文字母"),
                                  (["aid", "--title", "助\"学"], "不能有引号")] {
            let refused = try Bangfu.run(["new", "programme"] + arguments + ["--rules", rules])
            #expect(refused.status == 1)
            #expect(refused.errors.contains(says), "\(refused.errors)")
        }
        #expect(try String(contentsOfFile: rules + "/ruleset.yaml", encoding: .utf8) == ruleSet)
    }
}
