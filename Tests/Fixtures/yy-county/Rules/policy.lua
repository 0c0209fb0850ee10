-- 跨项目政策：所有项目判定之后执行。
-- 帮扶中心（centre 资金）给一户的现金帮扶每年合计不超过 policy.yearly_cash_cap（10,000 元），
-- 本年度已领取的（帮扶记录）先计入；按现金从多到少保留，超出部分从较小的项目中扣减。
-- 困难劳模月度补助由市总工会劳模专项资金支付，不计入本上限。

local FUNDS = "《YY县总工会困难职工帮扶资金管理办法》（YY工发〔2023〕4号）"

local OTHER_FUND = {model_worker_topup = true}

policy {
  id = "yearly_household_cash_cap",
  title = "帮扶中心对每户的现金帮扶每年合计不超过上限",
  cite = FUNDS .. "第二十条",
  apply = function(decisions)
    local paying = {}
    for _, d in ipairs(decisions) do
      if d.outcome == "eligible" and d.cash_per_year > 0 and not OTHER_FUND[d.id] then
        paying[#paying + 1] = d
      end
    end
    if #paying == 0 then
      return
    end
    table.sort(paying, function(a, b) return a.cash_per_year > b.cash_per_year end)

    local cap = params.policy.yearly_cash_cap
    local already = history.cash_this_year({fund = "centre"})
    local room = money.max(cap - already, 0)
    for _, d in ipairs(paying) do
      if d.cash_per_year > room then
        limit_cash(d.id, room, reason("yearly_cash_cap",
          "帮扶中心对每户的现金帮扶每年合计不超过 " .. money.text(cap) .. " 元（本年度已领取 "
          .. money.text(already) .. " 元），" .. d.title .. "现金减为 " .. money.text(room) .. " 元。",
          FUNDS .. "第二十条"))
        room = 0
      else
        room = room - d.cash_per_year
      end
    end
  end,
}
