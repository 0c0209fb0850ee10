import BatchAssessment
import Eligibility
import Foundation
import Testing

/// A hostile record in a batch is one error line naming its file, line and column; every other record
/// is assessed as if it were not there.
@Suite("Hostile batch input costs one record")
struct HostileBatchInputTests {
    static let header = "name,birth_date,income"

    /// `count` good CSV rows, income per head i × 10 yuan for row i.
    static func goodRows(_ range: ClosedRange<Int>) -> [String] {
        range.map { "申请人\($0),1970-01-01,\($0 * 10)" }
    }

    static func errors(_ lines: [String]) -> [String] {
        lines.filter { $0.contains(#""error":["#) }
    }

    @Test func anUnclosedQuoteInCSVIsReportedAndTheRowsAfterItStand() throws {
        let rows = Self.goodRows(1...1) + [#""申请人2,1970-01-01,20"#] + Self.goodRows(3...100)
        let path = try BatchTests.file("people.csv", ([Self.header] + rows).joined(separator: "\r\n") + "\r\n")
        let (lines, summary) = try BatchTests.run(path, jobs: 2)
        #expect(lines.count == 100)
        #expect(Self.errors(lines) == [
            #"{"record":2,"source":"\#(path):3","error":["\#(path):3:1: 这个单元格开头的引号一直没有结束（单元格中的引号要写两次：\"\"）"]}"#,
        ])
        #expect(lines[2].hasPrefix(#"{"record":3,"source":"\#(path):4","applicant":{"name":"申请人3""#))
        #expect(lines[99].hasPrefix(#"{"record":100,"source":"\#(path):101","applicant":{"name":"申请人100""#))
        #expect(summary.records == 100)
        #expect(summary.unreadable == 1)
    }

    @Test func aQuoteInsideAnUnquotedCellOrAfterAClosingQuoteIsReported() throws {
        let rows = Self.goodRows(1...1) + [#"申"请人,1970-01-01,20"#, #""申请人"3,1970-01-01,30"#, "\"多行\n姓名\",1970-01-01,40"]
        let path = try BatchTests.file("people.csv", ([Self.header] + rows).joined(separator: "\n") + "\n")
        let (lines, _) = try BatchTests.run(path, jobs: 1)
        #expect(lines.count == 4)
        #expect(Self.errors(lines) == [
            #"{"record":2,"source":"\#(path):3","error":["\#(path):3:2: 单元格不是以引号开头，中间却有引号（把整个单元格放在引号里，其中的每个引号写两次：\"\"）"]}"#,
            #"{"record":3,"source":"\#(path):4","error":["\#(path):4:6: 单元格的结束引号后面还有文字（带引号的单元格到引号就结束，后面只能是逗号或行尾）"]}"#,
        ])
        #expect(lines[0].contains(#""name":"申请人1""#))
        #expect(lines[3].hasPrefix(#"{"record":4,"source":"\#(path):5","applicant":{"name":"多行\n姓名""#))
    }

    @Test func invalidUTF8InACSVCellOrAJSONLineIsReportedNotReplaced() throws {
        let csv = Data((Self.header + "\n" + Self.goodRows(1...1)[0] + "\n申请人").utf8) + Data([0xB2, 0xE2])
            + Data((",1970-01-01,20\n" + Self.goodRows(3...3)[0] + "\n").utf8)
        let csvPath = try BatchTests.file("people.csv", "")
        try csv.write(to: URL(fileURLWithPath: csvPath))
        let (csvLines, _) = try BatchTests.run(csvPath, jobs: 2)
        #expect(csvLines.count == 3)
        #expect(Self.errors(csvLines) == [
            #"{"record":2,"source":"\#(csvPath):3","error":["\#(csvPath):3:4: 不是 UTF-8 文本（用 UTF-8 编码保存）"]}"#,
        ])
        #expect(csvLines[2].contains(#""name":"申请人3""#))

        let good = #"{"name": "好", "birth_date": "1970-01-01"}"#
        let jsonl = Data((good + "\n" + #"{"name": "坏"#).utf8) + Data([0xFF]) + Data(("\"}\n" + good + "\n").utf8)
        let jsonPath = try BatchTests.file("people.jsonl", "")
        try jsonl.write(to: URL(fileURLWithPath: jsonPath))
        let (jsonLines, summary) = try BatchTests.run(jsonPath, jobs: 2)
        #expect(jsonLines.count == 3)
        #expect(Self.errors(jsonLines) == [
            #"{"record":2,"source":"\#(jsonPath):2","error":["\#(jsonPath):2:12: 不是 UTF-8 文本（用 UTF-8 编码保存）"]}"#,
        ])
        #expect(summary.unreadable == 1)
    }

    @Test func anAliasBombInAFolderIsOneErrorRecord() throws {
        let bomb = "name: &a [x, x, x, x, x, x, x, x, x]\n"
            + (1...8).map { "b\($0): &b\($0) [" + Array(repeating: $0 == 1 ? "*a" : "*b\($0 - 1)", count: 9).joined(separator: ", ") + "]\n" }.joined()
        let first = try BatchTests.file("a.yaml", bomb)
        let folder = (first as NSString).deletingLastPathComponent
        try "name: 乙\nbirth_date: 1970-01-01\nincome: 100\n".write(toFile: folder + "/b.yaml", atomically: true, encoding: .utf8)
        let (lines, summary) = try BatchTests.run(folder, jobs: 2)
        #expect(lines == [
            #"{"record":1,"source":"\#(first)","error":["\#(first):1:7: 不接受 YAML 锚点（&name）：在每个用到的地方把值完整写出来"]}"#,
        ] + [lines[1]])
        #expect(lines[1].contains(#""name":"乙""#) && lines[1].contains(#""outcome":"eligible""#))
        #expect(summary.unreadable == 1)
    }

    @Test func anOversizedFieldIsRefusedAsTooLargeAndTheOthersStand() throws {
        let huge = String(repeating: "x", count: 20_000)
        let text = #"{"name": "好", "birth_date": "1970-01-01"}"# + "\n" + #"{"name": "\#(huge)", "birth_date": "1970-01-01"}"# + "\n"
            + #"{"name": "也好", "birth_date": "1970-01-01"}"# + "\n"
        let path = try BatchTests.file("people.jsonl", text)
        let (lines, _) = try BatchTests.run(path, jobs: 2)
        #expect(Self.errors(lines) == [
            #"{"record":2,"source":"\#(path):2","error":["\#(path):2: name: 档案过大：文本有 20000 字节（档案限每个值 16384 字节）"]}"#,
        ])
        #expect(lines[0].contains(#""outcome":"eligible""#) && lines[2].contains(#""name":"也好""#))
    }
}
