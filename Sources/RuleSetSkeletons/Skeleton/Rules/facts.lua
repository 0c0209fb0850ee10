-- 派生事实：由档案算出、多个项目共用的数字（家庭人口、人均收入等）。
-- 每个事实在第一次被用到时计算一次，评估单上列出它的名称和数值。

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
