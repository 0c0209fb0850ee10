import ArgumentParser
import CaseTesting
import CaseTooling
import Eligibility
import Foundation

struct TestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test",
        abstract: "Run case files and show every case whose decisions differ from what it expects.",
        discussion: """
            Each failing case is shown with its differences, expected against actual, per programme; the \
            last line is `N passed, M failed`. Cases run in parallel on all cores (--jobs); results and \
            output do not depend on the number of jobs. With --update, the differences are shown, then \
            written into the case files in place (comments and layout kept). --coverage reports, per rule \
            file, the lines no case ran, per programme the outcomes no case reached, and the parameters and \
            profile fields no case read; --min-coverage fails the run below a percentage of lines. Exit \
            status: 0 when every case \
            passes (with --update: when every difference was written back), 1 otherwise (including \
            unreadable case files or a rule set that does not load).
            """
    )

    @Argument(help: "Case files or folders of case files (default: the Cases folder beside the rules folder, else ./Cases).")
    var paths: [String] = []

    @OptionGroup var ruleSetOptions: RuleSetOptions

    @Option(name: .long, help: "Only cases with this tag, or with this text in their name or file (repeatable).")
    var filter: [String] = []

    @Option(name: .long, help: "Write a JUnit XML report to this file.")
    var junit: String?

    @Flag(name: .long, help: "Write the current results into the expectations of failing cases, after showing the differences.")
    var update = false

    @Flag(name: .long, help: "Report the rule lines, outcomes, parameters and profile fields no case exercises.")
    var coverage = false

    @Option(name: .long, help: "With --coverage: fail when the share of rule lines run is below this percentage.")
    var minCoverage: Double?

    @Option(name: .long, help: "Cases to run at once (default: the number of cores).")
    var jobs: Int = CaseSuite.defaultJobs

    func run() throws {
        let ruleSet = try ruleSetOptions.loadRuleSet()
        let language = ruleSet.language
        func say(_ zh: String, _ en: String) -> String { Text(zh: zh, en: en).rendered(in: language) }
        var cases: [TestCase]
        do {
            cases = try CaseFileLoader.discover(paths.isEmpty ? [ruleSetOptions.casesBesideRules ?? "Cases"] : paths)
        } catch {
            ruleSetOptions.printProblems(error.diagnostics)
            print(CaseReport.summary([], in: language))
            throw ExitCode(1)
        }
        if !filter.isEmpty { cases = cases.filter { testCase in filter.contains { testCase.matches(filter: $0) } } }
        // A rule file that does not load fails every case that reaches it: its own error, once, says more.
        let loadProblems = try ruleSetOptions.makeAssessor(ruleSet).loadProblems
        if !loadProblems.isEmpty {
            ruleSetOptions.printProblems(loadProblems, prefix: ruleSetOptions.rules)
            print("规则文件未能加载，\(cases.count) 个案例没有运行：先修正上面的错误（bangfu check 列出全部问题）")
            throw ExitCode(1)
        }
        let clock = ContinuousClock()
        let start = clock.now
        let run = CaseSuite.run(cases, ruleSet: ruleSet, limits: ruleSetOptions.limits, jobs: jobs,
                                measuringCoverage: coverage || minCoverage != nil)
        let elapsed = clock.now - start
        let results = run.results
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        for result in results where !result.passed {
            print(CaseReport.failure(result, in: language))
            print("")
        }
        if let junit {
            try JUnitReport.xml(results, suite: ruleSet.title, seconds: seconds, in: language).write(toFile: junit, atomically: true, encoding: .utf8)
        }
        let jobsUsed = max(1, min(jobs, results.count))
        printError(say(String(format: "运行了 %d 个案例，用时 %.3f 秒，%d 个并行任务", results.count, seconds, jobsUsed),
                       String(format: "ran %d cases in %.3f s with %d jobs", results.count, seconds, jobsUsed)))
        var leftAlone = 0
        if update {
            for file in CaseUpdater.update(results) {
                print(say("已更新 \(file.file)：\(file.updated) 处预期", "updated \(file.file): \(file.updated) expectations"))
                for item in file.leftAlone { print(say("  未更新，请手工修改：", "  not updated, mend by hand: ") + item.rendered(in: language)) }
                leftAlone += file.leftAlone.count
            }
        }
        var belowMinimum = false
        if let measured = run.coverage {
            let report = CoverageReport(ruleSet: ruleSet, results: results, coverage: measured)
            print(report.text(in: language))
            if let minCoverage, report.percent < minCoverage {
                print(say(String(format: "覆盖率 %.1f%% 低于最低要求 %.1f%%", report.percent, minCoverage),
                          String(format: "coverage %.1f%% is below the minimum of %.1f%%", report.percent, minCoverage)))
                belowMinimum = true
            }
        }
        print(CaseReport.summary(results, in: language))
        let failed = results.contains { !$0.passed }
        if cases.isEmpty || belowMinimum || (update ? leftAlone > 0 : failed) { throw ExitCode(1) }
    }
}
