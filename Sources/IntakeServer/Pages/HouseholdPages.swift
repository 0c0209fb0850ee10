import DecisionFormats
import Eligibility
import Foundation
import IntakeRegister

/// 档案: the households found (households.mustache), one household with its members, hardship files,
/// grants, claims and assessments (household.mustache), the form opening a hardship file from a
/// decision (household-file-form.mustache) and the model workers' list (model-workers.mustache).
enum HouseholdPages {
    /// A table's rows, nil when there are none: the template shows the table, or says there is nothing.
    struct Rows<Row: PageView>: PageView {
        let rows: [Row]

        static func of(_ rows: [Row]) -> Rows? { rows.isEmpty ? nil : Rows(rows: rows) }
    }

    // MARK: The list

    struct List: PageView {
        let idNumber: String
        let name: String
        let error: String?
        let mayReview: Bool
        let table: ListTable?
    }

    struct ListTable: PageView {
        let count: Int
        let rows: [ListRow]
    }

    struct ListRow: PageView {
        let id: Int64
        let head: String
        let maskedID: String
        let members: Int
        /// The file that holds, as tier and status, or a dash.
        let file: String
        let openedOn: String
        let age: Int
        let open: Bool
    }

    static func listRow(_ household: StoredHousehold, files: [StoredHardshipFile], today: CivilDate) -> ListRow {
        let head = household.members.first
        let file = files.last { $0.status != .closed }.map { "\(HardshipReview.tierLabel($0.tier))（\(fileStatus($0, today: today))）" }
        return ListRow(id: household.id, head: head.map { $0.name.isEmpty ? "（未填姓名）" : $0.name } ?? "（无成员）",
                       maskedID: head.map { DecisionSheet.masked($0.idNumber) } ?? "—", members: household.members.count,
                       file: file ?? "—", openedOn: household.openedOn.description,
                       age: today.dayNumber - household.openedOn.dayNumber, open: household.isOpen)
    }

    static func list(_ rows: [ListRow], idNumber: String, name: String, error: String?, session: WebSession) -> String {
        Layout.page(.households, List(idNumber: idNumber, name: name, error: error, mayReview: session.account.role.changesHardshipFiles,
                                      table: rows.isEmpty ? nil : ListTable(count: rows.count, rows: rows)),
                    title: "家庭档案", session: session)
    }

    /// A file's status as staff read it; an accidental-hardship file past its year says so.
    static func fileStatus(_ file: StoredHardshipFile, today: CivilDate) -> String {
        file.isExpired(on: today) ? "已到期" : HardshipReview.statusLabel(file.status)
    }

    // MARK: One household

    struct Detail: PageView {
        let id: Int64
        let openedOn: String
        let openedBy: String
        let fromEntry: Int64
        let age: Int
        let closed: String?
        let members: [Member]
        let files: [File]
        let grants: Rows<Grant>?
        let claims: Rows<Claim>?
        let entries: Rows<Entry>?
    }

    struct Member: PageView {
        let name: String
        let maskedID: String
        let relation: String
    }

    struct File: PageView {
        let id: Int64
        let tier: String
        let status: String
        let openedOn: String
        let openedBy: String
        let lastReviewed: String
        let reviewDue: String
        /// Accidental-hardship files: the day it runs out and the days left (or that it ran out).
        let expiry: String?
        let events: [Event]
        let reviews: Rows<Review>?
        let form: StatusForm?
    }

    struct Event: PageView {
        let status: String
        let on: String
        let by: String
        let reason: String?
    }

    struct Review: PageView {
        let on: String
        let by: String
        let finding: String
        let entry: Int64
    }

    struct StatusForm: PageView {
        let fileID: Int64
        let householdID: Int64
        let csrfToken: String
        let summary: ErrorSummary?
        let options: [OptionView]
        let statusError: String?
        let reason: ReferralsPage.Field
    }

    struct Grant: PageView {
        let programme: String
        let fund: String
        let amount: String
        let period: String
        let grantedOn: String
        let confirmedBy: String
        let entry: Int64
    }

    struct Claim: PageView {
        let subject: String
        let payer: String
        let amount: String
        let status: String
        let recovered: String
    }

    struct Entry: PageView {
        let id: Int64
        let date: String
        let applicant: String
        let actor: String
        let badges: [OutcomeBadge]
    }

    /// A file with its life and its reviews, as the page shows it.
    struct FileShown {
        var file: StoredHardshipFile
        var history: [HardshipFileEvent]
        var reviews: [StoredHardshipReview]
    }

    static let fieldLabels = ["status": "新状态", "reason": "理由（关闭时必填）", "tier": "困难类型"]

