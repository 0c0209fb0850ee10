import ArgumentParser
import DecisionFormats
import Eligibility
import Foundation
import IntakeRegister
import IntakeServer

struct ReviewCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "review",
        abstract: "The yearly review (复核) of hardship files: list those due, re-assess them, record the result.",
        discussion: """
            A file is due when it is not closed and its last review (or, never reviewed, its opening) is \
            a year or more before --on; accidental-hardship files past their one-year expiry are listed \
            as expiring (到期). Each is re-assessed on --on with the newest assessment profile of its \
            household's members and the household's grants from the register (those of the last twelve \
            months count as income, as at the desk). The finding is 维持 (the tier stands), 建议调整 \
            (the rules give another tier), 建议关闭 (no hardship file any more) or 待补充 (the \
            re-assessment waits for information); no file is moved: an officer adjusts or closes it on \
            the desk.

            Recording: under a rule set the register holds (one a desk has run), each finding is recorded \
            as a new assessment entry and a review of the file, whose review date becomes --on; \
            --dry-run lists without recording. Rules the register does not hold (a changed --rules \
            folder, such as a new 低保 standard, tried before any desk takes it) are a trial: nothing \
            is recorded, every open file is re-assessed, and only the files the change moves (another \
            tier, or out of the files) are listed.

            Exit status: 0 when the review ran (whatever it found), 1 when the rules or the register \
            cannot be opened.
            """
    )

    @OptionGroup var ruleSetOptions: RuleSetOptions

    @Option(name: .long, help: ArgumentHelp(stringLiteral: RegisterLocation.help))
    var db: String = "bangfu.sqlite"

    @Option(name: .long, help: "The review day, YYYY-MM-DD (default: today).")
    var on: CivilDate?

    @Option(name: .long, help: "Who reviews: the name recorded on the entries and reviews.")
    var by: String = "review"

    @Flag(name: .long, help: "List and re-assess without recording anything.")
    var dryRun = false

    func run() async throws {
        let ruleSet = try ruleSetOptions.loadRuleSet()
        let date = on ?? .today()
        do {
            try await RegisterLocation(db).withRegister(createIfMissing: false) { register in
                let trial = try await !register.hasRuleSet(hash: ruleSet.contentHash)
                let reviewer = HardshipReview(register: register, ruleSet: ruleSet, pool: AssessorPool(ruleSet: ruleSet, limits: ruleSetOptions.limits))
                var lines: [HardshipReview.Line] = []
                for file in try await reviewer.files(on: date, everyOpenFile: trial) {
                    var line = try await reviewer.review(file, on: date)
                    if !trial && !dryRun { line = try await reviewer.record(line, on: date, by: by) }
                    lines.append(line)
                }
                print(Self.report(lines, on: date, ruleSet: ruleSet, trial: trial, dryRun: dryRun))
            }
        } catch let notOpened as RegisterNotOpened {
            printError("bangfu review: \(notOpened)")
            throw ExitCode(1)
        }
    }

    /// The listing: a header line, a table of the files, a summary line.
    static func report(_ lines: [HardshipReview.Line], on date: CivilDate, ruleSet: RuleSet, trial: Bool, dryRun: Bool) -> String {
        let shown = trial ? lines.filter(\.moves) : lines
        var out = ["困难职工档案复核　复核日期 \(date)　规则 \(ruleSet.title)（\(ruleSet.contentHash.prefix(12))）"
                   + (trial ? "　试算：登记簿中没有这套规则，只列出受影响的档案，不作记录" : dryRun ? "　试运行：不作记录" : "")]
        let header = ["档案号", "家庭号", "申请人", "档案类型", "建档日期", "上次复核", "列入原因", "复核结论", "记录", "说明"]
        let rows = shown.map { line -> [String] in
            let applicant = line.household?.members.first.map(\.name) ?? "—"
            let reason = line.expiring ? "意外致困到期 \(line.file.expiresOn?.description ?? "")" : trial ? "规则调整" : "满一年复核"
            let recorded = line.recorded.map { "第 \($0.review.assessmentID) 号记录" } ?? "未记录"
            return ["\(line.file.id)", "\(line.file.householdID)", applicant.isEmpty ? "—" : applicant, HardshipReview.tierLabel(line.file.tier),
                    line.file.openedOn.description, line.file.lastReviewedOn?.description ?? "—", reason,
                    HardshipReview.findingLabel(line.finding, suggested: line.suggestedTier), recorded,
                    line.note + (line.grantsCounted > 0 ? "（计入本户帮扶记录 \(line.grantsCounted) 笔）" : "")]
        }
        out += table([header] + rows)
        func count(_ finding: ReviewFinding?) -> Int { lines.filter { $0.finding == finding }.count }
        let expiring = lines.filter(\.expiring).count
        var summary = trial
            ? "合计：在档 \(lines.count) 件，受影响 \(shown.count) 件"
            : "合计：应复核 \(lines.count) 件" + (expiring > 0 ? "（其中意外致困到期 \(expiring) 件）" : "")
        summary += "；维持 \(count(.kept)) 件，建议调整 \(count(.adjust)) 件，建议关闭 \(count(.close)) 件，待补充 \(count(.needsInformation)) 件"
        if count(nil) > 0 { summary += "，无法复核 \(count(nil)) 件" }
        summary += trial || dryRun ? "；未作记录。" : "；已记录 \(lines.filter { $0.recorded != nil }.count) 件。"
        out.append(summary)
        return out.joined(separator: "\n")
    }

    /// Columns padded to their widest cell, a CJK character counting two columns; the last one unpadded.
    static func table(_ rows: [[String]]) -> [String] {
        func width(_ text: String) -> Int { text.unicodeScalars.reduce(0) { $0 + ($1.value >= 0x1100 ? 2 : 1) } }
        let widths = rows[0].indices.map { column in rows.map { width($0[column]) }.max() ?? 0 }
        return rows.map { row in
            row.enumerated().map { column, cell in
                column == row.count - 1 ? cell : cell + String(repeating: " ", count: widths[column] - width(cell))
            }.joined(separator: "  ")
        }
    }
}
