import EligibilityTesting
import Foundation
import Hummingbird
import GRDB
import HummingbirdTesting
@testable import IntakeServer
@testable import SQLiteRegister
import Testing

/// The fixture's parameters with the urban dibao standard raised from 940 to 1000 (a parameter change:
/// the basic programme's monthly cash goes from 752.00 to 800.00).
let raisedDibaoParameters = RuleSetFixture.parameters.replacingOccurrences(of: "2023-07-01: 940", with: "2023-07-01: 1000")

@Suite("Replaying past decisions")
struct ReplayTests {
    @Test func aDecisionReplaysUnderItsOwnRulesAndShowsWhatTodaysChange() async throws {
        let desk = try await Desk()
        let original = desk.engine.current.ruleSet.contentHash
        try await desk.test { client in
            let answer = try await client.execute(uri: "/api/assess?on=2026-09-01", method: .post, headers: desk.headers("clerk"),
                                                  body: ByteBuffer(string: sampleProfileJSON))
            #expect(answer.status == .ok)
            let id = try #require(answer.headers[.init(IntakeApplication.entryHeaderName)!])

            // Same rules: reproduced, nothing changed.
            let same = try await client.execute(uri: "/api/decisions/\(id)/replay", method: .get, headers: desk.headers("clerk"))
            #expect(same.status == .ok, "\(same.text)")
            #expect(same.json["reproduced"] as? Bool == true, "\(same.text)")
            #expect((same.json["changes"] as? [Any])?.isEmpty == true)
            #expect(same.json["unchanged"] as? [String] == ["basic"])

            try desk.writeRule("parameters.yaml", raisedDibaoParameters)
            #expect(try await desk.engine.reloadIfChanged() == true)
            let current = desk.engine.current.ruleSet.contentHash
            #expect(current != original)

            let replay = try await client.execute(uri: "/api/decisions/\(id)/replay", method: .get, headers: desk.headers("clerk"))
            #expect(replay.status == .ok, "\(replay.text)")
            #expect(replay.json["reproduced"] as? Bool == true, "\(replay.text)")
            #expect(replay.json["date"] as? String == "2026-09-01")
            #expect((replay.json["original"] as? [String: Any])?["hash"] as? String == "sha256:" + original)
            #expect((replay.json["current"] as? [String: Any])?["hash"] as? String == "sha256:" + current)
            let changes = try #require(replay.json["changes"] as? [[String: Any]])
            #expect(changes.count == 1)
            let change = try #require(changes.first)
            #expect(change["programme"] as? String == "basic")
            let before = try #require(change["before"] as? [String: Any]), after = try #require(change["after"] as? [String: Any])
            #expect(before["outcome"] as? String == "eligible" && after["outcome"] as? String == "eligible")
            #expect((before["cash"] as? [String: Any])?["monthly"] as? String == "752.00")
            #expect((after["cash"] as? [String: Any])?["monthly"] as? String == "800.00")
            #expect(before["reasons"] as? [String] == ["below_dibao"])
            #expect((replay.json["unchanged"] as? [Any])?.isEmpty == true)

            // The stored decision itself is untouched.
            let stored = try await client.execute(uri: "/api/decisions/\(id)", method: .get, headers: desk.headers("clerk"))
            #expect(stored.text == answer.text)
        }
    }

    @Test func replayingIsReadingTheDecision() async throws {
        let desk = try await Desk()
        try await desk.test { client in
            let answer = try await client.execute(uri: "/api/assess?on=2026-09-01", method: .post, headers: desk.headers("clerk"),
                                                  body: ByteBuffer(string: sampleProfileJSON))
            let id = try #require(answer.headers[.init(IntakeApplication.entryHeaderName)!])
            let uri = "/api/decisions/\(id)/replay"
            #expect(try await client.execute(uri: uri, method: .get, headers: desk.headers(nil)).status == .unauthorized)
            let other = try await client.execute(uri: uri, method: .get, headers: desk.headers("clerk2"))
            #expect(other.status == .forbidden)
            #expect(!other.text.contains("王某"))
            for account in ["clerk", "officer", "auditor"] {
                #expect(try await client.execute(uri: uri, method: .get, headers: desk.headers(account)).status == .ok, "\(account)")
            }
            #expect(try await client.execute(uri: "/api/decisions/999/replay", method: .get, headers: desk.headers("officer")).status == .notFound)
            #expect(try await client.execute(uri: "/api/decisions/x/replay", method: .get, headers: desk.headers("officer")).status == .badRequest)
        }
    }

