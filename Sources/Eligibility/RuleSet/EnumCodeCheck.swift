extension RuleSetCheck {
    /// Codes compared with enum fields and enum facts (`profile.applicant.category == "seriously_ill"`,
    /// `m.studying ~= "abroad"`, `facts.hardship_tier == "deep"`) must be codes the schema or the fact
    /// declares: a misspelt code is never equal, so the branch silently never runs.
    func enumCodes() -> [Diagnostic] {
        let enumFacts = Dictionary(assessor.facts.filter { $0.type == "enum" }.map { ($0.id, Array($0.values.keys)) },
                                   uniquingKeysWith: { first, _ in first })
        let byName = Self.enumFieldsByName(ruleSet.schema.root)
        var findings: [Diagnostic] = []
        for file in ruleSet.files {
            let lines = Self.codeLines(file)
            let aliases = Self.aliases(in: lines.map(\.1))
            for (offset, line) in lines {
                for var comparison in Self.codeComparisons(in: line) {
                    if comparison.path.count == 1, let path = aliases[comparison.path[0]] { comparison.path = path }
                    let allowed: [String]?, subject: Text
                    if comparison.path.first == "profile" {
                        subject = Self.pathSubject(comparison.path)
                        allowed = Self.enumCodes(at: Array(comparison.path.dropFirst()), ruleSet.schema.root)
                    } else if comparison.path.first == "facts", comparison.path.count == 2 {
                        subject = Text(zh: "事实 '\(comparison.path[1])'", en: "fact '\(comparison.path[1])'")
                        allowed = enumFacts[comparison.path[1]]
                    } else if comparison.path.count > 1, let last = comparison.path.last, let codes = byName[last] {
                        // Through a local (`local m = …` then `m.studying`): any enum field of that name.
                        subject = Self.pathSubject(comparison.path)
                        allowed = codes
                    } else {
                        continue
                    }
                    guard let allowed, !allowed.contains(comparison.code) else { continue }
                    let codes = allowed.sorted()
                    findings.append(Diagnostic(file: file.path, line: offset + 1,
                                               message: Text(zh: "'\(comparison.code)' 不是\(subject.zh) 的代码，这个比较永远不成立",
                                                             en: "'\(comparison.code)' is not a code of \(subject.en), so this comparison never matches")
                                                   + Suggestion.hint(for: comparison.code, among: codes),
                                               hint: Text(zh: "可用的代码：" + codes.joined(separator: "、"), en: "the codes are " + codes.joined(separator: ", "))))
                }
            }
        }
        return findings
    }

    /// Locals that stand for one value of a file (`local tier = facts.hardship_tier`): the name and the
    /// dotted path it holds. A name given more than one value in the file stands for none.
    static func aliases(in lines: [Substring]) -> [String: [String]] {
        var paths: [String: [String]] = [:], ambiguous: Set<String> = []
        for line in lines {
            for match in line.matches(of: /\blocal\s+([A-Za-z_][A-Za-z0-9_]*)\s*=\s*([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)+)\s*(?:--.*)?$/) {
                let name = String(match.1), path = match.2.split(separator: ".").map(String.init)
                if let earlier = paths[name], earlier != path { ambiguous.insert(name) }
                paths[name] = path
            }
            // Assigned again later (`tier = "none"`): no longer one value.
            for match in line.matches(of: /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*=[^=]/) where paths[String(match.1)] != nil {
                ambiguous.insert(String(match.1))
            }
        }
        return paths.filter { !ambiguous.contains($0.key) }
    }

    /// A dotted path as the subject of the message (a space before it in Chinese, after 不是).
    static func pathSubject(_ path: [String]) -> Text {
        let dotted = path.joined(separator: ".")
        return Text(zh: " " + dotted, en: dotted)
    }

    /// `a.b.c == "code"`, `a.b.c ~= "code"` and `"code" == a.b.c` on one line: the dotted path and the code.
    static func codeComparisons(in line: Substring) -> [(path: [String], code: String)] {
        var found: [(path: [String], code: String)] = []
        for match in line.matches(of: /([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*)\s*[=~]=\s*"([^"\\]*)"/) {
            found.append((match.1.split(separator: ".").map(String.init), String(match.2)))
        }
        for match in line.matches(of: /"([^"\\]*)"\s*[=~]=\s*([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*)/) {
            found.append((match.2.split(separator: ".").map(String.init), String(match.1)))
        }
        return found
    }

    /// The codes of the enum field at `path` (list items passed through by their index), or nil when
    /// it is not an enum field.
    static func enumCodes(at path: [String], _ root: ObjectShape) -> [String]? {
        var shape = root
        for (position, name) in path.enumerated() {
            guard let field = shape.field(named: name) else { return nil }
            switch field.type {
            case .object(let inner), .list(let inner, _): shape = inner
            case .enumeration(let cases): return position == path.count - 1 ? cases.map(\.code) : nil
            default: return nil
            }
        }
        return nil
    }

    /// Every code of the enum fields with each name, wherever they are; a name also used by a field
    /// that is not an enum is left out (a local's field of that name could be either).
    static func enumFieldsByName(_ root: ObjectShape) -> [String: [String]] {
        var codes: [String: [String]] = [:], otherKinds: Set<String> = []
        func visit(_ shape: ObjectShape) {
            for field in shape.fields {
                switch field.type {
                case .object(let inner), .list(let inner, _): visit(inner); otherKinds.insert(field.name)
                case .enumeration(let cases): codes[field.name, default: []] += cases.map(\.code)
                default: otherKinds.insert(field.name)
                }
            }
        }
        visit(root)
        return codes.filter { !otherKinds.contains($0.key) }
    }
}
