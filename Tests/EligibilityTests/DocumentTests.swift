import Testing
@testable import Eligibility

@Suite("Reading YAML and JSON")
struct DocumentTests {
    @Test func jsonKeepsNumbersAsWritten() throws {
        let document = try DocumentNode.parse(#"{"income": 1234.56, "name": "王\u5c0f", "list": [1, true, null]}"#, displayName: "x.json")
        #expect(document["income"]?.scalarText == "1234.56")
        #expect(document["name"]?.scalarText == "王小")
        guard case .sequence(let items, _)? = document["list"] else { Issue.record("not a list"); return }
        #expect(items.count == 3)
        #expect(items[2] == .null(line: 1))
    }

    @Test("JSON numbers are checked as JSON writes them", arguments: ["01", "1.", "-", "1e", ".5", "+1", "1.5e+"])
    func badNumbers(text: String) {
        #expect(throws: Diagnostic.self) { try DocumentNode.parse(#"{"a": \#(text)}"#, displayName: "p.json", json: true) }
    }

    @Test(arguments: ["0", "-0.5", "1234.56", "1e3", "2.5E-2", "-12"])
    func goodNumbersKeepTheirText(text: String) throws {
        #expect(try DocumentNode.parse(#"{"a": \#(text)}"#, displayName: "p.json", json: true)["a"]?.scalarText == text)
    }

    @Test func badJSONNamesTheLine() {
        #expect {
            try DocumentNode.parse("{\n\"a\": 1,\n\"b\": }", displayName: "p.json", json: true)
        } throws: { error in
            (error as? Diagnostic)?.line == 3 && (error as? Diagnostic)?.file == "p.json"
        }
    }

    @Test func yamlKeepsLinesAndRefusesDuplicateKeys() throws {
        let document = try DocumentNode.parse("a: 1\nb:\n  c: 2.50\n", displayName: "p.yaml")
        #expect(document["b"]?["c"]?.scalarText == "2.50")
        #expect(document["b"]?["c"]?.line == 3)
        #expect(throws: Diagnostic.self) { try DocumentNode.parse("a: 1\na: 2\n", displayName: "p.yaml") }
    }
}
