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
