/// Rewrites the Lua runtime errors policy officers meet most into words they can act on, keeping
/// Lua's own text after it for whoever knows Lua.
enum PlainMessages {
    static func explain(_ message: String) -> String {
        for rule in rules {
            if let match = message.firstMatch(of: rule.pattern) {
                return rule.plain(String(match.output.1)) + " (Lua: \(message))"
            }
        }
        return message
    }

    private struct Rule {
        var pattern: Regex<(Substring, Substring)>
        var plain: (String) -> String
    }

    // Built on use: only error paths read it, and Regex is not Sendable.
    private static var rules: [Rule] {
        [
            Rule(pattern: #/^attempt to perform arithmetic on a nil value(.*)$/#) { place in
                "a value used in a calculation is missing (nil)\(named(place)); give the field a default in schema.yaml, or check it first: if x ~= nil then … end"
            },
            Rule(pattern: #/^attempt to compare (?:nil with \w+|\w+ with nil)()$/#) { _ in
                "a comparison (<, >, <=, >=) uses a value that is missing (nil); check it first: if x ~= nil and … then"
            },
            Rule(pattern: #/^attempt to index a nil value(.*)$/#) { place in
                "something is read from a value that is missing (nil)\(named(place)); check it first: if x ~= nil then … end"
            },
            Rule(pattern: #/^attempt to concatenate a nil value(.*)$/#) { place in
                "a missing value (nil)\(named(place)) is joined into a text with ..; check it first, or write tostring(x)"
            },
            Rule(pattern: #/^attempt to call a nil value(.*)$/#) { place in
                "a function is called that does not exist\(named(place)); check the spelling against Rules/README.md"
            },
        ]
    }

    /// ` (field 'income')` → `: field 'income'`.
    private static func named(_ place: String) -> String {
        let trimmed = place.trimmingWhitespace()
        guard trimmed.hasPrefix("("), trimmed.hasSuffix(")") else { return "" }
        return ": " + trimmed.dropFirst().dropLast()
    }
}
