import Foundation
import IntakeRegister

/// 规则状态: the running rule set and the last reload attempt with its problems.
enum RulesStatusPage {
    struct View: PageView {
        let title: String
        let version: String
        let loadedAt: String
        let directory: String
        let lastAttempt: Attempt?
    }

    struct Attempt: PageView {
        let at: String
        /// The hash's first 12 digits, or why there is none.
        let version: String
        let accepted: Bool
        let casesRun: Int
        let casesFailed: Int
        let problems: Problems?
    }

    struct Problems: PageView {
        let rows: [Row]
    }

    struct Row: PageView {
        let file: String?
        let line: Int?
        let path: String?
        let message: String
    }

    static func render(engine: RuleEngine, session: WebSession) -> String {
        let rules = engine.current
        let attempt = engine.lastAttempt.map { last in
            Attempt(at: last.at.formatted(.iso8601), version: last.hash.map { String($0.prefix(12)) } ?? "无法载入",
                    accepted: last.accepted, casesRun: last.casesRun, casesFailed: last.casesFailed,
                    problems: last.problems.isEmpty ? nil : Problems(rows: last.problems.map {
                        Row(file: $0.file, line: $0.line, path: $0.path, message: $0.message)
                    }))
        }
        let view = View(title: rules.ruleSet.title, version: rules.ruleSet.version, loadedAt: rules.loadedAt.formatted(.iso8601),
                        directory: engine.rulesDirectory.path, lastAttempt: attempt)
        return Layout.page(.rulesStatus, view, title: "规则状态", session: session)
    }
}
