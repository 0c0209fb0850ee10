-- 困难劳模帮扶：省部级以上劳动模范（先进工作者），本人月收入低于帮扶基准的，按月补足差额，
-- 每月最多 1,000 元。基准：在职 6,566 元，退休 3,552 元，无收入的农民劳模 1,000 元。
-- 称号被撤销的不帮扶；称号状态待核实的交工作人员决定。
-- 本项由市总工会劳模专项帮扶资金支付，不占帮扶中心的现金帮扶名额和年度上限（见 policy.lua）。

local MODEL = "《XX市总工会困难劳动模范帮扶管理办法》（XX工发〔2020〕8号）"

local STATUS_NAMES = {serving = "在职", retired = "退休", farmer = "农民"}

programme {
  id = "model_worker_allowance",
  title = "困难劳模帮扶",
  basis = MODEL .. "第五条至第八条",
  fund = "model_worker_fund",

  decide = function()
    local mw = profile.model_worker

    if mw.level == nil then
      return ineligible {
        reason("not_model_worker", "申请人未申报劳动模范荣誉称号。", MODEL .. "第五条"),
      }
    end

    if mw.title_status == "revoked" then
      return ineligible {
        reason("title_revoked", "申请人的劳动模范荣誉称号已被撤销，不再享受劳模帮扶。", MODEL .. "第九条"),
      }
    end

    if mw.level ~= "national" and mw.level ~= "provincial" then
      return ineligible {
        reason("title_level_too_low",
               "困难劳模帮扶只针对省部级以上劳动模范，市级、区县级劳模可按困难职工申请其他帮扶。",
               MODEL .. "第五条"),
      }
    end

    if mw.title_status == "unclear" then
      return refer {
        reason("title_status_unclear",
               "申请人的劳动模范荣誉称号状态待核实，请工作人员向授予机关核实后再决定。",
               MODEL .. "第五条第二款"),
      }
    end

    if not known(mw.status) then
      return refer {
        reason("model_worker_status_missing", "申请人未填写劳模目前身份（在职、退休或农民），无法确定帮扶基准。",
               MODEL .. "第六条"),
      }
    end

    local benchmark = params.model_worker.benchmark[mw.status]
    local income = profile.employment.monthly_income
    if income >= benchmark then
      return ineligible {
        reason("income_above_benchmark",
               STATUS_NAMES[mw.status] .. "劳模帮扶基准为每月 " .. money.text(benchmark) .. " 元，申请人本人月收入 "
               .. money.text(income) .. " 元，不低于基准。",
               MODEL .. "第六条"),
      }
    end

    local top_up = facts.model_worker_top_up
    return eligible {
      reason("model_worker_in_hardship",
             STATUS_NAMES[mw.status] .. "劳模帮扶基准为每月 " .. money.text(benchmark) .. " 元，申请人本人月收入 "
             .. money.text(income) .. " 元，差额 " .. money.text(benchmark - income) .. " 元，每月最多补 "
             .. money.text(params.model_worker.cap) .. " 元，由市总工会劳模专项资金按月发放 " .. money.text(top_up) .. " 元（不是帮扶中心的现金帮扶）。",
             MODEL .. "第六条、第七条"),
      cash(top_up, "monthly", "困难劳模帮扶金"),
    }
  end,
}
