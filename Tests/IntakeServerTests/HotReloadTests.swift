import EligibilityTesting
import Foundation
import Hummingbird
import HummingbirdTesting
@testable import IntakeServer
import IntakeRegister
import SQLiteRegister
import Testing

@Suite("Rules without restarts")
struct HotReloadTests {
    @Test func aGoodChangeIsTakenWhileRequestsInFlightKeepTheOldRules() async throws {
        let desk = try await Desk()
        let before = desk.engine.current
        #expect(try await desk.engine.reloadIfChanged() == false) // nothing changed yet
        try desk.writeRule("programmes/basic.lua", retitledProgramme)
        #expect(try await desk.engine.reloadIfChanged() == true)
        let after = desk.engine.current
        #expect(after.ruleSet.version != before.ruleSet.version)
        #expect(after.programmes.first?.title == "基本生活救助")
        #expect(desk.engine.lastAttempt?.accepted == true)
        #expect(try await desk.register.hasRuleSet(hash: after.ruleSet.contentHash))
        // A request that took the old rules before the swap still finishes on them.
        let old = try before.pool.withAssessor { $0.assess(try RuleSetFixture.profile(schema: before.ruleSet.schema), on: .today()) }
        #expect(old.decisions.first?.title == "基本救助")

        try await desk.test { client in
            let answer = try await client.execute(uri: "/api/assess", method: .post, headers: desk.headers("clerk"), body: ByteBuffer(string: sampleProfileJSON))
            #expect(answer.text.contains("基本生活救助"))
            #expect(answer.text.contains("sha256:" + after.ruleSet.contentHash))
        }
    }

    @Test func aChangePastTheFirstBytesOfAFileIsTaken() async throws {
        let desk = try await Desk()
        let url = desk.rulesDirectory.appendingPathComponent("parameters.yaml")
        let text = try String(contentsOf: url, encoding: .utf8)
        let at = try #require(text.range(of: "2023-07-01: 940"))
        #expect(text.utf8.distance(from: text.startIndex, to: at.lowerBound) > 80) // where the old fingerprint stopped looking
        // The same length: only the bytes differ.
        try desk.writeRule("parameters.yaml", text.replacingCharacters(in: at, with: "2023-07-01: 950"))
        #expect(try await desk.engine.reloadIfChanged() == true)
        try await desk.test { client in
            let answer = try await client.execute(uri: "/api/assess?on=2026-09-01", method: .post, headers: desk.headers("clerk"),
                                                  body: ByteBuffer(string: sampleProfileJSON))
            #expect(answer.text.contains("\"value\": \"950.00\""), "\(answer.text)")
            #expect(answer.text.contains("sha256:" + desk.engine.current.ruleSet.contentHash))
        }
    }

    @Test func aLuaSyntaxErrorIsRefusedAndReportedWhileTheOldRulesAnswer() async throws {
        let desk = try await Desk()
        let running = desk.engine.current.ruleSet.version
        try desk.writeRule("programmes/basic.lua", "programme { id = \"basic\", title = \n")
        #expect(try await desk.engine.reloadIfChanged() == false)
        #expect(desk.engine.current.ruleSet.version == running)
        #expect(try await desk.engine.reloadIfChanged() == false) // the same broken files are not tried again

        try await desk.test { client in
            let status = try await client.execute(uri: "/api/rules/status", method: .get, headers: desk.headers("officer"))
            #expect((status.json["current"] as? [String: Any])?["version"] as? String == running)
            let attempt = try #require(status.json["last_attempt"] as? [String: Any])
            #expect(attempt["accepted"] as? Bool == false)
            let problems = try #require(attempt["problems"] as? [[String: Any]])
            #expect(problems.contains { $0["file"] as? String == "programmes/basic.lua" && $0["line"] is Int }, "\(status.text)")

            let answer = try await client.execute(uri: "/api/assess", method: .post, headers: desk.headers("clerk"), body: ByteBuffer(string: sampleProfileJSON))
            #expect(answer.status == .ok)
            #expect(answer.text.contains("\"outcome\": \"eligible\""))
        }

        // Mended: taken.
        try desk.writeRule("programmes/basic.lua", retitledProgramme)
        #expect(try await desk.engine.reloadIfChanged() == true)
        #expect(desk.engine.lastAttempt?.accepted == true)
        #expect(desk.engine.lastAttempt?.problems.isEmpty == true)
    }

