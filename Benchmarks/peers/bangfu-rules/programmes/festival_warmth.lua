-- 两节送温暖（简化）：困难职工家庭（深度或相对困难）每户慰问一次；
-- 下岗失业、患重大疾病、工伤职工家庭月人均纯收入低于低保标准 2.5 倍的也慰问。

local WARMTH = "《XX区总工会两节送温暖活动实施方案》（XX工发〔2020〕11号）"
local MEANS_TESTED = {laid_off = true, serious_illness = true, work_injury = true}

programme {
  id = "festival_warmth",
  title = "两节送温暖",
  basis = WARMTH .. "第三条、第四条",

  decide = function()
    local amount = params.festival_warmth.cash
    if facts.hardship_tier ~= "none" then
      return eligible {
        reason("hardship_household", "申请人家庭属于困难职工家庭，每户慰问一次。", WARMTH .. "第三条第一款"),
        cash(amount, "once", "两节送温暖慰问金"),
      }
    end

    if not MEANS_TESTED[profile.applicant.category] then
      return ineligible {
        reason("not_target_group",
               "申请人家庭不属于困难职工家庭，也不是下岗失业、患重大疾病或工伤职工。",
               WARMTH .. "第三条"),
      }
    end

    local line = money.scale(facts.dibao, params.festival_warmth.income_ratio)
    if facts.net_income_per_head < line then
      return eligible {
        reason("low_income",
               "家庭月人均纯收入 " .. money.text(facts.net_income_per_head) .. " 元，低于慰问收入线 "
               .. money.text(line) .. " 元。",
               WARMTH .. "第三条第二款"),
        cash(amount, "once", "两节送温暖慰问金"),
      }
    end
    return ineligible {
      reason("income_above_line",
             "家庭月人均纯收入 " .. money.text(facts.net_income_per_head) .. " 元，不低于慰问收入线 "
             .. money.text(line) .. " 元。",
             WARMTH .. "第三条第二款"),
    }
  end,
}
