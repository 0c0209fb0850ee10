import Eligibility
import Foundation
import Hummingbird
import HummingbirdBcrypt
import HummingbirdTesting
import IntakeRegister
@testable import IntakeServer
import Testing

@Suite("The intake desk's JSON API")
struct APITests {
    @Test func assessAnswersWhatTheCommandLinePrintsAndRecordsIt() async throws {
        let desk = try await Desk()
        let profileFile = try temporaryFolder().appendingPathComponent("profile.json").path
        try sampleProfileJSON.write(toFile: profileFile, atomically: true, encoding: .utf8)
        let cli = try BangfuProcess.run(["assess", profileFile, "--rules", desk.rulesDirectory.path, "--on", "2026-09-01", "--format", "json"])
        #expect(cli.status == 0, "\(cli.errors)")
        // The one field that differs: where the profile came from.
        let expected = cli.output.replacingOccurrences(of: "\"profile\": \"\(profileFile)\"", with: "\"profile\": \"api\"")

        try await desk.test { client in
            let answer = try await client.execute(uri: "/api/assess?on=2026-09-01", method: .post, headers: desk.headers("clerk"),
                                                  body: ByteBuffer(string: sampleProfileJSON))
            #expect(answer.status == .ok)
            #expect(answer.text == expected)
            #expect(answer.headers[.contentType] == "application/json; charset=utf-8")
            let id = try #require(answer.headers[.init(IntakeApplication.entryHeaderName)!].flatMap { Int64($0) })
            #expect(answer.headers[.location] == "/api/decisions/\(id)")

            let stored = try #require(try await desk.register.assessment(id: id))
            #expect(stored.decisionJSON == answer.text)
            #expect(stored.profileJSON == sampleProfileJSON)
            #expect(stored.actor == "clerk")
            #expect(stored.ruleSetHash == desk.engine.current.ruleSet.contentHash)
            #expect(try await desk.register.hasRuleSet(hash: stored.ruleSetHash))

            let again = try await client.execute(uri: "/api/decisions/\(id)", method: .get, headers: desk.headers("clerk"))
            #expect(again.status == .ok)
            #expect(again.body == answer.body) // byte for byte
        }
    }

    @Test func anInvalidProfileIsAnsweredWithEveryProblemAndItsFieldPath() async throws {
        let desk = try await Desk()
        let profile = """
            {"name": "王某",
             "income": "lots",
             "household": {"members": [{"monthly_income": 500}, {"monthly_income": "abc"}]}}
            """
        try await desk.test { client in
            let answer = try await client.execute(uri: "/api/assess", method: .post, headers: desk.headers("clerk"), body: ByteBuffer(string: profile))
            #expect(answer.status == .unprocessableContent)
            #expect(Set(answer.errorPaths) == ["birth_date", "income", "household.members[2].monthly_income"], "\(answer.text)")
            let errors = try #require(answer.json["errors"] as? [[String: Any]])
            let member = try #require(errors.first { $0["path"] as? String == "household.members[2].monthly_income" })
            #expect((member["message"] as? String)?.contains("应填金额") == true)
            #expect(member["line"] as? Int == 3)
            // Nothing is recorded for a profile that was not assessed.
            #expect(try await desk.register.search(RegisterQuery()).isEmpty)
        }
    }

    @Test func anUnreadableBodyIs400WithTheProblem() async throws {
        let desk = try await Desk()
        try await desk.test { client in
            let answer = try await client.execute(uri: "/api/assess", method: .post, headers: desk.headers("clerk"),
                                                  body: ByteBuffer(string: "{\"name\": \"王某\",\n \"income\": }"))
            #expect(answer.status == .badRequest)
            #expect(answer.errorMessages.first?.hasPrefix("请求内容不是 JSON") == true, "\(answer.text)")
            #expect((answer.json["errors"] as? [[String: Any]])?.first?["line"] as? Int == 2)

            let badDate = try await client.execute(uri: "/api/assess?on=2026-13-01", method: .post, headers: desk.headers("clerk"),
                                                   body: ByteBuffer(string: sampleProfileJSON))
            #expect(badDate.status == .badRequest)
            #expect(badDate.errorPaths == ["on"])
        }
    }

