import Foundation
import IntakeRegister
import Logging
import PostgresNIO

/// The register on a PostgreSQL server, through postgres-nio's pooled `PostgresClient`, so that any
/// number of desks (`bangfu serve --db postgres://…`) share one register: assessments, rule sets,
/// accounts and sessions, households, grants, claims and referrals.
///
/// The promises are SQLite's: a write returns once the server has committed it (`synchronous_commit`
/// is set on for every connection), ids of assessments grow (an identity column), and what is given
/// is kept byte for byte (JSON as `text`, not `jsonb`, which would rewrite it; rule files as `bytea`).
///
/// The register owns its client: `open` starts it in a task and migrates the schema; `close()` stops
/// it (dropping the last reference does too). A heartbeat asks the server every second whether it
/// answers, so `checkStorage()`, which the desk calls before every request, reads the last answer
/// and never waits on the network. Every operation is bounded in time: postgres-nio's pool waits for a
/// connection as long as the server is away, and the desk must answer 503 rather than hang.
package final class PostgresRegister: Register {
    package let location: PostgresLocation
    let client: PostgresClient
    let logger: Logger
    private let running: Task<Void, Never>
    private let heartbeat: Task<Void, Never>
    private let reachability: Reachability

    /// How long one operation may take before the server is deemed away.
    static let operationTimeout: Duration = .seconds(10)
    /// Opening may also wait for another desk's migration (under the advisory lock).
    static let openingTimeout: Duration = .seconds(30)
    static let heartbeatInterval: Duration = .seconds(1)

    /// Notices and worse: the server's coming and going, not every query.
    package static var defaultLogger: Logger {
        var logger = Logger(label: "bangfu.register.postgres")
        logger.logLevel = .notice
        return logger
    }

    private init(location: PostgresLocation, client: PostgresClient, logger: Logger, running: Task<Void, Never>) {
        self.location = location
        self.client = client
        self.logger = logger
        self.running = running
        let reachability = Reachability()
        self.reachability = reachability
        heartbeat = Task { [client, logger] in
            while !Task.isCancelled {
                let asked = ContinuousClock.now
                do {
                    try await Self.bounded(.seconds(2), "answering") { try await client.query("SELECT 1", logger: logger) }
                    if reachability.answered() { logger.notice("the PostgreSQL server at \(location) answers again") }
                } catch where Task.isCancelled {
                    break // closing: the pool refuses the last question, which says nothing of the server
                } catch {
                    let reason = "the PostgreSQL server at \(location) does not answer (\(String(reflecting: error).prefix(200)))"
                    if reachability.failed(reason, askedAt: asked) { logger.error("\(reason)") }
                }
                try? await Task.sleep(for: Self.heartbeatInterval)
            }
        }
    }

    /// Connects to the server at `location` and migrates its database to the current schema (see
    /// `PostgresMigrations`). A database that holds no register yet gets one only if
    /// `createIfMissing`, else `PostgresRegisterMissing` is thrown, as for a missing SQLite file.
    /// Throws `RegisterUnavailable` when the server does not answer in time.
    package static func open(_ location: PostgresLocation, createIfMissing: Bool = true,
                             logger: Logger = defaultLogger) async throws -> PostgresRegister {
        let client = PostgresClient(configuration: location.clientConfiguration, backgroundLogger: logger)
        let running = Task { await client.run() }
        do {
            try await bounded(openingTimeout, "opening \(location)") {
                try await PostgresMigrations.migrate(client, createIfMissing: createIfMissing, location: location, logger: logger)
            }
        } catch {
            running.cancel()
            await running.value
            throw error
        }
        return PostgresRegister(location: location, client: client, logger: logger, running: running)
    }

    /// Stops the heartbeat and the client: connections are closed once their queries end.
    package func close() async {
        heartbeat.cancel()
        await heartbeat.value
        running.cancel()
        await running.value
    }

    deinit {
        heartbeat.cancel()
        running.cancel()
    }

    package func checkStorage() throws {
        if let reason = reachability.reason { throw RegisterUnavailable(reason) }
    }

    // MARK: Running queries

    /// A query on any pooled connection, its rows collected, within the operation timeout.
    @discardableResult
    func query(_ query: PostgresQuery) async throws -> [PostgresRow] {
        try await bounded { [client, logger] in try await client.query(query, logger: logger).collect() }
    }

    /// `body` in one transaction, within the operation timeout. The error `body` throws is thrown as
    /// it is (postgres-nio wraps it): callers refuse with `AccountError` and the like.
    func transaction<T: Sendable>(_ body: @Sendable @escaping (PostgresConnection, Logger) async throws -> T) async throws -> T {
        try await bounded { [client, logger] in try await Self.transaction(client, logger, body) }
    }

    static func transaction<T: Sendable>(_ client: PostgresClient, _ logger: Logger,
                                         _ body: @Sendable @escaping (PostgresConnection, Logger) async throws -> T) async throws -> T {
        do {
            return try await client.withTransaction(logger: logger) { connection in try await body(connection, logger) }
        } catch let error as PostgresTransactionError {
            throw error.closureError ?? error
        }
    }

    private func bounded<T: Sendable>(_ operation: @Sendable @escaping () async throws -> T) async throws -> T {
        try checkStorage()
        let result = try await Self.bounded(Self.operationTimeout, "a query to \(location)", operation)
        if reachability.answered() { logger.notice("the PostgreSQL server at \(location) answers again") }
        return result
    }

    /// `operation`, unless `limit` passes first: then `RegisterUnavailable`.
    @discardableResult
    static func bounded<T: Sendable>(_ limit: Duration, _ what: String, _ operation: @Sendable @escaping () async throws -> T) async throws -> T {
        try await withThrowingTaskGroup(of: T.self) { group in
            group.addTask { try await operation() }
            group.addTask {
                try await Task.sleep(for: limit)
                throw RegisterUnavailable("\(what) took longer than \(limit): the PostgreSQL server does not answer")
            }
            defer { group.cancelAll() }
            return try await group.next()!
        }
    }

    static func timestamp(_ date: Date = Date()) -> String {
        date.formatted(.iso8601)
    }
}

/// The heartbeat's last finding: nil while the server answers.
/// `@unchecked Sendable`: `stored` is only touched under `lock`.
final class Reachability: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: String?
    private var lastAnswer = ContinuousClock.now

    var reason: String? { lock.withLock { stored } }

    /// The server answered (the heartbeat or any operation). Returns whether it was deemed away.
    func answered() -> Bool {
        lock.withLock {
            lastAnswer = .now
            defer { stored = nil }
            return stored != nil
        }
    }

    /// The heartbeat asked at `askedAt` and got no answer in time. Under load its question waits in
    /// the pool behind the desk's own: an operation answered since it was asked shows the server is
    /// there, only busy. Returns whether the finding changed.
    func failed(_ reason: String, askedAt: ContinuousClock.Instant) -> Bool {
        lock.withLock {
            guard lastAnswer < askedAt else { return false }
            defer { stored = reason }
            return stored == nil
        }
    }
}
