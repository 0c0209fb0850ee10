import Eligibility
import Foundation

/// One input profile of a batch: its position, where it came from, and what it holds. JSON lines and
/// files are parsed by the worker that assesses them, not by the reader: parsing is most of reading,
/// and the reader is a single thread.
package struct BatchRecord: Sendable {
    package enum Content: Sendable {
        /// The line's text, or why it is not text.
        case jsonLine(Result<String, Diagnostic>)
        case file(String)
        case parsed(Result<DocumentNode, DiagnosticList>)
    }

    package var index: Int
    /// The file, as named; `line` is where the record starts in it (nil for a whole-file record).
    package var source: String
    package var line: Int?
    package var content: Content
    /// The register's grants for the applicant's household; nil for a profile read from a file, which
    /// may give its own under `history:`.
    package var history: History?

    package init(index: Int, source: String, line: Int?, content: Content, history: History? = nil) {
        self.index = index
        self.source = source
        self.line = line
        self.content = content
        self.history = history
    }

    /// `people.jsonl:17`, or the file's name for a whole-file record.
    package var place: String { line.map { "\(source):\($0)" } ?? source }

    /// The profile document, or why it cannot be read.
    package var document: Result<DocumentNode, DiagnosticList> {
        switch content {
        case .parsed(let result):
            return result
        case .jsonLine(let text):
            return Result { () throws(Diagnostic) in
                try DocumentNode.parse(text.get(), displayName: source, json: true, line: line ?? 1)
            }.mapError { DiagnosticList([$0]) }
        case .file(let path):
            return Result { () throws(Diagnostic) in
                try DocumentNode.load(contentsOf: URL(fileURLWithPath: path), displayName: path, limits: .standard)
            }.mapError { DiagnosticList([$0]) }
        }
    }
}

/// Where a batch reads its profiles from, one at a time, so memory stays flat however long the input.
package protocol RecordSource: Sendable {
    /// The number of records, when it can be known cheaply in advance (for a progress bar's ETA).
    var expectedCount: Int? { get }
    mutating func next() -> BatchRecord?
}

package enum RecordSources {
    /// JSON lines (`.jsonl`, or `-` for standard input), CSV (`.csv`, see `CSVRecords`), or a folder of
    /// YAML and JSON profile files.
    package static func open(_ path: String) throws(Diagnostic) -> any RecordSource {
        if path == "-" { return JSONLinesRecords(reader: JSONLinesReader(handle: .standardInput), name: "(standard input)", expectedCount: nil) }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw Diagnostic(file: path, message: Text(zh: "没有这个文件或文件夹", en: "no such file or folder"))
        }
        if isDirectory.boolValue { return FolderRecords(folder: path) }
        guard let handle = FileHandle(forReadingAtPath: path) else { throw Diagnostic(file: path, message: Text(zh: "无法打开", en: "cannot open it")) }
        let lines = LineReader.countLines(path)
        switch (path as NSString).pathExtension.lowercased() {
        case "csv":
            return try CSVRecords(reader: LineReader(handle: handle), name: path, expectedCount: lines.map { max(0, $0 - 1) })
        case "jsonl", "ndjson", "json":
            return JSONLinesRecords(reader: JSONLinesReader(handle: handle), name: path, expectedCount: lines)
        default:
            throw Diagnostic(file: path, message: Text(zh: "批量评估读取 .jsonl（每行一份 JSON 档案）、.csv，或一个档案文件夹",
                                                        en: "a batch reads .jsonl (one JSON profile a line), .csv, or a folder of profiles"))
        }
    }
}

/// One JSON profile a line.
struct JSONLinesRecords: RecordSource {
    var reader: JSONLinesReader
    let name: String
    let expectedCount: Int?
    var index = 0

    mutating func next() -> BatchRecord? {
        guard let (number, text) = reader.next(file: name) else { return nil }
        defer { index += 1 }
        return BatchRecord(index: index, source: name, line: number, content: .jsonLine(text))
    }
}

/// Records read beforehand, such as the applicants on a register.
package struct ListedRecords: RecordSource {
    let records: [BatchRecord]
    var index = 0

    package init(_ records: [BatchRecord]) { self.records = records }

    package var expectedCount: Int? { records.count }

    package mutating func next() -> BatchRecord? {
        guard index < records.count else { return nil }
        defer { index += 1 }
        return records[index]
    }
}

/// Every YAML or JSON file in a folder (and below), one profile each, in name order.
struct FolderRecords: RecordSource {
    let files: [String]
    var index = 0

    init(folder: String) {
        files = InputFiles.files(in: folder, extensions: ["yaml", "yml", "json"])
    }

    var expectedCount: Int? { files.count }

    mutating func next() -> BatchRecord? {
        guard index < files.count else { return nil }
        defer { index += 1 }
        return BatchRecord(index: index, source: files[index], line: nil, content: .file(files[index]))
    }
}
