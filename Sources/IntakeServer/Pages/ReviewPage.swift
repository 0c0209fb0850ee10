import DecisionFormats
import Eligibility
import IntakeRegister

/// 年度复核 (review-files.mustache): the files due for review today with what the re-assessment
/// found, and the form recording them.
enum ReviewPage {
    struct View: PageView {
        let on: String
        let recorded: Int?
        let csrfToken: String
        let table: HouseholdPages.Rows<Row>?
        let summary: String
    }

    struct Row: PageView {
        let file: Int64
        let household: Int64
        let applicant: String
        let tier: String
        let openedOn: String
        let lastReviewed: String
        let reason: String
        let finding: String
        /// `kept`, `adjust`, `close`, `needs_information` or `none`, for the row's class.
        let findingCode: String
        let note: String
        let source: Int64?
    }

    static func render(_ lines: [HardshipReview.Line], on date: CivilDate, recorded: Int?, session: WebSession) -> String {
        let rows = lines.map { line in
            Row(file: line.file.id, household: line.file.householdID,
                applicant: line.household?.members.first.map { $0.name.isEmpty ? "（未填姓名）" : $0.name } ?? "—",
                tier: HardshipReview.tierLabel(line.file.tier), openedOn: line.file.openedOn.description,
                lastReviewed: line.file.lastReviewedOn?.description ?? "尚未复核",
                reason: line.expiring ? "意外致困到期（\(line.file.expiresOn?.description ?? "")）" : "满一年复核",
                finding: HardshipReview.findingLabel(line.finding, suggested: line.suggestedTier),
                findingCode: line.finding?.rawValue ?? "none",
                note: line.note + (line.grantsCounted > 0 ? "（计入本户帮扶记录 \(line.grantsCounted) 笔）" : ""), source: line.source?.id)
        }
        func count(_ finding: ReviewFinding) -> Int { lines.filter { $0.finding == finding }.count }
        let summary = "应复核 \(lines.count) 件：维持 \(count(.kept)) 件，建议调整 \(count(.adjust)) 件，建议关闭 \(count(.close)) 件，待补充 \(count(.needsInformation)) 件。"
        return Layout.page(.reviewFiles, View(on: date.description, recorded: recorded, csrfToken: session.csrfToken, table: .of(rows), summary: summary),
                           title: "年度复核", session: session)
    }
}