    @Test func withoutAValidTokenNothingPersonalIsShown() async throws {
        let desk = try await Desk()
        try await desk.test { client in
            let stored = try await client.execute(uri: "/api/assess", method: .post, headers: desk.headers("clerk"), body: ByteBuffer(string: sampleProfileJSON))
            let id = try #require(stored.headers[.location])
            for (uri, method) in [("/api/assess", HTTPRequest.Method.post), (id, .get), ("/api/decisions", .get), ("/api/rules", .get), ("/api/rules/status", .get)] {
                let anonymous = try await client.execute(uri: uri, method: method, body: ByteBuffer(string: sampleProfileJSON))
                #expect(anonymous.status == .unauthorized, "\(uri)")
                #expect(anonymous.headers[.wwwAuthenticate] == "Bearer")
                #expect(!anonymous.errorMessages.isEmpty)
                #expect(!anonymous.text.contains("王某"))
            }
            let token = desk.tokens["clerk"]!
            let forged = token.dropLast() + (token.last == "0" ? "1" : "0") // the secret with its last digit changed
            for token in [String(forged), "nonsense", "bf_unknown_secret"] {
                let answer = try await client.execute(uri: id, method: .get, headers: [.authorization: "Bearer \(token)"])
                #expect(answer.status == .unauthorized)
            }
            let health = try await client.execute(uri: "/healthz", method: .get)
            #expect(health.status == .ok)
            #expect(health.json["rules"] as? String == desk.engine.current.ruleSet.version)
        }
    }

