import Foundation
import FuzzTargets

// Built with -DFUZZING (scripts/fuzz.sh), this is a libFuzzer binary for the target named by
// BANGFU_FUZZ_TARGET; otherwise it replays inputs: `bangfu-fuzz TARGET FILE…`. Both make the seed
// corpus: `bangfu-fuzz seeds FOLDER CASES`.

/// `seeds FOLDER CASES`: the seed corpus, one folder per target; nil for any other command line.
func makeSeeds(_ arguments: [String]) -> Int32? {
    guard arguments.count == 3, arguments[0] == "seeds" else { return nil }
    do {
        let counts = try SeedCorpus.write(from: URL(fileURLWithPath: arguments[2]), into: URL(fileURLWithPath: arguments[1]))
        for target in FuzzTarget.allCases { print("\(target.rawValue): \(counts[target] ?? 0) seeds") }
        return 0
    } catch {
        FileHandle.standardError.write(Data("bangfu-fuzz: cannot make the seeds: \(error)\n".utf8))
        return 1
    }
}

let targetNames = FuzzTarget.allCases.map(\.rawValue).joined(separator: ", ")

#if FUZZING
let fuzzedTarget: FuzzTarget = {
    guard let name = ProcessInfo.processInfo.environment["BANGFU_FUZZ_TARGET"], let target = FuzzTarget(rawValue: name) else {
        FileHandle.standardError.write(Data("bangfu-fuzz: set BANGFU_FUZZ_TARGET to one of \(targetNames)\n".utf8))
        exit(2)
    }
    return target
}()

/// libFuzzer's driver, which its own `main` would call. SwiftPM links an executable's `main` to the
/// module's renamed entry point, `bangfu_fuzz_main`, so that is defined here to run the driver.
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(_ argc: UnsafeMutablePointer<CInt>,
                         _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
                         _ testOneInput: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt) -> CInt

@_cdecl("bangfu_fuzz_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
    var argc = argc, argv = argv
    return LLVMFuzzerRunDriver(&argc, &argv, fuzzerTestOneInput)
}

@_cdecl("LLVMFuzzerInitialize")
public func fuzzerInitialize(_ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>) -> CInt {
    let arguments = (1..<Int(argc.pointee)).map { String(cString: argv.pointee[$0]!) }
    if let status = makeSeeds(arguments) { exit(status) }
    _ = fuzzedTarget
    return 0
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzerTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    do {
        try fuzzedTarget.check(bytes)
    } catch {
        fatalError("bangfu-fuzz \(fuzzedTarget.rawValue): \(error)")
    }
    return 0
}
#else
@main
struct Replay {
    static func main() {
        let arguments = Array(CommandLine.arguments.dropFirst())
        if let status = makeSeeds(arguments) { exit(status) }
        guard let name = arguments.first, let target = FuzzTarget(rawValue: name), arguments.count > 1 else {
            print("usage: bangfu-fuzz TARGET FILE…  (TARGET: \(targetNames))\n       bangfu-fuzz seeds FOLDER CASES")
            exit(2)
        }
        var failed = false
        for path in arguments.dropFirst() {
            guard let bytes = FileManager.default.contents(atPath: path) else {
                print("\(path): cannot read it")
                failed = true
                continue
            }
            do {
                try target.check(Array(bytes))
                print("\(path): ok")
            } catch {
                print("\(path): \(error)")
                failed = true
            }
        }
        exit(failed ? 1 : 0)
    }
}
#endif
