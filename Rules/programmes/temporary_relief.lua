-- 临时救助：给未建档、近期突发重大疾病、灾害或事故的职工家庭，
-- 救急不救穷：事发后 6 个月内申请，按保险和赔偿之后仍由家庭承担的损失救助，
-- 每人每年最多 3,000 元（本年度已领的要扣除，看帮扶记录中本项目本年度的发放）。
-- 已建档的家庭由生活救助、医疗救助等常态帮扶保障，不再给临时救助。

local FUNDS = "《XX区总工会困难职工帮扶资金管理办法》（XX工发〔2020〕5号）"

local EVENT_NAMES = {serious_illness = "突发重大疾病", disaster = "自然灾害或火灾", accident = "意外事故"}

programme {
  id = "temporary_relief",
  title = "临时救助",
  basis = FUNDS .. "第十三条",

  decide = function()
    local e = profile.emergency
    local cap = params.temporary_relief.cap

    if facts.on_file then
      return ineligible {
        reason("already_on_file",
               "申请人家庭已建立困难职工档案（" .. facts.hardship_tier_label .. "），由生活救助、医疗救助等常态帮扶保障，不再给予临时救助。",
               FUNDS .. "第十三条第一款"),
      }
    end

    if e.event == nil or e.date == nil then
      return ineligible {
        reason("no_emergency", "临时救助只针对近期突发重大疾病、灾害或意外事故，申请人未报告此类情况。",
               FUNDS .. "第十三条第一款"),
      }
    end

    local months = params.temporary_relief.apply_within_months
    if e.date > today or date.months_between(e.date, today) >= months then
      return ineligible {
        reason("emergency_too_old",
               EVENT_NAMES[e.event] .. "发生于 " .. e.date .. "，已超过事发后 " .. months .. " 个月的申请期限。",
               FUNDS .. "第十三条第三款"),
      }
    end

    if facts.excluded then
      return ineligible {
        reason(facts.exclusion_code, facts.exclusion_reason, "《XX区困难职工认定和建档管理办法》（XX工发〔2020〕4号）第十条"),
      }
    end

    if facts.file_status == "pending" then
      return refer {
        reason(facts.file_status_code,
               "申请人可能符合建档条件，建档结论尚待工作人员决定（" .. facts.file_status_reason .. "），请一并决定按建档帮扶还是临时救助办理。",
               facts.file_status_cite),
      }
    end

    if not profile.documents.income_proof_complete then
      return refer {
        reason("income_proof_missing", "家庭收入证明材料不齐全，请补齐后由工作人员核实收入。",
               FUNDS .. "第十三条第二款"),
      }
    end

    local income_line = money.scale(facts.dibao, params.temporary_relief.income_ratio)
    if facts.net_income_per_head >= income_line then
      return ineligible {
        reason("income_above_line",
               "家庭月人均纯收入 " .. money.text(facts.net_income_per_head) .. " 元，不低于临时救助收入线 "
               .. money.text(income_line) .. " 元，不属于临时救助对象。",
               FUNDS .. "第十三条第二款"),
      }
    end

    if e.uncovered_loss <= 0 then
      return ineligible {
        reason("no_uncovered_loss", "保险、赔偿和其他救助之后，家庭没有需要自行承担的损失或费用。",
               FUNDS .. "第十三条第一款"),
      }
    end

    local already = history.cash_this_year{programme = "temporary_relief"}
    local left = cap - already
    if left <= 0 then
      return ineligible {
        reason("yearly_cap_reached",
               "本年度已领取临时救助 " .. money.text(already) .. " 元，已达每人每年 "
               .. money.text(cap) .. " 元的上限。",
               FUNDS .. "第十三条第四款"),
      }
    end

    local amount = money.min(e.uncovered_loss, left)
    return eligible {
      reason("emergency_" .. e.event,
             "申请人家庭于 " .. e.date .. " 遭遇" .. EVENT_NAMES[e.event] .. "，保险和赔偿之后仍需自行承担 "
             .. money.text(e.uncovered_loss) .. " 元。",
             FUNDS .. "第十三条第一款"),
      reason("temporary_relief_amount",
             "按实际损失救助，每人每年最多 " .. money.text(cap) .. " 元，本年度已领 "
             .. money.text(already) .. " 元，本次发放 " .. money.text(amount) .. " 元。",
             FUNDS .. "第十三条第四款"),
      cash(amount, "once", "临时救助金"),
    }
  end,
}
