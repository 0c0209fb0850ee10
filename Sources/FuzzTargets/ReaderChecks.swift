import BatchAssessment
import DecisionFormats
import Eligibility
import Foundation

/// The document readers: JSON and YAML profiles, and the batch's JSON-lines and CSV files.
enum ReaderChecks {
    /// A JSON profile: read, or refused at a line and column inside the input; a document read
    /// writes back as JSON that reads as the same document. Then the bytes as a JSON-lines batch.
    static func json(_ bytes: [UInt8]) throws(FuzzFinding) {
        let input = InputText(bytes)
        switch UTF8Text.decode(bytes, file: "profile.json") {
        case .failure(let problem):
            try input.expectLocated(problem, in: input.lines, by: "the UTF-8 check")
        case .success(let text):
            switch Result(catching: { () throws(Diagnostic) in try DocumentNode.parse(text, displayName: "profile.json", json: true) }) {
            case .failure(let problem):
                try input.expectLocated(problem, in: input.lines, by: "the JSON reader")
            case .success(let document):
                try input.expectReadCleanly(document, lines: input.lines, by: "the JSON reader")
                let written = document.jsonValue.rendered()
                let reread = Result { () throws(Diagnostic) in try DocumentNode.parse(written, displayName: "written.json", json: true) }
                try FuzzFinding.expect((try? reread.get()) == document, "the document read, written as \(written), reads back as \(reread)")
            }
        }
        try jsonLines(input)
    }

    /// The bytes as a batch's JSON-lines file: one record for every line that is not blank, in order,
    /// each read or refused on its own line.
    static func jsonLines(_ input: InputText) throws(FuzzFinding) {
        var nonBlank: [Int] = []
        input.bytes.withUnsafeBufferPointer { bytes in
            var line = 1, blank = true
            for byte in bytes {
                if byte == 0x0A {
                    if !blank { nonBlank.append(line) }
                    line += 1
                    blank = true
                } else if byte != 0x20, byte != 0x09, byte != 0x0D {
                    blank = false
                }
            }
            if !blank { nonBlank.append(line) }
        }
        var lines: [Int] = []
        try ScratchFile.with(input.bytes, extension: "jsonl") { path throws(FuzzFinding) in
            var records = try open(path)
            while let record = records.next() {
                guard let line = record.line else { throw FuzzFinding("a JSON-lines record has no line") }
                lines.append(line)
                switch record.document {
                case .success(let document):
                    try input.expectReadCleanly(document, lines: line...line, by: "the JSON-lines reader")
                case .failure(let problems):
                    for problem in problems.diagnostics {
                        try input.expectLocated(problem, in: line...line, by: "the JSON-lines reader")
                    }
                }
            }
        }
        try FuzzFinding.expect(lines == nonBlank, "JSON-lines records on lines \(lines), but the lines that are not blank are \(nonBlank)")
    }

    /// A YAML profile (JSON text goes to the JSON reader first, as for a file).
    static func yaml(_ bytes: [UInt8]) throws(FuzzFinding) {
        let input = InputText(bytes)
        switch UTF8Text.decode(bytes, file: "profile.yaml") {
        case .failure(let problem):
            try input.expectLocated(problem, in: input.lines, by: "the UTF-8 check")
        case .success(let text):
            let lines = 1...input.yamlLineCount
            switch Result(catching: { () throws(Diagnostic) in try DocumentNode.parse(text, displayName: "profile.yaml") }) {
            case .failure(let problem):
                try input.expectLocated(problem, in: lines, by: "the YAML reader", checksColumnWidth: false)
            case .success(let document):
                try input.expectReadCleanly(document, lines: lines, by: "the YAML reader")
            }
        }
    }

    /// A batch's CSV file: the header read or refused at its line; then records in increasing line
    /// order, each read from its own line or refused at a line from its own on.
    static func csv(_ bytes: [UInt8]) throws(FuzzFinding) {
        let input = InputText(bytes)
        try ScratchFile.with(bytes, extension: "csv") { path throws(FuzzFinding) in
            var records: any RecordSource
            switch Result(catching: { () throws(Diagnostic) in try RecordSources.open(path) }) {
            case .failure(let problem):
                if bytes.isEmpty, problem.line == nil { return }  // "the CSV file is empty"
                try input.expectLocated(problem, in: input.lines, by: "the CSV header")
                return
            case .success(let opened):
                records = opened
            }
            var previous = 1
            while let record = records.next() {
                guard let line = record.line else { throw FuzzFinding("a CSV record has no line") }
                try FuzzFinding.expect(line > previous && input.lines.contains(line),
                                       "a CSV record on line \(line) after one on line \(previous), in \(input.lines.count) lines")
                previous = line
                switch record.document {
                case .success(let document):
                    try input.expectReadCleanly(document, lines: line...line, by: "the CSV reader")
                case .failure(let problems):
                    for problem in problems.diagnostics {
                        try input.expectLocated(problem, in: line...input.lines.upperBound, by: "the CSV reader")
                    }
                }
            }
        }
    }

    /// Batch records from the file at `path`, which is there and has a batch extension.
    static func open(_ path: String) throws(FuzzFinding) -> any RecordSource {
        do {
            return try RecordSources.open(path)
        } catch {
            throw FuzzFinding("a batch file did not open: \(error)")
        }
    }
}

extension DocumentNode {
    /// The document as JSON: `true` and `false` as written are booleans, other unquoted scalars that
    /// are JSON numbers stay numbers, everything else is a string (so a YAML date becomes text).
    // Compiled once: a regex literal is compiled each time it is evaluated.
    nonisolated(unsafe) static let jsonNumber = /-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?/

    var jsonValue: JSONValue {
        switch self {
        case .scalar(let text, let quoted, _):
            if !quoted, text == "true" || text == "false" { return .bool(text == "true") }
            if !quoted, text.wholeMatch(of: Self.jsonNumber) != nil { return .number(text) }
            return .string(text)
        case .null: return .null
        case .sequence(let items, _): return .array(items.map(\.jsonValue))
        case .mapping(let pairs, _): return .object(pairs.map { ($0.key, $0.value.jsonValue) })
        }
    }
}

/// A file holding one input for the readers that take a path (the batch's), removed afterwards.
enum ScratchFile {
    static func with(_ bytes: [UInt8], extension fileExtension: String,
                     _ body: (String) throws(FuzzFinding) -> Void) throws(FuzzFinding) {
        let path = NSTemporaryDirectory() + "/bangfu-fuzz-\(UUID().uuidString).\(fileExtension)"
        guard FileManager.default.createFile(atPath: path, contents: Data(bytes)) else {
            fatalError("cannot write the scratch file \(path)")
        }
        defer { try? FileManager.default.removeItem(atPath: path) }
        try body(path)
    }
}
