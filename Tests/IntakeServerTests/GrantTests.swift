import DecisionFormats
import Eligibility
import Foundation
import Hummingbird
import HummingbirdTesting
import IntakeRegister
@testable import IntakeServer
import Testing

/// Grants confirmed at the desk (确认发放) and the history every assessment reads back from the
/// register, on the sample rules: a relative-hardship household (Cases/applicants/16) eligible for
/// living relief, which is paid once a year.
@Suite("Grants confirmed at the desk, and the history assessments read")
struct GrantTests {
    /// The sample applicant 16 as the JSON the API takes.
    static let profileJSON = profileJSON("16-migrant-relative-school-aid-withheld")

    /// A sample applicant (Cases/applicants/NAME.yaml) as the JSON the API takes.
    static func profileJSON(_ name: String) -> String {
        let file = Desk.repository.appendingPathComponent("Cases/applicants/\(name).yaml")
        let text = try! String(contentsOf: file, encoding: .utf8)
        return json(try! DocumentNode.parse(text, displayName: file.path)).rendered(indent: true) + "\n"
    }

    /// YAML as JSON: plain scalars that read as numbers or booleans as such, the rest (names, codes,
    /// dates) as strings.
    static func json(_ node: DocumentNode) -> JSONValue {
        switch node {
        case .scalar(let text, let quoted, _):
            if !quoted, text == "true" || text == "false" { return .bool(text == "true") }
            return !quoted && Double(text) != nil ? .number(text) : .string(text)
        case .null: return .null
        case .sequence(let items, _): return .array(items.map(json))
        case .mapping(let pairs, _): return .object(pairs.map { ($0.key, json($0.value)) })
        }
    }

    static func assess(_ desk: Desk, _ client: any TestClientProtocol, as account: String = "clerk",
                       profile: String = profileJSON) async throws -> (id: Int64, json: [String: Any]) {
        let answer = try await client.execute(uri: "/api/assess", method: .post, headers: desk.headers(account), body: ByteBuffer(string: profile))
        #expect(answer.status == .ok, "\(answer.text)")
        let id = try #require(answer.headers[.init(IntakeApplication.entryHeaderName)!].flatMap { Int64($0) })
        return (id, answer.json)
    }

    static func confirm(_ desk: Desk, _ client: any TestClientProtocol, _ id: Int64, _ programmes: [String],
                        as account: String = "officer") async throws -> TestResponse {
        let body = "{\"programmes\": [" + programmes.map { "\"\($0)\"" }.joined(separator: ", ") + "]}"
        return try await client.execute(uri: "/api/decisions/\(id)/grants", method: .post, headers: desk.headers(account), body: ByteBuffer(string: body))
    }

    static func outcome(_ json: [String: Any], _ programme: String) -> String? {
        (json["decisions"] as? [[String: Any]])?.first { $0["programme"] as? String == programme }?["outcome"] as? String
    }

    @Test func aSecondConfirmationOfAOnceAYearProgrammeIsRefusedWithTheReason() async throws {
        let desk = try await Desk.onSampleRules()
        try await desk.test { client in
            // Two desks assessed the same person before either confirmed anything.
            let (id, answer) = try await Self.assess(desk, client)
            let (otherID, _) = try await Self.assess(desk, client)
            #expect(Self.outcome(answer, "living_relief") == "eligible")
            #expect((answer["history"] as? [Any])?.isEmpty == true) // no household yet: no grants on record

            let first = try await Self.confirm(desk, client, id, ["living_relief"])
            #expect(first.status == .ok, "\(first.text)")
            let grants = try #require(first.json["grants"] as? [[String: Any]])
            #expect(grants.count == 1)
            #expect(grants.first?["programme"] as? String == "living_relief")
            #expect(grants.first?["amount"] as? String == "9400.00")
            #expect(grants.first?["fund"] as? String == "centre")
            #expect(grants.first?["confirmed_by"] as? String == "officer")
            #expect((first.json["refused"] as? [Any])?.isEmpty == true)

            // The household was opened from the assessment, with the applicant in it.
            let household = try #require(try await desk.register.household(memberIDNumber: "342622198305253349"))
            #expect(household.assessmentID == id)

            // The same entry again: confirmed already.
            let again = try await Self.confirm(desk, client, id, ["living_relief"])
            #expect((again.json["grants"] as? [Any])?.isEmpty == true)
            let twice = try #require((again.json["refused"] as? [[String: Any]])?.first?["reason"] as? String)
            #expect(twice.hasPrefix("生活救助：本次评估的这一项已于 ") && twice.hasSuffix("由 officer 确认发放，不能重复确认"), "\(twice)")

            // The other entry, eligible when it was made: re-checked against the grant, once a year.
            let second = try await Self.confirm(desk, client, otherID, ["living_relief"])
            #expect(second.status == .ok)
            #expect((second.json["grants"] as? [Any])?.isEmpty == true)
            let refused = try #require((second.json["refused"] as? [[String: Any]])?.first)
            #expect(refused["programme"] as? String == "living_relief")
            let reason = try #require(refused["reason"] as? String)
            #expect(reason.hasPrefix("生活救助：") && reason.contains("每户每年只享受一次"), "\(reason)")
            #expect(try await desk.register.grants(householdID: household.id, from: nil, to: nil).count == 1)
        }
    }

