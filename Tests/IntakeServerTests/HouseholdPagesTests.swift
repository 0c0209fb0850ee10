import Eligibility
import Foundation
import Hummingbird
import HummingbirdTesting
import IntakeRegister
@testable import IntakeServer
import Testing

/// 档案 on the desk, on the sample rules: the relative-hardship applicant 16 (Cases/applicants/16)
/// assessed, a hardship file opened from the decision, read on the household page and moved.
@Suite("Households and hardship files on the desk")
struct HouseholdPagesTests {
    static let applicant = "342622198305253349"

    @Test func anOfficerOpensAFileFromADecisionAndSeesItOnTheHouseholdPage() async throws {
        let desk = try await Desk.onSampleRules()
        try await desk.test { client in
            let (id, _) = try await GrantTests.assess(desk, client)
            let officer = try await Browser.signIn(client, "officer")
            let record = try await officer.get(client, "/decisions/\(id)")
            #expect(record.text.contains("href=\"/decisions/\(id)/hardship-file\" id=\"open-file-link\">建立困难职工档案</a>"))
            #expect(record.text.contains("<a href=\"/households\" id=\"nav-households\">档案</a>"))

            // The rules say relative hardship: chosen already.
            let form = try await officer.get(client, "/decisions/\(id)/hardship-file")
            #expect(form.status == .ok)
            #expect(form.text.contains("<td colspan=\"3\" id=\"suggested-tier\">相对困难</td>"))
            #expect(form.text.contains("value=\"relative\" checked"))
            #expect(form.text.contains("尚未建立，将按本次评估建立"))

            let opened = try await officer.post(client, "/decisions/\(id)/hardship-file", [("tier", "relative")])
            #expect(opened.status == .seeOther, "\(opened.text)")
            let household = try #require(try await desk.register.household(memberIDNumber: Self.applicant))
            let file = try #require(try await desk.register.hardshipFiles(householdID: household.id).first)
            #expect(file.tier == .relative && file.status == .opened && file.openedBy == "officer")
            #expect(opened.headers[.location] == "/households/\(household.id)#file-\(file.id)")

            let page = try await officer.get(client, "/households/\(household.id)")
            #expect(page.status == .ok)
            #expect(page.text.contains("第 \(file.id) 号档案：相对困难（<span class=\"status\">在档</span>）"))
            #expect(page.text.contains("韩桂兰") && page.text.contains("本人"))
            #expect(page.text.contains("<a href=\"/decisions/\(id)\">第 \(id) 号</a>")) // the member's assessment
            #expect(page.text.contains("\(desk.desk.today()) 在档（officer）")) // the file's life
            #expect(page.text.contains("action=\"/households/\(household.id)/files/\(file.id)/status\""))

            // Found by the applicant's ID number, with its open file.
            let list = try await officer.get(client, "/households?id_number=\(Self.applicant)")
            #expect(list.text.contains("<a href=\"/households/\(household.id)\">第 \(household.id) 号</a>"))
            #expect(list.text.contains("<td class=\"file\">相对困难（在档）</td>"))

            // One file per household.
            let twice = try await officer.post(client, "/decisions/\(id)/hardship-file", [("tier", "deep")])
            #expect(twice.status == .unprocessableContent)
            #expect(twice.text.contains("第 \(household.id) 号家庭已有在档的第 \(file.id) 号困难职工档案（一户一档）"))

            // Closing needs a reason; review and closing are recorded in the file's life.
            let noReason = try await officer.post(client, "/households/\(household.id)/files/\(file.id)/status", [("status", "closed"), ("reason", "")])
            #expect(noReason.status == .unprocessableContent)
            #expect(noReason.text.contains("关闭档案须填写理由。"))
            let review = try await officer.post(client, "/households/\(household.id)/files/\(file.id)/status", [("status", "under_review"), ("reason", "")])
            #expect(review.status == .seeOther)
            let closed = try await officer.post(client, "/households/\(household.id)/files/\(file.id)/status",
                                                [("status", "closed"), ("reason", "家庭收入已超过标准")])
            #expect(closed.status == .seeOther)
            let after = try await officer.get(client, "/households/\(household.id)")
            #expect(after.text.contains("复核中（officer）") && after.text.contains("已关闭（officer）：家庭收入已超过标准"))
        }
    }

    @Test func theReviewPageListsAFileAYearOldAndRecordsItsFinding() async throws {
        let desk = try await Desk.onSampleRules()
        try await desk.test { client in
            let (id, _) = try await GrantTests.assess(desk, client)
            let today = desk.desk.today()
            let household = try await desk.register.openHousehold(NewHousehold(
                assessmentID: id, members: [HouseholdMember(idNumber: Self.applicant, name: "韩桂兰", relation: "本人")],
                openedOn: today, openedBy: "officer"))
            let file = try await desk.register.openHardshipFile(householdID: household.id, tier: .deep,
                                                                openedOn: CivilDate(dayNumber: today.dayNumber - 400), openedBy: "officer")
            let officer = try await Browser.signIn(client, "officer")
            let page = try await officer.get(client, "/review")
            #expect(page.status == .ok)
            #expect(page.text.contains("<tr class=\"finding-adjust\" data-file=\"\(file.id)\">"), "\(page.text)")
            #expect(page.text.contains("建议调整为相对困难"))
            #expect(page.text.contains("应复核 1 件：维持 0 件，建议调整 1 件"))

            let recorded = try await officer.post(client, "/review", [])
            #expect(recorded.status == .seeOther && recorded.headers[.location] == "/review?recorded=1")
            let reviews = try await desk.register.reviews(fileID: file.id)
            #expect(reviews.map(\.review.finding) == [.adjust] && reviews.first?.review.suggestedTier == .relative)
            #expect(try await desk.register.hardshipFile(id: file.id)?.tier == .deep) // moved by an officer, not by the review
            let after = try await officer.get(client, "/review?recorded=1")
            #expect(after.text.contains("已记录 1 件复核结果。") && after.text.contains("今天没有应复核的档案。"))
            #expect((try await officer.get(client, "/households/\(household.id)")).text.contains("建议调整为相对困难（officer）"))
        }
    }

    @Test func intakeStaffReadHouseholdsButOpenNoFile() async throws {
        let desk = try await Desk.onSampleRules()
        try await desk.test { client in
            let (id, _) = try await GrantTests.assess(desk, client)
            let clerk = try await Browser.signIn(client, "clerk")
            #expect(!(try await clerk.get(client, "/decisions/\(id)")).text.contains(#"id="open-file-link""#))
            #expect(try await clerk.get(client, "/decisions/\(id)/hardship-file").status == .forbidden)
            #expect(try await clerk.post(client, "/decisions/\(id)/hardship-file", [("tier", "relative")]).status == .forbidden)
            #expect(try await clerk.get(client, "/households").status == .ok)
            #expect(try await clerk.get(client, "/review").status == .forbidden)
            #expect(try await clerk.get(client, "/model-workers").status == .ok)
        }
    }
}
