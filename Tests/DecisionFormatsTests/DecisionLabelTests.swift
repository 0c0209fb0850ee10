import DecisionFormats
import Eligibility
import Testing

@Suite("Decision labels")
struct DecisionLabelTests {
    @Test func everyOutcomePeriodAndFailureHasItsOwnChineseLabel() {
        let outcomes = Outcome.allCases.map(DecisionLabels.outcome)
        let periods = Period.allCases.map(DecisionLabels.period)
        let failures = RuleFailure.Kind.allCases.map(DecisionLabels.failure)
        for labels in [outcomes, periods, failures] {
            #expect(labels.allSatisfy { !$0.isEmpty && $0.unicodeScalars.contains { $0.value >= 0x4E00 } }, "\(labels)")
            #expect(Set(labels).count == labels.count, "\(labels)")
        }
        #expect(outcomes == ["符合", "不符合", "待工作人员审核", "待补充", "规则出错，无法判定"])
        #expect(periods == ["一次性", "每月", "每年"])
    }

    @Test func theSheetReadsBenefitsAloudAndThePageListsThemNameFirst() {
        let cash = Benefit.cash(Money(fen: 1128000), .yearly, label: "生活救助金")
        #expect(DecisionLabels.benefit(cash) == "生活救助金 11,280.00 元（每年）")
        #expect(DecisionLabels.benefitLine(cash) == "生活救助金：每年 11280.00 元")
        let owed = Benefit.entitlement(Money(fen: 6600000), .once, payer: "用人单位", label: nil)
        #expect(DecisionLabels.benefit(owed) == "应得款项 66,000.00 元（一次性，由用人单位支付）")
        #expect(DecisionLabels.benefitLine(owed) == "应得款项：一次性 66000.00 元（由用人单位支付）")
        let goods = Benefit.inKind(item: "大米", quantity: 2, unit: "袋", value: Money(fen: 10000))
        #expect(DecisionLabels.benefit(goods) == "大米 2 袋（价值 100.00 元）")
        #expect(DecisionLabels.benefitLine(goods) == "大米：2 袋（价值 100.00 元）")
        let service = Benefit.service(name: "法律援助", detail: "代写诉状")
        #expect(DecisionLabels.benefit(service) == "法律援助（代写诉状）")
        #expect(DecisionLabels.benefitLine(service) == "法律援助：代写诉状")
        // a deduction limit is deducted by the tax office, not paid
        let relief = Benefit.entitlement(Money(fen: 2000000), .yearly, payer: "XX区税务局", label: "重点群体创业税收扣减限额")
        #expect(DecisionLabels.benefit(relief) == "重点群体创业税收扣减限额 20,000.00 元（每年，XX区税务局在限额内扣减）")
        #expect(DecisionLabels.benefitLine(relief) == "重点群体创业税收扣减限额：每年 20000.00 元（XX区税务局在限额内扣减）")
    }

    @Test func whatAnotherBodyDecidesAndWhatAPolicyWithheldAreNotPlainOutcomes() {
        let owed = Benefit.entitlement(Money(fen: 6600000), .once, payer: "用人单位", label: "一次性伤残补助金")
        let referral = Benefit.service(name: "法律援助", detail: nil)
        let cash = Benefit.cash(Money(fen: 250000), .once, label: "慰问金")
        let reason = Reason(code: "ok", text: "符合", citation: "办法")
        var withheld = Reason(code: "already_granted_this_year", text: "本年度已领取", citation: "办法第十八条")
        withheld.policy = "once_a_year"
        #expect(DecisionLabels.outcome(.eligible, reasons: [reason], benefits: [owed, referral]) == "可协助申请")
        #expect(DecisionLabels.outcome(.eligible, reasons: [reason], benefits: [owed, cash]) == "符合")
        #expect(DecisionLabels.outcome(.eligible, reasons: [reason], benefits: [referral]) == "符合")
        #expect(DecisionLabels.outcome(.ineligible, reasons: [reason, withheld], benefits: []) == "符合条件，本年度不重复发放")
        #expect(DecisionLabels.outcome(.ineligible, reasons: [reason], benefits: []) == "不符合")
        #expect(DecisionLabels.outcome(.refer, reasons: [withheld], benefits: []) == "待工作人员审核")
    }
}