    @Test func theReplayPageShowsThenAndNowInChinese() async throws {
        let desk = try await PagesDesk()
        try await desk.test { client in
            let clerk = try await Browser.signIn(client, "clerk")
            let posted = try await clerk.post(client, "/assess", filledForm())
            #expect(posted.status == .seeOther)
            let location = try #require(posted.headers[.location])
            let sheet = try await clerk.get(client, location)
            #expect(sheet.text.contains("<a href=\"\(location)/replay\" id=\"replay-link\">按现行规则重新评估</a>"), "\(sheet.text)")

            try raisedDibaoParameters.write(to: desk.rulesDirectory.appendingPathComponent("parameters.yaml"), atomically: true, encoding: .utf8)
            #expect(try await desk.engine.reloadIfChanged() == true)

            let page = try await clerk.get(client, location + "/replay")
            #expect(page.status == .ok)
            #expect(page.text.contains("按现行规则重新评估"))
            #expect(page.text.contains("data-reproduced=\"true\""), "\(page.text)") // a web entry (profile `web`) reproduces too
            #expect(page.text.contains("结果与存档评估单完全一致"))
            #expect(page.text.contains("id=\"replay-basic\" data-changed=\"true\""))
            #expect(page.text.contains("每月 752.00 元") && page.text.contains("每月 800.00 元"))
            #expect(page.text.contains("有变化"))

            let other = try await Browser.signIn(client, "clerk2")
            #expect(try await other.get(client, location + "/replay").status == .forbidden)
            let officer = try await Browser.signIn(client, "officer")
            #expect(try await officer.get(client, location + "/replay").status == .ok)
            #expect(try await client.execute(uri: location + "/replay", method: .get).status == .seeOther) // signed out
        }
    }

    @Test func aTamperedRegisterIsSaidSo() async throws {
        let desk = try await Desk()
        try await desk.test { client in
            let answer = try await client.execute(uri: "/api/assess?on=2026-09-01", method: .post, headers: desk.headers("clerk"),
                                                  body: ByteBuffer(string: sampleProfileJSON))
            let id = try #require(answer.headers[.init(IntakeApplication.entryHeaderName)!])
            let uri = "/api/decisions/\(id)/replay"

            // A stored answer that the rules would not give: not reproduced.
            try await desk.register.pool.write { db in
                try db.execute(sql: "UPDATE assessments SET decision_json = replace(decision_json, '752.00', '999.00') WHERE id = ?", arguments: [id])
            }
            let drifted = try await client.execute(uri: uri, method: .get, headers: desk.headers("officer"))
            #expect(drifted.status == .ok)
            #expect(drifted.json["reproduced"] as? Bool == false, "\(drifted.text)")

            // Stored rule files that no longer load to their hash: refused.
            try await desk.register.pool.write { db in
                try db.execute(sql: "UPDATE rule_set_files SET source = replace(source, '940', '941') WHERE path = 'parameters.yaml'")
            }
            let refused = try await client.execute(uri: uri, method: .get, headers: desk.headers("officer"))
            #expect(refused.status == .conflict, "\(refused.text)")
            #expect(refused.errorMessages.first?.contains("cannot be replayed exactly") == true, "\(refused.text)")
        }
    }

    /// Makes the stored answer of entry `id` unreadable: an outcome no decision has.
    static func spoilOutcomes(_ register: SQLiteRegister, _ id: Int64) async throws {
        try await register.pool.write { db in
            try db.execute(sql: "UPDATE assessments SET decision_json = replace(decision_json, '\"eligible\"', '\"maybe\"') WHERE id = ?",
                           arguments: [id])
        }
    }

    @Test func anUnreadableStoredAnswerIsSaidSoInChineseOnItsSheet() async throws {
        let desk = try await PagesDesk()
        try await desk.test { client in
            let clerk = try await Browser.signIn(client, "clerk")
            let location = try #require(try await clerk.post(client, "/assess", filledForm()).headers[.location])
            let id = try #require(Int64(location.replacingOccurrences(of: "/decisions/", with: "")))
            try await Self.spoilOutcomes(desk.register, id)
            let sheet = try await clerk.get(client, location)
            #expect(sheet.text.contains("id=\"unreadable\">登记号 \(id) 的存档评估单无法读取"), "\(sheet.text)")
            #expect(sheet.text.contains("decisions[1].outcome: expected one of"), "\(sheet.text)")
            #expect(!sheet.text.contains("id=\"totals\""))
        }
    }

    @Test func anUnreadableStoredAnswerIsNotReplayed() async throws {
        let desk = try await Desk()
        try await desk.test { client in
            let answer = try await client.execute(uri: "/api/assess?on=2026-09-01", method: .post, headers: desk.headers("clerk"),
                                                  body: ByteBuffer(string: sampleProfileJSON))
            let id = try #require(answer.headers[.init(IntakeApplication.entryHeaderName)!].flatMap { Int64($0) })
            try await Self.spoilOutcomes(desk.register, id)
            let replay = try await client.execute(uri: "/api/decisions/\(id)/replay", method: .get, headers: desk.headers("officer"))
            #expect(replay.status == .conflict, "\(replay.text)")
            #expect(replay.errorMessages.first?.contains("the stored answer of entry \(id) cannot be read") == true, "\(replay.text)")
        }
    }
}
