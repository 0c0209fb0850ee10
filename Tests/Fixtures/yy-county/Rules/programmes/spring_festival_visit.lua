-- 春节慰问：困难职工家庭（深度或相对困难）每户慰问金 800 元，另送大米一袋、食用油一桶；
-- 每户每年一次，本年度帮扶记录中已有春节慰问的不再发放。

local BASIS = "《YY县总工会两节送温暖活动实施方案》（YY工发〔2025〕12号）"

programme {
  id = "spring_festival_visit",
  title = "春节慰问",
  basis = BASIS .. "第三条",

  decide = function()
    local tier = facts.hardship_tier
    if tier == "none" then
      return ineligible {
        reason("not_in_hardship", facts.hardship_reason, facts.hardship_cite),
      }
    end

    local g = history.granted_this_year("spring_festival_visit")
    if g then
      return ineligible {
        reason("already_visited_this_year",
               "本户已于 " .. g.date .. " 领取春节慰问金 " .. money.text(g.amount) .. " 元，每户每年只慰问一次。",
               BASIS .. "第六条"),
      }
    end

    return eligible {
      reason(tier == "deep" and "deep_hardship" or "relative_hardship", facts.hardship_reason, facts.hardship_cite),
      reason("festival_visit", "困难职工家庭春节慰问：慰问金 " .. money.text(params.festival.cash)
             .. " 元，大米一袋、食用油一桶。", BASIS .. "第三条"),
      cash(params.festival.cash, "once", "春节慰问金"),
      in_kind("大米", 1, "袋", params.festival.rice_value),
      in_kind("食用油", 1, "桶", params.festival.oil_value),
    }
  end,
}
