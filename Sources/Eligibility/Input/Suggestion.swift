/// "Did you mean …?" for misspelt names: the closest candidate by edit distance, if it is close enough.
public enum Suggestion {
    public static func closest(to name: String, among candidates: some Sequence<String>) -> String? {
        let target = Array(name.lowercased())
        var best: (name: String, distance: Int)?
        for candidate in candidates {
            let distance = editDistance(target, Array(candidate.lowercased()))
            if distance < (best?.distance ?? .max) { best = (candidate, distance) }
        }
        if let best, best.distance <= max(2, target.count / 3) { return best.name }
        return sharingStem(with: target, among: candidates)
    }

    /// The one candidate that starts like the name over at least half of it and five characters: a
    /// word written in another form (`seriously_ill` for `serious_illness`) is further by edits than a typo.
    static func sharingStem(with target: [Character], among candidates: some Sequence<String>) -> String? {
        let needed = max(5, (target.count + 1) / 2)
        let sharing = candidates.filter { candidate in
            zip(target, candidate.lowercased()).prefix { $0 == $1 }.count >= needed
        }
        return sharing.count == 1 ? sharing[0] : nil
    }

    /// `（是否要写 'x'？）` / ` (did you mean 'x'?)`, or nothing.
    public static func hint(for name: String, among candidates: some Sequence<String>) -> Text {
        closest(to: name, among: candidates).map { Text(zh: "（是否要写 '\($0)'？）", en: " (did you mean '\($0)'?)") } ?? Text(verbatim: "")
    }

    static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        var previous = Array(0...b.count)
        var current = previous
        for i in 1...a.count {
            current[0] = i
            for j in stride(from: 1, through: b.count, by: 1) {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
