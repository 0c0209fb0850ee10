-- 生活救助（简化）：深度或相对困难、且收入证明材料齐全的家庭，按低保标准乘以月数，每年一次。
-- 深度困难 12 个月，相对困难 10 个月（参数 living_relief.months）。

local FUNDS = "《XX区总工会困难职工帮扶资金管理办法》（XX工发〔2020〕5号）"
local RULES = "《XX区困难职工认定和建档管理办法》（XX工发〔2020〕4号）"
local TIER_NAMES = {deep = "深度困难", relative = "相对困难"}

programme {
  id = "living_relief",
  title = "生活救助",
  basis = FUNDS .. "第十二条",

  decide = function()
    local tier = facts.hardship_tier
    if tier == "none" then
      return ineligible {
        reason("income_above_line",
               "家庭月人均纯收入 " .. money.text(facts.net_income_per_head) .. " 元，不低于相对困难线 "
               .. money.text(facts.relative_line) .. " 元，不属于困难职工家庭。",
               RULES .. "第六条"),
      }
    end

    if not profile.documents.income_proof_complete then
      return ineligible {
        reason("income_proof_missing", "家庭收入证明材料不齐全，不能发放生活救助。", FUNDS .. "第十二条"),
      }
    end

    local months = params.living_relief.months[tier]
    local amount = money.times(facts.dibao, months)
    return eligible {
      reason(tier .. "_hardship",
             "家庭月人均纯收入 " .. money.text(facts.net_income_per_head) .. " 元，属于" .. TIER_NAMES[tier]
             .. "职工家庭，按低保标准 " .. money.text(facts.dibao) .. " 元 × " .. months .. " 个月发放，全年 "
             .. money.text(amount) .. " 元。",
             FUNDS .. "第十二条"),
      cash(amount, "yearly", "生活救助金"),
    }
  end,
}