    @Test func aChangeThatFailsACaseIsRefused() async throws {
        let cases = try temporaryFolder()
        try """
            name: 低收入者符合基本救助
            on: 2026-09-01
            profile: {name: 王某, birth_date: 1970-05-01, income: 1000, household: {members: [{monthly_income: 500}, {}]}}
            expect:
              programmes:
                basic: eligible
            """.write(to: cases.appendingPathComponent("basic.yaml"), atomically: true, encoding: .utf8)
        let desk = try await Desk(cases: [cases.path])
        #expect(desk.engine.lastAttempt?.casesRun == 1) // the starting rules passed it
        let running = desk.engine.current.ruleSet.version
        // Now everyone is ineligible: the case fails.
        try desk.writeRule("programmes/basic.lua", RuleSetFixture.programme("basic", "if true then return ineligible { reason(\"no\", \"不符合\", \"测试\") } end").1)
        #expect(try await desk.engine.reloadIfChanged() == false)
        #expect(desk.engine.current.ruleSet.version == running)
        let attempt = try #require(desk.engine.lastAttempt)
        #expect(!attempt.accepted)
        #expect(attempt.casesRun == 1 && attempt.casesFailed == 1)
        #expect(attempt.problems.first?.message.zh.contains("低收入者符合基本救助") == true, "\(attempt.problems)")
        #expect(attempt.problems.first?.file?.hasSuffix("basic.yaml") == true)
    }

    @Test func theServerDoesNotStartOnRulesThatWouldBeRefused() async throws {
        let fixture = try RuleSetFixture(programmes: [("basic", "programme {")])
        let register = try SQLiteRegister(path: temporaryFolder().appendingPathComponent("r.sqlite").path)
        await #expect(throws: RuleSetRejected.self) {
            try await RuleEngine(rulesDirectory: fixture.directory, casePaths: [], register: register, logger: Desk.logger)
        }
    }

    @Test func theWatcherNoticesAChangeOnItsOwn() async throws {
        let desk = try await Desk()
        let running = desk.engine.current.ruleSet.version
        let watcher = Task { await desk.engine.watch(every: .milliseconds(50)) }
        defer { watcher.cancel() }
        try desk.writeRule("programmes/basic.lua", retitledProgramme)
        let deadline = ContinuousClock.now + .seconds(60) // a bound, not a timing: the loop ends as soon as the change shows
        while desk.engine.current.ruleSet.version == running, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(20))
        }
        #expect(desk.engine.current.ruleSet.version != running)
    }
}

/// Desks on one register answer with its running rule set, whichever desk's folder it came from.
@Suite("One running rule set for every desk")
struct RunningRulesTests {
    /// Two engines on one SQLite file, each with its own copy of the fixture folder.
    struct TwoDesks {
        let path = try! temporaryFolder().appendingPathComponent("register.sqlite").path
        let folderA = try! RuleSetFixture(programmes: [("basic", RuleSetFixture.basicProgramme)]).directory
        let folderB = try! RuleSetFixture(programmes: [("basic", RuleSetFixture.basicProgramme)]).directory

        func engine(_ folder: URL, _ name: String) async throws -> RuleEngine {
            try await RuleEngine(rulesDirectory: folder, casePaths: [], register: SQLiteRegister(path: path), logger: Desk.logger,
                                 poolCapacity: 1, deskName: name)
        }
    }

    static func raiseTheLine(in folder: URL) throws {
        let url = folder.appendingPathComponent("parameters.yaml")
        let text = try String(contentsOf: url, encoding: .utf8)
        try text.replacingOccurrences(of: "2023-07-01: 940", with: "2023-07-01: 950").write(to: url, atomically: true, encoding: .utf8)
    }

