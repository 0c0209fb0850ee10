import EligibilityTesting
import Foundation
import Testing

/// A parameter change from proposal to published across two desks, each in its own headless Chromium:
/// two `bangfu serve` on one SQLite register, officer 李 proposing at desk 1, officer 王 approving at
/// desk 2. Every step is saved to .build/screenshots/.
@Suite("Four eyes across two desks in headless Chromium", .timeLimit(.minutes(3)))
struct FourEyesBrowserTests {
    static let screenshots = Desk.repository.appendingPathComponent(".build/screenshots")

    @Test func oneOfficerProposesAtOneDeskAnotherApprovesAtTheOtherAndBothDesksAnswerWithTheNewAmount() async throws {
        guard BrowserHarness.browserInstalled() else { return }
        let folder = try temporaryFolder()
        let database = folder.appendingPathComponent("register.sqlite").path
        let cases = folder.appendingPathComponent("Cases")
        try FileManager.default.createDirectory(at: cases, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: Self.screenshots, withIntermediateDirectories: true)
        var tokens: [String: String] = [:]
        for name in ["li", "wang"] {
            let added = try BangfuProcess.run(["user", "add", name, "--role", "officer", "--db", database], input: "a long password\n")
            try #require(added.status == 0, "\(added.errors)")
            tokens[name] = added.output.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        // Each desk has its own copy of the rules, as two offices would.
        var desks: [ServerProcess] = []
        defer { desks.forEach { $0.kill() } }
        for _ in 1...2 {
            let rules = try RuleSetFixture(programmes: [("basic", RuleSetFixture.basicProgramme)]).directory
            let desk = try ServerProcess(["--rules", rules.path, "--cases", cases.path, "--db", database])
            desks.append(desk)
            try await desk.waitUntilListening()
        }
        for desk in desks { #expect(try await SharedRunningRulesProcessTests.income(desk, tokens["li"]!).contains("\"value\": \"940.00\"")) }
        let (site1, site2) = ("http://127.0.0.1:\(desks[0].port)", "http://127.0.0.1:\(desks[1].port)")

        try await BrowserHarness.withBrowser { li in
            func shoot(_ browser: WebDriver, _ name: String) async throws {
                try await browser.fullPageScreenshot().write(to: Self.screenshots.appendingPathComponent("four-eyes-\(name).png"))
            }
            try await BrowserHarness.signIn(li, site: site1, as: "li")
            try await li.navigate(site1 + "/parameters")
            try await li.click(#"#parameter option[value="dibao.urban"]"#)
            try await li.type("#from", "2026-01-01")
            try await li.type("#value", "990")
            try await li.type("#reference", "XX市民政局《关于调整城乡最低生活保障标准的通知》（XX民发〔2026〕3号）")
            try await shoot(li, "1-desk1-proposal-form")
            try await li.click("#propose")
            let proposal = try await li.waitForURL { $0.contains("/parameters/proposals/") }
            #expect(try await li.text("#proposal-status") == "待批准")
            #expect(try await li.text("#proposal-change").contains("自 2026-01-01 起为 990"))
            #expect(try await li.elements("#publish").isEmpty)  // the proposer cannot approve it
            try await shoot(li, "2-desk1-proposed")

            // Officer 王, in a browser of his own, at the other desk.
            let wang = try await WebDriver.start(port: li.base.port!)
            do {
                try await BrowserHarness.signIn(wang, site: site2, as: "wang")
                let path = String(proposal[try #require(proposal.range(of: "/parameters/proposals/")).lowerBound...])
                try await wang.navigate(site2 + path)
                #expect(try await wang.text("#check-result") == "检查通过，没有错误。")
                try await shoot(wang, "3-desk2-review")
                try await wang.click("#publish")
                _ = try await wang.waitForURL { $0.hasSuffix(path) }
                #expect(try await wang.text("#proposal-status") == "已发布")
                try await shoot(wang, "4-desk2-published")
            } catch {
                await wang.quit()
                throw error
            }
            await wang.quit()
        }

        // A bound, not a timing: each desk answers with the new amount once it has taken the published rules.
        for desk in desks {
            let deadline = ContinuousClock.now + .seconds(60)
            var answer = ""
            while ContinuousClock.now < deadline {
                answer = try await SharedRunningRulesProcessTests.income(desk, tokens["wang"]!)
                if answer.contains("\"value\": \"990.00\"") { break }
                try await Task.sleep(for: .milliseconds(200))
            }
            #expect(answer.contains("\"value\": \"990.00\""), "desk on port \(desk.port): \(answer)")
        }
    }
}
