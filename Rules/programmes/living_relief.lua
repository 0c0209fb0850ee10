-- 生活救助：只发给已建档的困难职工家庭，按适用的低保标准乘以月数，每年一次。
-- 深度困难 12 个月，相对困难和意外致困 10 个月（参数 living_relief.months）。

local FUNDS = "《XX区总工会困难职工帮扶资金管理办法》（XX工发〔2020〕5号）"

programme {
  id = "living_relief",
  title = "生活救助",
  basis = FUNDS .. "第十二条",

  decide = function()
    if facts.file_status == "pending" then
      return refer {
        reason(facts.file_status_code,
               "生活救助须先建立困难职工档案，建档尚待工作人员决定：" .. facts.file_status_reason,
               facts.file_status_cite),
      }
    end

    if not facts.on_file then
      return ineligible {
        reason(facts.file_status_code,
               "生活救助只发给已建档的困难职工家庭。" .. facts.file_status_reason,
               facts.file_status_cite),
      }
    end

    local months = params.living_relief.months[facts.hardship_tier]
    local amount = money.times(facts.dibao, months)
    return eligible {
      reason(facts.file_status_code, facts.hardship_tier_reason, facts.hardship_tier_cite),
      reason("living_relief_amount",
             facts.hardship_tier_label .. "职工家庭按低保标准 " .. money.text(facts.dibao) .. " 元 × "
             .. months .. " 个月发放生活救助，全年 " .. money.text(amount) .. " 元。",
             FUNDS .. "第十二条"),
      cash(amount, "yearly", "生活救助金"),
    }
  end,
}