    @Test func theProgrammesOfOneEntryConfirmedOneAfterAnotherStandAsTheyWereDecidedTogether() async throws {
        let desk = try await Desk.onSampleRules()
        try await desk.test { client in
            // A deep-hardship household (sample applicant 14): living relief and medical relief, up to the
            // yearly cap together; neither is paid only in a season, so the test holds in any month.
            let (id, _) = try await Self.assess(desk, client, profile: Self.profileJSON("14-kidney-failure-deep-yearly-cap"))
            let first = try await Self.confirm(desk, client, id, ["living_relief"])
            #expect((first.json["grants"] as? [Any])?.count == 1, "\(first.text)")
            // The living relief just granted is neither income nor paid this year against the same entry's other programme.
            let rest = try await Self.confirm(desk, client, id, ["medical_relief"])
            #expect((rest.json["refused"] as? [Any])?.isEmpty == true, "\(rest.text)")
            #expect(((rest.json["grants"] as? [[String: Any]]) ?? []).compactMap { $0["programme"] as? String } == ["medical_relief"])
        }
    }

    @Test func aNewAssessmentAfterAGrantReadsItFromTheRegister() async throws {
        let desk = try await Desk.onSampleRules()
        try await desk.test { client in
            let (id, _) = try await Self.assess(desk, client)
            #expect(try await Self.confirm(desk, client, id, ["living_relief"]).status == .ok)

            let (againID, again) = try await Self.assess(desk, client)
            #expect(Self.outcome(again, "living_relief") == "ineligible")
            let decision = try #require((again["decisions"] as? [[String: Any]])?.first { $0["programme"] as? String == "living_relief" })
            let codes = (decision["reasons"] as? [[String: Any]])?.compactMap { $0["code"] as? String } ?? []
            #expect(codes.contains("already_granted_this_year"))
            let history = try #require(again["history"] as? [[String: Any]])
            #expect(history.count == 1)
            #expect(history.first?["programme"] as? String == "living_relief")
            // The stored answer (the one sent, history and all) replays to itself.
            let stored = try #require(try await desk.register.assessment(id: againID))
            #expect(decision["history_used"] as? [Int] == [1])
            #expect(try await desk.desk.replay(stored).reproduced)

            // A client cannot hand in a history of its own: the register is the authority.
            let withHistory = Self.profileJSON.replacingOccurrences(of: "{\n", with: "{\n  \"history\": [],\n", options: [.anchored])
            let refused = try await client.execute(uri: "/api/assess", method: .post, headers: desk.headers("clerk"), body: ByteBuffer(string: withHistory))
            #expect(refused.status == .unprocessableContent)
            #expect(refused.errorPaths == ["history"])
        }
    }