    static func detail(_ household: StoredHousehold, files: [FileShown], grants: [StoredGrant], claims: [StoredClaim],
                       entries: [AssessmentSummary], desk: IntakeApplication,
                       posted: (fileID: Int64, reason: String, problems: [IntakeApplication.FieldProblem])?, session: WebSession) -> String {
        let today = desk.today()
        let ruleSet = desk.engine.current.ruleSet
        let view = Detail(
            id: household.id, openedOn: household.openedOn.description, openedBy: household.openedBy, fromEntry: household.assessmentID,
            age: today.dayNumber - household.openedOn.dayNumber,
            closed: household.closing.map { "已于 \($0.on) 关闭（\($0.by)）：\($0.reason)" },
            members: household.members.map { Member(name: $0.name.isEmpty ? "（未填姓名）" : $0.name, maskedID: DecisionSheet.masked($0.idNumber),
                                                    relation: $0.relation) },
            files: files.map { shown in
                let file = shown.file
                let mine = posted?.fileID == file.id ? posted : nil
                let problems = mine?.problems ?? []
                let nextStatuses = HardshipFileStatus.allCases.filter(file.status.mayMove)
                let form = session.account.role.changesHardshipFiles && household.isOpen && !nextStatuses.isEmpty ? StatusForm(
                    fileID: file.id, householdID: household.id, csrfToken: session.csrfToken,
                    summary: ErrorSummary(problems.map { ErrorSummary.Problem(target: "f-file\(file.id)-\($0.field)", label: fieldLabels[$0.field] ?? $0.field,
                                                                              message: $0.message) }),
                    options: nextStatuses.map { OptionView(value: $0.rawValue, label: moveLabel($0), selected: false) },
                    statusError: problems.first { $0.field == "status" }?.message,
                    reason: ReferralsPage.Field(id: "file\(file.id)-reason", name: "reason", label: fieldLabels["reason"]!, value: mine?.reason ?? "",
                                                error: problems.first { $0.field == "reason" }?.message)) : nil
                return File(
                    id: file.id, tier: HardshipReview.tierLabel(file.tier), status: fileStatus(file, today: today),
                    openedOn: file.openedOn.description, openedBy: file.openedBy, lastReviewed: file.lastReviewedOn?.description ?? "尚未复核",
                    reviewDue: file.status == .closed ? "—" : file.reviewDueOn.description,
                    expiry: file.expiresOn.map { expires in
                        let left = expires.dayNumber - today.dayNumber
                        return left > 0 ? "\(expires)（还有 \(left) 天）" : "\(expires)（已到期）"
                    },
                    events: shown.history.map { Event(status: HardshipReview.statusLabel($0.status), on: $0.on.description, by: $0.by, reason: $0.reason) },
                    reviews: .of(shown.reviews.map { Review(on: $0.review.reviewedOn.description, by: $0.review.reviewedBy,
                                                        finding: HardshipReview.findingLabel($0.review.finding, suggested: $0.review.suggestedTier),
                                                        entry: $0.review.assessmentID) }),
                    form: form)
            },
            grants: .of(grants.map { grant in
                let period: String = switch grant.period {
                case .once: "一次性"
                case .monthly(_, let months): "按月 \(months) 个月"
                }
                return Grant(programme: desk.programmeTitle(grant.programme), fund: DecisionPage.fundLabel(grant.fund, ruleSet),
                             amount: DecisionPage.amountText(grant), period: period, grantedOn: grant.grantedOn.description,
                             confirmedBy: grant.confirmedBy, entry: grant.assessmentID)
            }),
            claims: .of(claims.map { claim in
                Claim(subject: claim.claim.subject, payer: claim.claim.payer, amount: "\(Money(fen: claim.claim.amountFen).plain) 元",
                      status: claim.status == .open ? "待追回" : "已追回",
                      recovered: claim.recoveredOn.map { "\(Money(fen: claim.amountRecoveredFen).plain) 元（\($0)，\(claim.recoveredBy ?? "")）" } ?? "—")
            }),
            entries: .of(entries.map {
                Entry(id: $0.id, date: $0.assessmentDate, applicant: $0.applicantName ?? "（未填姓名）", actor: $0.actor,
                      badges: OutcomeBadge.badges($0.outcomes))
            }))
        return Layout.page(.household, view, title: "第 \(household.id) 号家庭档案", session: session)
    }

    static func moveLabel(_ status: HardshipFileStatus) -> String {
        switch status {
        case .opened: "复核完毕，恢复在档"
        case .underReview: "转入复核"
        case .closed: "关闭档案"
        }
    }

    // MARK: Opening a file from a decision

    struct OpenFile: PageView {
        let entry: Int64
        let applicant: String
        let maskedID: String
        let suggested: String?
        let household: Int64?
        let csrfToken: String
        let summary: ErrorSummary?
        let tiers: [OptionView]
        let tierError: String?
    }

    static func openFile(_ entry: StoredAssessment, suggested: HardshipTier?, chosen: HardshipTier?, household: StoredHousehold?,
                         problems: [IntakeApplication.FieldProblem], session: WebSession) -> String {
        let view = OpenFile(
            entry: entry.id, applicant: entry.applicantName ?? "（未填姓名）", maskedID: entry.applicantID.map(DecisionSheet.masked) ?? "—",
            suggested: suggested.map(HardshipReview.tierLabel), household: household?.id, csrfToken: session.csrfToken,
            summary: ErrorSummary(problems.map { ErrorSummary.Problem(target: "f-\($0.field)", label: fieldLabels[$0.field] ?? $0.field, message: $0.message) }),
            tiers: HardshipTier.allCases.map { OptionView(value: $0.rawValue, label: HardshipReview.tierLabel($0), selected: $0 == chosen) },
            tierError: problems.first { $0.field == "tier" }?.message)
        return Layout.page(.householdFileForm, view, title: "建立困难职工档案", session: session)
    }

    // MARK: Model workers


    struct ModelWorkerList: PageView {
        let table: Rows<ModelWorkerRow>?
    }

    struct ModelWorkerRow: PageView {
        let name: String
        let maskedID: String
        let level: String
        let titleStatus: String
        let topUp: String
        let payer: String
        let updated: String
    }

    static func modelWorkers(_ workers: [ModelWorker], ruleSet: RuleSet, session: WebSession) -> String {
        let rows = workers.map {
            ModelWorkerRow(name: $0.name, maskedID: DecisionSheet.masked($0.idNumber), level: $0.level, titleStatus: $0.titleStatus,
                           topUp: "\(Money(fen: $0.monthlyTopUpFen).plain) 元", payer: DecisionPage.fundLabel($0.payer, ruleSet),
                           updated: "\($0.updatedOn)（\($0.updatedBy)）")
        }
        return Layout.page(.modelWorkers, ModelWorkerList(table: .of(rows)), title: "困难劳模", session: session)
    }
}
