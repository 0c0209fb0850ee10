import Foundation
import Testing

/// Rules/README.md quotes the sample rules as they stand: each paragraph of its worked examples is in the
/// file it quotes, so an example cannot drift from the rules an officer copies it from.
@Suite("The rule README's examples")
struct RulesReadmeTests {
    @Test(arguments: [("programmes/living_relief.lua", "id = \"living_relief\""), ("policy.lua", "id = \"once_a_year\"")])
    func quoteTheSampleRules(file: String, marker: String) throws {
        let rules = repository.appendingPathComponent("Rules")
        let readme = try String(contentsOf: rules.appendingPathComponent("README.md"), encoding: .utf8)
        let source = try String(contentsOf: rules.appendingPathComponent(file), encoding: .utf8)
        let blocks = readme.components(separatedBy: "```lua\n").dropFirst().map { $0.components(separatedBy: "```")[0] }
        let example = try #require(blocks.first { $0.contains(marker) }, "no example quotes \(file)")
        for paragraph in example.components(separatedBy: "\n\n") where !paragraph.isEmpty {
            #expect(source.contains(paragraph.trimmingCharacters(in: .newlines)), "\(file) does not have:\n\(paragraph)")
        }
    }
}
