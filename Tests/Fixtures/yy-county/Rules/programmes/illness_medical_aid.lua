-- 大病医疗救助：身患重大疾病、属于困难职工家庭的，本年度医保报销后个人负担的医疗费用
-- 超过起付线的部分，按困难类别扣除个人自付比例后救助（深度困难自付 10%，相对困难 30%），
-- 每户每年最多 15,000 元，本年度已领取的从限额中扣除（帮扶记录）。

local BASIS = "《YY县总工会困难职工帮扶资金管理办法》（YY工发〔2023〕4号）"

programme {
  id = "illness_medical_aid",
  title = "大病医疗救助",
  basis = BASIS .. "第十四条",

  decide = function()
    if profile.applicant.category ~= "serious_illness" then
      return ineligible {
        reason("not_serious_illness", "大病医疗救助只面向身患重大疾病的职工。", BASIS .. "第十四条"),
      }
    end

    local tier = facts.hardship_tier
    if tier == "none" then
      return ineligible {
        reason("not_in_hardship", facts.hardship_reason, facts.hardship_cite),
      }
    end

    local costs = profile.medical.own_costs_this_year
    local deductible = params.medical.deductible
    if costs <= deductible then
      return ineligible {
        reason("below_deductible",
               "本年度个人负担医疗费用 " .. money.text(costs) .. " 元，未超过起付线 "
               .. money.text(deductible) .. " 元。",
               BASIS .. "第十四条"),
      }
    end

    local copay = params.medical.copay_percent[tier]
    local aid = money.percent(costs - deductible, 100 - copay)
    local cap = params.medical.yearly_cap
    local already = history.cash_this_year({programme = "illness_medical_aid"})
    local room = cap - already
    if room <= 0 then
      return ineligible {
        reason("medical_cap_reached",
               "本户本年度已领取大病医疗救助 " .. money.text(already) .. " 元，已达每户每年 "
               .. money.text(cap) .. " 元的上限。",
               BASIS .. "第十四条"),
      }
    end

    local pay = money.min(aid, room)
    local text = "本年度个人负担医疗费用 " .. money.text(costs) .. " 元，扣除起付线 " .. money.text(deductible)
                 .. " 元后，按个人自付 " .. percent(copay / 100) .. " 计算，救助 " .. money.text(aid) .. " 元"
    if pay < aid then
      local before = already > 0 and ("本年度已领取 " .. money.text(already) .. " 元，") or ""
      text = text .. "；" .. before .. "每户每年最多 " .. money.text(cap) .. " 元，本次发放 " .. money.text(pay) .. " 元。"
    else
      text = text .. "。"
    end
    return eligible {
      reason(tier == "deep" and "deep_hardship" or "relative_hardship", facts.hardship_reason, facts.hardship_cite),
      reason("medical_aid_amount", text, BASIS .. "第十四条"),
      cash(pay, "once", "大病医疗救助金"),
    }
  end,
}
