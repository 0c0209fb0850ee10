-- 共享的派生事实（facts）
--
-- 金额在规则内部一律以“分”计算（params.dibao.urban 在 2026 年是 94000）；
-- 给申请人看的文字用 money.text() 显示为元。
-- 本文件分六部分：一、基本情况；二、家庭收入和支出；三、困难程度；
-- 四、排除情形；五、建档结论（生活救助、医疗救助等都以建档结论为前提）；六、劳模和工伤。

local RULES = "《XX区困难职工认定和建档管理办法》（XX工发〔2020〕4号）"

-- 把比例显示成百分数，如 0.8 → "80%"
local function percent_text(ratio)
  return string.format("%d%%", math.floor(ratio * 100 + 0.5))
end

-- 把比例显示成倍数，如 2.0 → "2"，2.5 → "2.5"
local function times_text(ratio)
  if ratio == math.floor(ratio) then
    return string.format("%d", math.floor(ratio))
  end
  return tostring(ratio)
end

-- 日期 day 是否在评估日之前 months 个月以内
local function within_months(day, months)
  return day ~= nil and day <= today and date.months_between(day, today) < months
end

---------------------------------------------------------------------------
-- 一、基本情况
---------------------------------------------------------------------------

fact {
  id = "age",
  title = "申请人年龄（评估日的周岁）",
  type = "integer",
  compute = function()
    return date.age(profile.applicant.birth_date)
  end,
}

fact {
  id = "household_size",
  title = "共同生活家庭人口（含申请人）",
  type = "integer",
  compute = function()
    return 1 + #profile.household.members
  end,
}

fact {
  id = "is_migrant_worker",
  title = "进城务工农民工（农村户籍、在城区长期居住）",
  type = "boolean",
  compute = function()
    return profile.applicant.hukou == "rural" and profile.applicant.lives_in == "city"
  end,
}

fact {
  id = "dibao",
  title = "适用的最低生活保障标准（月）：在城区居住的（含进城务工农民工）按城市标准，在农村居住的按农村标准",
  type = "money",
  compute = function()
    if profile.applicant.lives_in == "village" then
      return params.dibao.rural
    end
    return params.dibao.urban
  end,
}

---------------------------------------------------------------------------
-- 二、家庭收入和支出（认定办法第八条、第九条）
---------------------------------------------------------------------------

fact {
  id = "imputed_income",
  title = "有劳动能力但未就业、未上学的家庭成员，按最低工资标准计算的年收入",
  type = "money",
  compute = function()
    -- 在读的成员不是“未上学”，不必再问是否有劳动能力而未就业
    local idle = count(profile.household.members, function(m) return m.studying == nil and m.idle_able_bodied end)
    return money.times(params.minimum_wage, 12 * idle)
  end,
}

fact {
  id = "counted_compensation",
  title = "计入家庭收入的赔偿和补偿：近12个月获得的赔偿金；一次性伤残补助金尚未支付的按应得数计入，已支付的在受伤后12个月内计入",
  type = "money",
  compute = function()
    local wi = profile.work_injury
    local total = profile.household.compensation_received
    -- 没有应得的伤残补助金（未受工伤、未认定或未评定等级）时，不必问是否已支付、何时受伤
    local subsidy = facts.work_injury_subsidy
    if subsidy > 0 and (not wi.subsidy_paid or within_months(wi.injury_date, 12)) then
      total = total + subsidy
    end
    return total
  end,
}

-- 每次发放的帮扶在下次认定时计入收入：看帮扶记录，不由申请人自报
fact {
  id = "union_aid_income",
  title = "计入家庭收入的工会帮扶：近12个月已发放、按规定计入收入的帮扶（帮扶记录；节日小额慰问不计）",
  type = "money",
  compute = function()
    return history.income_last_12_months()
  end,
}

fact {
  id = "household_yearly_income",
  title = "家庭年收入（申请人和家庭成员月收入×12，加其他年收入、计入的赔偿补偿、近12个月的工会帮扶和按最低工资计算的收入）",
  type = "money",
  compute = function()
    local h = profile.household
    local monthly = profile.employment.monthly_income
                    + sum(h.members, function(m) return m.monthly_income end)
    return money.times(monthly, 12) + h.other_yearly_income
           + facts.counted_compensation + facts.union_aid_income + facts.imputed_income
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
    -- 一次除以（12 × 家庭人口），只四舍五入一次（到分，0.5 分进 1 分）；困难程度用四舍五入后的数与困难线比较：
    -- 940.005 元计为 940.01 元，高于低保标准 940 元；940.004… 元计为 940.00 元，不高于（见案例 52）
    return money.per_head(net_yearly, 12 * facts.household_size)
  end,
}