    @Test func theInterviewAtTheDeskReadsTheHouseholdsHistory() async throws {
        let desk = try await Desk.onSampleRules()
        try await desk.test { client in
            let (id, _) = try await Self.assess(desk, client)
            #expect(try await Self.confirm(desk, client, id, ["living_relief"]).status == .ok)
            let clerk = try await Browser.signIn(client, "clerk")
            let reopened = try await clerk.get(client, "/assess?from=\(id)")
            #expect(reopened.status == .ok)
            let recorded = try await clerk.post(client, "/assess", PageForm.filled(PageForm.fields(in: reopened.text), [:], action: "confirm"))
            #expect(recorded.status == .seeOther, "\(recorded.text)")
            let location = try #require(recorded.headers[.location])
            let newID = try #require(Int64(location.split(separator: "/").last ?? ""))
            let stored = try #require(try await desk.register.assessment(id: newID))
            #expect(stored.revises == id)
            #expect(stored.decisionJSON.contains("already_granted_this_year"))
        }
    }

    @Test func manyConcurrentConfirmationsForOneHouseholdLandOnce() async throws {
        let desk = try await Desk.onSampleRules()
        // Real connections on loopback, each confirmation its own request.
        try await desk.desk.application(host: "127.0.0.1", port: 0).test(.live) { client in
            let entries = [try await Self.assess(desk, client).id, try await Self.assess(desk, client).id]
            let answers = try await withThrowingTaskGroup(of: (Int, Int).self) { group in
                for attempt in 0..<12 {
                    group.addTask {
                        let answer = try await Self.confirm(desk, client, entries[attempt % 2], ["living_relief"])
                        return (Int(answer.status.code), (answer.json["grants"] as? [Any])?.count ?? -1)
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(answers.allSatisfy { $0.0 == 200 }, "\(answers)")
            #expect(answers.map(\.1).reduce(0, +) == 1, "\(answers)")
            let household = try #require(try await desk.register.household(memberIDNumber: "342622198305253349"))
            #expect(try await desk.register.grants(householdID: household.id, from: nil, to: nil).count == 1)
        }
    }

    @Test func anIntakeClerkCannotConfirm() async throws {
        let desk = try await Desk.onSampleRules()
        try await desk.test { client in
            let (id, _) = try await Self.assess(desk, client)
            let api = try await Self.confirm(desk, client, id, ["living_relief"], as: "clerk")
            #expect(api.status == .forbidden)
            let clerk = try await Browser.signIn(client, "clerk")
            let page = try await clerk.get(client, "/decisions/\(id)")
            #expect(page.status == .ok)
            #expect(!page.text.contains("id=\"grant-form\""))
            let posted = try await clerk.post(client, "/decisions/\(id)/grants", [("programme", "living_relief")])
            #expect(posted.status == .forbidden)
            #expect(try await desk.register.household(memberIDNumber: "342622198305253349") == nil)
        }
    }

    @Test func anOfficerConfirmsOnTheRecordPageWhichListsTheGrantAndSaysWhyASecondIsRefused() async throws {
        let desk = try await Desk.onSampleRules()
        try await desk.test { client in
            let (id, _) = try await Self.assess(desk, client)
            let officer = try await Browser.signIn(client, "officer")
            let page = try await officer.get(client, "/decisions/\(id)")
            #expect(page.text.contains("id=\"grant-form\"") && page.text.contains("确认发放"))
            #expect(page.text.contains("value=\"living_relief\""))
            #expect(page.text.contains("帮扶中心帮扶资金"))

            let posted = try await officer.post(client, "/decisions/\(id)/grants", [("programme", "living_relief")])
            #expect(posted.status == .seeOther)
            #expect(posted.headers[.location] == "/decisions/\(id)")
            let record = try await officer.get(client, "/decisions/\(id)")
            #expect(record.text.contains("id=\"grants\""))
            #expect(record.text.contains("<td>生活救助</td><td>9400.00 元</td><td>帮扶中心帮扶资金</td><td>officer</td>"), "\(record.text)")

            let again = try await officer.post(client, "/decisions/\(id)/grants", [("programme", "living_relief")])
            #expect(again.status == .conflict)
            #expect(again.text.contains("id=\"grants-refused\""))
            #expect(again.text.contains("生活救助：本次评估的这一项已于 "))

            let noToken = try await officer.post(client, "/decisions/\(id)/grants", [("programme", "living_relief")], csrf: false)
            #expect(noToken.status == .forbidden)
        }
    }
}
