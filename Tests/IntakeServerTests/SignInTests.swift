import Foundation
import Hummingbird
import HummingbirdTesting
import IntakeRegister
@testable import IntakeServer
import Testing

/// Signs in through the page as a browser does (the page's token and cookie first).
func postSignIn(_ client: any TestClientProtocol, name: String, password: String, next: String = "/assess") async throws -> TestResponse {
    let page = try await client.execute(uri: "/login", method: .get)
    let loginCookie = try #require(Browser.cookieValue(IntakeApplication.loginCookie, in: page))
    let token = try #require(Browser.csrfToken(in: page.text))
    return try await client.execute(uri: "/login", method: .post,
                                    headers: [.cookie: "\(IntakeApplication.loginCookie)=\(loginCookie)", .contentType: "application/x-www-form-urlencoded"],
                                    body: Browser.formBody([("_csrf", token), ("next", next), ("name", name), ("password", password)]))
}

@Suite("Signing in, as an attacker tries it")
struct SignInTests {
    @Test func aNextPathLeavingTheSiteGoesToTheStartPage() async throws {
        let desk = try await Desk()
        try await desk.test { client in
            // As the form arrives, percent-decoded once: "/%09/evil.example" is "/<tab>/evil.example".
            for next in ["/\t/evil.example", "//evil.example", "/\\evil.example", "https://evil.example", "/%2F%2Fevil.example",
                         "/%09/evil.example", "/ /evil.example", "/\n/evil.example", "evil.example"] {
                let answer = try await postSignIn(client, name: "clerk", password: "password-clerk", next: next)
                #expect(answer.status == .seeOther)
                #expect(answer.headers[.location] == "/assess", "next \(next.debugDescription)")
            }
            let local = try await postSignIn(client, name: "clerk", password: "password-clerk", next: "/decisions/7/replay")
            #expect(local.headers[.location] == "/decisions/7/replay")
            // The sign-in page does not carry an off-site path into its form either.
            let page = try await client.execute(uri: "/login?next=/%09/evil.example", method: .get)
            #expect(page.text.contains(#"name="next" value="/assess""#))
        }
    }

    @Test func guessesAtOneAccountLockItOutAndTheRightPasswordIsRefusedUntilTheLockoutEnds() async throws {
        let log = CapturedLog()
        var desk = try await Desk(logger: log.logger).desk
        // Long enough that a loaded machine's slow bcrypt cannot outlast it between two requests.
        desk.throttle = SignInThrottle(account: .init(freeFailures: 2, firstLockout: 5, maximumLockout: 60),
                                       address: .init(freeFailures: 100, firstLockout: 1, maximumLockout: 60))
        let app = desk
        try await app.application(host: "127.0.0.1", port: 0).test(.router) { client in
            for _ in 1...3 {
                let wrong = try await postSignIn(client, name: "clerk", password: "a wrong guess")
                #expect(wrong.status == .unauthorized)
                #expect(wrong.text.contains("账号或密码不正确。"))
            }
            let refused = try await postSignIn(client, name: "clerk", password: "password-clerk")
            #expect(refused.status == .tooManyRequests)
            // The seconds left of the lockout, rounded up: a loaded machine may have spent one already.
            let seconds = try #require(refused.headers[.retryAfter].flatMap { Int($0) })
            #expect((1...5).contains(seconds))
            #expect(refused.text.contains("登录失败次数过多，请 \(seconds) 秒后再试。"))
            #expect(Browser.cookieValue(IntakeApplication.sessionCookie, in: refused) == nil)
            #expect(log.text.contains("sign-in refused: locked out account=clerk"))
            // Another account from the same address signs in.
            #expect(try await postSignIn(client, name: "officer", password: "password-officer").status == .seeOther)

            try await Task.sleep(for: .milliseconds(5100))
            let after = try await postSignIn(client, name: "clerk", password: "password-clerk")
            #expect(after.status == .seeOther)
        }
    }

