-- 工伤帮扶（简化）：已认定工伤、评定一至十级伤残的职工，应得一次性伤残补助金
-- = 本人工资（按职工平均工资 60% 至 300% 计，未报的按 60%）× 等级对应月数。
-- 这是工伤保险基金欠申请人的钱，作为“应得款项”列出，不是帮扶中心发放的现金。

local INJURY = "《工伤保险条例》（2010年修订）"

programme {
  id = "work_injury",
  title = "工伤帮扶",
  basis = INJURY .. "第三十五条至第三十七条、第六十四条",

  decide = function()
    local wi = profile.work_injury
    if not wi.injured then
      return ineligible { reason("not_injured_at_work", "申请人没有因工受伤。", INJURY .. "第十四条") }
    end
    if wi.recognition ~= "recognised" then
      return ineligible { reason("injury_not_recognised", "申请人的伤害尚未认定为工伤。", INJURY .. "第十七条") }
    end
    local grade = wi.disability_grade
    if grade == nil or grade < 1 or grade > 10 then
      return ineligible { reason("no_disability_grade", "申请人没有一至十级伤残等级。", INJURY .. "第二十二条") }
    end

    local months = params.work_injury.months[grade]
    local wage = facts.work_injury_wage
    local amount = money.times(wage, months)
    return eligible {
      reason("disability_grade_" .. grade,
             "申请人经鉴定为 " .. grade .. " 级伤残，一次性伤残补助金为本人工资 " .. money.text(wage)
             .. " 元 × " .. months .. " 个月 = " .. money.text(amount) .. " 元。",
             INJURY .. "第三十五条至第三十七条、第六十四条第二款"),
      entitlement(amount, "once", "XX市工伤保险基金", "一次性伤残补助金"),
    }
  end,
}
