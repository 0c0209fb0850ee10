import Eligibility
import Foundation
import HummingbirdTesting
@testable import IntakeServer
import Testing

/// "保存为案例" on the decision sheet: officers download the entry as a case file; the desk writes nothing.
@Suite("Saving an assessment as a case")
struct CaseDownloadTests {
    @Test func anOfficerDownloadsTheEntryAsACaseWithWhoThePeopleAreReplaced() async throws {
        let desk = try await PagesDesk(fixture: SheetsFixture.make())
        let entry = try await desk.record(SheetsFixture.profileJSON(), by: "clerk")
        try await desk.test { client in
            let officer = try await Browser.signIn(client, "officer")
            let sheet = try await officer.get(client, "/decisions/\(entry)").text
            #expect(sheet.contains(#"<a href="/decisions/\#(entry)/case" id="save-case-link" download>保存为案例</a>"#), "\(sheet)")
            let download = try await officer.get(client, "/decisions/\(entry)/case")
            #expect(download.status == .ok)
            #expect(download.headers[.contentDisposition] == "attachment; filename=\"register-\(entry)-basic.yaml\"")
            #expect(download.headers[.contentType] == "application/yaml; charset=utf-8")
            let yaml = download.text
            #expect(yaml.contains("name: 申请人甲") && yaml.contains("on: 2026-09-01") && yaml.contains("    review:   # 临时救助"), "\(yaml)")
            #expect(!yaml.contains("赵秀兰") && !yaml.lowercased().contains("11010519491231002x"), "\(yaml)")
            // Her birth date and sex kept, in no region.
            let synthetic = "00000019491231002" + String(ChineseIDNumber.checkCharacter("00000019491231002".compactMap(\.wholeNumberValue)))
            #expect(yaml.contains("id_number: \"\(synthetic)\""), "\(yaml)")

            let clerk = try await Browser.signIn(client, "clerk")
            #expect(!(try await clerk.get(client, "/decisions/\(entry)").text.contains("save-case-link")))
            #expect(try await clerk.get(client, "/decisions/\(entry)/case").status == .forbidden)
        }
    }
}
