import Foundation

/// Reads a file a line at a time through a buffer, without holding the file in memory.
package struct LineReader {
    let handle: FileHandle
    var buffer: [UInt8] = []
    var start = 0
    var lineNumber = 0
    var atEnd = false

    package init(handle: FileHandle) { self.handle = handle }

    package mutating func nextLine() -> (Int, ArraySlice<UInt8>)? {
        while true {
            if let newline = buffer[start...].firstIndex(of: 0x0A) {
                defer { start = newline + 1 }
                lineNumber += 1
                return (lineNumber, buffer[start..<newline])
            }
            if atEnd {
                guard start < buffer.count else { return nil }
                defer { start = buffer.count }
                lineNumber += 1
                return (lineNumber, buffer[start...])
            }
            buffer.removeSubrange(0..<start)
            start = 0
            let chunk = handle.readData(ofLength: 1 << 20)
            if chunk.isEmpty { atEnd = true } else { buffer.append(contentsOf: chunk) }
        }
    }

    /// Lines in a file, counted in 1 MiB reads.
    package static func countLines(_ path: String) -> Int? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        var count = 0
        var last: UInt8 = 0x0A
        while true {
            let chunk = handle.readData(ofLength: 1 << 20)
            if chunk.isEmpty { break }
            chunk.withUnsafeBytes { bytes in for byte in bytes where byte == 0x0A { count += 1 } }
            last = chunk.last ?? last
        }
        return count + (last == 0x0A ? 0 : 1)
    }
}

/// A JSON-lines file (one JSON document a line), read a line at a time. Blank lines are skipped but
/// counted, so each document is named by its real line. The one reader of JSON lines for every command.
package struct JSONLinesReader {
    var lines: LineReader

    package init(handle: FileHandle) { lines = LineReader(handle: handle) }

    /// The next non-blank line and its number (from 1), or nil at the end. A line that is not UTF-8
    /// text is its own problem, named by `file`, line and column; the lines after it still read.
    package mutating func next(file: String) -> (line: Int, text: Result<String, Diagnostic>)? {
        while let (number, line) = lines.nextLine() {
            if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { continue }
            return (number, UTF8Text.decode(line, file: file, firstLine: number))
        }
        return nil
    }
}
