import DecisionFormats
import Eligibility
import Foundation
import Testing

/// The sheet's words for the sample applicants: what the centre pays, what others decide, what a policy withheld.
@Suite("The decision sheet on the sample rules")
struct DecisionSheetTests {
    static func sheet(_ applicant: String) throws -> String {
        let assessor = try Assessor(ruleSet: try RuleSet.load(from: repository.appendingPathComponent("Rules")))
        let file = repository.appendingPathComponent("Cases/applicants/\(applicant).yaml")
        let document = try DocumentNode.load(contentsOf: file, displayName: "\(applicant).yaml")
        return DecisionSheet().render(try assessor.assess(document: document, source: "\(applicant).yaml", on: CivilDate("2026-09-01")!).get())
    }

    @Test func aTaxDeductionLimitIsDeductedNotPaidAndWhatTheTaxOfficeDecidesIsHelpToApply() throws {
        let sheet = try Self.sheet("10-laid-off-noodle-stall-alone")
        #expect(sheet.contains("　　来源：10-laid-off-noodle-stall-alone.yaml"))
        #expect(sheet.contains("创业扶持 —— 可协助申请"))
        #expect(sheet.contains("待遇：重点群体创业税收扣减限额 20,000.00 元（每年，XX区税务局在限额内扣减）"))
        #expect(sheet.contains("可申报扣减：重点群体创业税收扣减限额 20,000.00 元（每年，XX区税务局在限额内扣减）"))
        #expect(!sheet.contains("应由他方支付") && !sheet.contains("税务局支付"))
        #expect(sheet.contains("现金帮扶合计：每年 9,400.00 元"))
    }

    @Test func whatTheInsuranceFundOrEmployerPaysIsHelpToApply() throws {
        let sheet = try Self.sheet("06-work-injury-grade-8")
        #expect(sheet.contains("工伤帮扶 —— 可协助申请"))
        #expect(sheet.contains("应由他方支付：一次性伤残补助金 66,000.00 元（一次性，由"))
    }

    @Test func aProgrammeAPolicyWithheldQualifiedAndIsCountedApart() throws {
        let sheet = try Self.sheet("16-migrant-relative-school-aid-withheld")
        #expect(sheet.contains("金秋助学 —— 符合条件，本年度不重复发放"))
        #expect(sheet.contains("，符合条件，本年度不重复发放 1 项，"))
    }
}