---------------------------------------------------------------------------
-- 三、困难程度（认定办法第五条至第七条）
-- 这里只按收入和支出测算，不考虑户籍居住、排除情形和材料；是否建档见第五部分。
---------------------------------------------------------------------------

fact {
  id = "deep_line",
  title = "深度困难线（月人均）",
  type = "money",
  compute = function()
    return money.scale(facts.dibao, params.hardship.deep_ratio)
  end,
}

fact {
  id = "relative_line",
  title = "相对困难线（月人均）",
  type = "money",
  compute = function()
    return money.scale(facts.dibao, params.hardship.relative_ratio)
  end,
}

fact {
  id = "recent_emergency",
  title = "近期遭遇突发重大疾病、灾害或事故（在规定月数以内）",
  type = "boolean",
  compute = function()
    local e = profile.emergency
    return e.event ~= nil and within_months(e.date, params.hardship.emergency_window_months)
  end,
}

fact {
  id = "heavy_rigid_costs",
  title = "年刚性支出超过家庭年收入的规定比例（80%）",
  type = "boolean",
  compute = function()
    local limit = money.scale(facts.household_yearly_income, params.hardship.accidental_cost_share)
    return facts.rigid_costs > limit
  end,
}

fact {
  id = "extra_hardship_costs",
  title = "有因病、因残或因学的刚性支出",
  type = "boolean",
  compute = function()
    local c = profile.household.rigid_costs
    return c.medical + c.disability + c.schooling > 0
  end,
}

-- 按顺序检查，先符合的为准：
--   1. 近期突发事件且刚性支出超过收入的 80%：意外致困（专为突发困难设立，一年后复核）
--   2. 月人均纯收入不高于低保标准：深度困难
--   3. 月人均纯收入低于低保标准 2 倍：相对困难；其中享受低保且有因病因残因学支出的，
--      或因企业关闭破产停产下岗、停发工资的，升为深度困难
--   4. 其余家庭刚性支出超过收入的 80%：意外致困
fact {
  id = "hardship_tier",
  title = "困难程度（仅按收入和支出测算）",
  type = "enum",
  values = {none = "不属于困难职工家庭", deep = "深度困难", relative = "相对困难", accidental = "意外致困"},
  compute = function()
    local net = facts.net_income_per_head
    if facts.recent_emergency and facts.heavy_rigid_costs then
      return "accidental"
    end
    if net <= facts.deep_line then
      return "deep"
    end
    if net < facts.relative_line then
      -- 没有因病、因残、因学支出时，是否享受低保不影响结论，不必问
      if facts.extra_hardship_costs and profile.household.on_dibao then
        return "deep"
      end
      if profile.employment.firm_closed then
        return "deep"
      end
      return "relative"
    end
    if facts.heavy_rigid_costs then
      return "accidental"
    end
    return "none"
  end,
}

fact {
  id = "hardship_tier_label",
  title = "困难程度（中文）",
  type = "string",
  compute = function()
    local labels = {none = "非困难", deep = "深度困难", relative = "相对困难", accidental = "意外致困"}
    return labels[facts.hardship_tier]
  end,
}

-- 深度困难是按哪一款认定的："income" 收入不高于低保、"dibao" 低保家庭有因病因残因学支出、
-- "firm_closed" 企业关闭停产；不是深度困难的为 nil
local function deep_path()
  if facts.hardship_tier ~= "deep" then return nil end
  if facts.net_income_per_head <= facts.deep_line then return "income" end
  if facts.extra_hardship_costs and profile.household.on_dibao then return "dibao" end
  return "firm_closed"
end

