import ArgumentParser
import Foundation

/// The most resident memory this process has had, from the kernel's own count.
func peakResidentMegabytes() -> Int {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return usage.ru_maxrss / 1024
}

/// Collects output lines and writes them in large blocks, to a file or standard output.
final class BufferedWriter {
    private let handle: FileHandle
    private var buffer: [UInt8] = []

    /// Writes to `path` (created or emptied), or to standard output when it is nil.
    init(path: String?) throws {
        if let path {
            guard FileManager.default.createFile(atPath: path, contents: nil), let file = FileHandle(forWritingAtPath: path) else {
                printError("bangfu: cannot write \(path)")
                throw ExitCode(1)
            }
            handle = file
        } else {
            handle = .standardOutput
        }
        buffer.reserveCapacity(1 << 20)
    }

    func write(_ line: String) {
        buffer.append(contentsOf: line.utf8)
        buffer.append(0x0A)
        if buffer.count >= 1 << 20 { flush() }
    }

    func flush() {
        handle.write(Data(buffer))
        buffer.removeAll(keepingCapacity: true)
    }
}

/// Count, rate and time left on standard error, redrawn at most five times a second; nothing when
/// standard error is not a terminal.
final class ProgressBar {
    private let total: Int?
    private let enabled = isatty(STDERR_FILENO) != 0
    private let clock = ContinuousClock()
    private let start: ContinuousClock.Instant
    private var lastDrawn: ContinuousClock.Instant

    init(total: Int?) {
        self.total = total
        start = clock.now
        lastDrawn = start
    }

    func update(_ count: Int) {
        guard enabled, clock.now - lastDrawn > .milliseconds(200) else { return }
        lastDrawn = clock.now
        draw(count)
    }

    func finish(_ count: Int) {
        guard enabled else { return }
        draw(count)
        FileHandle.standardError.write(Data("\n".utf8))
    }

    private func draw(_ count: Int) {
        let elapsed = clock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        let rate = seconds > 0 ? Double(count) / seconds : 0
        var text = "\r\(count)"
        if let total, total > 0 {
            let done = min(1, Double(count) / Double(total))
            let width = 30
            let filled = Int(done * Double(width))
            text = "\r[" + String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled) + "] \(count)/\(total)"
            if rate > 0 { text += String(format: "  ETA %.0fs", Double(total - count) / rate) }
        }
        text += String(format: "  %.0f/s ", rate)
        FileHandle.standardError.write(Data(text.utf8))
    }
}
