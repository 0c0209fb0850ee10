import Eligibility

/// Profiles from a CSV file. The header names each column by its field path in the schema:
/// `applicant.name`, `household.yearly_income`, and list items by position from 1:
/// `household.members[2].monthly_income`. An empty cell leaves the field out (so its default applies).
/// Cells follow RFC 4180 strictly: commas separate, a cell that holds a quote, comma or line break is
/// enclosed in double quotes, `""` is a quote inside one, and a quoted cell may span lines. A row that
/// breaks these rules is an error record naming the line and column, and the rows around it still read.
struct CSVRecords: RecordSource {
    var rows: CSVRows
    let name: String
    let expectedCount: Int?
    let columns: [[FieldPath.Step]]
    var index = 0

    init(reader: LineReader, name: String, expectedCount: Int?) throws(Diagnostic) {
        rows = CSVRows(lines: reader, file: name)
        self.name = name
        self.expectedCount = expectedCount
        guard let (_, header) = rows.next() else { throw Diagnostic(file: name, message: Text(zh: "CSV 文件是空的", en: "the CSV file is empty")) }
        var columns: [[FieldPath.Step]] = []
        for cell in try header.get() {
            let steps = FieldPath.steps(cell)
            guard !steps.isEmpty else {
                throw Diagnostic(file: name, line: 1, message: Text(zh: "列名 '\(cell)' 不是字段路径（应写成 household.members[1].monthly_income 这样）",
                                                                    en: "column '\(cell)' is not a field path like household.members[1].monthly_income"))
            }
            columns.append(steps)
        }
        self.columns = columns
    }

    mutating func next() -> BatchRecord? {
        guard let (line, row) = rows.next() else { return nil }
        defer { index += 1 }
        func failed(_ problem: Diagnostic) -> BatchRecord {
            BatchRecord(index: index, source: name, line: line, content: .parsed(.failure(DiagnosticList([problem]))))
        }
        let cells: [String]
        switch row {
        case .success(let read): cells = read
        case .failure(let problem): return failed(problem)
        }
        guard cells.count == columns.count else {
            return failed(Diagnostic(file: name, line: line, message: Text(zh: "这一行有 \(cells.count) 格，表头有 \(columns.count) 格",
                                                                              en: "\(cells.count) cells where the header has \(columns.count)")))
        }
        var root = Tree.mapping([])
        for (steps, cell) in zip(columns, cells) where !cell.isEmpty {
            root.insert(cell, at: steps[...])
        }
        return BatchRecord(index: index, source: name, line: line, content: .parsed(.success(root.document(line: line))))
    }

    /// The document being built from one row.
    indirect enum Tree {
        case scalar(String)
        case mapping([(String, Tree)])
        case sequence([Int: Tree])

        mutating func insert(_ value: String, at steps: ArraySlice<FieldPath.Step>) {
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

/// The rows of a CSV file, read a line at a time. A quoted cell may span lines, so the lines it takes
/// are kept until its closing quote: when there is none (by the end of the file, or within the longest
/// text a profile may hold), the opening quote is reported and the kept lines are read again as rows
/// of their own, so one stray quote costs one record, not the rest of the file.
struct CSVRows {
    var lines: LineReader
    let file: String
    /// Lines to read again before the file's next one.
    private var replay: [(number: Int, bytes: [UInt8])] = []

    init(lines: LineReader, file: String) {
        self.lines = lines
        self.file = file
    }

    /// The longest quoted cell read before its quote counts as unclosed.
    static let maximumCellBytes = ProfileLimits.standard.maximumTextBytes

    private mutating func nextLine() -> (number: Int, bytes: [UInt8])? {
        if !replay.isEmpty { return replay.removeFirst() }
        return lines.nextLine().map { ($0.0, Array($0.1)) }
    }

    /// The next row's cells (or what is wrong with it) and the line it starts on; nil at the end.
    mutating func next() -> (line: Int, cells: Result<[String], Diagnostic>)? {
        guard let first = nextLine() else { return nil }
        var kept = [first]
        var cells: [String] = []
        var cell: [UInt8] = []
        var opening: (line: Int, column: Int)?  // the open quote of the cell being read, if quoted
        var closed = false  // the quoted cell's closing quote has been read
        var (number, bytes) = first
        while true {
            let text: String
            switch UTF8Text.decode(bytes, file: file, firstLine: number) {
            case .success(let decoded): text = decoded
            case .failure(let problem): return (first.number, .failure(problem))
            }
            var line = Array(text.utf8)
            if line.last == 0x0D { line.removeLast() }  // CRLF, as RFC 4180 writes it
            func problem(_ message: Text, at position: Int, hint: Text) -> (line: Int, cells: Result<[String], Diagnostic>) {
                let column = String(decoding: line[..<position], as: UTF8.self).unicodeScalars.count + 1
                return (first.number, .failure(Diagnostic(file: file, line: number, column: column, message: message, hint: hint)))
            }
            var position = 0
            while position < line.count {
                let byte = line[position]
                if opening != nil && !closed {
                    if byte == 0x22 {
                        if position + 1 < line.count, line[position + 1] == 0x22 { cell.append(0x22); position += 1 } else { closed = true }
                    } else {
                        cell.append(byte)
                    }
                } else if byte == 0x2C {
                    cells.append(String(decoding: cell, as: UTF8.self))
                    cell = []
                    opening = nil
                    closed = false
                } else if closed {
                    return problem(Text(zh: "单元格的结束引号后面还有文字", en: "text after the closing quote of a cell"), at: position,
                                   hint: Text(zh: "带引号的单元格到引号就结束，后面只能是逗号或行尾",
                                              en: "a quoted cell ends at its quote, then comes a comma or the end of the line"))
                } else if byte == 0x22 {
                    guard cell.isEmpty else {
                        return problem(Text(zh: "单元格不是以引号开头，中间却有引号", en: "a quote inside a cell that does not start with one"), at: position,
                                       hint: Text(zh: "把整个单元格放在引号里，其中的每个引号写两次：\"\"",
                                                  en: "enclose the cell in quotes and write each quote in it twice: \"\""))
                    }
                    let column = String(decoding: line[..<position], as: UTF8.self).unicodeScalars.count + 1
                    opening = (number, column)
                } else {
                    cell.append(byte)
                }
                position += 1
            }
            guard let open = opening, !closed else { break }
            // The quoted cell goes on to the next line, unless it has no end.
            let more = cell.count < Self.maximumCellBytes ? nextLine() : nil
            guard let more else {
                replay = Array(kept.dropFirst()) + replay
                let message = cell.count < Self.maximumCellBytes
                    ? Text(zh: "这个单元格开头的引号一直没有结束", en: "the quote that opens this cell is never closed")
                    : Text(zh: "从这里开始的带引号单元格在 \(Self.maximumCellBytes) 字节内没有结束引号",
                           en: "the quoted cell that starts here has no closing quote within \(Self.maximumCellBytes) bytes")
                return (first.number, .failure(Diagnostic(file: file, line: open.line, column: open.column, message: message,
                                                          hint: Text(zh: "单元格中的引号要写两次：\"\"", en: "a quote inside a cell is written twice: \"\""))))
            }
            kept.append(more)
            cell.append(0x0A)
            (number, bytes) = more
        }
        cells.append(String(decoding: cell, as: UTF8.self))
        return (first.number, .success(cells))
    }
}
