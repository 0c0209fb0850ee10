import Eligibility

/// Profiles from a CSV file. The header names each column by its field path in the schema:
/// `applicant.name`, `household.yearly_income`, and list items by position from 1:
/// `household.members[2].monthly_income`. An empty cell leaves the field out (so its default applies).
/// Cells follow RFC 4180: commas separate, double quotes enclose, `""` is a quote, and a quoted cell may
/// span lines.
struct CSVRecords: RecordSource {
    var reader: LineReader
    let name: String
    let expectedCount: Int?
    let columns: [[PathStep]]
    var index = 0

    enum PathStep: Equatable {
        case field(String)
        case item(Int)
    }

    init(reader: LineReader, name: String, expectedCount: Int?) throws(Diagnostic) {
        self.reader = reader
        self.name = name
        self.expectedCount = expectedCount
        guard let (_, header) = Self.row(&self.reader) else { throw Diagnostic(file: name, message: "the CSV file is empty") }
        var columns: [[PathStep]] = []
        for cell in header {
            guard let steps = Self.steps(cell) else {
                throw Diagnostic(file: name, line: 1, message: "column '\(cell)' is not a field path like household.members[1].monthly_income")
            }
            columns.append(steps)
        }
        self.columns = columns
    }

    mutating func next() -> BatchRecord? {
        guard let (line, cells) = Self.row(&reader) else { return nil }
        defer { index += 1 }
        guard cells.count == columns.count else {
            return BatchRecord(index: index, source: name, line: line, content: .parsed(.failure(DiagnosticList([Diagnostic(
                file: name, line: line, message: "\(cells.count) cells where the header has \(columns.count)")]))))
        }
        var root = Tree.mapping([])
        for (steps, cell) in zip(columns, cells) where !cell.isEmpty {
            root.insert(cell, at: steps[...])
        }
        return BatchRecord(index: index, source: name, line: line, content: .parsed(.success(root.document(line: line))))
    }

    static func steps(_ header: String) -> [PathStep]? {
        var steps: [PathStep] = []
        for part in header.split(separator: ".", omittingEmptySubsequences: false) {
            guard let match = part.wholeMatch(of: /([a-z][a-z0-9_]*)((?:\[[1-9][0-9]*\])*)/) else { return nil }
            steps.append(.field(String(match.1)))
            for index in match.2.matches(of: /\[([0-9]+)\]/) { steps.append(.item(Int(index.1)!)) }
        }
        return steps.isEmpty ? nil : steps
    }

    /// The next row's cells and the line it starts on.
    static func row(_ reader: inout LineReader) -> (Int, [String])? {
        guard let (firstLine, bytes) = reader.nextLine() else { return nil }
        var cells: [String] = []
        var cell: [UInt8] = []
        var quoted = false
        var line = Array(bytes)
        var position = 0
        while true {
            if position == line.count {
                if quoted, let (_, more) = reader.nextLine() {
                    cell.append(0x0A)
                    line = Array(more)
                    position = 0
                    continue
                }
                break
            }
            let byte = line[position]
            if quoted {
                if byte == 0x22 {
                    if position + 1 < line.count, line[position + 1] == 0x22 { cell.append(0x22); position += 1 } else { quoted = false }
                } else {
                    cell.append(byte)
                }
            } else if byte == 0x22 && cell.isEmpty {
                quoted = true
            } else if byte == 0x2C {
                cells.append(String(decoding: cell, as: UTF8.self))
                cell = []
            } else if byte != 0x0D {
                cell.append(byte)
            }
            position += 1
        }
        cells.append(String(decoding: cell, as: UTF8.self))
        return (firstLine, cells)
    }

    /// The document being built from one row.
    indirect enum Tree {
        case scalar(String)
        case mapping([(String, Tree)])
        case sequence([Int: Tree])

        mutating func insert(_ value: String, at steps: ArraySlice<PathStep>) {
            guard let step = steps.first else { self = .scalar(value); return }
            let rest = steps.dropFirst()
            let fresh: Tree = { if case .item? = rest.first { return .sequence([:]) } else { return .mapping([]) } }()
            switch (self, step) {
            case (.mapping(var pairs), .field(let name)):
                if let position = pairs.firstIndex(where: { $0.0 == name }) {
                    pairs[position].1.insert(value, at: rest)
                } else {
                    var child = fresh
                    child.insert(value, at: rest)
                    pairs.append((name, child))
                }
                self = .mapping(pairs)
            case (.sequence(var items), .item(let position)):
                var child = items[position] ?? fresh
                child.insert(value, at: rest)
                items[position] = child
                self = .sequence(items)
            default:
                break  // a path that contradicts an earlier column; validation reports the field's shape
            }
        }

        func document(line: Int) -> DocumentNode {
            switch self {
            case .scalar(let text): .scalar(text, isQuoted: false, line: line)
            case .mapping(let pairs): .mapping(pairs.map { ($0.0, $0.1.document(line: line)) }, line: line)
            case .sequence(let items): .sequence(items.keys.sorted().map { items[$0]!.document(line: line) }, line: line)
            }
        }
    }
}
