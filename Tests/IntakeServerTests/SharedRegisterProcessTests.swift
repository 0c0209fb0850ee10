import EligibilityTesting
import Foundation
import Hummingbird
import HummingbirdTesting
@testable import IntakeServer
import PostgresRegister
import Testing

/// The PostgreSQL server `BANGFU_TEST_POSTGRES_URL` names (scripts/test.sh starts one), if any.
enum TestPostgresServer {
    static let location = ProcessInfo.processInfo.environment["BANGFU_TEST_POSTGRES_URL"].flatMap { try? PostgresLocation(url: $0) }
}

/// Two real `bangfu serve` processes on one PostgreSQL database, as two desks of a centre run them.
@Suite("Two desks, one register on PostgreSQL", .enabled(if: TestPostgresServer.location != nil), .timeLimit(.minutes(1)))
struct SharedRegisterProcessTests {

    @Test func anAssessmentAnAccountAndASessionMadeAtOneDeskAreTheOthers() async throws {
        let database = try await #require(TestPostgresServer.location).creatingDatabase()
        let url = database.url
        let fixture = try RuleSetFixture(programmes: [("basic", RuleSetFixture.basicProgramme)])
        let cases = try temporaryFolder().appendingPathComponent("Cases")
        try FileManager.default.createDirectory(at: cases, withIntermediateDirectories: true)
        let added = try BangfuProcess.run(["user", "add", "clerk", "--role", "intake", "--db", url], input: "a long password\n")
        #expect(added.status == 0, "\(added.errors)")
        let token = added.output.trimmingCharacters(in: .whitespacesAndNewlines)

        let desks = try (0..<2).map { _ in try ServerProcess(["--rules", fixture.directory.path, "--cases", cases.path, "--db", url]) }
        defer { desks.forEach { $0.kill() } }
        for desk in desks { try await desk.waitUntilListening() }
        let (first, second) = (desks[0], desks[1])

        // Recorded through one desk, found through the other, byte for byte.
        let answer = try await first.request("/api/assess?on=2026-09-01", method: .post, token: token, body: sampleProfileJSON)
        #expect(answer.status == .ok)
        let id = try #require(answer.headers[.init(IntakeApplication.entryHeaderName)!])
        let found = try await second.request("/api/decisions/\(id)", method: .get, token: token)
        #expect(found.status == .ok)
        #expect(String(buffer: found.body ?? ByteBuffer()) == String(buffer: answer.body ?? ByteBuffer()))

        // Signed in at one desk, the browser's session cookie is good at the other.
        let login = try await first.request("/login", method: .get)
        let loginCookie = try #require(Self.cookie(IntakeApplication.loginCookie, in: login))
        let csrf = try #require(Browser.csrfToken(in: String(buffer: login.body ?? ByteBuffer())))
        let signedIn = try await first.request(
            "/login", method: .post,
            headers: [.cookie: "\(IntakeApplication.loginCookie)=\(loginCookie)", .contentType: "application/x-www-form-urlencoded"],
            body: String(buffer: Browser.formBody([("_csrf", csrf), ("next", "/register"), ("name", "clerk"), ("password", "a long password")])))
        #expect(signedIn.status == .seeOther)
        let session = try #require(Self.cookie(IntakeApplication.sessionCookie, in: signedIn))
        let page = try await second.request("/register", method: .get, headers: [.cookie: "\(IntakeApplication.sessionCookie)=\(session)"])
        #expect(page.status == .ok)
        #expect(String(buffer: page.body ?? ByteBuffer()).contains("clerk"))
        // It is the session that lets the browser in: without it, the page sends it to sign in.
        #expect(try await second.request("/register", method: .get).status == .seeOther)
    }

    static func cookie(_ name: String, in response: TestClient.Response) -> String? {
        response.headers[values: .setCookie].first { $0.hasPrefix(name + "=") }
            .map { String($0.dropFirst(name.count + 1).prefix { $0 != ";" }) }
    }
}

