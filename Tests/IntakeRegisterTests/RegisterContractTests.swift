import DecisionFormats
import Eligibility
import EligibilityTesting
import Foundation
import IntakeRegister
import PostgresRegister
import SQLiteRegister
import Testing

/// Makes a fresh, empty register of one implementation. Every test of the protocol runs once for each
/// factory in `all`: a new implementation adds its own and passes the same tests.
struct RegisterFactory: Sendable, CustomTestStringConvertible {
    let name: String
    let make: @Sendable () async throws -> any Register
    /// Opens `count` registers on one fresh, empty store, as that many desks would: what one writes,
    /// the others read, and their writes contend as two servers' would.
    let makeShared: @Sendable (_ count: Int) async throws -> [any Register]

    var testDescription: String { name }

    static let sqlite = RegisterFactory(name: "SQLite", make: { try SQLiteRegister(path: temporaryDatabase()) }, makeShared: { count in
        let path = temporaryDatabase()
        return try (0..<count).map { _ in try SQLiteRegister(path: path) }
    })
    /// Each test's register in a schema of its own in the database `BANGFU_TEST_POSTGRES_URL` names
    /// (scripts/test.sh starts a throwaway cluster and sets it), so tests run in parallel; shared
    /// registers are that many clients on one schema, as desks on one database.
    static let postgres = PostgresTestServer.location.map { server in
        RegisterFactory(name: "PostgreSQL", make: { try await PostgresTestServer.open(server.creatingSchema()) }, makeShared: { count in
            let location = try await server.creatingSchema()
            var registers: [any Register] = []
            for _ in 0..<count { registers.append(try await PostgresTestServer.open(location)) }
            return registers
        })
    }
    static let all: [RegisterFactory] = [.sqlite] + (postgres.map { [$0] } ?? [])
}

/// The PostgreSQL server the register tests also run on, if any.
enum PostgresTestServer {
    static let location = ProcessInfo.processInfo.environment["BANGFU_TEST_POSTGRES_URL"].flatMap { try? PostgresLocation(url: $0) }

    /// Opens a register there, a few at a time: forty tests migrating fresh schemas at once, beside the
    /// rest of the suite on two cores, each took past the opening limit (a desk's bound, not a test's).
    static func open(_ location: PostgresLocation, createIfMissing: Bool = true) async throws -> PostgresRegister {
        await openings.enter()
        do {
            let register = try await PostgresRegister.open(location, createIfMissing: createIfMissing)
            await openings.leave()
            return register
        } catch {
            await openings.leave()
            throw error
        }
    }

    static let openings = Slots(4)
    /// scripts/test.sh sets `BANGFU_REQUIRE_POSTGRES=1`: there, a missing server is a failure, not a skip.
    static let isRequired = ProcessInfo.processInfo.environment["BANGFU_REQUIRE_POSTGRES"] == "1"
}

func temporaryDatabase() -> String {
    FileManager.default.temporaryDirectory.appendingPathComponent("bangfu-register-\(UUID().uuidString)/register.sqlite").path
}

/// A register with the fixture rule set stored, and entries to record under it.
struct RegisterFixture {
    let register: any Register
    let ruleSet: RuleSet

    init(_ register: any Register) async throws {
        self.register = register
        ruleSet = try RuleSetFixture(programmes: [("basic", RuleSetFixture.basicProgramme)]).ruleSet()
        try await register.storeRuleSet(ruleSet)
    }

    init(_ factory: RegisterFactory) async throws {
        try await self.init(factory.make())
    }

    func entry(name: String, id: String?, date: String, actor: String = "clerk", outcome: String = "eligible") -> NewAssessment {
        NewAssessment(actor: actor, applicantName: name, applicantID: id, assessmentDate: CivilDate(date)!,
                      ruleSetHash: ruleSet.contentHash, profileJSON: "{\"name\":\"\(name)\"}",
                      decisionJSON: "{\"format\": \"bangfu.assessment/1\", \"name\": \"\(name)\"}\n",
                      outcomes: [("basic", outcome), ("other", "ineligible")])
    }
}