fact {
  id = "hardship_tier_reason",
  title = "困难程度的说明（给申请人看的一句话）",
  type = "string",
  compute = function()
    -- 计入了工会帮扶的，说明计入了多少
    local net = money.text(facts.net_income_per_head)
    if facts.union_aid_income > 0 then
      net = net .. " 元（家庭年收入已计入近 12 个月领取的工会帮扶 " .. money.text(facts.union_aid_income) .. " 元）"
    else
      net = net .. " 元"
    end
    local dibao = money.text(facts.dibao)
    local relative = money.text(facts.relative_line)
    local tier = facts.hardship_tier
    local share = percent_text(params.hardship.accidental_cost_share)
    if tier == "accidental" then
      local cause = ""
      if facts.recent_emergency then
        cause = "家庭近期遭遇突发重大疾病、灾害或事故，"
      end
      return cause .. "年刚性支出 " .. money.text(facts.rigid_costs) .. " 元，超过家庭年收入 "
             .. money.text(facts.household_yearly_income) .. " 元的 " .. share .. "，属于意外致困职工家庭。"
    end
    if deep_path() == "income" then
      return "家庭月人均纯收入 " .. net .. "，不高于低保标准 " .. dibao .. " 元，属于深度困难职工家庭。"
    end
    if deep_path() == "dibao" then
      return "家庭月人均纯收入 " .. net .. "，家庭享受低保且有因病、因残或因学支出，属于深度困难职工家庭。"
    end
    if deep_path() == "firm_closed" then
      return "家庭月人均纯收入 " .. net .. "，低于 " .. relative .. " 元，且因企业关闭、破产或停产下岗失业或停发工资，属于深度困难职工家庭。"
    end
    if tier == "relative" then
      return "家庭月人均纯收入 " .. net .. "，高于低保标准 " .. dibao .. " 元、低于其 "
             .. times_text(params.hardship.relative_ratio) .. " 倍 " .. relative .. " 元，属于相对困难职工家庭。"
    end
    return "家庭月人均纯收入 " .. net .. "，不低于低保标准的 " .. times_text(params.hardship.relative_ratio)
           .. " 倍（" .. relative .. " 元），刚性支出也未超过家庭年收入的 " .. share .. "，不属于困难职工家庭。"
  end,
}

fact {
  id = "hardship_tier_cite",
  title = "困难程度所依据的条款",
  type = "string",
  compute = function()
    local deep_articles = {income = "第五条第一款", dibao = "第五条第二款第一项", firm_closed = "第五条第二款第二项"}
    local articles = {none = "第五条至第七条", relative = "第六条", accidental = "第七条"}
    if facts.hardship_tier == "deep" then
      return RULES .. deep_articles[deep_path()]
    end
    return RULES .. articles[facts.hardship_tier]
  end,
}

---------------------------------------------------------------------------
-- 四、排除情形（认定办法第十条）
---------------------------------------------------------------------------

fact {
  id = "employs_others",
  title = "家庭成员的经营活动雇用他人",
  type = "boolean",
  compute = function()
    -- 雇用人数只对已创业（个体工商户、公司）的才问
    local s = profile.startup
    return profile.household.employs_others or (s.business_type ~= "none" and s.employees > 0)
  end,
}

-- 列出所有适用的排除情形：每项 {code, text}
local function exclusions()
  local h = profile.household
  local found = {}
  local function add(code, text)
    table.insert(found, {code = code, text = text})
  end
  if h.homes >= 2 then
    add("excluded_two_homes", "家庭拥有住房 " .. h.homes .. " 套")
  end
  if h.vehicle == "private" then
    add("excluded_vehicle", "家庭拥有或经常使用机动车（残疾人专用车除外）")
  end
  if h.owns_company then
    add("excluded_company", "家庭成员控股、经营公司或担任公司法定代表人")
  end
  if h.owns_commercial_property then
    add("excluded_commercial_property", "家庭拥有商铺等经营性房产")
  end
  if facts.employs_others then
    add("excluded_employs_others", "家庭成员从事经营活动并雇用他人")
  end
  if any(h.members, function(m) return m.studying == "high_fee_private" or m.studying == "abroad_self_funded" end) then
    add("excluded_private_school", "子女就读高收费私立学校或自费出国留学")
  end
  if h.hides_income_or_refuses_checks then
    add("excluded_refuses_checks", "隐瞒家庭收入或拒不配合核查")
  end
  if profile.employment.refused_suitable_work then
    add("excluded_refused_work", "有劳动能力但无正当理由拒绝介绍的适当工作")
  end
  return found
