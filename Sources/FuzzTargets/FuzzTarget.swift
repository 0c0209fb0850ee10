/// The readers of outside input, each as a function of raw bytes that must never crash and that checks
/// what its reader promises. libFuzzer drives them (`scripts/fuzz.sh`); `bangfu-fuzz TARGET FILE…` and
/// the FuzzTargetsTests replay the inputs kept in Tests/FuzzTargetsTests/Regressions.
package enum FuzzTarget: String, CaseIterable, Sendable {
    /// A JSON profile, then the same bytes as a JSON-lines batch file.
    case json
    /// A YAML profile (or JSON, which the YAML reader hands to the JSON one).
    case yaml
    /// A batch CSV file.
    case csv
    /// An amount of yuan.
    case money
    /// A date, as text and as numbers.
    case date
    /// An intake form body, and the profile the form makes of it.
    case form

    /// Runs one input; a broken promise is a finding (a crash ends the process, as it would in service).
    package func check(_ bytes: [UInt8]) throws(FuzzFinding) {
        switch self {
        case .json: try ReaderChecks.json(bytes)
        case .yaml: try ReaderChecks.yaml(bytes)
        case .csv: try ReaderChecks.csv(bytes)
        case .money: try ValueChecks.money(bytes)
        case .date: try ValueChecks.date(bytes)
        case .form: try FormChecks.form(bytes)
        }
    }
}

/// A promise a reader broke for one input.
package struct FuzzFinding: Error, CustomStringConvertible {
    package var description: String

    init(_ description: String) { self.description = description }

    /// Throws unless `condition` holds.
    static func expect(_ condition: Bool, _ description: @autoclosure () -> String) throws(FuzzFinding) {
        if !condition { throw FuzzFinding(description()) }
    }
}