    @Test func rolesDecideWhoMayAssessAndRead() async throws {
        let desk = try await Desk()
        try await desk.test { client in
            let auditorAssessing = try await client.execute(uri: "/api/assess", method: .post, headers: desk.headers("auditor"),
                                                            body: ByteBuffer(string: sampleProfileJSON))
            #expect(auditorAssessing.status == .forbidden)
            #expect(!auditorAssessing.errorMessages.isEmpty)

            let made = try await client.execute(uri: "/api/assess", method: .post, headers: desk.headers("clerk"), body: ByteBuffer(string: sampleProfileJSON))
            let entry = try #require(made.headers[.location])
            for (account, status) in [("clerk", HTTPResponse.Status.ok), ("clerk2", .forbidden), ("officer", .ok), ("auditor", .ok)] {
                let read = try await client.execute(uri: entry, method: .get, headers: desk.headers(account))
                #expect(read.status == status, "\(account)")
                if status == .forbidden { #expect(!read.text.contains("王某")) }
            }
            let missing = try await client.execute(uri: "/api/decisions/999999", method: .get, headers: desk.headers("officer"))
            #expect(missing.status == .notFound)
            #expect(!missing.errorMessages.isEmpty)

            // The register list: intake staff see their own entries, officers all.
            _ = try await client.execute(uri: "/api/assess", method: .post, headers: desk.headers("officer"), body: ByteBuffer(string: sampleProfileJSON))
            let own = try await client.execute(uri: "/api/decisions", method: .get, headers: desk.headers("clerk"))
            #expect((own.json["entries"] as? [[String: Any]])?.count == 1)
            let others = try await client.execute(uri: "/api/decisions", method: .get, headers: desk.headers("clerk2"))
            #expect((others.json["entries"] as? [[String: Any]])?.count == 0)
            let all = try await client.execute(uri: "/api/decisions?name=王&programme=basic&outcome=eligible&from=2020-01-01", method: .get,
                                               headers: desk.headers("officer"))
            #expect((all.json["entries"] as? [[String: Any]])?.count == 2, "\(all.text)")
            let badOutcome = try await client.execute(uri: "/api/decisions?outcome=maybe", method: .get, headers: desk.headers("officer"))
            #expect(badOutcome.status == .badRequest)
            let tooShort = try await client.execute(uri: "/api/decisions?applicant_id=123", method: .get, headers: desk.headers("officer"))
            #expect(tooShort.status == .badRequest && tooShort.errorPaths == ["applicant_id"]) // at least the last 4 characters

            let statusForIntake = try await client.execute(uri: "/api/rules/status", method: .get, headers: desk.headers("clerk"))
            #expect(statusForIntake.status == .forbidden)
            let statusForOfficer = try await client.execute(uri: "/api/rules/status", method: .get, headers: desk.headers("officer"))
            #expect(statusForOfficer.status == .ok)
        }
    }

    @Test func rulesDescribeVersionProgrammesAndSchema() async throws {
        let desk = try await Desk()
        try await desk.test { client in
            let rules = try await client.execute(uri: "/api/rules", method: .get, headers: desk.headers("clerk"))
            #expect(rules.status == .ok)
            #expect(rules.json["version"] as? String == desk.engine.current.ruleSet.version)
            #expect(rules.json["title"] as? String == "测试规则")
            let programmes = try #require(rules.json["programmes"] as? [[String: Any]])
            #expect(programmes.map { $0["id"] as? String } == ["basic"])
            #expect(programmes.first?["title"] as? String == "基本救助")
            #expect(programmes.first?["basis"] as? String == "办法第八条")
            let fields = try #require((rules.json["schema"] as? [String: Any])?["fields"] as? [[String: Any]])
            #expect(fields.map { $0["name"] as? String } == ["name", "birth_date", "income", "household"])
            #expect(fields.first?["label"] as? String == "姓名")
            #expect(fields.first?["required"] as? Bool == true)
            let household = try #require(fields.last?["fields"] as? [[String: Any]])
            #expect(household.first?["type"] as? String == "list")
            #expect(((household.first?["items"] as? [String: Any])?["fields"] as? [[String: Any]])?.first?["name"] as? String == "monthly_income")
        }
    }

    @Test func theOpenAPIDocumentIsServedAsKeptAndNamesEveryRoute() async throws {
        let desk = try await Desk()
        let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Sources/IntakeServer/openapi.json")
        let kept = try String(contentsOf: file, encoding: .utf8)
        try await desk.test { client in
            let served = try await client.execute(uri: "/openapi.json", method: .get)
            #expect(served.status == .ok)
            #expect(served.text == kept)
            #expect(served.json["openapi"] as? String == "3.1.0")
            let paths = try #require(served.json["paths"] as? [String: Any])
            #expect(Set(paths.keys) == ["/api/assess", "/api/decisions", "/api/decisions/{id}", "/api/decisions/{id}/replay", "/api/decisions/{id}/grants",
                                        "/api/rules", "/api/rules/status", "/healthz", "/openapi.json",
                                        "/api/referrals", "/api/referrals/{id}", "/api/referrals/{id}/assign", "/api/referrals/{id}/close",
                                        "/api/referrals/out", "/api/referrals/out/{id}/steps"])
        }
    }

    /// A blank is unknown, not 0: the programme that needs it needs information, naming the field, its
    /// label and the document that proves it, per decision and for the whole assessment.
    @Test func aBlankIncomeNeedsInformationNamingTheField() async throws {
        let desk = try await Desk(schema: PagesFixture.schema)
        let profile = #"{"name": "王某", "birth_date": "1970-05-01", "household": {"members": [{"name": "李娜", "monthly_income": "500"}]}}"#
        try await desk.test { client in
            let answer = try await client.execute(uri: "/api/assess?on=2026-09-01", method: .post, headers: desk.headers("clerk"),
                                                  body: ByteBuffer(string: profile))
            #expect(answer.status == .ok)
            let json = answer.json
            let decision = try #require((json["decisions"] as? [[String: Any]])?.first)
            #expect(decision["outcome"] as? String == "needs_information")
            let expected = ["path": "income", "label": "月收入", "section": "月收入", "evidence": "收入证明"]
            #expect((decision["missing"] as? [[String: String]]) == [expected])
            #expect((json["missing"] as? [[String: String]]) == [expected])
            #expect(json["complete"] as? Bool == true) // nothing failed: it waits for an answer
            let fact = try #require((json["facts"] as? [[String: Any]])?.first { $0["id"] as? String == "income_per_head" })
            #expect(fact["value"] is NSNull)
            #expect(fact["needs"] as? [String] == ["income"])
            let entry = try #require(answer.headers[.init(IntakeApplication.entryHeaderName)!])
            let stored = try await client.execute(uri: "/api/decisions/\(entry)", method: .get, headers: desk.headers("clerk"))
            #expect(stored.text == answer.text)
        }
    }

    @Test func logsShowNoNameOrIDNumber() async throws {
        let log = CapturedLog()
        let desk = try await Desk(logger: log.logger, withIDNumbers: true)
        let profile = #"{"name": "王小明", "id_number": "110101197005011235", "birth_date": "1970-05-01"}"#
        try await desk.test { client in
            let answer = try await client.execute(uri: "/api/assess", method: .post, headers: desk.headers("clerk"), body: ByteBuffer(string: profile))
            #expect(answer.status == .ok)
            #expect(answer.text.contains("110101197005011235")) // the answer itself is the applicant's
            _ = try await client.execute(uri: "/api/decisions?applicant_id=110101197005011235", method: .get, headers: desk.headers("officer"))
        }
        #expect(log.text.contains("applicant_name=王**"), "\(log.text)")
        #expect(log.text.contains("applicant_id=1101**********1235"))
        #expect(!log.text.contains("王小明"))
        #expect(!log.text.contains("110101197005011235"))
    }

    @Test func unknownRoutesAnswerWithAnErrorBody() async throws {
        let desk = try await Desk()
        try await desk.test { client in
            let answer = try await client.execute(uri: "/api/nothing", method: .get, headers: desk.headers("clerk"))
            #expect(answer.status == .notFound)
            #expect(!answer.errorMessages.isEmpty)
        }
    }

    @Test func logsMaskNamesAndIDNumbers() {
        #expect(PersonalData.maskedName("王小明") == "王**")
        #expect(PersonalData.maskedName("王") == "王*")
        #expect(PersonalData.maskedName(nil) == "-")
        #expect(PersonalData.maskedID("110101197005011235") == "1101**********1235")
    }

    @Test func tokensAndPasswordsAreCheckedAgainstTheirHashes() async throws {
        let desk = try await Desk()
        #expect(try await desk.accounts.account(name: "clerk", password: "password-clerk")?.role == .intake)
        #expect(try await desk.accounts.account(name: "clerk", password: "wrong") == nil)
        #expect(try await desk.accounts.account(forToken: desk.tokens["officer"]!)?.name == "officer")
        #expect(try await !(desk.register.account(named: "clerk")!.passwordHash.contains("password-clerk")))
        await #expect(throws: AccountsError.self) { try await desk.accounts.create(name: "short", role: .intake, password: "1234") }
    }

    /// A token's secret is 256 random bits: stored as its SHA-256, checked without bcrypt's cost; a token
    /// issued when secrets were stored with bcrypt still signs in; a wrong or altered secret does not.
    @Test func tokenSecretsAreStoredAsSHA256AndOldBcryptTokensStillWork() async throws {
        let desk = try await Desk()
        let token = try #require(desk.tokens["officer"])
        let parts = token.split(separator: "_")
        let stored = try #require(try await desk.register.token(id: String(parts[1])))
        #expect(stored.token.secretHash == "sha256:" + SHA256.hex(parts[2].utf8))
        #expect(try await desk.accounts.account(forToken: token.dropLast() + (token.last == "0" ? "1" : "0")) == nil)
        try await desk.register.addToken(id: "0123456789abcdef", accountName: "clerk", secretHash: Bcrypt.hash("old-secret", cost: 4))
        #expect(try await desk.accounts.account(forToken: "bf_0123456789abcdef_old-secret")?.name == "clerk")
        #expect(try await desk.accounts.account(forToken: "bf_0123456789abcdef_other") == nil)
    }
}
