import Eligibility
import Foundation
import Interview
import Testing

/// The issue's three walk-in applicants interviewed in headless Chromium with the sample rules, every
/// answer taken from their sample profiles, as a clerk types them: the screening page, each round's
/// questions, 请核对, 确认记录. With BANGFU_SCREENSHOT=FOLDER every page is saved in FOLDER/interview.
@Suite("The interview in headless Chromium", .timeLimit(.minutes(5)))
struct InterviewBrowserTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// (a) a laid-off worker with a household of three and a child at university; (b) a migrant worker
    /// owed 24,000 yuan in wages; (c) a 62-year-old woman with a grade-2 disability on 低保.
    static let applicants = [("a", "01-laid-off-deep-hardship"), ("b", "02-migrant-wage-arrears"),
                             ("c", "50-disabled-pensioner-woman-on-dibao")]

    /// What one interview took.
    struct Figures: CustomStringConvertible {
        /// Distinct fields put to the clerk as inputs, and those given an answer.
        var shown: Set<String> = []
        var answered: Set<String> = []
        /// Pages sent (every button pressed, 添加一名成员 and 确认记录 among them).
        var roundTrips = 0
        var description: String { "fields shown \(shown.count), answered \(answered.count), round trips \(roundTrips)" }
    }

    @Test func threeWalkInApplicantsAreInterviewedToACompleteAssessment() async throws {
        let rules = Self.repository.appendingPathComponent("Rules")
        let schema = try RuleSet.load(from: rules).schema
        try await BrowserHarness.run(rules: rules) { browser, site in
            try await BrowserHarness.signIn(browser, site: site)
            for (letter, name) in Self.applicants {
                let file = Self.repository.appendingPathComponent("Cases/applicants/\(name).yaml")
                let document = try DocumentNode.parse(String(contentsOf: file, encoding: .utf8), displayName: file.lastPathComponent)
                let answers = AnswerSheet(document: document, schema: schema)
                let figures = try await Self.interview(browser, site: site, answers: answers,
                                                       takenFromIDNumbers: Self.takenFromIDNumbers(answers, schema), shots: "interview-\(letter)")
                print("applicant (\(letter)) \(name): \(figures)")
                #expect(figures.shown.count <= 2 * figures.answered.count, "(\(letter)) asked \(figures.shown.sorted()) for \(figures.answered.count) answers")
            }
        }
    }

    /// The answers the desk takes from an ID number (birth date and sex): a clerk leaves them blank.
    static func takenFromIDNumbers(_ answers: AnswerSheet, _ schema: Schema) -> Set<String> {
        Set(answers.answers.flatMap { path, answer -> [String] in
            guard schema.field(at: path)?.format == .idNumber, case .text(let text) = answer,
                  let number = ChineseIDNumber(text) else { return [] }
            return schema.answers(impliedBy: number, at: path).map(\.path)
        })
    }

    /// Interviews one applicant from the start page to the decision sheet, answering from `answers`
    /// but for those the desk takes from the ID number.
    static func interview(_ browser: WebDriver, site: String, answers: AnswerSheet, takenFromIDNumbers: Set<String>,
                          shots: String) async throws -> Figures {
        var figures = Figures()
        var step = 0
        func shoot(_ what: String) async throws {
            guard let folder = BrowserHarness.screenshotFolder?.appendingPathComponent("interview") else { return }
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            step += 1
            let name = String(format: "%@-%02d-%@.png", shots, step, what)
            try await browser.fullPageScreenshot().write(to: folder.appendingPathComponent(name))
        }
        func press(_ css: String) async throws {
            figures.roundTrips += 1
            try await browser.click(css)
        }
        try await browser.navigate(site + "/assess")
        while true {
            _ = try await browser.element("h1")
            let title = try await browser.text("h1")
            if title == "请核对" {
                try await shoot("review")
                if !(try await browser.elements("#missing").isEmpty) {
                    Issue.record("the interview ended with information missing: \(try await browser.text("#missing"))")
                }
                try await press("#confirm")
                break
            }
            // Answer every question the page asks that is still blank, from the profile.
            for element in try await browser.elements(#"form[action="/assess"] input[type="text"], form[action="/assess"] select"#) {
                let path = try await browser.property(element, "name")
                figures.shown.insert(path)
                guard try await browser.property(element, "value").isEmpty, !takenFromIDNumbers.contains(path),
                      let answer = answers[path] else { continue }
                figures.answered.insert(path)
                let text = switch answer { case .text(let text): text; case .none: "无" }
                if try await browser.property(element, "tagName") == "SELECT" {
                    try await browser.click(#"[name="\#(path)"] option[value="\#(text)"]"#)
                } else {
                    try await browser.type(into: element, text)
                }
            }
            // The household, one member at a time, on the page that lists it.
            let members = try await browser.elements("fieldset.item").count
            if !(try await browser.elements("#add-f-household-members").isEmpty), members < answers.itemCount("household.members") {
                try await shoot("member-\(members + 1)")
                try await press("#add-f-household-members")
                continue
            }
            try await shoot(title.contains("第") ? "round-" + title.filter(\.isNumber) : "screening")
            try await press("#next")
        }
        let sheet = try await browser.waitForURL { $0.contains("/decisions/") }
        _ = try await browser.element("#totals")
        try await shoot("decision")
        #expect(try await browser.elements(#"[data-outcome="needs_information"]"#).isEmpty, "\(sheet) still needs information")
        return figures
    }
}
