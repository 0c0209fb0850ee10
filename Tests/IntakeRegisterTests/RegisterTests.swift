import DecisionFormats
import Eligibility
import EligibilityTesting
import Foundation
@testable import IntakeRegister
import Testing

func temporaryDatabase() -> String {
    FileManager.default.temporaryDirectory.appendingPathComponent("bangfu-register-\(UUID().uuidString)/register.sqlite").path
}

/// A register with the fixture rule set stored, and an entry for each of three applicants.
struct RegisterFixture {
    let register: Register
    let ruleSet: RuleSet

    init() throws {
        register = try Register(path: temporaryDatabase())
        ruleSet = try RuleSetFixture(programmes: [("basic", RuleSetFixture.basicProgramme)]).ruleSet()
        try register.storeRuleSet(ruleSet)
    }

    func entry(name: String, id: String?, date: String, actor: String = "clerk", outcome: String = "eligible") -> NewAssessment {
        NewAssessment(actor: actor, applicantName: name, applicantID: id, assessmentDate: CivilDate(date)!,
                      ruleSetHash: ruleSet.contentHash, profileJSON: "{\"name\":\"\(name)\"}",
                      decisionJSON: "{\"format\": \"bangfu.assessment/1\", \"name\": \"\(name)\"}\n",
                      outcomes: [("basic", outcome), ("other", "ineligible")])
    }
}

@Suite("The decision register")
struct RegisterTests {
    @Test func usesWriteAheadLogging() throws {
        let register = try Register(path: temporaryDatabase())
        #expect(try register.journalMode() == "wal")
    }

    @Test func storesAnAssessmentExactlyAsAnswered() async throws {
        let fixture = try RegisterFixture()
        let assessment = try RuleSetFixture(programmes: [("basic", RuleSetFixture.basicProgramme)]).assess()
        let answer = AssessmentJSON.value(assessment).rendered(indent: true) + "\n"
        let id = try await fixture.register.record(NewAssessment(assessment, actor: "clerk", profileJSON: "{ \"name\": \"王某\" }", decisionJSON: answer))
        let stored = try #require(try await fixture.register.assessment(id: id))
        #expect(stored.decisionJSON == answer)
        #expect(stored.profileJSON == "{ \"name\": \"王某\" }")
        #expect(stored.actor == "clerk")
        #expect(stored.applicantName == "王某")
        #expect(stored.assessmentDate == "2026-09-01")
        #expect(stored.ruleSetHash == fixture.ruleSet.contentHash)
        #expect(try await fixture.register.assessment(id: id + 1) == nil)
    }

    @Test func survivesReopening() async throws {
        let path = temporaryDatabase()
        let id: Int64
        do {
            let fixture = try RegisterFixture()
            let register = try Register(path: path)
            try register.storeRuleSet(fixture.ruleSet)
            id = try await register.record(fixture.entry(name: "王某", id: "110101197005011234", date: "2026-09-01"))
        }
        let reopened = try Register(path: path)
        #expect(try await reopened.assessment(id: id)?.applicantID == "110101197005011234")
    }

    @Test func keepsRuleSetFilesByHashOnce() throws {
        let fixture = try RegisterFixture()
        try fixture.register.storeRuleSet(fixture.ruleSet) // again: nothing changes
        let files = try fixture.register.ruleSetFiles(hash: fixture.ruleSet.contentHash)
        #expect(files.map(\.path) == ["facts.lua", "parameters.yaml", "programmes/basic.lua", "ruleset.yaml", "schema.yaml"])
        #expect(files.first { $0.path == "programmes/basic.lua" }?.source == RuleSetFixture.basicProgramme)
        #expect(try fixture.register.hasRuleSet(hash: fixture.ruleSet.contentHash))
        // What is stored is enough to load the very same rule set again (for replaying past decisions).
        #expect(try fixture.register.storedRuleSet(hash: fixture.ruleSet.contentHash).contentHash == fixture.ruleSet.contentHash)
        #expect(try !fixture.register.hasRuleSet(hash: "0000"))
    }

    @Test func storesTheFilesAsLoadedEvenWhenTheFolderChangedSince() throws {
        let register = try Register(path: temporaryDatabase())
        let fixture = try RuleSetFixture(programmes: [("basic", RuleSetFixture.basicProgramme)])
        let ruleSet = try fixture.ruleSet()
        try "title: 改过的规则\napplicant: {name: name}\nprogrammes:\n  - basic\n"
            .write(to: fixture.directory.appendingPathComponent("ruleset.yaml"), atomically: true, encoding: .utf8)
        try register.storeRuleSet(ruleSet)
        let stored = try register.storedRuleSet(hash: ruleSet.contentHash)
        #expect(stored.title == "测试规则")
        #expect(stored.hashedFiles == ruleSet.hashedFiles)
        #expect(stored.directory == nil)
    }

