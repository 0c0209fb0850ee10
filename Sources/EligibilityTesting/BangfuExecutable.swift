import Foundation

/// The real `bangfu` executable, built beside the test bundle, run as its users run it.
package enum BangfuExecutable {
    package static let url: URL = {
        let products = Bundle.main.bundleURL
        for folder in [products, products.deletingLastPathComponent()] {
            let candidate = folder.appendingPathComponent("bangfu")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        return products.appendingPathComponent("bangfu")
    }()

    package struct Finished: Sendable {
        package var status: Int32
        package var output: String
        package var errors: String
    }

    /// Runs a command to its end, with `input` on standard input (commands here finish quickly).
    package static func run(_ arguments: [String], input: String? = nil) throws -> Finished {
        let process = Process()
        process.executableURL = url
        process.arguments = arguments
        let output = Pipe(), errors = Pipe(), stdin = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = stdin
        try process.run()
        if let input { stdin.fileHandleForWriting.write(Data(input.utf8)) }
        try stdin.fileHandleForWriting.close()
        let out = output.fileHandleForReading.readDataToEndOfFile()
        let err = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Finished(status: process.terminationStatus, output: String(decoding: out, as: UTF8.self),
                        errors: String(decoding: err, as: UTF8.self))
    }
}
