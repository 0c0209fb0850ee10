import Foundation
import IntakeRegister

/// 规则状态: the running rule set, the register's record of it (who made it the running one for every
/// desk, when, from where) with the rule sets that ran before it, and the last reload attempt with its
/// problems.
enum RulesStatusPage {
    struct View: PageView {
        let title: String
        let version: String
        let loadedAt: String
        let directory: String
        let running: Running?
        /// The newest first; the first is the running one.
        let history: [Running]
        let lastAttempt: Attempt?
    }

    /// How many of the rule sets that ran the page lists.
    static let historyShown = 20

    /// The register's record of the running rule set.
    struct Running: PageView {
        let hash: String
        let since: String
        let takenBy: String
        let source: String
    }

    struct Attempt: PageView {
        let at: String
        /// The hash's first 12 digits, or why there is none.
        let version: String
        /// 规则目录 or 登记册.
        let origin: String
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

    static func render(engine: RuleEngine, history: [RunningRuleSet], session: WebSession) -> String {
        let rules = engine.current
        let attempt = engine.lastAttempt.map { last in
            Attempt(at: last.at.formatted(.iso8601), version: last.hash.map { String($0.prefix(12)) } ?? "无法载入",
                    origin: last.origin == .folder ? "规则目录" : "登记册（其他服务台采用的规则）", accepted: last.accepted, casesRun: last.casesRun, casesFailed: last.casesFailed,
                    problems: last.problems.isEmpty ? nil : Problems(rows: last.problems.map {
                        Row(file: $0.file, line: $0.line, path: $0.path, message: $0.message.zh)
                    }))
        }
        let view = View(title: rules.ruleSet.title, version: rules.ruleSet.version, loadedAt: rules.loadedAt.formatted(.iso8601),
                        directory: engine.rulesDirectory.path, running: engine.runningEntry.map(running), history: history.map(running), lastAttempt: attempt)
        return Layout.page(.rulesStatus, view, title: "规则状态", session: session)
    }

    static func running(_ entry: RunningRuleSet) -> Running {
        let source = switch entry.taking.source {
        case .folder: "规则目录 \(entry.taking.origin)"
        case .proposal: "已批准的参数修改 \(entry.taking.origin)"
        }
        return Running(hash: String(entry.hash.prefix(12)), since: entry.since.formatted(.iso8601), takenBy: entry.taking.takenBy, source: source)
    }
}
