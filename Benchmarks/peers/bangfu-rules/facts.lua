-- 对照规则集的派生事实：与 relief.zen.json 的“家庭收支”表达式节点、
-- openfisca_model.py 的同名变量一一对应。金额在规则内部以“分”计算。

---------------------------------------------------------------------------
-- 家庭收入和支出
---------------------------------------------------------------------------

fact {
  id = "household_size",
  title = "共同生活家庭人口（含申请人）",
  type = "integer",
  compute = function()
    return 1 + #profile.household.members
  end,
}

fact {
  id = "household_yearly_income",
  title = "家庭年收入（申请人和家庭成员月收入 × 12，加其他年收入）",
  type = "money",
  compute = function()
    local h = profile.household
    local monthly = profile.employment.monthly_income
                    + sum(h.members, function(m) return m.monthly_income end)
    return money.times(monthly, 12) + h.other_yearly_income
  end,
}

fact {
  id = "rigid_costs",
  title = "家庭年刚性支出（医疗自付、残疾康复护理、非义务教育、住房、其他必需支出）",
  type = "money",
  compute = function()
    local c = profile.household.rigid_costs
    return c.medical + c.disability + c.schooling + c.housing + c.other
  end,
}

fact {
  id = "net_income_per_head",
  title = "家庭月人均纯收入 =（年收入 − 年刚性支出）÷（12 × 家庭人口），只在最后一步四舍五入到分；不足零按零计",
  type = "money",
  compute = function()
    local net_yearly = money.max(0, facts.household_yearly_income - facts.rigid_costs)
    return money.divide(net_yearly, 12 * facts.household_size)
  end,
}

---------------------------------------------------------------------------
-- 困难程度
---------------------------------------------------------------------------

fact {
  id = "dibao",
  title = "适用的最低生活保障标准（月）：城镇户籍按城市标准，农村户籍按农村标准",
  type = "money",
  compute = function()
    if profile.applicant.hukou == "urban" then
      return params.dibao.urban
    end
    return params.dibao.rural
  end,
}

fact {
  id = "relative_line",
  title = "相对困难线（月人均，低保标准的 2 倍）",
  type = "money",
  compute = function()
    return money.scale(facts.dibao, params.hardship.relative_ratio)
  end,
}

fact {
  id = "hardship_tier",
  title = "困难程度：月人均纯收入不高于低保标准为深度困难，低于相对困难线为相对困难",
  type = "enum",
  values = {none = "不属于困难职工家庭", deep = "深度困难", relative = "相对困难"},
  compute = function()
    local net = facts.net_income_per_head
    if net <= facts.dibao then
      return "deep"
    end
    if net < facts.relative_line then
      return "relative"
    end
    return "none"
  end,
}

---------------------------------------------------------------------------
-- 工伤
---------------------------------------------------------------------------

fact {
  id = "work_injury_wage",
  title = "一次性伤残补助金计算基数：本人工资，低于职工平均工资 60% 的（或未报的）按 60%，高于 300% 的按 300%",
  type = "money",
  compute = function()
    local floor = money.scale(params.work_injury.average_wage, params.work_injury.wage_floor)
    local cap = money.scale(params.work_injury.average_wage, params.work_injury.wage_cap)
    local wage = profile.work_injury.average_monthly_wage
    if not known(wage) then return floor end
    return money.min(money.max(wage, floor), cap)
  end,
}
