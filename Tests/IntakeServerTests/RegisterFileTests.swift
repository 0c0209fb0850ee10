import EligibilityTesting
import Foundation
import Hummingbird
import HummingbirdTesting
import IntakeRegister
@testable import IntakeServer
import SQLiteRegister
import Testing

@Suite("The register's file, deleted or missing")
struct RegisterFileTests {
    @Test func aRegisterFileDeletedWhileTheDeskRunsStopsEveryRequestAndTheHealthCheck() async throws {
        let log = CapturedLog()
        let desk = try await Desk(logger: log.logger)
        try await desk.test { client in
            #expect(try await client.execute(uri: "/api/assess", method: .post, headers: desk.headers("clerk"), body: ByteBuffer(string: sampleProfileJSON)).status == .ok)
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: desk.register.path + suffix) }

            let answer = try await client.execute(uri: "/api/assess", method: .post, headers: desk.headers("clerk"), body: ByteBuffer(string: sampleProfileJSON))
            #expect(answer.status == .serviceUnavailable)
            #expect(answer.headers[.init(IntakeApplication.entryHeaderName)!] == nil)
            #expect(answer.errorMessages.first?.contains("was deleted while the desk ran") == true, "\(answer.text)")
            let health = try await client.execute(uri: "/healthz", method: .get)
            #expect(health.status == .serviceUnavailable)
            let page = try await client.execute(uri: "/login", method: .get)
            #expect(page.status == .serviceUnavailable)
            #expect(page.text.contains("登记簿不可用"))
            // The page still looks like the desk: its stylesheet holds nothing of the register.
            #expect(try await client.execute(uri: IntakeApplication.stylesheetPath, method: .get).status == .ok)
        }
        #expect(log.text.contains("request failed") && log.text.contains("status=503") && log.text.contains("was deleted"), "\(log.text)")
    }

    @Test func serveRefusesAMissingRegisterUnlessAskedToCreateOne() async throws {
        let fixture = try RuleSetFixture(programmes: [("basic", RuleSetFixture.basicProgramme)])
        let database = try temporaryFolder().appendingPathComponent("gone.sqlite").path
        let refused = try BangfuProcess.run(["serve", "--rules", fixture.directory.path, "--db", database, "--port", "0"])
        #expect(refused.status == 1)
        #expect(refused.errors.contains("no register at \(database): not starting on an empty register"), "\(refused.errors)")
        #expect(!FileManager.default.fileExists(atPath: database))

        let server = try ServerProcess(["--rules", fixture.directory.path, "--db", database, "--create-register"])
        defer { server.kill() }
        try await server.waitUntilListening()
        #expect(FileManager.default.fileExists(atPath: database))
    }
}

@Suite("bangfu user passwd and revoke-token")
struct UserCommandTests {
    @Test func passwdChangesThePasswordAndEndsTheSessions() async throws {
        let database = try temporaryFolder().appendingPathComponent("register.sqlite").path
        #expect(try BangfuProcess.run(["user", "add", "li", "--role", "officer", "--db", database], input: "the first password\n").status == 0)
        let register = try SQLiteRegister(path: database, createIfMissing: false)
        try await register.addSession(id: "s1", accountName: "li", csrfToken: "t", expiresAt: Date().addingTimeInterval(60))

        let changed = try BangfuProcess.run(["user", "passwd", "li", "--db", database], input: "the second password\n")
        #expect(changed.status == 0, "\(changed.errors)")
        let accounts = Accounts(register: register)
        #expect(try await accounts.account(name: "li", password: "the first password") == nil)
        #expect(try await accounts.account(name: "li", password: "the second password")?.name == "li")
        #expect(try await register.session(id: "s1") == nil)

        let short = try BangfuProcess.run(["user", "passwd", "li", "--db", database], input: "short\n")
        #expect(short.status == 1 && short.errors.contains("at least 8"))
        let nobody = try BangfuProcess.run(["user", "passwd", "nobody", "--db", database], input: "a long password\n")
        #expect(nobody.status == 1 && nobody.errors.contains("no account named nobody"))
    }

    @Test func revokeTokenRevokesOneOrAllAndCanIssueANewOne() async throws {
        let database = try temporaryFolder().appendingPathComponent("register.sqlite").path
        let first = try BangfuProcess.run(["user", "add", "li", "--role", "officer", "--db", database], input: "a long password\n")
            .output.trimmingCharacters(in: .whitespacesAndNewlines)
        let register = try SQLiteRegister(path: database, createIfMissing: false)
        let accounts = Accounts(register: register)
        let second = try await accounts.issueToken(for: "li")

        let one = try BangfuProcess.run(["user", "revoke-token", "li", "--token", first, "--db", database])
        #expect(one.status == 0 && one.errors.contains("1 token of li revoked"), "\(one.errors)")
        #expect(try await accounts.account(forToken: first) == nil)
        #expect(try await accounts.account(forToken: second)?.name == "li")

        let all = try BangfuProcess.run(["user", "revoke-token", "li", "--reissue", "--db", database])
        #expect(all.status == 0 && all.errors.contains("1 token of li revoked"))
        #expect(try await accounts.account(forToken: second) == nil)
        let fresh = all.output.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(try await accounts.account(forToken: fresh)?.name == "li")

        let unknown = try BangfuProcess.run(["user", "revoke-token", "li", "--token", "bf_0000_0000", "--db", database])
        #expect(unknown.status == 1 && unknown.errors.contains("no such token"))
    }
}
