// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "Bangfu",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "bangfu", targets: ["bangfu"]),
        .library(name: "Eligibility", targets: ["Eligibility"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.5.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.3"),
        .package(url: "https://github.com/apple/swift-nio-extras.git", from: "1.35.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
    ],
    targets: [
        // Lua 5.4 itself, from the system (Debian: liblua5.4-dev).
        .systemLibrary(
            name: "CLua",
            pkgConfig: "lua5.4",
            providers: [.apt(["liblua5.4-dev"])]
        ),
        // The C half of the sandbox: everything that can raise a Lua error lives here,
        // so no longjmp ever crosses a Swift frame.
        .target(name: "CLuaSandbox", dependencies: ["CLua"]),
        // A sandboxed Lua runtime with CPU and memory limits; knows nothing of eligibility.
        .target(name: "LuaSandbox", dependencies: ["CLuaSandbox", "CLua"]),
        // The eligibility domain: schema, profiles, money, parameters, rule sets, assessment; the rule
        // library's Lua files are its resource. YAML is read from libyaml's parse events (the CYaml
        // module that comes with Yams), so that aliases are refused before anything is expanded.
        .target(name: "Eligibility", dependencies: ["LuaSandbox", "Yams"], resources: [.copy("RuleLibrary")]),
        // Decision sheets (text), the stable JSON form of assessments and its reading back, and the
        // Chinese labels the sheet and the desk's pages share.
        .target(name: "DecisionFormats", dependencies: ["Eligibility"]),
        // Case files: expected decisions for sample applicants, run as regression tests.
        .target(name: "CaseTesting", dependencies: ["Eligibility", "DecisionFormats"]),
        // What `bangfu test` adds around the runner: coverage, JUnit XML, writing results back (--update),
        // and cases made from assessments on the register.
        .target(name: "CaseTooling", dependencies: ["CaseTesting", "DecisionFormats", "Eligibility", "Yams"]),
        // Assessing a whole population: streaming input, all cores, decisions in input order.
        .target(name: "BatchAssessment", dependencies: ["Eligibility", "DecisionFormats"]),
        // The interview: screening questions, then round after round the fields that decisions need.
        .target(name: "Interview", dependencies: ["Eligibility"]),
        // What a rule change does to a population of applicants and to the budget.
        .target(name: "ChangeImpact", dependencies: ["Eligibility", "CaseTesting", "DecisionFormats", "IntakeRegister"]),
        // The seam of the durable register of assessments, rule sets, accounts and sessions: the
        // `Register` protocol and its values, no storage.
        .target(name: "IntakeRegister", dependencies: ["Eligibility"]),
        // The register on SQLite (WAL, synchronous FULL) through GRDB.
        .target(
            name: "SQLiteRegister",
            dependencies: ["Eligibility", "IntakeRegister", .product(name: "GRDB", package: "GRDB.swift")]
        ),
        // The register on PostgreSQL through postgres-nio's pooled client, shared by several desks.
        .target(
            name: "PostgresRegister",
            dependencies: [
                "Eligibility", "IntakeRegister",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // The intake desk's HTTP server: JSON API, bearer tokens, rule hot reload (gated by the case
        // runner), the web pages from mustache templates. It holds any `Register`; the command that
        // starts it opens one.
        .target(
            name: "IntakeServer",
            dependencies: [
                "Eligibility", "DecisionFormats", "CaseTesting", "CaseTooling", "IntakeRegister", "Interview", "ChangeImpact",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdAuth", package: "hummingbird-auth"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Mustache", package: "swift-mustache"),
                // The connection's own guard (timeouts, a body for parser errors) sits in the NIO pipeline.
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
            ],
            resources: [.copy("openapi.json"), .copy("style.css"), .copy("print.js"), .copy("Templates")]
        ),
        // What `bangfu new` writes: a commented rule set and programme skeletons (the Skeleton resource).
        .target(name: "RuleSetSkeletons", dependencies: ["Eligibility"], resources: [.copy("Skeleton")]),
        // The command-line tool.
        .executableTarget(
            name: "bangfu",
            dependencies: [
                "Eligibility", "DecisionFormats", "CaseTesting", "CaseTooling", "ChangeImpact", "BatchAssessment",
                "IntakeRegister", "SQLiteRegister", "PostgresRegister", "IntakeServer", "Interview", "RuleSetSkeletons",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // The readers of outside input as functions of raw bytes that check what each reader promises,
        // and a seed corpus made from Cases/.
        .target(name: "FuzzTargets", dependencies: ["Eligibility", "DecisionFormats", "BatchAssessment", "IntakeServer", "Interview",
                                                   .product(name: "NIOCore", package: "swift-nio")]),
        // libFuzzer's entry when built with -DFUZZING (scripts/fuzz.sh); otherwise replays inputs through a target.
        .executableTarget(name: "bangfu-fuzz", dependencies: ["FuzzTargets"]),
        // Purpose-made rule sets for tests, shared by the test targets.
        .target(name: "EligibilityTesting", dependencies: ["Eligibility"]),
        .testTarget(name: "LuaSandboxTests", dependencies: ["LuaSandbox"]),
        .testTarget(name: "EligibilityTests", dependencies: ["Eligibility", "EligibilityTesting"]),
        .testTarget(name: "DecisionFormatsTests", dependencies: ["DecisionFormats", "Eligibility", "EligibilityTesting"]),
        .testTarget(name: "CaseTestingTests", dependencies: ["CaseTesting", "Eligibility", "EligibilityTesting"]),
        .testTarget(name: "CaseToolingTests", dependencies: ["CaseTooling", "CaseTesting", "Eligibility", "EligibilityTesting"]),
        .testTarget(name: "ChangeImpactTests", dependencies: ["ChangeImpact", "Eligibility", "EligibilityTesting"]),
        .testTarget(name: "BatchAssessmentTests", dependencies: ["BatchAssessment", "Eligibility", "EligibilityTesting"]),
        .testTarget(name: "InterviewTests", dependencies: ["Interview", "Eligibility", "EligibilityTesting"]),
        // The CLI tests run the real executable: depending on it makes `swift test` build it first.
        .testTarget(name: "BangfuTests", dependencies: ["bangfu", "EligibilityTesting", "DecisionFormats", "IntakeRegister", "SQLiteRegister"]),
        // Every input kept in Regressions/ (crashes found by fuzzing, and seeds) replayed through its target.
        .testTarget(name: "FuzzTargetsTests", dependencies: ["FuzzTargets"], exclude: ["Regressions"]),
        // The register tests: those of the protocol run for every implementation, then SQLite's own.
        .testTarget(
            name: "IntakeRegisterTests",
            dependencies: [
                "Eligibility", "DecisionFormats", "IntakeRegister", "SQLiteRegister", "PostgresRegister", "EligibilityTesting",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ]
        ),
        .testTarget(
            name: "IntakeServerTests",
            dependencies: [
                "bangfu", "Eligibility", "IntakeServer", "IntakeRegister", "SQLiteRegister", "PostgresRegister", "EligibilityTesting", "Interview",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "InMemoryLogging", package: "swift-log"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
            ]
        ),
    ]
)
