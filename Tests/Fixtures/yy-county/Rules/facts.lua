-- 派生事实：由档案算出、多个项目共用的数字（家庭人口、人均收入、困难类别、年龄）。

local BASIS = "《YY县总工会困难职工帮扶资金管理办法》（YY工发〔2023〕4号）"

fact {
  id = "household_size",
  title = "共同生活家庭人口（含申请人）",
  type = "integer",
  compute = function()
    return 1 + #profile.household.members
  end,
}

fact {
  id = "income_per_head",
  title = "家庭月人均收入 =（本人月收入 + 家庭成员月收入）÷ 家庭人口，四舍五入到分",
  type = "money",
  compute = function()
    local total = profile.applicant.monthly_income
                  + sum(profile.household.members, function(m) return m.monthly_income end)
    return money.divide(total, facts.household_size)
  end,
}

fact {
  id = "hardship_tier",
  title = "困难类别",
  type = "enum",
  values = {deep = "深度困难", relative = "相对困难", none = "不属于困难职工家庭"},
  compute = function()
    local per_head = facts.income_per_head
    if per_head <= params.dibao then
      return "deep"
    end
    if per_head < money.scale(params.dibao, params.hardship.relative_multiple) then
      return "relative"
    end
    return "none"
  end,
}

fact {
  id = "hardship_reason",
  title = "困难类别的说明",
  type = "string",
  compute = function()
    local per_head, line = money.text(facts.income_per_head), money.text(params.dibao)
    if facts.hardship_tier == "deep" then
      return "家庭月人均收入 " .. per_head .. " 元，不高于低保标准 " .. line .. " 元，属于深度困难职工家庭。"
    elseif facts.hardship_tier == "relative" then
      return "家庭月人均收入 " .. per_head .. " 元，高于低保标准 " .. line .. " 元但低于其 "
             .. ratio(params.hardship.relative_multiple) .. " 倍，属于相对困难职工家庭。"
    end
    return "家庭月人均收入 " .. per_head .. " 元，不低于低保标准 " .. line .. " 元的 "
           .. ratio(params.hardship.relative_multiple) .. " 倍，不属于困难职工家庭。"
  end,
}

fact {
  id = "hardship_cite",
  title = "困难类别的依据",
  type = "string",
  compute = function()
    return BASIS .. "第五条"
  end,
}

fact {
  id = "age",
  title = "申请人年龄（周岁）",
  type = "integer",
  compute = function()
    return date.age(profile.applicant.birth_date)
  end,
}