    @Test func oneAddressGuessingAtManyNamesAndTokensIsLockedOut() async throws {
        let fixture = try await Desk()
        var desk = fixture.desk
        desk.throttle = SignInThrottle(account: .init(freeFailures: 100, firstLockout: 30, maximumLockout: 60),
                                       address: .init(freeFailures: 3, firstLockout: 30, maximumLockout: 60))
        let app = desk, forgedToken = try await Desk().tokens["clerk"]! // another register's: it does not check out here
        try await app.application(host: "127.0.0.1", port: 0).test(.router) { client in
            for name in ["a", "b"] {
                #expect(try await postSignIn(client, name: name, password: "a wrong guess").status == .unauthorized)
            }
            let forged = try await client.execute(uri: "/api/rules", method: .get, headers: [.authorization: "Bearer \(forgedToken)"])
            #expect(forged.status == .unauthorized)
            #expect(try await postSignIn(client, name: "c", password: "a wrong guess").status == .unauthorized) // the fourth: locked now
            let page = try await postSignIn(client, name: "officer", password: "password-officer")
            #expect(page.status == .tooManyRequests)
            // The lockout counts down from 30 s; a loaded machine may take a second or two between requests.
            let waits = 25...30
            #expect(waits.contains(Int(page.headers[.retryAfter] ?? "") ?? 0))
            let api = try await client.execute(uri: "/api/rules", method: .get, headers: fixture.headers("officer"))
            #expect(api.status == .tooManyRequests)
            let wait = try #require(Int(api.headers[.retryAfter] ?? ""))
            #expect(waits.contains(wait))
            #expect(api.errorMessages == ["too many failed sign-ins: try again in \(wait) s"])
        }
    }

    /// Time must not tell which names exist: an unknown name costs what a wrong password costs, one bcrypt
    /// check at the accounts' cost, on the same password workers. Shown by what is done, not by a clock.
    @Test(.timeLimit(.minutes(1)))
    func anUnknownNameCostsAPasswordCheckLikeAWrongPassword() async throws {
        let fixture = try await Desk()
        let hashing = PasswordHashing(workers: 1, queueLimit: 0)
        let accounts = Accounts(register: fixture.register, passwordCost: 9, hashing: hashing)
        _ = try await accounts.create(name: "slow", role: .intake, password: "password-slow")
        try await accounts.prepareSignIn()
        let known = try #require(try await fixture.register.account(named: "slow")).passwordHash
        #expect(accounts.unknownAccount.hash.prefix(7) == "$2b$09$" && known.prefix(7) == "$2b$09$")
        #expect(try await accounts.account(name: "nobody", password: "a wrong guess") == nil)

        // With the one worker held, an unknown name waits for it like a known one: it is turned away too.
        let release = DispatchSemaphore(value: 0)
        let held = Task { try await hashing.run { release.wait() } }
        while hashing.load < 1 { try await Task.sleep(for: .milliseconds(5)) }
        for name in ["slow", "nobody"] {
            await #expect(throws: HashingBusy.self) { try await accounts.account(name: name, password: "a wrong guess") }
        }
        release.signal()
        try await held.value
    }

    @Test(.timeLimit(.minutes(1)))
    func signInBeyondThePasswordWorkersAndTheirQueueIsTurnedAwayAtOnce() async throws {
        let hashing = PasswordHashing(workers: 1, queueLimit: 1)
        let fixture = try await Desk()
        let desk = IntakeApplication(engine: fixture.engine, register: fixture.register,
                                     accounts: Accounts(register: fixture.register, passwordCost: 4, hashing: hashing), logger: Desk.logger)
        // The worker and the queue's one place taken by work that waits for the test.
        let release = DispatchSemaphore(value: 0)
        let held = (0..<2).map { _ in Task { try await hashing.run { release.wait() } } }
        while hashing.load < 2 { try await Task.sleep(for: .milliseconds(5)) }
        try await desk.application(host: "127.0.0.1", port: 0).test(.router) { client in
            // Answered while the held work still waits: a sign-in that queued would never come back.
            let busy = try await postSignIn(client, name: "clerk", password: "password-clerk")
            #expect(busy.status == .serviceUnavailable)
            #expect(busy.headers[.retryAfter] == "1")
            #expect(busy.text.contains("系统正忙，请稍后再试。"))
            // Everything else answers meanwhile.
            #expect(try await client.execute(uri: "/api/rules", method: .get, headers: fixture.headers("clerk")).status == .ok)
            release.signal()
            release.signal()
            for task in held { try await task.value }
            #expect(try await postSignIn(client, name: "clerk", password: "password-clerk").status == .seeOther)
        }
    }
}
