-- 医疗救助：给已建档的困难职工家庭，按医保和大病保险报销后个人自付的医疗费用救助。
-- 深度困难全额救助、每户每年最多 20,000 元；相对困难和意外致困救助 80%、最多 16,000 元。
-- 每户每年的上限含本年度已领取的医疗救助（看帮扶记录）。

local FUNDS = "《XX区总工会困难职工帮扶资金管理办法》（XX工发〔2020〕5号）"

-- 患重大疾病但不能在本中心得到医疗救助的，告诉申请人还能去哪里
local function medical_advice()
  return reason("advice_medical_assistance",
                "建议向区医疗保障局咨询大病保险二次报销和城乡医疗救助，向所在街道申请慈善医疗救助。",
                FUNDS .. "第二十二条（转介其他救助渠道）")
end

programme {
  id = "medical_relief",
  title = "医疗救助",
  basis = FUNDS .. "第十四条",

  decide = function()
    local costs = profile.household.rigid_costs.medical

    if costs <= 0 then
      return ineligible {
        reason("no_medical_costs", "家庭近 12 个月没有医保报销后需个人自付的医疗费用。", FUNDS .. "第十四条"),
      }
    end

    if facts.file_status == "pending" then
      return refer {
        reason(facts.file_status_code,
               "医疗救助须先建立困难职工档案，建档尚待工作人员决定：" .. facts.file_status_reason,
               facts.file_status_cite),
      }
    end

    if not facts.on_file then
      local parts = {
        reason(facts.file_status_code,
               "医疗救助只发给已建档的困难职工家庭。" .. facts.file_status_reason,
               facts.file_status_cite),
      }
      -- 是否患重大疾病只在给转介建议时才问
      if profile.applicant.category == "serious_illness" or profile.health.serious_illness then
        table.insert(parts, medical_advice())
      end
      return ineligible(parts)
    end

    if not profile.documents.medical_receipts_complete then
      return refer {
        reason("medical_receipts_missing",
               "医疗费用票据或医保报销结算单不齐全，请补齐后由工作人员核定个人自付金额。",
               FUNDS .. "第十四条第三款"),
      }
    end

    local tier = facts.hardship_tier
    local share = params.medical_relief.share[tier]
    local cap = params.medical_relief.cap[tier]
    local covered = money.scale(costs, share)
    local already = history.cash_this_year{programme = "medical_relief"}
    local left = money.max(0, cap - already)
    if left == 0 then
      return ineligible {
        reason(facts.file_status_code, facts.hardship_tier_reason, facts.hardship_tier_cite),
        reason("medical_yearly_cap_reached",
               "本年度已领取医疗救助 " .. money.text(already) .. " 元，已达" .. facts.hardship_tier_label
               .. "家庭每户每年 " .. money.text(cap) .. " 元的上限，本年度不再发放。",
               FUNDS .. "第十四条第二款"),
        medical_advice(),
      }
    end
    local amount = money.min(covered, left)
    local cap_text = "每户每年最多 " .. money.text(cap) .. " 元"
    if already > 0 then
      cap_text = cap_text .. "，本年度已领 " .. money.text(already) .. " 元"
    end
    return eligible {
      reason(facts.file_status_code, facts.hardship_tier_reason, facts.hardship_tier_cite),
      reason("medical_relief_amount",
             "医保报销后个人自付医疗费用 " .. money.text(costs) .. " 元，" .. facts.hardship_tier_label
             .. "家庭按 " .. string.format("%d%%", math.floor(share * 100 + 0.5)) .. " 救助为 " .. money.text(covered)
             .. " 元，" .. cap_text .. "，本次发放 " .. money.text(amount) .. " 元。",
             FUNDS .. "第十四条第二款"),
      cash(amount, "once", "医疗救助金"),
    }
  end,
}