@Suite("The decision register, whatever holds it")
struct RegisterContractTests {
    @Test(arguments: RegisterFactory.all)
    func storesAnAssessmentExactlyAsAnswered(_ factory: RegisterFactory) async throws {
        let fixture = try await RegisterFixture(factory)
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

    @Test(arguments: RegisterFactory.all)
    func keepsRuleSetFilesByHashOnce(_ factory: RegisterFactory) async throws {
        let fixture = try await RegisterFixture(factory)
        try await fixture.register.storeRuleSet(fixture.ruleSet) // again: nothing changes
        let files = try await fixture.register.ruleSetFiles(hash: fixture.ruleSet.contentHash)
        #expect(files.map(\.path) == ["facts.lua", "parameters.yaml", "programmes/basic.lua", "ruleset.yaml", "schema.yaml"])
        #expect(files.first { $0.path == "programmes/basic.lua" }?.source == RuleSetFixture.basicProgramme)
        #expect(try await fixture.register.hasRuleSet(hash: fixture.ruleSet.contentHash))
        // What is stored is enough to load the very same rule set again (for replaying past decisions).
        #expect(try await fixture.register.storedRuleSet(hash: fixture.ruleSet.contentHash).contentHash == fixture.ruleSet.contentHash)
        #expect(try await !fixture.register.hasRuleSet(hash: "0000"))
    }

    @Test(arguments: RegisterFactory.all)
    func holdsNothingUnderAnUnknownHash(_ factory: RegisterFactory) async throws {
        let register = try await factory.make()
        #expect(try await register.ruleSetFiles(hash: "0000").isEmpty)
        await #expect(throws: StoredRuleSetError.self) { try await register.storedRuleSet(hash: "0000") }
    }

    @Test(arguments: RegisterFactory.all)
    func storesTheFilesAsLoadedEvenWhenTheFolderChangedSince(_ factory: RegisterFactory) async throws {
        let register = try await factory.make()
        let fixture = try RuleSetFixture(programmes: [("basic", RuleSetFixture.basicProgramme)])
        let ruleSet = try fixture.ruleSet()
        try "title: 改过的规则\napplicant: {name: name}\nprogrammes:\n  - basic\n"
            .write(to: fixture.directory.appendingPathComponent("ruleset.yaml"), atomically: true, encoding: .utf8)
        try await register.storeRuleSet(ruleSet)
        let stored = try await register.storedRuleSet(hash: ruleSet.contentHash)
        #expect(stored.title == "测试规则")
        #expect(stored.hashedFiles == ruleSet.hashedFiles)
        #expect(stored.directory == nil)
    }

    @Test(arguments: RegisterFactory.all)
    func rebuildsARuleSetSplitByTopicFromItsStoredFiles(_ factory: RegisterFactory) async throws {
        let register = try await factory.make()
        let ruleSet = try RuleSetFixture.byTopic().ruleSet()
        try await register.storeRuleSet(ruleSet)
        #expect(try await register.ruleSetFiles(hash: ruleSet.contentHash).map(\.path) == [
            "facts/household.lua", "facts/income.lua", "parameters/dibao.yaml", "parameters/share.yaml",
            "programmes/basic.lua", "ruleset.yaml", "schema.yaml",
        ])
        let stored = try await register.storedRuleSet(hash: ruleSet.contentHash)
        #expect(stored.contentHash == ruleSet.contentHash)
        #expect(stored.files == ruleSet.files)
    }

    @Test(arguments: RegisterFactory.all)
    func anEntryAssessedAgainNamesTheOneItRevises(_ factory: RegisterFactory) async throws {
        let fixture = try await RegisterFixture(factory)
        let first = try await fixture.register.record(fixture.entry(name: "王某", id: nil, date: "2026-09-01"))
        var again = fixture.entry(name: "王某", id: nil, date: "2026-09-02")
        again.revises = first
        let second = try await fixture.register.record(again)
        #expect(try await fixture.register.assessment(id: first)?.revises == nil)
        #expect(try await fixture.register.assessment(id: second)?.revises == first)
        // Only an entry the register holds can be revised.
        again.revises = second + 10
        await #expect(throws: (any Error).self) { try await fixture.register.record(again) }
    }

    @Test(arguments: RegisterFactory.all)
    func refusesAnAssessmentUnderAnUnknownRuleSet(_ factory: RegisterFactory) async throws {
        let fixture = try await RegisterFixture(factory)
        var entry = fixture.entry(name: "王某", id: nil, date: "2026-09-01")
        entry.ruleSetHash = "unknown"
        await #expect(throws: (any Error).self) { try await fixture.register.record(entry) }
    }

    @Test(arguments: RegisterFactory.all)
    func searchesByApplicantNameDateProgrammeOutcomeAndActor(_ factory: RegisterFactory) async throws {
        let fixture = try await RegisterFixture(factory)
        let register = fixture.register
        let wang = try await register.record(fixture.entry(name: "王某", id: "110101197005011235", date: "2026-09-01"))
        let li = try await register.record(fixture.entry(name: "李大山", id: "220101198001011115", date: "2026-10-15", actor: "other", outcome: "refer"))
        let zhang = try await register.record(fixture.entry(name: "张_三%", id: nil, date: "2026-11-30", outcome: "ineligible"))

        #expect(try await register.search(RegisterQuery()).map(\.id) == [zhang, li, wang])
        #expect(try await register.search(RegisterQuery(applicantID: "220101198001011115")).map(\.id) == [li])
        #expect(try await register.search(RegisterQuery(name: "大山")).map(\.id) == [li])
        #expect(try await register.search(RegisterQuery(name: "_")).map(\.id) == [zhang]) // LIKE wildcards are literal
        #expect(try await register.search(RegisterQuery(from: CivilDate("2026-09-02"), to: CivilDate("2026-11-30"))).map(\.id) == [zhang, li])
        #expect(try await register.search(RegisterQuery(programme: "basic", outcome: "refer")).map(\.id) == [li])
        #expect(try await register.search(RegisterQuery(outcome: "eligible")).map(\.id) == [wang])
        #expect(try await register.search(RegisterQuery(programme: "nothing")).isEmpty)
        #expect(try await register.search(RegisterQuery(actor: "clerk")).map(\.id) == [zhang, wang])
        #expect(try await register.search(RegisterQuery(limit: 1)).map(\.id) == [zhang])
        let summary = try #require(try await register.search(RegisterQuery(applicantID: "110101197005011235")).first)
        #expect(summary.outcomes == ["basic": "eligible", "other": "ineligible"])
        #expect(summary.applicantName == "王某")
    }

    @Test(arguments: RegisterFactory.all)
    func findsAnIDNumberAsAClerkTypesIt(_ factory: RegisterFactory) async throws {
        let fixture = try await RegisterFixture(factory)
        let register = fixture.register
        let woman = try await register.record(fixture.entry(name: "赵某", id: "11010519491231002x", date: "2026-09-01")) // stored as typed
        let man = try await register.record(fixture.entry(name: "李某", id: "34010419780512001X", date: "2026-09-02", outcome: "needs_information"))
        let again = try await register.record(fixture.entry(name: "李某", id: "34010419780512001X", date: "2026-09-03", outcome: "refer"))
        func found(_ id: String) async throws -> [Int64] { try await register.search(RegisterQuery(applicantID: id)).map(\.id) }
        #expect(try await found("11010519491231002X") == [woman])
        #expect(try await found("11010519491231002x") == [woman])
        #expect(try await found("34010419780512001x") == [again, man])
        #expect(try await found("340104 19780512 001X") == [again, man])
        #expect(try await found("３４０１０４１９７８０５１２００１Ｘ") == [again, man])
        #expect(try await found("002x") == [woman]) // the last four
        #expect(try await found("12001x") == [again, man]) // the last six
        #expect(try await found("2001X") == [again, man]) // the last five
        #expect(try await found("0512") == []) // inside the number, not its end
        #expect(try await found("0001X").isEmpty)
        #expect(try await register.search(RegisterQuery(applicantID: "001X", outcome: "needs_information")).map(\.id) == [man])
        #expect(try await register.search(RegisterQuery(outcome: "refer")).map(\.id) == [again])
    }

    @Test(arguments: RegisterFactory.all)
    func accountsAndTokens(_ factory: RegisterFactory) async throws {
        let register = try await factory.make()
        try await register.addAccount(name: "li", role: .officer, passwordHash: "$2b$hash")
        await #expect(throws: AccountError.nameTaken("li")) { try await register.addAccount(name: "li", role: .intake, passwordHash: "x") }
        await #expect(throws: AccountError.invalidName("a b")) { try await register.addAccount(name: "a b", role: .intake, passwordHash: "x") }
        #expect(try await register.account(named: "li")?.role == .officer)
        #expect(try await register.account(named: "nobody") == nil)
        try await register.addToken(id: "abc", accountName: "li", secretHash: "h")
        await #expect(throws: AccountError.noSuchAccount("nobody")) { try await register.addToken(id: "def", accountName: "nobody", secretHash: "h") }
        let found = try #require(try await register.token(id: "abc"))
        #expect(found.account.name == "li")
        #expect(found.token.secretHash == "h")
        #expect(try await register.token(id: "zzz") == nil)
        #expect(try await register.accountCount() == 1)
    }

    @Test(arguments: RegisterFactory.all)
    func aSessionLastsUntilItExpiresOrIsRemoved(_ factory: RegisterFactory) async throws {
        let register = try await factory.make()
        try await register.addAccount(name: "li", role: .officer, passwordHash: "$2b$hash")
        let expiry = Date().addingTimeInterval(3600)
        try await register.addSession(id: "s1", accountName: "li", csrfToken: "t1", expiresAt: expiry)
        let session = try #require(try await register.session(id: "s1"))
        #expect(session.account.name == "li" && session.account.role == .officer)
        #expect(session.csrfToken == "t1")
        #expect(abs(session.expiresAt.timeIntervalSince(expiry)) < 0.001)
        #expect(try await register.session(id: "s1", now: expiry) == nil) // expired at its expiry
        #expect(try await register.session(id: "nobody") == nil)
        try await register.removeSession(id: "s1")
        #expect(try await register.session(id: "s1") == nil)
    }

    @Test(arguments: RegisterFactory.all)
    func namesThatWouldForgeALogLineAreRefused(_ factory: RegisterFactory) async throws {
        let register = try await factory.make()
        for name in ["li\nsigned in", "li\r", "li\tli", "li\u{1B}[31m", "li\u{202E}", "li\u{2028}", ""] {
            await #expect(throws: AccountError.invalidName(name)) { try await register.addAccount(name: name, role: .intake, passwordHash: "x") }
        }
        try await register.addAccount(name: "李.clerk-2@东城", role: .intake, passwordHash: "x")
        #expect(try await register.accountCount() == 1)
    }

    @Test(arguments: RegisterFactory.all)
    func aNewPasswordEndsTheSessionsAndTokensAreRevokedOneOrAll(_ factory: RegisterFactory) async throws {
        let register = try await factory.make()
        try await register.addAccount(name: "li", role: .officer, passwordHash: "old")
        try await register.addAccount(name: "wang", role: .intake, passwordHash: "w")
        try await register.addSession(id: "s1", accountName: "li", csrfToken: "t", expiresAt: Date().addingTimeInterval(60))
        try await register.addSession(id: "s2", accountName: "wang", csrfToken: "t", expiresAt: Date().addingTimeInterval(60))
        try await register.setPasswordHash(accountName: "li", passwordHash: "new")
        #expect(try await register.account(named: "li")?.passwordHash == "new")
        #expect(try await register.session(id: "s1") == nil)
        #expect(try await register.session(id: "s2") != nil) // another account's stays
        await #expect(throws: AccountError.noSuchAccount("nobody")) { try await register.setPasswordHash(accountName: "nobody", passwordHash: "x") }

        for id in ["a", "b", "c"] { try await register.addToken(id: id, accountName: "li", secretHash: "h") }
        try await register.addToken(id: "w", accountName: "wang", secretHash: "h")
        #expect(try await register.removeTokens(accountName: "li", id: "a") == 1)
        #expect(try await register.token(id: "a") == nil)
        #expect(try await register.token(id: "b") != nil)
        #expect(try await register.removeTokens(accountName: "li", id: "w") == 0) // not li's
        #expect(try await register.removeTokens(accountName: "li", id: nil) == 2)
        #expect(try await register.token(id: "c") == nil)
        #expect(try await register.token(id: "w") != nil)
    }

    @Test func everyImplementationIsTestedWhereRequired() {
        #expect(!PostgresTestServer.isRequired || RegisterFactory.postgres != nil,
                "BANGFU_REQUIRE_POSTGRES=1 but BANGFU_TEST_POSTGRES_URL names no PostgreSQL server (postgres://USER@HOST:PORT/DATABASE): the register tests ran on SQLite only")
    }

    @Test func rolesSayWhatEachMayDo() {
        #expect(Role.intake.mayAssess && !Role.intake.readsWholeRegister && !Role.intake.seesRuleStatus)
        #expect(Role.officer.mayAssess && Role.officer.readsWholeRegister && Role.officer.seesRuleStatus)
        #expect(!Role.auditor.mayAssess && Role.auditor.readsWholeRegister && Role.auditor.seesRuleStatus)
    }
}

/// At most `count` holders at once; the others wait their turn in order.
actor Slots {
    private var free: Int
    private var waiting: [CheckedContinuation<Void, Never>] = []

    init(_ count: Int) { free = count }

    func enter() async {
        if free > 0 {
            free -= 1
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }

    func leave() {
        if waiting.isEmpty { free += 1 } else { waiting.removeFirst().resume() }
    }
}
