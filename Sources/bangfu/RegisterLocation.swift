import IntakeRegister
import PostgresRegister
import SQLiteRegister

/// What a command's `--db` names, and the one place that decides which register it opens: a
/// `postgres://USER@HOST:PORT/DATABASE` URL is a register on that PostgreSQL server, shared by every
/// desk pointed at it; anything else is the path of a SQLite file, the embedded default.
enum RegisterLocation: CustomStringConvertible {
    case sqlite(path: String)
    case postgres(PostgresLocation)

    static let help = "The register: a SQLite file, or postgres://USER@HOST:PORT/DATABASE for one shared by several desks."

    init(_ db: String) throws(RegisterNotOpened) {
        guard PostgresLocation.isURL(db) else {
            self = .sqlite(path: db)
            return
        }
        do {
            self = .postgres(try PostgresLocation(url: db))
        } catch {
            throw RegisterNotOpened(description: "\(error)", missing: false)
        }
    }

    var description: String {
        switch self {
        case .sqlite(let path): path
        case .postgres(let location): location.description
        }
    }

    /// Opens the register, gives it to `body`, and closes it (a PostgreSQL register's connections)
    /// when `body` ends. Throws `RegisterNotOpened` when it cannot be opened: without
    /// `createIfMissing`, a file or database that holds no register is refused, since a deleted or
    /// mistyped --db must not come back as an empty register.
    func withRegister<T>(createIfMissing: Bool, _ body: (any Register) async throws -> T) async throws -> T {
        switch self {
        case .sqlite(let path):
            let register: SQLiteRegister
            do {
                register = try SQLiteRegister(path: path, createIfMissing: createIfMissing)
            } catch let missing as RegisterFileMissing {
                throw RegisterNotOpened(description: missing.description, missing: true)
            }
            return try await body(register)
        case .postgres(let location):
            let register: PostgresRegister
            do {
                register = try await PostgresRegister.open(location, createIfMissing: createIfMissing)
            } catch let missing as PostgresRegisterMissing {
                throw RegisterNotOpened(description: missing.description, missing: true)
            } catch {
                throw RegisterNotOpened(description: "the register at \(location) cannot be opened: \(String(reflecting: error))", missing: false)
            }
            do {
                let result = try await body(register)
                await register.close()
                return result
            } catch {
                await register.close()
                throw error
            }
        }
    }
}

/// The register `--db` names cannot be opened: the URL is wrong, the server does not answer, or
/// (`missing`) the file or database holds no register and none was to be created.
struct RegisterNotOpened: Error, CustomStringConvertible {
    var description: String
    var missing: Bool
}
