import ArgumentParser
import BatchAssessment
import DecisionFormats
import Eligibility
import Foundation

struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure the time per assessment, beside the same rules in plain lua5.4 (the floor).",
        discussion: """
            Build with `swift build -c release` for meaningful figures. The floor is a generated script \
            that runs the same rule library and rule files in plain lua5.4 on a ready-made profile table \
            (no Swift, no sandbox, no limits); it needs the lua5.4 command (Debian package lua5.4).
            """
    )

    @Argument(help: "Profiles to assess in turn: YAML or JSON files, or JSON-lines files (as bangfu generate writes).")
    var profiles: [String]

    @OptionGroup var ruleSetOptions: RuleSetOptions

    @Option(name: .long, help: "The assessment date.")
    var on: CivilDate = CivilDate("2026-09-01")!

    @Option(name: .long, help: "Assessments to time per figure.")
    var iterations: Int = 20_000

    @Option(name: .long, help: "Use at most this many of the profiles (all are built as Lua tables for the floor).")
    var limit: Int = 1_000

    @Option(name: .long, help: "Write the floor script here instead of a temporary file.")
    var floorScript: String?

    func run() throws {
        let ruleSet = try ruleSetOptions.loadRuleSet()
        let assessor = try ruleSetOptions.makeAssessor(ruleSet)
        let validator = ProfileValidator(schema: ruleSet.schema)
        let documents = try readDocuments()
        let validated: [Profile]
        do {
            validated = try documents.map { source, document throws(DiagnosticList) in try validator.validate(document, source: source) }
        } catch {
            ruleSetOptions.printProblems(error.diagnostics)
            throw ExitCode(1)
        }
        guard !validated.isEmpty else { throw ValidationError("give at least one profile") }

        print("rule set: \(ruleSet.title), \(ruleSet.programmeIDs.count) programmes, version \(ruleSet.version)")
        print("profiles: \(validated.count), date \(on), \(iterations) assessments per figure, one core")
        let assessOnly = measure { i in _ = assessor.assess(validated[i % validated.count], on: on) }
        let allIn = measure { i in
            let (source, document) = documents[i % documents.count]
            guard let profile = try? validator.validate(document, source: source) else { return }
            _ = AssessmentJSON.value(assessor.assess(profile, on: on)).rendered()
        }
        print(String(format: "bangfu, validated profile → decisions:        %8.2f µs per assessment (%.0f per second)",
                     assessOnly, 1e6 / assessOnly))
        print(String(format: "bangfu, profile document → JSON decisions:    %8.2f µs per assessment (%.0f per second)",
                     allIn, 1e6 / allIn))
        if let floor = try measureFloor(ruleSet: ruleSet, profiles: validated) {
            print(String(format: "plain lua5.4 on ready-made tables (floor):    %8.2f µs per assessment", floor))
            print(String(format: "bangfu / floor:                               %8.2f×", assessOnly / floor))
        }
    }

    /// Profile documents from the paths, at most `limit`.
    private func readDocuments() throws -> [(String, DocumentNode)] {
        var documents: [(String, DocumentNode)] = []
        for path in profiles where documents.count < limit {
            if ["jsonl", "ndjson"].contains((path as NSString).pathExtension.lowercased()) {
                do {
                    var source = try RecordSources.open(path)
                    while documents.count < limit, let record = source.next() {
                        documents.append((record.place, try record.document.get()))
                    }
                } catch let error as Diagnostic {
                    ruleSetOptions.printProblems([error])
                    throw ExitCode(1)
                } catch let error as DiagnosticList {
                    ruleSetOptions.printProblems(error.diagnostics)
                    throw ExitCode(1)
                }
            } else {
                do {
                    documents.append((path, try DocumentNode.load(contentsOf: URL(fileURLWithPath: path), displayName: path)))
                } catch {
                    ruleSetOptions.printProblems([error])
                    throw ExitCode(1)
                }
            }
        }
        return documents
    }

    /// Microseconds per call, after a warm-up of a tenth of the iterations.
    private func measure(_ body: (Int) -> Void) -> Double {
        for i in 0..<max(1, iterations / 10) { body(i) }
        let clock = ContinuousClock()
        let elapsed = clock.measure { for i in 0..<iterations { body(i) } }
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        return seconds / Double(iterations) * 1e6
    }

    private func measureFloor(ruleSet: RuleSet, profiles: [Profile]) throws -> Double? {
        let script = PlainLuaDriver.script(ruleSet: ruleSet, profiles: profiles, date: on)
        let path = floorScript ?? FileManager.default.temporaryDirectory.appendingPathComponent("bangfu-floor-\(getpid()).lua").path
        try script.write(toFile: path, atomically: true, encoding: .utf8)
        defer { if floorScript == nil { try? FileManager.default.removeItem(atPath: path) } }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["lua5.4", path, String(iterations)]
        let output = Pipe()
        process.standardOutput = output
        do { try process.run() } catch {
            print("plain lua5.4: not run (\(error.localizedDescription)); install Debian's lua5.4")
            return nil
        }
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0, let value = Double(text.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            print("plain lua5.4: the floor script failed (status \(process.terminationStatus)); see \(path)")
            return nil
        }
        return value
    }
}
