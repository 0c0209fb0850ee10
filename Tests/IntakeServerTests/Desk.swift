import Eligibility
import EligibilityTesting
import Foundation
import Hummingbird
import HummingbirdTesting
import InMemoryLogging
import IntakeRegister
@testable import IntakeServer
import Logging
import SQLiteRegister
import Testing

/// An intake desk on the fixture rule set with a fresh register and one account per role (two intake
/// clerks, to test who reads whose entries).
struct Desk: Sendable {
    let rulesDirectory: URL
    /// On SQLite, so tests can reach behind the desk's back into the file.
    let register: SQLiteRegister
    let accounts: Accounts
    let engine: RuleEngine
    let desk: IntakeApplication
    let tokens: [String: String]

    /// Quiet: tests that look at logs capture their own.
    static let logger: Logger = {
        var logger = Logger(label: "bangfu.test")
        logger.logLevel = .critical
        return logger
    }()

    /// `cases`: case folders the rules must pass (none by default).
    init(programmes: [(String, String)] = [("basic", RuleSetFixture.basicProgramme)], cases: [String] = [],
         logger: Logger = Desk.logger, withIDNumbers: Bool = false, schema: String = RuleSetFixture.schema) async throws {
        let fixture = try RuleSetFixture(programmes: programmes, schema: schema)
        if withIDNumbers {
            // The fixture names applicants only; add an ID number field and name it in the manifest.
            let schema = RuleSetFixture.schema + "\n  id_number: {type: string, label: 身份证号, display_only: true}\n"
            try schema.write(to: fixture.directory.appendingPathComponent("schema.yaml"), atomically: true, encoding: .utf8)
            try "title: 测试规则\napplicant: {name: name, id: id_number}\nprogrammes:\n  - basic\n"
                .write(to: fixture.directory.appendingPathComponent("ruleset.yaml"), atomically: true, encoding: .utf8)
        }
        try await self.init(rulesDirectory: fixture.directory, cases: cases, logger: logger)
    }

    /// A desk on the repository's sample rule set (Rules/), its cases not run.
    static func onSampleRules() async throws -> Desk {
        try await Desk(rulesDirectory: repository.appendingPathComponent("Rules"), cases: [], logger: logger)
    }

    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    private init(rulesDirectory: URL, cases: [String], logger: Logger) async throws {
        self.rulesDirectory = rulesDirectory
        register = try SQLiteRegister(path: temporaryFolder().appendingPathComponent("register.sqlite").path)
        accounts = Accounts(register: register, passwordCost: 4) // fast hashing in tests
        engine = try await RuleEngine(rulesDirectory: rulesDirectory, casePaths: cases, register: register, logger: logger, poolCapacity: 2)
        desk = IntakeApplication(engine: engine, register: register, accounts: accounts, logger: logger)
        var tokens: [String: String] = [:]
        for (name, role) in [("clerk", Role.intake), ("clerk2", .intake), ("officer", .officer), ("auditor", .auditor)] {
            tokens[name] = try await accounts.create(name: name, role: role, password: "password-\(name)")
        }
        self.tokens = tokens
    }

    func headers(_ account: String?) -> HTTPFields {
        guard let account else { return [:] }
        return [.authorization: "Bearer \(tokens[account]!)", .contentType: "application/json"]
    }

    /// Runs `body` against the application through HummingbirdTesting's in-process router client.
    func test<T>(_ body: @Sendable (any TestClientProtocol) async throws -> T) async throws -> T {
        try await desk.application(host: "127.0.0.1", port: 0).test(.router, body)
    }

    func writeRule(_ path: String, _ text: String) throws {
        try text.write(to: rulesDirectory.appendingPathComponent(path), atomically: true, encoding: .utf8)
    }
}

func temporaryFolder() throws -> URL {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("bangfu-server-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    return folder
}

extension TestResponse {
    var text: String { String(buffer: body) }
    var json: [String: Any] { (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] ?? [:] }
    /// The `path` of each problem in an error body.
    var errorPaths: [String] { (json["errors"] as? [[String: Any]] ?? []).compactMap { $0["path"] as? String } }
    var errorMessages: [String] { (json["errors"] as? [[String: Any]] ?? []).compactMap { $0["message"] as? String } }
}

let sampleProfileJSON = """
    {"name": "王某", "birth_date": "1970-05-01", "income": 1000,
     "household": {"members": [{"monthly_income": 500}, {}]}}
    """

/// The fixture programme under another title (a harmless rule change).
let retitledProgramme = RuleSetFixture.basicProgramme.replacingOccurrences(of: "基本救助", with: "基本生活救助")

/// Every log line the desk wrote, rendered with its metadata, to check what logs reveal.
struct CapturedLog {
    let handler = InMemoryLogHandler()
    var logger: Logger { Logger(label: "bangfu.capture") { _ in handler } }
    var text: String {
        handler.entries.map { entry in
            "\(entry.message) " + entry.metadata.map { "\($0)=\($1)" }.sorted().joined(separator: " ")
        }.joined(separator: "\n")
    }
}
