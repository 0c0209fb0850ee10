import EligibilityTesting
import Foundation
import Hummingbird
import HummingbirdTesting
import IntakeServer
import NIOCore
import Testing

/// A W3C WebDriver client for chromedriver on loopback: just the commands the scenario needs.
struct WebDriver: Sendable {
    static let elementKey = "element-6066-11e4-a52e-4f735466cecf"
    let base: URL
    let session: String

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// One WebDriver command. Spoken through HummingbirdTesting's HTTP client (SwiftNIO) rather than
    /// URLSession: chromedriver writes headers without a space after the colon (`Content-Length:250`),
    /// which FoundationNetworking on Linux refuses ("Failed writing header").
    static func send(_ method: HTTPRequest.Method, _ url: URL, _ body: [String: Any]?) async throws -> Any? {
        let port = url.port ?? 80
        var headers: HTTPFields = [:]
        var buffer: ByteBuffer?
        if let body {
            buffer = ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: body))
            headers[.contentType] = "application/json; charset=utf-8"
        }
        let request = TestClient.Request(url.path, method: method, authority: "127.0.0.1:\(port)", headers: headers, body: buffer)
        let response = try await TestClient.withClient(host: "127.0.0.1", port: port, configuration: .init(timeout: .seconds(20))) { client in
            try await client.execute(request)
        }
        let data = Data(buffer: response.body ?? ByteBuffer())
        let json = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
        guard response.status == .ok else {
            throw Failure(description: "WebDriver \(method) \(url.path): \(String(decoding: data, as: UTF8.self).prefix(500))")
        }
        return json?["value"]
    }

    /// Waits (at most `timeout`) for chromedriver to be ready, then opens a headless Chromium.
    static func start(port: Int, timeout: Duration = .seconds(15)) async throws -> WebDriver {
        let base = URL(string: "http://127.0.0.1:\(port)")!
        let deadline = ContinuousClock.now + timeout
        var problem = "no answer"
        while true {
            do {
                let status = try await send(.get, base.appendingPathComponent("status"), nil) as? [String: Any]
                if status?["ready"] as? Bool == true { break }
                problem = "not ready: \(String(describing: status))"
            } catch {
                problem = "\(error)"
            }
            guard ContinuousClock.now < deadline else { throw Failure(description: "chromedriver did not become ready on port \(port): \(problem)") }
            try await Task.sleep(for: .milliseconds(100))
        }
        let capabilities: [String: Any] = ["capabilities": ["alwaysMatch": [
            "browserName": "chrome",
            "goog:chromeOptions": [
                "binary": BrowserTests.chromium,
                "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--lang=en-US",
                         "--window-size=1000,1000"],
            ] as [String: Any],
        ] as [String: Any]]]
        let value = try await send(.post, base.appendingPathComponent("session"), capabilities) as? [String: Any]
        guard let session = value?["sessionId"] as? String else { throw Failure(description: "no WebDriver session: \(String(describing: value))") }
        return WebDriver(base: base, session: session)
    }

    func command(_ method: String, _ path: String, _ body: [String: Any]? = nil) async throws -> Any? {
        let verb: HTTPRequest.Method = method == "POST" ? .post : method == "DELETE" ? .delete : .get
        return try await Self.send(verb, base.appendingPathComponent("session/\(session)/" + path), body ?? (verb == .post ? [:] : nil))
    }

    func navigate(_ url: String) async throws { _ = try await command("POST", "url", ["url": url]) }
    func currentURL() async throws -> String { try await command("GET", "url") as? String ?? "" }

    /// The first element matching `css`, waiting at most `timeout` for it to appear.
    func element(_ css: String, timeout: Duration = .seconds(10)) async throws -> String {
        let deadline = ContinuousClock.now + timeout
        while true {
            if let found = try? await command("POST", "element", ["using": "css selector", "value": css]) as? [String: Any],
               let id = found[Self.elementKey] as? String { return id }
            guard ContinuousClock.now < deadline else { throw Failure(description: "no element matches \(css) on \(try await currentURL())") }
            try await Task.sleep(for: .milliseconds(100))
        }
    }

    func type(_ css: String, _ text: String) async throws {
        _ = try await command("POST", "element/\(try await element(css))/value", ["text": text])
    }

    func click(_ css: String) async throws {
        _ = try await command("POST", "element/\(try await element(css))/click")
    }

    func text(_ css: String) async throws -> String {
        try await command("GET", "element/\(try await element(css))/text") as? String ?? ""
    }

    func screenshot() async throws -> Data {
        guard let base64 = try await command("GET", "screenshot") as? String, let data = Data(base64Encoded: base64) else {
            throw Failure(description: "no screenshot")
        }
        return data
    }

    /// Waits (at most `timeout`) until the browser's address satisfies `condition`.
    func waitForURL(timeout: Duration = .seconds(10), _ condition: (String) -> Bool) async throws -> String {
        let deadline = ContinuousClock.now + timeout
        while true {
            let url = try await currentURL()
            if condition(url) { return url }
            guard ContinuousClock.now < deadline else { throw Failure(description: "the browser stayed on \(url)") }
            try await Task.sleep(for: .milliseconds(100))
        }
    }

    func quit() async { _ = try? await Self.send(.delete, base.appendingPathComponent("session/\(session)"), nil) }
}