end

fact {
  id = "excluded",
  title = "有排除情形（两套以上住房、机动车、经营公司或雇工、子女高收费就学、隐瞒收入、拒绝工作）",
  type = "boolean",
  compute = function()
    return #exclusions() > 0
  end,
}

fact {
  id = "exclusion_code",
  title = "第一项排除情形的代码（无则为空）",
  type = "string",
  compute = function()
    local found = exclusions()
    if #found == 0 then return "" end
    return found[1].code
  end,
}

fact {
  id = "exclusion_reason",
  title = "排除情形的说明（给申请人看的一句话，无则为空）",
  type = "string",
  compute = function()
    local found = exclusions()
    if #found == 0 then return "" end
    local texts = {}
    for _, e in ipairs(found) do
      table.insert(texts, e.text)
    end
    return table.concat(texts, "；") .. "，按规定不纳入困难职工帮扶范围。"
  end,
}

fact {
  id = "exclusion_waivable",
  title = "家庭使用谋生用低值机动车：是否排除由工作人员核实决定",
  type = "boolean",
  compute = function()
    return profile.household.vehicle == "work"
  end,
}

---------------------------------------------------------------------------
-- 五、建档结论（认定办法第三条、第十条、第十一条）
-- 先看不能建档的情形（拒绝），再看需要工作人员决定的情形（转人工），最后建档。
-- 生活救助、医疗救助、金秋助学等都读这里的结论，所以建档规则只写在这一处；
-- programmes/hardship_file.lua 把它写成决定。
---------------------------------------------------------------------------

-- 返回 status（open 建档 / pending 转人工 / refused 不建档）、原因代码、说明、依据
local function filing()
  local a = profile.applicant
  local e = profile.employment

  -- 不能建档
  if a.lives_in == "village" then
    return "refused", "rural_resident_in_village",
           "申请人在农村居住，不属于城镇困难职工建档范围；可通过双联帮扶、农村低保等渠道求助。",
           RULES .. "第三条第一款"
  end
  if facts.is_migrant_worker and not a.union_member then
    return "refused", "migrant_not_union_member",
           "进城务工农民工须加入工会后方可建档；可就近在所在单位或社区（村）工会办理入会。",
           RULES .. "第三条第二款"
  end
  if facts.is_migrant_worker and e.months_employed_in_city < params.hardship.migrant_min_months then
    return "refused", "migrant_short_employment",
           "进城务工农民工须在城镇连续务工满 " .. params.hardship.migrant_min_months .. " 个月方可建档，申请人目前为 "
           .. e.months_employed_in_city .. " 个月。",
           RULES .. "第三条第二款"
  end
  if facts.excluded then
    return "refused", facts.exclusion_code, facts.exclusion_reason, RULES .. "第十条"
  end
  if facts.hardship_tier == "none" then
    return "refused", "income_above_line", facts.hardship_tier_reason, facts.hardship_tier_cite
  end

  -- 需要工作人员决定
  if facts.is_migrant_worker and e.relationship_disputed then
    return "pending", "employment_relationship_disputed",
           "申请人与用人单位的劳动关系存在争议，需由工作人员核实事实劳动关系后再决定是否建档。",
           RULES .. "第三条第二款"
  end
  if facts.exclusion_waivable then
    return "pending", "work_vehicle_needs_review",
           "家庭使用谋生用低值机动车，是否属于排除情形需由工作人员入户核实后决定。",
           RULES .. "第十条第二款"
  end
  if not profile.documents.income_proof_complete then
    return "pending", "income_proof_missing",
           "家庭收入证明材料不齐全，请补齐后由工作人员核实收入再确定能否建档。",
           RULES .. "第十一条"
  end

  return "open", facts.hardship_tier .. "_hardship", facts.hardship_tier_reason, facts.hardship_tier_cite
end

fact {
  id = "file_status",
  title = "困难职工建档结论",
  type = "enum",
  values = {open = "建档", pending = "待工作人员决定", refused = "不建档"},
  compute = function()
    local status = filing()
    return status
  end,
}

fact {
  id = "file_status_code",
  title = "建档结论的原因代码",
  type = "string",
  compute = function()
    local _, code = filing()
    return code
  end,
}

