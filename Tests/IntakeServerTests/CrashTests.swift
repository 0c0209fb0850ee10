import Eligibility
import EligibilityTesting
import Foundation
import Hummingbird
import HummingbirdTesting
import IntakeRegister
@testable import IntakeServer
import PostgresRegister
import SQLiteRegister
import Synchronization
import Testing

/// `kill -9` of a desk under load loses nothing it answered (issue 11, "Done when"): a real `bangfu
/// serve` on the sample rules, several clients assessing and confirming grants at once, SIGKILL once
/// enough answers are in, a restart on the same register, and every assessment answered 200 found there
/// byte for byte, every confirmed grant found in its household. Bounded: `clients` clients of at most
/// `requestsPerClient` assessments each, loopback only.
@Suite("kill -9 of a desk under load", .serialized, .timeLimit(.minutes(3)))
struct CrashTests {
    static let clients = 4
    static let requestsPerClient = 150
    /// The kill comes once this many assessments are answered, with every client still sending.
    static let killAfter = 40

    @Test func onSQLiteEveryAnsweredAssessmentAndGrantIsThereAfterTheKill() async throws {
        let database = try temporaryFolder().appendingPathComponent("register.sqlite").path
        try await Self.killUnderLoad(register: "SQLite", db: database) { households in
            try await Self.grantIDs(in: try SQLiteRegister(path: database, createIfMissing: false), households: households)
        }
    }

    @Test(.enabled(if: TestPostgresServer.location != nil))
    func onPostgreSQLEveryAnsweredAssessmentAndGrantIsThereAfterTheKill() async throws {
        let database = try await #require(TestPostgresServer.location).creatingDatabase()
        try await Self.killUnderLoad(register: "PostgreSQL", db: database.url) { households in
            let register = try await PostgresRegister.open(database, createIfMissing: false)
            let found = try await Self.grantIDs(in: register, households: households)
            await register.close()
            return found
        }
    }

    static func grantIDs(in register: some Register, households: Set<Int64>) async throws -> Set<Int64> {
        var found = Set<Int64>()
        for household in households {
            found.formUnion(try await register.grants(householdID: household, from: nil, to: nil).map(\.id))
        }
        return found
    }

