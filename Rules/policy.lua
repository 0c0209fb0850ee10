-- 跨项目政策：所有项目决定之后，按下列顺序执行。“本年度已领取的”一律看本户的帮扶记录（history），
-- 不再由申请人自报。
--
-- 1. 每年一次：生活救助、两节送温暖、春耕帮扶每户每年只享受一次，本年度已领取的不再发放
--    （慰问品、化肥一并不再发放，服务照常）。
-- 2. 叠加：只有已建档的深度困难职工家庭可以同时享受多项现金帮扶；
--    其他家庭（相对困难、意外致困、未建档）每年只享受一项现金帮扶：本年度已领取过现金帮扶的，
--    不再发放其他现金帮扶；没有领取过的，保留全年金额最高的一项。
-- 3. 封顶：每户每年从帮扶中心领取的现金合计不超过 30,000 元（含本年度已领取的）；
--    从金额最大的项目起依次计入，超出的部分从金额最小的项目起扣减。
--
-- 第 2、3 条只管帮扶中心发放的现金：
--   · 困难劳模帮扶金由市总工会劳模专项资金（model_worker_fund）支付，不在此列；
--   · 工伤补助金、欠薪是别人应付给申请人的钱，税收扣减限额是税务机关在限额内扣减的税费，都不是现金帮扶，也不在此列；
--   · 两节送温暖、春耕帮扶、就业帮扶的现金被扣减时，慰问品、化肥和职业介绍照常提供。

local FUNDS = "《XX区总工会困难职工帮扶资金管理办法》（XX工发〔2020〕5号）"

-- 不由帮扶中心支付的资金（各项目在 programme { fund = … } 中写明由哪项资金支付）
local OUTSIDE_FUND = "model_worker_fund"

-- 每户每年只享受一次的项目
local ONCE_A_YEAR = {living_relief = true, festival_warmth = true, spring_ploughing = true}

-- 一条帮扶记录的说明，如“生活救助 9,400.00 元（2026-03-10 发放）”
local function grant_text(g)
  if g.schedule == "monthly" then
    return g.title .. "每月 " .. money.text(g.amount) .. " 元（自 " .. g.date .. " 起共 " .. g.months .. " 个月）"
  end
  return g.title .. " " .. money.text(g.amount) .. " 元（" .. g.date .. " 发放）"
end

-- 取消一个项目的现金：limit_cash(…, 0, …) 只取消现金，慰问品、化肥和服务照常；没有其他待遇的项目即为不符合
local function take_cash_away(d, why)
  limit_cash(d.id, 0, why)
end

-- 帮扶中心发放现金的、符合条件的项目
local function paying(decisions)
  local list = {}
  for _, d in ipairs(decisions) do
    if d.outcome == "eligible" and d.cash_per_year > 0 and d.fund ~= OUTSIDE_FUND then
      table.insert(list, d)
    end
  end
  return list
end

-- 按全年金额从大到小排；金额相同的按决定书上的顺序
local function largest_first(list)
  local order = {}
  for i, d in ipairs(list) do
    table.insert(order, {d = d, position = i})
  end
  table.sort(order, function(a, b)
    if a.d.cash_per_year ~= b.d.cash_per_year then
      return a.d.cash_per_year > b.d.cash_per_year
    end
    return a.position < b.position
  end)
  local sorted = {}
  for _, o in ipairs(order) do
    table.insert(sorted, o.d)
  end
  return sorted
end

policy {
  id = "once_a_year",
  title = "生活救助、两节送温暖、春耕帮扶每户每年只享受一次，本年度已领取的不再发放",
  cite = FUNDS .. "第十八条",
  apply = function(decisions)
    for _, d in ipairs(decisions) do
      if ONCE_A_YEAR[d.id] and d.outcome == "eligible" then
        local g = history.granted_this_year(d.id)
        if g then
          withhold(d.id, reason("already_granted_this_year",
            "本户本年度已领取" .. grant_text(g) .. "，" .. d.title .. "每户每年只享受一次，本年度不再发放。",
            FUNDS .. "第十八条"))
        end
      end
    end
  end,
}

policy {
  id = "one_cash_programme_unless_deep",
  title = "只有建档深度困难职工家庭可叠加享受多项现金帮扶；其他家庭每年只享受一项（含本年度已领取的），本年度未领取的保留全年金额最高的一项（慰问品、化肥、服务照常；困难劳模帮扶金不在此列）",
  cite = FUNDS .. "第二十条",
  apply = function(decisions)
    local list = largest_first(paying(decisions))
    if #list == 0 then
      return
    end
    -- 本年度已领取的帮扶中心现金帮扶；同一项目本年度再次发放（如临时救助在上限内补足）不算另一项
    local earlier = history.grants_this_year{except_fund = OUTSIDE_FUND}
    local function other_programmes(d)
      local texts = {}
      for _, g in ipairs(earlier) do
        if g.programme ~= d.id then table.insert(texts, grant_text(g)) end
      end
      return texts
    end
    -- 本次只有一项、本年度也没有领取过其他现金帮扶时，不必看是否建档、困难程度
    if #list == 1 and #other_programmes(list[1]) == 0 then
      return
    end
    if facts.on_file and facts.hardship_tier == "deep" then
      return
    end
    local kept = nil
    for _, d in ipairs(list) do
      local others = other_programmes(d)
      if #others > 0 then
        take_cash_away(d, reason("one_cash_programme",
          "只有建档深度困难职工家庭可以同时享受多项现金帮扶，本户每年只享受一项：本年度已领取"
          .. table.concat(others, "、") .. "，" .. d.title .. "不再发放现金。",
          FUNDS .. "第二十条"))
      elseif kept == nil then
        kept = d
      else
        take_cash_away(d, reason("one_cash_programme",
          "只有建档深度困难职工家庭可以同时享受多项现金帮扶，本户每年只享受一项：已保留金额最高的"
          .. kept.title .. "（全年 " .. money.text(kept.cash_per_year) .. " 元），" .. d.title .. "不再发放现金。",
          FUNDS .. "第二十条"))
      end
    end
  end,
}

policy {
  id = "yearly_household_cash_cap",
  title = "每户每年从帮扶中心领取的现金合计不超过年度上限（现为 30,000 元，含本年度已领取的），超出部分从金额最小的项目起扣减（困难劳模帮扶金不在此列）",
  cite = FUNDS .. "第二十一条",
  apply = function(decisions)
    -- 没有帮扶中心发放的现金时，不必问本年度已领多少
    local list = largest_first(paying(decisions))
    if #list == 0 then
      return
    end
    local cap = params.policy.yearly_cash_cap
    local already = history.cash_this_year{except_fund = OUTSIDE_FUND}
    local room = money.max(0, cap - already)
    local intro = "每户每年从帮扶中心领取的现金合计不超过 " .. money.text(cap) .. " 元（本年度已领 "
                  .. money.text(already) .. " 元），从金额最大的项目起计入，"

    for _, d in ipairs(list) do
      if d.cash_per_year <= room then
        room = room - d.cash_per_year
      elseif room > 0 then
        limit_cash(d.id, room, reason("yearly_cash_cap",
          intro .. d.title .. "只能再发 " .. money.text(room) .. " 元。", FUNDS .. "第二十一条"))
        room = 0
      else
        take_cash_away(d, reason("yearly_cash_cap",
          intro .. "已达上限，" .. d.title .. "不再发放现金。", FUNDS .. "第二十一条"))
      end
    end
  end,
}
