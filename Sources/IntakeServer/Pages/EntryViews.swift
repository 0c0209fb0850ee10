import DecisionFormats
import Eligibility
import Foundation
import IntakeRegister

/// One outcome among an entry's programmes, with how many had it (outcome-badges.mustache): `待补充 2`.
struct OutcomeBadge: PageView {
    /// The outcome's code, for the class.
    let outcome: String
    let label: String
    let count: Int

    /// The order badges stand in: what was granted, then what waits for someone, then the rest.
    static let order: [Outcome] = [.eligible, .needsInformation, .refer, .error, .ineligible]

    /// The outcomes of one entry's programmes (codes by programme), counted, in `order`.
    static func badges(_ outcomes: [String: String]) -> [OutcomeBadge] {
        order.compactMap { outcome in
            let count = outcomes.values.filter { $0 == outcome.rawValue }.count
            return count == 0 ? nil : OutcomeBadge(outcome: outcome.rawValue, label: DecisionLabels.outcome(outcome), count: count)
        }
    }

    /// Whether an entry waits for someone: information to bring or a caseworker's review.
    static func waits(_ outcomes: [String: String]) -> Bool {
        outcomes.values.contains { $0 == Outcome.needsInformation.rawValue || $0 == Outcome.refer.rawValue }
    }
}

/// When an entry was recorded, as the centre's clock read it: the register keeps UTC (ISO 8601), the
/// sheets show local time (`2026-09-01 14:30`).
enum RecordedTime {
    static func text(_ stored: String, in zone: TimeZone) -> String {
        guard let date = try? Date(stored, strategy: .iso8601) else { return stored }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = zone
        formatter.dateFormat = "yyyy-MM-dd HH:mm"
        return formatter.string(from: date)
    }
}
