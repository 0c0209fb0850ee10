import EligibilityTesting
import Foundation
import Hummingbird
import HummingbirdTesting
import IntakeRegister
import IntakeServer
import SQLiteRegister
import Testing

typealias BangfuProcess = BangfuExecutable

/// A running `bangfu serve` on a port the system picked, killed with SIGKILL at the end.
final class ServerProcess: @unchecked Sendable {
    // `@unchecked Sendable`: `collected` is only touched under `lock` (the pipe's handler runs on
    // another thread).
    let process = Process()
    private let lock = NSLock()
    private var collected = ""
    private(set) var port = 0

    init(_ arguments: [String]) throws {
        process.executableURL = BangfuProcess.url
        process.arguments = ["serve", "--host", "127.0.0.1", "--port", "0"] + arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        output.fileHandleForReading.readabilityHandler = { [weak self] handle in
            let data = handle.availableData
            guard let self, !data.isEmpty else { return }
            self.lock.withLock { self.collected += String(decoding: data, as: UTF8.self) }
        }
        try process.run()
    }

    /// Waits (at most `timeout`) for the line naming the port. Generous: on two cores the whole suite
    /// runs several servers, Chromium and a PostgreSQL cluster at once, and a debug build starts slowly.
    func waitUntilListening(timeout: Duration = .seconds(60)) async throws {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            let text = lock.withLock { collected }
            if let range = text.range(of: "listening on http://127.0.0.1:"),
               let port = Int(text[range.upperBound...].prefix { $0.isNumber }) {
                self.port = port
                return
            }
            guard process.isRunning else { break }
            try await Task.sleep(for: .milliseconds(20))
        }
        kill()
        Issue.record("bangfu serve did not start: \(lock.withLock { collected })")
        throw CancellationError()
    }

    func kill() {
        guard process.isRunning else { return }
        Foundation.kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    /// JSON, unless `headers` say otherwise (a form, a session cookie).
    func request(_ uri: String, method: HTTPRequest.Method, token: String? = nil, headers extra: HTTPFields = [:],
                 body: String? = nil) async throws -> TestClient.Response {
        var fields: HTTPFields = [.contentType: "application/json"]
        if let token { fields[.authorization] = "Bearer \(token)" }
        for field in extra { fields[field.name] = field.value }
        let headers = fields
        return try await TestClient.withClient(host: "127.0.0.1", port: port, configuration: .init(timeout: .seconds(10))) { client in
            try await client.execute(TestClient.Request(uri, method: method, headers: headers, body: body.map { ByteBuffer(string: $0) }))
        }
    }

    deinit { kill() }
}

@Suite("bangfu serve, the real process", .timeLimit(.minutes(1)))
struct ProcessTests {
    /// A rule set, an empty cases folder, a register with one intake account; returns the token.
    static func setUp() throws -> (fixture: RuleSetFixture, cases: String, database: String, token: String) {
        let fixture = try RuleSetFixture(programmes: [("basic", RuleSetFixture.basicProgramme)])
        let folder = try temporaryFolder()
        let cases = folder.appendingPathComponent("Cases")
        try FileManager.default.createDirectory(at: cases, withIntermediateDirectories: true)
        let database = folder.appendingPathComponent("register.sqlite").path
        let added = try BangfuProcess.run(["user", "add", "clerk", "--role", "intake", "--db", database], input: "a long password\n")
        #expect(added.status == 0, "\(added.errors)")
        let token = added.output.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(token.hasPrefix("bf_"))
        return (fixture, cases.path, database, token)
    }

    @Test func anAnsweredAssessmentSurvivesKill9() async throws {
        let setup = try Self.setUp()
        let server = try ServerProcess(["--rules", setup.fixture.directory.path, "--cases", setup.cases, "--db", setup.database])
        defer { server.kill() }
        try await server.waitUntilListening()
        let answer = try await server.request("/api/assess?on=2026-09-01", method: .post, token: setup.token, body: sampleProfileJSON)
        #expect(answer.status == .ok)
        let id = try #require(answer.headers[.init(IntakeApplication.entryHeaderName)!].flatMap { Int64($0) })
        server.kill() // SIGKILL right after the answer: no chance to flush anything
        #expect(server.process.terminationReason == .uncaughtSignal)

        let reopened = try SQLiteRegister(path: setup.database)
        let stored = try #require(try await reopened.assessment(id: id))
        #expect(stored.decisionJSON == String(buffer: answer.body ?? ByteBuffer()))
        #expect(stored.actor == "clerk")
    }

    @Test func theRunningServerTakesAGoodRuleChangeAndRefusesABadOne() async throws {
        let setup = try Self.setUp()
        let officer = try BangfuProcess.run(["user", "add", "li", "--role", "officer", "--db", setup.database], input: "another password\n")
        let officerToken = officer.output.trimmingCharacters(in: .whitespacesAndNewlines)
        let server = try ServerProcess(["--rules", setup.fixture.directory.path, "--cases", setup.cases, "--db", setup.database])
        defer { server.kill() }
        try await server.waitUntilListening()
        func version() async throws -> String? {
            let status = try await server.request("/api/rules/status", method: .get, token: officerToken)
            let json = try JSONSerialization.jsonObject(with: Data(String(buffer: status.body ?? ByteBuffer()).utf8)) as? [String: Any]
            return (json?["current"] as? [String: Any])?["version"] as? String
        }
        func lastAttemptAccepted() async throws -> Bool? {
            let status = try await server.request("/api/rules/status", method: .get, token: officerToken)
            let json = try JSONSerialization.jsonObject(with: Data(String(buffer: status.body ?? ByteBuffer()).utf8)) as? [String: Any]
            return (json?["last_attempt"] as? [String: Any])?["accepted"] as? Bool
        }
        func waitFor(_ condition: () async throws -> Bool) async throws -> Bool {
            let deadline = ContinuousClock.now + .seconds(15)
            while ContinuousClock.now < deadline {
                if try await condition() { return true }
                try await Task.sleep(for: .milliseconds(100))
            }
            return false
        }
        let first = try #require(try await version())
        let rule = setup.fixture.directory.appendingPathComponent("programmes/basic.lua")
        try retitledProgramme.write(to: rule, atomically: true, encoding: .utf8)
        #expect(try await waitFor { try await version() != first })
        let second = try await version()

        try "programme { id = ".write(to: rule, atomically: true, encoding: .utf8)
        #expect(try await waitFor { try await lastAttemptAccepted() == false })
        #expect(try await version() == second)
        let answer = try await server.request("/api/assess", method: .post, token: setup.token, body: sampleProfileJSON)
        #expect(answer.status == .ok)
        #expect(String(buffer: answer.body ?? ByteBuffer()).contains("基本生活救助"))
    }

    @Test func userAddRefusesAShortPasswordAndATakenName() throws {
        let setup = try Self.setUp()
        let taken = try BangfuProcess.run(["user", "add", "clerk", "--role", "officer", "--db", setup.database], input: "a long password\n")
        #expect(taken.status == 1)
        #expect(taken.errors.contains("exists already"))
        let short = try BangfuProcess.run(["user", "add", "new", "--role", "officer", "--db", setup.database], input: "short\n")
        #expect(short.status == 1)
        #expect(short.errors.contains("at least 8"))
    }
}
