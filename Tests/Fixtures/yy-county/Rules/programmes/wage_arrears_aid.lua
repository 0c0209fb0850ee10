-- 农民工欠薪应急救助：进城务工农民工被拖欠工资的，一律转介县劳动保障监察大队追讨；
-- 是工会会员的，帮扶中心按欠薪金额的 30% 先行垫付应急救助金，每人每次最多 3,000 元。
-- 被拖欠的工资仍由欠薪单位支付（列为“应由他方支付”）。

local BASIS = "《YY县总工会农民工欠薪应急救助实施细则》（YY工发〔2024〕2号）"
local WAGE_LAW = "《保障农民工工资支付条例》第五十条、第五十一条"

programme {
  id = "wage_arrears_aid",
  title = "农民工欠薪应急救助",
  basis = BASIS .. "第三条",

  decide = function()
    if profile.applicant.category ~= "migrant" then
      return ineligible {
        reason("not_migrant_worker", "欠薪应急救助只面向进城务工农民工。", BASIS .. "第三条"),
      }
    end

    local w = profile.wage_arrears
    if w.amount_owed == 0 then
      return ineligible {
        reason("no_wage_arrears", "申请人没有被拖欠工资。", BASIS .. "第三条"),
      }
    end

    local employer = known(w.employer) and w.employer or "欠薪单位"
    local inspect = service("转介劳动保障监察",
                            "由县劳动保障监察大队责令" .. employer .. "限期支付被拖欠的工资 "
                            .. money.text(w.amount_owed) .. " 元。")

    if not profile.applicant.union_member then
      return ineligible {
        reason("not_union_member",
               "申请人不是工会会员，不能享受欠薪应急垫付；帮扶中心转介劳动保障监察部门追讨欠薪。",
               BASIS .. "第四条"),
        inspect,
      }
    end

    local advance = money.min(money.percent(w.amount_owed, params.wage_arrears.advance_percent),
                              params.wage_arrears.advance_cap)
    return eligible {
      reason("wage_arrears_advance",
             "被拖欠工资 " .. money.text(w.amount_owed) .. " 元，按 "
             .. percent(params.wage_arrears.advance_percent / 100) .. " 先行垫付，每次最多 "
             .. money.text(params.wage_arrears.advance_cap) .. " 元，垫付 " .. money.text(advance) .. " 元。",
             BASIS .. "第六条"),
      cash(advance, "once", "欠薪应急垫付金"),
      entitlement(w.amount_owed, "once", employer, "被拖欠的工资"),
      inspect,
      reason("wage_recovery_referral", "转介县劳动保障监察大队追讨欠薪。", WAGE_LAW),
    }
  end,
}
