import Foundation
import GRDB
import Hummingbird
import HummingbirdTesting
import IntakeRegister
@testable import IntakeServer
@testable import SQLiteRegister
import Testing

@Suite("Every error has a body and a log line")
struct ErrorResponseTests {
    @Test func aFullDiskGivesA500WithABodyAndALogLineAndKeepsWhatWasRecorded() async throws {
        let log = CapturedLog()
        let desk = try await Desk(logger: log.logger)
        try await desk.test { client in
            let first = try await client.execute(uri: "/api/assess", method: .post, headers: desk.headers("clerk"), body: ByteBuffer(string: sampleProfileJSON))
            #expect(first.status == .ok)
            // The disk is full: the file may not grow by one page more.
            try await desk.register.pool.write { db in
                let pages = try Int.fetchOne(db, sql: "PRAGMA page_count")!
                try db.execute(sql: "PRAGMA max_page_count = \(pages)")
            }
            let big = sampleProfileJSON.replacingOccurrences(of: "王某", with: String(repeating: "王", count: 5_000))  // 15 KB: within the profile limits, past one page
            let api = try await client.execute(uri: "/api/assess", method: .post, headers: desk.headers("clerk"), body: ByteBuffer(string: big))
            #expect(api.status == .internalServerError)
            #expect(api.errorMessages == ["internal error: the request was not completed (the desk's log has the details)"])
            #expect(api.headers[.init(IntakeApplication.entryHeaderName)!] == nil)
            #expect(!api.text.contains("SQLite")) // the cause is for the log, not the answer
            #expect(log.text.contains("request failed") && log.text.contains("status=500") && log.text.contains("full"), "\(log.text)")
            // What was answered before is still there.
            let stored = try await client.execute(uri: "/api/decisions/1", method: .get, headers: desk.headers("clerk"))
            #expect(stored.text == first.text)
        }
    }

    @Test func aBodyTooLargeGetsA413WithABodyForTheAPIAndAPageForBrowsers() async throws {
        let log = CapturedLog()
        let fixture = try await Desk(logger: log.logger)
        var desk = fixture.desk
        desk.maximumBodySize = 1000
        try await desk.application(host: "127.0.0.1", port: 0).test(.router) { client in
            let api = try await client.execute(uri: "/api/assess", method: .post, headers: fixture.headers("clerk"),
                                               body: ByteBuffer(string: String(repeating: " ", count: 2000) + sampleProfileJSON))
            #expect(api.status == .contentTooLarge)
            #expect(api.headers[.contentType] == "application/json; charset=utf-8")
            #expect(!api.errorMessages.isEmpty)
            let page = try await client.execute(uri: "/login", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                                                body: ByteBuffer(string: "name=" + String(repeating: "a", count: 70_000)))
            #expect(page.status == .contentTooLarge)
            #expect(page.headers[.contentType] == "text/html; charset=utf-8")
            #expect(page.text.contains("提交的内容超过了允许的大小。"))
        }
        #expect(log.text.contains("request refused method=POST path=/api/assess status=413"), "\(log.text)")
        #expect(log.text.contains("request refused method=POST path=/login status=413"), "\(log.text)")
    }

    @Test func anUnknownPathGetsAPageOrAProblemByWhoAsks() async throws {
        let desk = try await Desk()
        try await desk.test { client in
            let page = try await client.execute(uri: "/no-such-page", method: .get)
            #expect(page.status == .notFound)
            #expect(page.text.contains("没有这个页面。"))
            let api = try await client.execute(uri: "/api/no-such-thing", method: .get)
            #expect(api.status == .notFound)
            #expect(!api.errorMessages.isEmpty)
        }
    }
}

@Suite("Headers a browser and a cache obey")
struct SecurityHeaderTests {
    @Test func pagesAndAnswersForbidScriptsFramesSniffingAndCaching() async throws {
        let desk = try await Desk()
        try await desk.test { client in
            let assessed = try await client.execute(uri: "/api/assess", method: .post, headers: desk.headers("clerk"), body: ByteBuffer(string: sampleProfileJSON))
            for answer in [try await client.execute(uri: "/login", method: .get), assessed,
                           try await client.execute(uri: "/api/decisions/1", method: .get, headers: desk.headers("clerk")),
                           try await client.execute(uri: "/api/decisions/1", method: .get)] {
                let policy = try #require(answer.headers[.contentSecurityPolicy])
                #expect(policy.contains("default-src 'none'") && policy.contains("frame-ancestors 'none'") && policy.contains("style-src 'self'"))
                #expect(!policy.contains("unsafe-inline"))
                #expect(answer.headers[.xContentTypeOptions] == "nosniff")
                #expect(answer.headers[.init("Referrer-Policy")!] == "no-referrer")
                #expect(answer.headers[.cacheControl] == "no-store")
            }
            // The stylesheet holds nothing personal and may be kept a while.
            let style = try await client.execute(uri: "/style.css", method: .get)
            #expect(style.headers[.cacheControl] == "max-age=300")
            #expect(style.headers[.xContentTypeOptions] == "nosniff")
        }
    }

    @Test func aNameWithALineBreakNeverReachesTheLogRaw() async throws {
        let log = CapturedLog()
        let desk = try await Desk(logger: log.logger)
        try await desk.test { client in
            let answer = try await postSignIn(client, name: "mallory\nsigned in account=officer", password: "a wrong guess")
            #expect(answer.status == .unauthorized)
        }
        #expect(!log.text.contains("\nsigned in"))
        #expect(log.text.contains(#"account=mallory\nsigned in account=officer"#), "\(log.text)")
        await #expect(throws: AccountError.invalidName("a\u{202E}b")) {
            _ = try await desk.accounts.create(name: "a\u{202E}b", role: .intake, password: "a long password")
        }
    }
}