    @Test func rebuildsARuleSetSplitByTopicFromItsStoredFiles() throws {
        let register = try Register(path: temporaryDatabase())
        let ruleSet = try RuleSetFixture.byTopic().ruleSet()
        try register.storeRuleSet(ruleSet)
        #expect(try register.ruleSetFiles(hash: ruleSet.contentHash).map(\.path) == [
            "facts/household.lua", "facts/income.lua", "parameters/dibao.yaml", "parameters/share.yaml",
            "programmes/basic.lua", "ruleset.yaml", "schema.yaml",
        ])
        let stored = try register.storedRuleSet(hash: ruleSet.contentHash)
        #expect(stored.contentHash == ruleSet.contentHash)
        #expect(stored.files == ruleSet.files)
    }

    @Test func refusesAStoredRuleSetThatIsMissingOrNoLongerLoadsToItsHash() async throws {
        let fixture = try RegisterFixture()
        let hash = fixture.ruleSet.contentHash
        #expect(throws: StoredRuleSetError.self) { try fixture.register.storedRuleSet(hash: "0000") }
        try await fixture.register.pool.write { db in
            try db.execute(sql: "UPDATE rule_set_files SET source = source || '-- changed' WHERE path = 'facts.lua'")
        }
        do {
            _ = try fixture.register.storedRuleSet(hash: hash)
            Issue.record("a changed file was taken")
        } catch {
            #expect("\(error)".contains("cannot be replayed exactly"), "\(error)")
        }
        try await fixture.register.pool.write { db in
            try db.execute(sql: "DELETE FROM rule_set_files WHERE path = 'ruleset.yaml'")
        }
        do {
            _ = try fixture.register.storedRuleSet(hash: hash)
            Issue.record("a rule set without ruleset.yaml was taken")
        } catch {
            #expect("\(error)".contains("does not load from its stored files: ruleset.yaml: missing from the rule set"), "\(error)")
        }
    }

    @Test func refusesAnAssessmentUnderAnUnknownRuleSet() async throws {
        let fixture = try RegisterFixture()
        var entry = fixture.entry(name: "王某", id: nil, date: "2026-09-01")
        entry.ruleSetHash = "unknown"
        await #expect(throws: (any Error).self) { try await fixture.register.record(entry) }
    }

    @Test func searchesByApplicantNameDateProgrammeOutcomeAndActor() async throws {
        let fixture = try RegisterFixture()
        let register = fixture.register
        let wang = try await register.record(fixture.entry(name: "王某", id: "110101197005011234", date: "2026-09-01"))
        let li = try await register.record(fixture.entry(name: "李大山", id: "220101198001011111", date: "2026-10-15", actor: "other", outcome: "refer"))
        let zhang = try await register.record(fixture.entry(name: "张_三%", id: nil, date: "2026-11-30", outcome: "ineligible"))

        #expect(try await register.search(RegisterQuery()).map(\.id) == [zhang, li, wang])
        #expect(try await register.search(RegisterQuery(applicantID: "220101198001011111")).map(\.id) == [li])
        #expect(try await register.search(RegisterQuery(name: "大山")).map(\.id) == [li])
        #expect(try await register.search(RegisterQuery(name: "_")).map(\.id) == [zhang]) // LIKE wildcards are literal
        #expect(try await register.search(RegisterQuery(from: CivilDate("2026-09-02"), to: CivilDate("2026-11-30"))).map(\.id) == [zhang, li])
        #expect(try await register.search(RegisterQuery(programme: "basic", outcome: "refer")).map(\.id) == [li])
        #expect(try await register.search(RegisterQuery(outcome: "eligible")).map(\.id) == [wang])
        #expect(try await register.search(RegisterQuery(programme: "nothing")).isEmpty)
        #expect(try await register.search(RegisterQuery(actor: "clerk")).map(\.id) == [zhang, wang])
        #expect(try await register.search(RegisterQuery(limit: 1)).map(\.id) == [zhang])
        let summary = try #require(try await register.search(RegisterQuery(applicantID: "110101197005011234")).first)
        #expect(summary.outcomes == ["basic": "eligible", "other": "ineligible"])
        #expect(summary.applicantName == "王某")
    }

    @Test func accountsAndTokens() throws {
        let register = try Register(path: temporaryDatabase())
        try register.addAccount(name: "li", role: .officer, passwordHash: "$2b$hash")
        #expect(throws: AccountError.nameTaken("li")) { try register.addAccount(name: "li", role: .intake, passwordHash: "x") }
        #expect(throws: AccountError.invalidName("a b")) { try register.addAccount(name: "a b", role: .intake, passwordHash: "x") }
        #expect(try register.account(named: "li")?.role == .officer)
        #expect(try register.account(named: "nobody") == nil)
        try register.addToken(id: "abc", accountName: "li", secretHash: "h")
        #expect(throws: AccountError.noSuchAccount("nobody")) { try register.addToken(id: "def", accountName: "nobody", secretHash: "h") }
        let found = try #require(try register.token(id: "abc"))
        #expect(found.account.name == "li")
        #expect(found.token.secretHash == "h")
        #expect(try register.token(id: "zzz") == nil)
        #expect(try register.accountCount() == 1)
    }

    @Test func rolesSayWhatEachMayDo() {
        #expect(Role.intake.mayAssess && !Role.intake.readsWholeRegister && !Role.intake.seesRuleStatus)
        #expect(Role.officer.mayAssess && Role.officer.readsWholeRegister && Role.officer.seesRuleStatus)
        #expect(!Role.auditor.mayAssess && Role.auditor.readsWholeRegister && Role.auditor.seesRuleStatus)
    }
}