    @Test func aRuleSetTakenFromOneDesksFolderIsTakenByTheOtherFromTheRegister() async throws {
        let desks = TwoDesks()
        let a = try await desks.engine(desks.folderA, "desk-a")
        let b = try await desks.engine(desks.folderB, "desk-b")
        let started = try #require(a.runningEntry)
        #expect(started.taking == RuleSetTaking(hash: a.current.ruleSet.contentHash, takenBy: "desk-a", source: .folder, origin: desks.folderA.path))
        #expect(b.runningEntry == started) // the same rules: desk B takes nothing new
        #expect(try await b.followRegister() == false)

        try Self.raiseTheLine(in: desks.folderA)
        #expect(try await a.reloadIfChanged() == true)
        let taken = try #require(a.runningEntry)
        #expect(taken.id > started.id && taken.hash == a.current.ruleSet.contentHash && taken.taking.takenBy == "desk-a")

        #expect(try await b.followRegister() == true)
        #expect(b.current.ruleSet.contentHash == taken.hash)
        #expect(b.runningEntry == taken)
        #expect(b.lastAttempt?.origin == .register && b.lastAttempt?.accepted == true)
        #expect(try await b.followRegister() == false) // taken once
        #expect(try await b.reloadIfChanged() == false) // its own folder did not change
    }

    @Test func aDeskStartingOnAFolderBehindTheRegisterStartsOnTheRegistersRules() async throws {
        let desks = TwoDesks()
        let a = try await desks.engine(desks.folderA, "desk-a")
        try Self.raiseTheLine(in: desks.folderA)
        #expect(try await a.reloadIfChanged() == true)
        // Desk B's folder holds the rule set that ran before: it is behind.
        let b = try await desks.engine(desks.folderB, "desk-b")
        #expect(b.current.ruleSet.contentHash == a.current.ruleSet.contentHash)
        #expect(b.runningEntry == a.runningEntry)
        #expect(b.lastAttempt?.origin == .register)
    }

    @Test func aDeskStartingOnAFolderTheRegisterNeverRanMakesItTheRunningOne() async throws {
        let desks = TwoDesks()
        let a = try await desks.engine(desks.folderA, "desk-a")
        // Changed while desk B was down: a change like any other, taken and made running.
        try Self.raiseTheLine(in: desks.folderB)
        let b = try await desks.engine(desks.folderB, "desk-b")
        #expect(b.current.ruleSet.contentHash != a.current.ruleSet.contentHash)
        #expect(b.runningEntry?.taking.takenBy == "desk-b")
        #expect(try await a.followRegister() == true)
        #expect(a.current.ruleSet.contentHash == b.current.ruleSet.contentHash)
    }

    @Test func theStatusPageShowsWhoMadeTheRulesRunningAndWhen() async throws {
        let desk = try await Desk()
        let entry = try #require(desk.engine.runningEntry)
        let page = try await desk.test { client in try await Browser.signIn(client, "officer").get(client, "/rules/status").text }
        #expect(page.contains("<td id=\"running-hash\">\(entry.hash.prefix(12))</td>"), "\(page)")
        #expect(page.contains("<td id=\"running-taken-by\">\(desk.engine.deskName)</td>"))
        #expect(page.contains("规则目录 \(desk.rulesDirectory.standardizedFileURL.path)"))
        // The rule sets that ran, newest first.
        try desk.writeRule("programmes/basic.lua", retitledProgramme)
        #expect(try await desk.engine.reloadIfChanged() == true)
        let after = try await desk.test { client in try await Browser.signIn(client, "officer").get(client, "/rules/status").text }
        let history = try #require(after.range(of: "id=\"rule-set-history\"")).upperBound
        let rows = after[history...].components(separatedBy: "<tr><td>").dropFirst().map { $0.prefix { $0 != "\n" } }
        #expect(rows.count == 2, "\(after)")
        #expect(rows.first?.contains(desk.engine.current.ruleSet.contentHash.prefix(12)) == true)
        #expect(rows.last?.contains(entry.hash.prefix(12)) == true)
    }
}