    /// `grantsFound`: of the grants in these households, the ids the register holds.
    static func killUnderLoad(register name: String, db: String,
                              grantsFound: (Set<Int64>) async throws -> Set<Int64>) async throws {
        var tokens: [String: String] = [:]
        for (account, role) in [("clerk", "intake"), ("li", "officer")] {
            let added = try BangfuProcess.run(["user", "add", account, "--role", role, "--db", db], input: "a long password\n")
            #expect(added.status == 0, "\(added.errors)")
            tokens[account] = added.output.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        let (clerk, officer) = (try #require(tokens["clerk"]), try #require(tokens["li"]))
        let arguments = ["--rules", Desk.repository.appendingPathComponent("Rules").path,
                         "--cases", Desk.repository.appendingPathComponent("Cases").path, "--db", db]
        let server = try ServerProcess(arguments)
        defer { server.kill() }
        try await server.waitUntilListening()

        let ledger = Ledger()
        await withTaskGroup(of: Void.self) { group in
            for index in 0..<clients {
                group.addTask {
                    await load(port: server.port, confirming: index % 2 == 1, clerk: clerk, officer: officer, ledger: ledger)
                }
            }
            group.addTask {
                let deadline = ContinuousClock.now + .seconds(60)
                while ledger.state.withLock({ $0.answers.count < killAfter && $0.clientsDone < clients }),
                      ContinuousClock.now < deadline {
                    try? await Task.sleep(for: .milliseconds(5))
                }
                server.kill()
            }
        }
        #expect(server.process.terminationReason == .uncaughtSignal)
        let state = ledger.state.withLock { $0 }
        #expect(state.unexpected.isEmpty, "answers other than 200: \(state.unexpected)")
        #expect(state.answers.count >= killAfter)
        #expect(!state.grants.isEmpty)

        let restarted = try ServerProcess(arguments)
        defer { restarted.kill() }
        try await restarted.waitUntilListening()
        let headers: HTTPFields = [.authorization: "Bearer \(officer)"]
        let assessmentsFound = try await TestClient.withClient(host: "127.0.0.1", port: restarted.port,
                                                               configuration: .init(timeout: .seconds(10))) { client in
            var found = 0
            for (id, answer) in state.answers {
                let stored = try await client.execute(TestClient.Request("/api/decisions/\(id)", method: .get, headers: headers))
                if stored.status == .ok, String(buffer: stored.body ?? ByteBuffer()) == answer { found += 1 }
            }
            return found
        }
        let confirmed = Set(state.grants.values.joined())
        let grantsFound = try await grantsFound(Set(state.grants.keys)).intersection(confirmed)
        print("kill -9 under load on \(name): \(state.answers.count) assessments answered, \(assessmentsFound) found; "
              + "\(confirmed.count) grants confirmed, \(grantsFound.count) found; \(state.cutOff) requests cut off by the kill")
        #expect(assessmentsFound == state.answers.count)
        #expect(grantsFound.count == confirmed.count)
    }

    /// One client on one keep-alive connection: assessments of fresh applicants (sample 16, eligible
    /// for living relief), each `confirming` its living relief as well, until the connection dies.
    static func load(port: Int, confirming: Bool, clerk: String, officer: String, ledger: Ledger) async {
        defer { ledger.state.withLock { $0.clientsDone += 1 } }
        let assess: HTTPFields = [.authorization: "Bearer \(clerk)", .contentType: "application/json"]
        let confirm: HTTPFields = [.authorization: "Bearer \(officer)", .contentType: "application/json"]
        do {
            try await TestClient.withClient(host: "127.0.0.1", port: port, configuration: .init(timeout: .seconds(10))) { client in
                for _ in 0..<requestsPerClient {
                    let profile = GrantTests.profileJSON.replacingOccurrences(of: sampleIDNumber, with: ledger.nextIDNumber())
                    let answer = try await client.execute(TestClient.Request("/api/assess", method: .post, headers: assess,
                                                                             body: ByteBuffer(string: profile)))
                    guard answer.status == .ok, let id = answer.headers[.init(IntakeApplication.entryHeaderName)!].flatMap({ Int64($0) }) else {
                        ledger.state.withLock { $0.unexpected.append("assess \(answer.status.code)") }
                        continue
                    }
                    ledger.state.withLock { $0.answers[id] = String(buffer: answer.body ?? ByteBuffer()) }
                    guard confirming else { continue }
                    let granted = try await client.execute(TestClient.Request("/api/decisions/\(id)/grants", method: .post, headers: confirm,
                                                                              body: ByteBuffer(string: #"{"programmes": ["living_relief"]}"#)))
                    let json = try JSONSerialization.jsonObject(with: Data(String(buffer: granted.body ?? ByteBuffer()).utf8)) as? [String: Any]
                    guard granted.status == .ok, let household = (json?["household"] as? NSNumber)?.int64Value,
                          let grants = json?["grants"] as? [[String: Any]], !grants.isEmpty else {
                        ledger.state.withLock { $0.unexpected.append("confirm \(granted.status.code)") }
                        continue
                    }
                    let ids = grants.compactMap { ($0["id"] as? NSNumber)?.int64Value }
                    ledger.state.withLock { $0.grants[household, default: []].append(contentsOf: ids) }
                }
            }
        } catch {
            ledger.state.withLock { $0.cutOff += 1 } // the kill: the request in flight has no answer
        }
    }

    /// The sample applicant's ID number, replaced in every request by one of its own.
    static let sampleIDNumber = "342622198305253349"

    /// What the clients were answered, shared between them.
    final class Ledger: Sendable {
        struct State {
            var answers: [Int64: String] = [:]
            /// The grants confirmed, by household.
            var grants: [Int64: [Int64]] = [:]
            var unexpected: [String] = []
            var cutOff = 0
            var clientsDone = 0
            var issued = 0
        }
        let state = Mutex(State())

        /// A valid ID number nobody else in the run has: the sample's birth date and sex (an even
        /// sequence number), a region code counting up.
        func nextIDNumber() -> String {
            let count = state.withLock { state in
                state.issued += 1
                return state.issued
            }
            let seventeen = "\(110000 + count / 500)19830525" + String(format: "%03d", (count % 500) * 2)
            return seventeen + String(ChineseIDNumber.checkCharacter(seventeen.compactMap(\.wholeNumberValue)))
        }
    }
}
