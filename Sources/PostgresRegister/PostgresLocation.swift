import Foundation
import PostgresNIO

/// Where a PostgreSQL register is: a `postgres://user:password@host:port/database` URL (also
/// `postgresql://`), as libpq reads it. `sslmode=disable|prefer|require` in the query chooses TLS
/// (libpq's default, prefer, when it is not given).
package struct PostgresLocation: Sendable, Hashable, CustomStringConvertible {
    package enum TLSMode: String, Sendable, Hashable { case disable, prefer, require }

    package var host: String
    package var port: Int
    package var user: String
    package var password: String?
    package var database: String
    package var tls: TLSMode
    /// The schema the register's tables live in, when not the database's own (`public`): tests only,
    /// no URL names one.
    package var schema: String?

    package init(host: String, port: Int = 5432, user: String, password: String? = nil, database: String, tls: TLSMode = .prefer) {
        self.host = host
        self.port = port
        self.user = user
        self.password = password
        self.database = database
        self.tls = tls
    }

    /// True for a `--db` that names a PostgreSQL server rather than a file.
    package static func isURL(_ text: String) -> Bool {
        text.hasPrefix("postgres://") || text.hasPrefix("postgresql://")
    }

    /// Reads a URL; throws `PostgresLocationError` saying what is wrong with it.
    package init(url text: String) throws {
        guard Self.isURL(text), let components = URLComponents(string: text) else { throw PostgresLocationError(url: text, problem: "it is not a postgres:// URL") }
        guard let host = components.host, !host.isEmpty else { throw PostgresLocationError(url: text, problem: "it names no host") }
        guard let user = components.user, !user.isEmpty else { throw PostgresLocationError(url: text, problem: "it names no user (postgres://USER@HOST/DATABASE)") }
        let database = String(components.path.drop { $0 == "/" })
        guard !database.isEmpty, !database.contains("/") else { throw PostgresLocationError(url: text, problem: "it names no database (postgres://USER@HOST/DATABASE)") }
        var tls = TLSMode.prefer
        for item in components.queryItems ?? [] {
            guard item.name == "sslmode", let mode = item.value.flatMap(TLSMode.init(rawValue:)) else {
                throw PostgresLocationError(url: text, problem: "only sslmode=disable, prefer or require may follow the database")
            }
            tls = mode
        }
        self.init(host: host.trimmingCharacters(in: CharacterSet(charactersIn: "[]")), port: components.port ?? 5432, user: user,
                  password: components.password, database: database.removingPercentEncoding ?? database, tls: tls)
    }

    /// The URL without the password, for messages and logs.
    package var description: String {
        "postgres://\(user)@\(host.contains(":") ? "[\(host)]" : host):\(port)/\(database)" + (schema.map { " (schema \($0))" } ?? "")
    }

    /// The URL again, the password included: what `--db` takes.
    package var url: String {
        var components = URLComponents()
        components.scheme = "postgres"
        components.user = user
        components.password = password
        components.host = host
        components.port = port
        components.path = "/" + database
        components.queryItems = [URLQueryItem(name: "sslmode", value: tls.rawValue)]
        return components.string!
    }

    var clientConfiguration: PostgresClient.Configuration {
        let tlsConfiguration: PostgresClient.Configuration.TLS = switch tls {
        case .disable: .disable
        case .prefer: .prefer(.makeClientConfiguration())
        case .require: .require(.makeClientConfiguration())
        }
        var configuration = PostgresClient.Configuration(host: host, port: port, username: user, password: password,
                                                         database: database, tls: tlsConfiguration)
        configuration.options.connectTimeout = .seconds(5)
        // A server (or a role) configured to acknowledge commits before they reach the disk would break
        // the register's promise that a write that returned is durable.
        configuration.options.additionalStartupParameters = [("synchronous_commit", "on"), ("application_name", "bangfu")]
            + (schema.map { [("search_path", $0)] } ?? [])
        return configuration
    }
}

package struct PostgresLocationError: Error, CustomStringConvertible {
    /// The URL as given, its password (if any) masked: the message goes to terminals and logs.
    package var url: String
    package var problem: String

    init(url: String, problem: String) {
        var masked = URLComponents(string: url)
        if masked?.password != nil { masked?.password = "***" }
        self.url = masked?.string ?? "the URL given"
        self.problem = problem
    }

    package var description: String { "--db \(url): \(problem)" }
}

extension PostgresLocation {
    static func freshName() -> String { "bangfu_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "") }

    /// Creates the empty database `name` (by default a new `bangfu_` name) on this server, UTF-8
    /// whatever template1 is, and returns its location: a test of several desks gives them one this way.
    package func creatingDatabase(_ name: String = freshName()) async throws -> PostgresLocation {
        try await administer("CREATE DATABASE", name, "ENCODING 'UTF8' TEMPLATE template0")
        var location = self
        location.database = name
        location.schema = nil
        return location
    }

    /// Creates the empty schema `name` (by default a new `bangfu_` name) in this database and returns
    /// a location whose register lives in it: the register tests give each test its own this way,
    /// which costs far less than a database each.
    package func creatingSchema(_ name: String = freshName()) async throws -> PostgresLocation {
        try await administer("CREATE SCHEMA", name, "")
        var location = self
        location.schema = name
        return location
    }

    /// Runs `command name rest` here. `name` is lower-case ASCII letters, digits and underscores,
    /// checked, because an identifier cannot be a query parameter.
    private func administer(_ command: String, _ name: String, _ rest: String) async throws {
        guard let first = name.unicodeScalars.first, ("a"..."z").contains(first),
              name.unicodeScalars.allSatisfy({ ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" }) else {
            throw PostgresLocationError(url: description, problem: "\(name.debugDescription) is not a plain name")
        }
        let client = PostgresClient(configuration: clientConfiguration, backgroundLogger: PostgresRegister.defaultLogger)
        let running = Task { await client.run() }
        var failure: (any Error)?
        do {
            try await PostgresRegister.bounded(PostgresRegister.openingTimeout, "\(command) on \(self)") {
                try await client.query(PostgresQuery(unsafeSQL: "\(command) \(name) \(rest)"))
            }
        } catch {
            failure = error
        }
        running.cancel()
        await running.value
        if let failure { throw failure }
    }
}