/// Two real `bangfu serve` processes on one register, each with its own rules folder: what one desk
/// takes from its folder, the other takes from the register.
@Suite("Two desks, one running rule set", .timeLimit(.minutes(2)))
struct SharedRunningRulesProcessTests {
    /// A register two processes can share: a SQLite file, and a PostgreSQL database when there is a server.
    enum Store: String, CaseIterable, CustomTestStringConvertible {
        case sqlite, postgres
        var testDescription: String { rawValue }

        static var available: [Store] { TestPostgresServer.location == nil ? [.sqlite] : [.sqlite, .postgres] }

        func location() async throws -> String {
            switch self {
            case .sqlite: try temporaryFolder().appendingPathComponent("register.sqlite").path
            case .postgres: try await #require(TestPostgresServer.location).creatingDatabase().url
            }
        }
    }

    @Test(arguments: Store.available)
    func aParameterChangedInOneDesksFolderIsAnsweredWithAtTheOther(_ store: Store) async throws {
        let database = try await store.location()
        let folderA = try RuleSetFixture(programmes: [("basic", RuleSetFixture.basicProgramme)]).directory
        let folderB = try RuleSetFixture(programmes: [("basic", RuleSetFixture.basicProgramme)]).directory
        let cases = try temporaryFolder().appendingPathComponent("Cases")
        try FileManager.default.createDirectory(at: cases, withIntermediateDirectories: true)
        var tokens: [String] = []
        for (name, role) in [("clerk", "intake"), ("officer", "officer")] {
            let added = try BangfuProcess.run(["user", "add", name, "--role", role, "--db", database], input: "a long password\n")
            #expect(added.status == 0, "\(added.errors)")
            tokens.append(added.output.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        let (clerk, officer) = (tokens[0], tokens[1])

        let deskA = try ServerProcess(["--rules", folderA.path, "--cases", cases.path, "--db", database])
        defer { deskA.kill() }
        try await deskA.waitUntilListening()
        let deskB = try ServerProcess(["--rules", folderB.path, "--cases", cases.path, "--db", database])
        defer { deskB.kill() }
        try await deskB.waitUntilListening()
        #expect(try await Self.income(deskB, clerk).contains("\"value\": \"940.00\""))

        // Desk A's folder gets the new dated value; desk B's folder is left as it was.
        let parameters = folderA.appendingPathComponent("parameters.yaml")
        let text = try String(contentsOf: parameters, encoding: .utf8)
        #expect(text.contains("2023-07-01: 940"))
        try text.replacingOccurrences(of: "2023-07-01: 940", with: "2023-07-01: 950").write(to: parameters, atomically: true, encoding: .utf8)

        // A bound, not a timing: the loop ends as soon as desk B answers with the new value.
        let deadline = ContinuousClock.now + .seconds(60)
        var answer = ""
        while ContinuousClock.now < deadline {
            answer = try await Self.income(deskB, clerk)
            if answer.contains("\"value\": \"950.00\"") { break }
            try await Task.sleep(for: .milliseconds(200))
        }
        #expect(answer.contains("\"value\": \"950.00\""), "\(answer)")

        let statusA = try await Self.status(deskA, officer)
        let statusB = try await Self.status(deskB, officer)
        let hashA = try #require((statusA["current"] as? [String: Any])?["hash"] as? String)
        #expect((statusB["current"] as? [String: Any])?["hash"] as? String == hashA)
        #expect(answer.contains(hashA))
        let running = try #require(statusB["running"] as? [String: Any])
        #expect(running["hash"] as? String == hashA)
        #expect(running["source"] as? String == "folder" && running["origin"] as? String == folderA.standardizedFileURL.path)
        #expect((statusB["last_attempt"] as? [String: Any])?["origin"] as? String == "register")
    }

    static func status(_ desk: ServerProcess, _ token: String) async throws -> [String: Any] {
        let body = try await desk.request("/api/rules/status", method: .get, token: token).body ?? ByteBuffer()
        return try #require(try JSONSerialization.jsonObject(with: Data(String(buffer: body).utf8)) as? [String: Any])
    }

    static func income(_ desk: ServerProcess, _ token: String) async throws -> String {
        String(buffer: try await desk.request("/api/assess?on=2026-09-01", method: .post, token: token, body: sampleProfileJSON).body ?? ByteBuffer())
    }
}