/// A port free on loopback now (the system picks it; chromedriver binds it a moment later).
func freeLoopbackPort() throws -> Int {
    let socket = Foundation.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard socket >= 0 else { throw WebDriver.Failure(description: "no socket") }
    defer { close(socket) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = 0
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafeMutablePointer(to: &address) { pointer in
        pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socket, $0, length) == 0 && getsockname(socket, $0, &length) == 0 }
    }
    guard bound else { throw WebDriver.Failure(description: "could not bind a loopback port") }
    return Int(UInt16(bigEndian: address.sin_port))
}

@Suite("The web pages in headless Chromium", .timeLimit(.minutes(1)))
struct BrowserTests {
    static let chromium = "/usr/bin/chromium"
    static let chromedriver = "/usr/bin/chromedriver"

    /// Whether chromium and chromedriver are installed; records an issue when not.
    static func browserInstalled() -> Bool {
        for tool in [chromium, chromedriver] where !FileManager.default.isExecutableFile(atPath: tool) {
            Issue.record("\(tool) is missing: install Debian's chromium and chromium-driver (scripts/test.sh does, through scripts/prerequisites.sh)")
            return false
        }
        return true
    }

    /// Runs `body` with a headless Chromium, driven through a chromedriver of its own on loopback.
    static func withBrowser(_ body: (WebDriver) async throws -> Void) async throws {
        let driverPort = try freeLoopbackPort()
        let driverProcess = Process()
        driverProcess.executableURL = URL(fileURLWithPath: chromedriver)
        driverProcess.arguments = ["--port=\(driverPort)", "--allowed-ips=127.0.0.1"]
        driverProcess.standardOutput = FileHandle.nullDevice
        driverProcess.standardError = FileHandle.nullDevice
        try driverProcess.run()
        defer {
            if driverProcess.isRunning { kill(driverProcess.processIdentifier, SIGKILL) }
            driverProcess.waitUntilExit()
        }
        let browser = try await WebDriver.start(port: driverPort)
        do {
            try await body(browser)
        } catch {
            await browser.quit()
            throw error
        }
        await browser.quit()
    }

    /// Log in, fill a household of two with "添加一名成员", submit, read the decision sheet, find the
    /// entry in the register. With BANGFU_SCREENSHOT=PATH the decision sheet is saved there as PNG.
    @Test func anIntakeClerkAssessesAHouseholdInTheBrowser() async throws {
        let started = ContinuousClock.now
        guard Self.browserInstalled() else { return }
        let fixture = try PagesFixture.make()
        let folder = try temporaryFolder()
        let cases = folder.appendingPathComponent("Cases")
        try FileManager.default.createDirectory(at: cases, withIntermediateDirectories: true)
        let database = folder.appendingPathComponent("register.sqlite").path
        let added = try BangfuProcess.run(["user", "add", "clerk", "--role", "intake", "--db", database], input: "a long password\n")
        try #require(added.status == 0, "\(added.errors)")

        let server = try ServerProcess(["--rules", fixture.directory.path, "--cases", cases.path, "--db", database])
        defer { server.kill() }
        try await server.waitUntilListening()
        try await Self.withBrowser { browser in try await scenario(browser, site: "http://127.0.0.1:\(server.port)") }
        let seconds = (ContinuousClock.now - started).components.seconds
        print("browser scenario took about \(seconds) s")
    }

    func scenario(_ browser: WebDriver, site: String) async throws {
        // Signed out: the form sends us to the sign-in page.
        try await browser.navigate(site + "/assess")
        _ = try await browser.waitForURL { $0.contains("/login") }
        try await browser.type("#name", "clerk")
        try await browser.type("#password", "a long password")
        try await browser.click("#sign-in")
        _ = try await browser.waitForURL { $0.hasSuffix("/assess") }

        try await browser.type("#f-name", "王秀英")
        try await browser.type("#f-id_number", "110101197005011235")
        try await browser.type("#f-birth_date", "05011970") // Chromium's date field, en-US order: month, day, year
        try await browser.type("#f-income", "1000")
        try await browser.click(#"#f-hukou option[value="urban"]"#)
        try await browser.click("#add-f-household-members")
        try await browser.type(#"[name="household.members[1].monthly_income"]"#, "500")
        try await browser.click("#add-f-household-members")
        try await browser.type(#"[name="household.members[2].monthly_income"]"#, "0")
        #expect(try await browser.text("#f-household").contains("成员 第 2 项"))
        #expect(try await browser.text("#f-household-members-1").contains("删除"))
        try await browser.click("#submit-assessment")

        let sheet = try await browser.waitForURL { $0.contains("/decisions/") }
        #expect(try await browser.text("h1") == "帮扶资格评估单")
        #expect(try await browser.text("#applicant-name") == "王秀英")
        #expect(try await browser.text("#applicant-id") == "1101**********1235")
        #expect(try await browser.text("#programme-basic .outcome") == "符合")
        #expect(try await browser.text("#programme-basic").contains("人均收入 500.00 元")) // (1000 + 500 + 0) / 3
        #expect(try await browser.text("#totals").contains("752.00 元")) // 940 × 0.8 a month
        if let path = ProcessInfo.processInfo.environment["BANGFU_SCREENSHOT"], !path.isEmpty {
            try await browser.screenshot().write(to: URL(fileURLWithPath: path))
        }

        try await browser.navigate(site + "/register")
        try await browser.type("#q-name", "秀英")
        try await browser.click("#search")
        _ = try await browser.waitForURL { $0.contains("name=") }
        let row = try await browser.text("#entries tbody tr")
        #expect(row.contains("王秀英") && row.contains("基本救助"))
        try await browser.click("#entries tbody tr a")
        #expect(try await browser.waitForURL { $0.contains("/decisions/") } == sheet)
    }
}
