-- 困难劳模月度补助：年满 60 周岁、已退休的省部级以上劳动模范（称号未被撤销），本人月收入低于
-- 退休劳模收入基准 3,552 元的，由市总工会劳模专项资金按月补足差额，每月最多 1,000 元。

local BASIS = "《YY市总工会困难劳模帮扶办法》（YY市工发〔2025〕3号）"

programme {
  id = "model_worker_topup",
  title = "困难劳模月度补助",
  basis = BASIS .. "第七条",
  fund = "model_worker_fund",

  decide = function()
    local mw = profile.model_worker
    if profile.applicant.category ~= "model_worker" or mw.level == nil then
      return ineligible {
        reason("not_model_worker", "困难劳模月度补助只面向劳动模范。", BASIS .. "第七条"),
      }
    end
    if mw.level == "city" then
      return ineligible {
        reason("model_worker_level", "市级劳动模范不在本补助范围内（限省部级以上劳动模范）。", BASIS .. "第七条"),
      }
    end
    if mw.title_revoked then
      return ineligible {
        reason("title_revoked", "劳模称号已被撤销，不再享受劳模补助。", BASIS .. "第十一条"),
      }
    end
    if facts.age < params.model_worker.min_age or not mw.retired then
      return ineligible {
        reason("not_elderly_retired",
               "月度补助只面向年满 " .. params.model_worker.min_age .. " 周岁并已退休的劳动模范（申请人 "
               .. facts.age .. " 周岁）。",
               BASIS .. "第七条"),
      }
    end

    local income, benchmark = profile.applicant.monthly_income, params.model_worker.benchmark
    if income >= benchmark then
      return ineligible {
        reason("income_above_benchmark",
               "本人月收入 " .. money.text(income) .. " 元，不低于收入基准 " .. money.text(benchmark) .. " 元。",
               BASIS .. "第八条"),
      }
    end

    local topup = money.min(benchmark - income, params.model_worker.monthly_cap)
    return eligible {
      reason("model_worker_gap",
             "本人月收入 " .. money.text(income) .. " 元，低于收入基准 " .. money.text(benchmark)
             .. " 元，按月补足差额，每月最多 " .. money.text(params.model_worker.monthly_cap) .. " 元，每月补助 "
             .. money.text(topup) .. " 元。",
             BASIS .. "第八条"),
      cash(topup, "monthly", "困难劳模月度补助金"),
    }
  end,
}
