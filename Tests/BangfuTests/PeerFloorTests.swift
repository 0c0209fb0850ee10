import EligibilityTesting
import Foundation
import Testing

/// The benchmark's floor (Benchmarks/peers/floor.lua, plain Lua 5.4 with lua-cjson) must decide as
/// Bangfu does, or its figures measure something else: on generated people and on every edge case, its
/// lines equal `bangfu batch`'s byte for byte. The test command installs lua5.4 and lua-cjson.
@Suite("The benchmark's plain-Lua floor")
struct PeerFloorTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let peers = repository.appendingPathComponent("Benchmarks/peers")

    /// The peer rule set as run.sh assembles it: bangfu-rules/ with the sample schema beside it.
    static func peerRules() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("bangfu-peer-rules-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: peers.appendingPathComponent("bangfu-rules"), to: folder)
        try FileManager.default.copyItem(at: repository.appendingPathComponent("Rules/schema.yaml"), to: folder.appendingPathComponent("schema.yaml"))
        return folder
    }

    static func run(_ tool: String, _ arguments: [String]) throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [tool] + arguments
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus
    }

    @Test(arguments: ["generated", "edge cases"])
    func decidesEveryPersonAsBangfuBatchDoes(_ people: String) throws {
        let rules = try Self.peerRules()
        let input = rules.appendingPathComponent("people.jsonl").path
        if people == "generated" {
            let generated = try Bangfu.run(["generate", "--count", "300", "--seed", "5", "--rules", Self.repository.appendingPathComponent("Rules").path,
                                            "--out", input])
            try #require(generated.status == 0, "\(generated.errors)")
        } else {
            try #require(try Self.run("python3", [Self.peers.appendingPathComponent("edge_cases.py").path, input]) == 0)
        }
        let bangfu = rules.appendingPathComponent("bangfu.jsonl").path, floor = rules.appendingPathComponent("floor.jsonl").path
        let batch = try Bangfu.run(["batch", input, "--rules", rules.path, "--on", "2026-09-01", "--format", "jsonl", "--out", bangfu])
        try #require(batch.status == 0, "\(batch.errors)")
        let lua = try Self.run("lua5.4", [Self.peers.appendingPathComponent("floor.lua").path, input, floor])
        try #require(lua == 0, "lua5.4 floor.lua failed: are lua5.4 and lua-cjson installed?")
        let expected = try String(contentsOfFile: bangfu, encoding: .utf8), found = try String(contentsOfFile: floor, encoding: .utf8)
        #expect(!expected.contains("needs_information"), "the \(people) people must give every field the logic reads")
        let differing = zip(expected.split(separator: "\n"), found.split(separator: "\n")).enumerated().first { $0.element.0 != $0.element.1 }
        #expect(expected == found, "first difference at line \((differing?.offset ?? 0) + 1):\n\(differing.map { "\($0.element.0)\n\($0.element.1)" } ?? "")")
    }
}
