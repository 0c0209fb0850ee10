import Eligibility
import EligibilityTesting
import Foundation
import HummingbirdTesting
import NIOCore
import Testing

extension WebDriver {
    /// The value of a cookie the browser holds for the site.
    func cookie(_ name: String) async throws -> String {
        let cookie = try await command("GET", "cookie/\(name)") as? [String: Any]
        guard let value = cookie?["value"] as? String else { throw Failure(description: "no cookie \(name)") }
        return value
    }

    /// Makes the window as tall as the page, so a screenshot shows all of it.
    func fitWindowToPage(width: Int = 1000) async throws {
        _ = try await command("POST", "window/rect", ["width": width, "height": 600]) // a page is never shorter than its window
        let height = try await command("POST", "execute/sync", ["script": "return document.documentElement.scrollHeight", "args": []]) as? Int ?? 1000
        _ = try await command("POST", "window/rect", ["width": width, "height": height + 140])
    }
}

/// The two sheets of a sample applicant, as Chromium shows and prints them: the staff record (the
/// decision page) and the notice the applicant takes home, which must fit one A4 page.
@Suite("The sheets in headless Chromium, on screen and on A4", .timeLimit(.minutes(2)))
struct SheetPrintTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let pdfinfo = "/usr/bin/pdfinfo"

    /// A typical household, every question the sample rules ask answered: 李建国, laid off (the sample
    /// applicant of Cases/applicants/01), his wife and a son entering university.
    static let typicalProfile = """
        applicant:
          id_number: "34010419780512001X"
          name: 李建国
          birth_date: 1978-05-12
          sex: male
          hukou: urban
          lives_in: city
          union_member: true
          category: laid_off
        employment:
          status: unemployed
          employer: XX机械厂（已破产）
          monthly_income: 1000
          relationship_disputed: false
          firm_closed: true
          registered_unemployed: true
          unemployment_registered_on: 2025-11-01
          refused_suitable_work: false
        household:
          members:
            - {name: 王秀兰, relation: spouse, monthly_income: 2400, idle_able_bodied: false, studying: null}
            - {name: 李明, relation: child, monthly_income: 0, idle_able_bodied: false, studying: university, entry_year: 2026, funded_by_other_body: false, military_or_free_teacher: false}
          other_yearly_income: 0
          compensation_received: 0
          rigid_costs: {medical: 0, disability: 0, schooling: 12000, housing: 0, other: 0}
          homes: 1
          vehicle: none
          owns_company: false
          owns_commercial_property: false
          employs_others: false
          hides_income_or_refuses_checks: false
        health:
          serious_illness: false
        emergency:
          event: null
        work_injury:
          injured: false
          family_of_deceased: false
          subsidy_paid: false
        wage_arrears:
          amount_owed: 0
        model_worker:
          level: null
        startup:
          business_type: none
          employees: 0
        village:
          twinned_household: false
        documents:
          income_proof_complete: true
          medical_receipts_complete: true
        """

    /// `typicalProfile` as JSON; `dropping` leaves out a field of one of its groups (`monthly_income`:
    /// his own income, in `employment`).
    static func sampleProfileJSON(dropping field: String? = nil) throws -> String {
        var text = typicalProfile
        if let field { text = text.split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.hasPrefix("  \(field):") }.joined(separator: "\n") }
        func value(_ node: DocumentNode) -> Any {
            switch node {
            case .scalar(let text, let quoted, _):
                if quoted { return text }
                if text == "true" || text == "false" { return text == "true" }
                return Int(text).map { $0 as Any } ?? text
            case .null: return NSNull()
            case .sequence(let items, _): return items.map(value)
            case .mapping(let pairs, _): return Dictionary(pairs.map { ($0.key, value($0.value)) }, uniquingKeysWith: { a, _ in a })
            }
        }
        let document = try DocumentNode.parse(text, displayName: "typical.yaml")
        return String(decoding: try JSONSerialization.data(withJSONObject: value(document), options: [.sortedKeys]), as: UTF8.self)
    }

    /// An assessment recorded through the API; its register entry's number.
    static func record(_ json: String, site: URL, token: String) async throws -> Int64 {
        let request = TestClient.Request("/api/assess?on=2026-09-01", method: .post, authority: "127.0.0.1:\(site.port!)",
                                         headers: [.authorization: "Bearer \(token)", .contentType: "application/json"],
                                         body: ByteBuffer(string: json))
        let response = try await TestClient.withClient(host: "127.0.0.1", port: site.port!, configuration: .init(timeout: .seconds(20))) {
            try await $0.execute(request)
        }
        guard response.status == .ok, let id = response.headers[.init("Bangfu-Assessment-Id")!].flatMap({ Int64($0) }) else {
            throw WebDriver.Failure(description: "the assessment was not recorded: \(response.status) \(String(buffer: response.body ?? ByteBuffer()))")
        }
        return id
    }

    /// The page at `path` as the signed-in browser gets it.
    static func page(_ path: String, site: URL, cookie: String) async throws -> String {
        let request = TestClient.Request(path, method: .get, authority: "127.0.0.1:\(site.port!)", headers: [.cookie: cookie])
        let response = try await TestClient.withClient(host: "127.0.0.1", port: site.port!, configuration: .init(timeout: .seconds(20))) {
            try await $0.execute(request)
        }
        return String(buffer: response.body ?? ByteBuffer())
    }

    /// Prints `html` (a page of the desk, its stylesheet fetched from `site`) with `chromium --headless
    /// --print-to-pdf`, as a clerk's browser prints it.
    static func printToPDF(_ html: String, site: URL, to pdf: URL) throws {
        let folder = try temporaryFolder()
        let file = folder.appendingPathComponent("page.html")
        try html.replacingOccurrences(of: #"href="/style.css""#, with: #"href="\#(site.absoluteString)/style.css""#)
            .write(to: file, atomically: true, encoding: .utf8)
        let chromium = Process()
        chromium.executableURL = URL(fileURLWithPath: BrowserTests.chromium)
        chromium.arguments = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-pdf-header-footer",
                              "--user-data-dir=\(folder.appendingPathComponent("profile").path)", "--print-to-pdf=\(pdf.path)", file.absoluteString]
        chromium.standardOutput = FileHandle.nullDevice
        chromium.standardError = FileHandle.nullDevice
        try chromium.run()
        chromium.waitUntilExit()
        guard chromium.terminationStatus == 0, FileManager.default.fileExists(atPath: pdf.path) else {
            throw WebDriver.Failure(description: "chromium --print-to-pdf failed (\(chromium.terminationStatus))")
        }
    }

    /// `pdfinfo`'s fields (`Pages`, `Page size`).
    static func pdfInfo(_ pdf: URL) throws -> [String: String] {
        let process = Process(), output = Pipe()
        process.executableURL = URL(fileURLWithPath: pdfinfo)
        process.arguments = [pdf.path]
        process.standardOutput = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        var fields: [String: String] = [:]
        for line in text.split(separator: "\n") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            fields[String(line[..<colon])] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        return fields
    }

    /// Records the typical household twice, the first time without the applicant's own income (the
    /// programmes that need it wait), then looks at the second entry's staff record and at the notice of
    /// the first.
    /// With BANGFU_SHEETS=FOLDER, leaves `staff-record.png`, `notice.png`, `notice.pdf` and the register
    /// searched by the ID number's end, `register.png`, there.
    @Test func theStaffRecordAndTheNoticePrintOnA4() async throws {
        guard BrowserHarness.browserInstalled() else { return }
        guard FileManager.default.isExecutableFile(atPath: Self.pdfinfo) else {
            Issue.record("\(Self.pdfinfo) is missing: install Debian's poppler-utils (scripts/test.sh does)")
            return
        }
        let folder = try temporaryFolder()
        let cases = folder.appendingPathComponent("Cases")
        try FileManager.default.createDirectory(at: cases, withIntermediateDirectories: true)
        let database = folder.appendingPathComponent("register.sqlite").path
        let added = try BangfuProcess.run(["user", "add", "li", "--role", "officer", "--db", database], input: "a long password\n")
        try #require(added.status == 0, "\(added.errors)")
        let token = added.output.trimmingCharacters(in: .whitespacesAndNewlines)

        let server = try ServerProcess(["--rules", Self.repository.appendingPathComponent("Rules").path, "--cases", cases.path, "--db", database])
        defer { server.kill() }
        try await server.waitUntilListening()
        let site = URL(string: "http://127.0.0.1:\(server.port)")!
        let first = try await Self.record(try Self.sampleProfileJSON(dropping: "monthly_income"), site: site, token: token)
        let second = try await Self.record(try Self.sampleProfileJSON(), site: site, token: token)
        let output = ProcessInfo.processInfo.environment["BANGFU_SHEETS"].flatMap { $0.isEmpty ? nil : URL(fileURLWithPath: $0) }
        if let output { try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true) }

        try await BrowserHarness.withBrowser { browser in
            try await browser.navigate(site.absoluteString + "/login")
            try await browser.type("#name", "li")
            try await browser.type("#password", "a long password")
            try await browser.click("#sign-in")
            _ = try await browser.waitForURL { !$0.contains("/login") }

            try await browser.navigate(site.absoluteString + "/decisions/\(second)")
            #expect(try await browser.text("h1") == "帮扶资格评估单")
            #expect(try await browser.text("#applicant-id") == "3401**********001X")
            #expect(try await browser.text("#other-assessments").contains("第 \(first) 号"))
            #expect(try await browser.text("#reassess-link") == "修改后重新评估")
            #expect(try await browser.text("button.print") == "打印（A4）") // shown by /print.js: the CSP let it run
            if let output {
                try await browser.fitWindowToPage()
                try await browser.screenshot().write(to: output.appendingPathComponent("staff-record.png"))
            }

            try await browser.navigate(site.absoluteString + "/decisions/\(first)/notice")
            #expect(try await browser.text("h1") == "帮扶申请告知书")
            #expect(try await browser.text("#pending").contains("待补充"))
            #expect(try await browser.text("#not-concerned").hasPrefix("以下项目不符合条件："))
            if let output {
                try await browser.fitWindowToPage(width: 900)
                try await browser.screenshot().write(to: output.appendingPathComponent("notice.png"))
            }

            try await browser.navigate(site.absoluteString + "/register?applicant_id=001x")
            #expect(try await browser.text("#entries").contains("待补充 5"))
            if let output {
                try await browser.fitWindowToPage()
                try await browser.screenshot().write(to: output.appendingPathComponent("register.png"))
            }

            let cookie = "bangfu_session=" + (try await browser.cookie("bangfu_session"))
            let pdf = (output ?? folder).appendingPathComponent("notice.pdf")
            try Self.printToPDF(try await Self.page("/decisions/\(first)/notice", site: site, cookie: cookie), site: site, to: pdf)
            let info = try Self.pdfInfo(pdf)
            #expect(info["Pages"] == "1", "the notice of a typical household fits one page: \(info)")
            #expect(info["Page size"]?.hasSuffix("(A4)") == true, "\(info)")
        }
    }
}
