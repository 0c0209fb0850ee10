import Foundation
import IntakeRegister
import PostgresNIO
@testable import PostgresRegister
import Testing

@Suite("The decision register on PostgreSQL")
struct PostgresLocationTests {
    @Test func readsAURLAsLibpqDoes() throws {
        let location = try PostgresLocation(url: "postgres://desk:s%40cret@db.example:6543/bangfu?sslmode=require")
        #expect(location == PostgresLocation(host: "db.example", port: 6543, user: "desk", password: "s@cret", database: "bangfu", tls: .require))
        #expect(location.description == "postgres://desk@db.example:6543/bangfu") // no password in messages
        #expect(try PostgresLocation(url: location.url) == location)
        #expect(try PostgresLocation(url: "postgresql://desk@127.0.0.1/bangfu") == PostgresLocation(host: "127.0.0.1", user: "desk", database: "bangfu"))
        #expect(PostgresLocation.isURL("postgres://x@y/z") && !PostgresLocation.isURL("register.sqlite"))
    }

    @Test func refusesAURLItCannotUseWithoutShowingThePassword() {
        for url in ["postgres://host/db", "postgres://user@/db", "postgres://user@host", "postgres://user@host/db?sslmode=maybe",
                    "postgres://user:secret@host/db?timeout=3"] {
            #expect(throws: PostgresLocationError.self, "\(url)") { try PostgresLocation(url: url) }
        }
        let refusal = #expect(throws: PostgresLocationError.self) { try PostgresLocation(url: "postgres://user:secret@host/db?timeout=3") }
        #expect(refusal.map { !"\($0)".contains("secret") } == true)
    }
}

// Its registers wait their turn to open behind the contract tests' (`PostgresTestServer.open`): the limit
// bounds a hang, not that wait.
@Suite("The decision register on a PostgreSQL server", .enabled(if: PostgresTestServer.location != nil), .timeLimit(.minutes(5)))
struct PostgresRegisterTests {
    static func freshSchema() async throws -> PostgresLocation {
        try await #require(PostgresTestServer.location).creatingSchema()
    }

    /// A database migrated by any earlier version names these steps.
    @Test func keepsItsMigrationIdentifiers() async throws {
        let register = try await PostgresTestServer.open(Self.freshSchema())
        #expect(try await PostgresMigrations.appliedSteps(register) == ["v1", "v2-households-grants-referrals", "v3-reviews", "v4-running-rules", "v5-grants-income"])
        await register.close()
    }

    /// Desks started at the same moment all migrate the one database: the advisory lock lets one
    /// create the tables while the others wait, then find the work done.
    @Test func desksOpeningAnEmptyDatabaseAtOnceMigrateItOnce() async throws {
        let location = try await Self.freshSchema()
        let registers = try await withThrowingTaskGroup(of: PostgresRegister.self) { group in
            // At once, past the test slots: what this test is about.
            for _ in 0..<4 { group.addTask { try await PostgresRegister.open(location) } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(try await PostgresMigrations.appliedSteps(registers[0]) == ["v1", "v2-households-grants-referrals", "v3-reviews", "v4-running-rules", "v5-grants-income"])
        for register in registers { await register.close() }
    }

    @Test func whatWasRecordedIsThereAfterReopening() async throws {
        let location = try await Self.freshSchema()
        let first = try await RegisterFixture(PostgresTestServer.open(location))
        let id = try await first.register.record(first.entry(name: "王某", id: "110101197005011235", date: "2026-09-01"))
        await (first.register as? PostgresRegister)?.close()
        let reopened = try await PostgresTestServer.open(location, createIfMissing: false)
        #expect(try await reopened.assessment(id: id)?.applicantID == "110101197005011235")
        await reopened.close()
    }

    @Test func aDatabaseWithoutARegisterIsRefusedUnlessOneIsToBeCreated() async throws {
        let location = try await Self.freshSchema()
        await #expect(throws: PostgresRegisterMissing.self) { try await PostgresTestServer.open(location, createIfMissing: false) }
    }

    /// The register's database dropped while a desk runs: the heartbeat finds it gone within a few
    /// seconds, and from then on the desk answers 503 (`checkStorage` throws) without waiting.
    @Test func aDatabaseThatStopsAnsweringMakesTheRegisterUnavailable() async throws {
        let server = try #require(PostgresTestServer.location)
        let location = try await server.creatingDatabase()
        let register = try await PostgresTestServer.open(location)
        try register.checkStorage()
        let admin = try await PostgresTestServer.open(server.creatingSchema())
        try await admin.query(PostgresQuery(unsafeSQL: "DROP DATABASE \(location.database) WITH (FORCE)"))
        let deadline = ContinuousClock.now + .seconds(10)
        while (try? register.checkStorage()) != nil, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(100)) }
        #expect(throws: RegisterUnavailable.self) { try register.checkStorage() }
        let started = ContinuousClock.now
        await #expect(throws: RegisterUnavailable.self) { try await register.accountCount() }
        #expect(ContinuousClock.now - started < .seconds(1))
        await register.close()
        await admin.close()
    }
}
