import Foundation
import FuzzTargets
import Testing

/// An input kept in Regressions/<target>/: a crash fuzzing found once (then fixed), or a seed.
struct RegressionInput: CustomTestStringConvertible, Sendable {
    let target: FuzzTarget
    let file: URL
    var testDescription: String { "\(target.rawValue)/\(file.lastPathComponent)" }

    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Regressions")

    static var all: [RegressionInput] {
        FuzzTarget.allCases.flatMap { target in
            let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent(target.rawValue).path)) ?? []
            return names.sorted().map { RegressionInput(target: target, file: folder.appendingPathComponent(target.rawValue).appendingPathComponent($0)) }
        }
    }
}

@Suite("Fuzz regressions")
struct FuzzRegressionTests {
    @Test("Every target has inputs kept to replay")
    func everyTargetHasInputs() {
        let targets = Set(RegressionInput.all.map(\.target))
        #expect(targets == Set(FuzzTarget.allCases), "targets with no input in Regressions/: \(Set(FuzzTarget.allCases).subtracting(targets))")
    }

    @Test("A kept input goes through its reader with every promise kept", arguments: RegressionInput.all)
    func replay(_ input: RegressionInput) throws {
        let bytes = try [UInt8](Data(contentsOf: input.file))
        #expect(throws: Never.self) { try input.target.check(bytes) }
    }
}