fact {
  id = "file_status_reason",
  title = "建档结论的说明",
  type = "string",
  compute = function()
    local _, _, text = filing()
    return text
  end,
}

fact {
  id = "file_status_cite",
  title = "建档结论所依据的条款",
  type = "string",
  compute = function()
    local _, _, _, cite = filing()
    return cite
  end,
}

fact {
  id = "on_file",
  title = "已（可）建立困难职工档案",
  type = "boolean",
  compute = function()
    return facts.file_status == "open"
  end,
}

---------------------------------------------------------------------------
-- 六、劳模和工伤
---------------------------------------------------------------------------

fact {
  id = "model_worker_top_up",
  title = "困难劳模每月应补差额（帮扶基准 − 本人月收入，最高 1,000 元；称号须为省部级以上且有效）",
  type = "money",
  compute = function()
    local mw = profile.model_worker
    -- 非劳模和市级以下劳模不必再问身份和称号状态；身份未填的无法确定基准，不计差额
    if mw.level ~= "national" and mw.level ~= "provincial" then return 0 end
    if not known(mw.status) or mw.title_status ~= "valid" then return 0 end
    local shortfall = params.model_worker.benchmark[mw.status] - profile.employment.monthly_income
    if shortfall <= 0 then return 0 end
    return money.min(shortfall, params.model_worker.cap)
  end,
}

fact {
  id = "work_injury_average_wage",
  title = "受伤之日适用的统筹地区职工月平均工资（本人工资保底和封顶的基数）",
  type = "money",
  compute = function()
    -- params_on(日期)：参数在那一天适用的值；受伤日期未填时平均工资也未知，待补充
    return params_on(profile.work_injury.injury_date).average_wage
  end,
}

fact {
  id = "work_injury_wage",
  title = "一次性伤残补助金计算基数：本人工资，低于受伤之日统筹地区职工平均工资 60% 的按 60%，高于 300% 的按 300%",
  type = "money",
  compute = function()
    local wage = profile.work_injury.average_monthly_wage
    if not known(wage) then return 0 end     -- 缺本人工资：无法计算（工伤帮扶转人工补充）
    local average = facts.work_injury_average_wage
    local floor = money.scale(average, params.work_injury.wage_floor)
    local cap = money.scale(average, params.work_injury.wage_cap)
    return money.min(money.max(wage, floor), cap)
  end,
}

fact {
  id = "work_injury_subsidy",
  title = "应得一次性伤残补助金（已认定工伤、已评定伤残等级时：计算基数 × 等级对应月数）",
  type = "money",
  compute = function()
    local wi = profile.work_injury
    if not wi.injured or wi.recognition ~= "recognised" then return 0 end
    -- 尚未评定等级（nil），或缺本人工资，尚无应得数
    if wi.disability_grade == nil or not known(wi.average_monthly_wage) then return 0 end
    return money.times(facts.work_injury_wage, params.work_injury.months[wi.disability_grade])
  end,
}

---------------------------------------------------------------------------
-- 七、集中发放月份（两节送温暖、春耕帮扶、金秋助学）
-- 这三项按年度方案在规定月份集中受理发放，月份是带日期的参数（*.months），方案调整时加一个日期即可；
-- 评估日所在月份不在其中的，本次不发放。
---------------------------------------------------------------------------

-- 评估日所在月份是否在 months 所列月份中
local function in_months(months)
  local month = tonumber(today:sub(6, 7))
  for _, m in ipairs(months) do
    if m == month then return true end
  end
  return false
end

fact {
  id = "festival_warmth_in_season",
  title = "评估日在两节送温暖集中慰问月份内（参数 festival_warmth.months）",
  type = "boolean",
  compute = function()
    return in_months(params.festival_warmth.months)
  end,
}

fact {
  id = "spring_ploughing_in_season",
  title = "评估日在春耕帮扶集中发放月份内（参数 spring_ploughing.months）",
  type = "boolean",
  compute = function()
    return in_months(params.spring_ploughing.months)
  end,
}

fact {
  id = "school_aid_in_season",
  title = "评估日在金秋助学集中受理月份内（参数 school_aid.months）",
  type = "boolean",
  compute = function()
    return in_months(params.school_aid.months)
  end,
}
