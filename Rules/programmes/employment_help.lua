-- 就业帮扶：给登记失业的职工免费推荐工作；参加职业技能培训的，
-- 按实际培训费补贴，每人每年最多 3,000 元（本年度已领的要扣除，看帮扶记录中本项目本年度的发放）。

local FUNDS = "《XX区总工会困难职工帮扶资金管理办法》（XX工发〔2020〕5号）"
local PROMOTION = "《中华人民共和国就业促进法》"
local SUBSIDY = "《就业补助资金管理办法》（财社〔2017〕164号）"

programme {
  id = "employment_help",
  title = "就业帮扶",
  basis = PROMOTION .. "第三十五条；" .. SUBSIDY .. "第五条；" .. FUNDS .. "第十七条",
  never = { "refer" },   -- 本项目按规定直接判定，从不转工作人员审核（测试覆盖率不要求有转审核的案例）

  decide = function()
    local e = profile.employment

    if not e.registered_unemployed then
      return ineligible {
        reason("not_registered_unemployed",
               "就业帮扶针对已办理失业登记的人员，申请人目前不在失业登记状态；可到区公共就业服务机构办理失业登记。",
               SUBSIDY .. "第五条"),
      }
    end

    local parts = {
      reason("registered_unemployed", "申请人已办理失业登记，由中心免费推荐工作岗位。", PROMOTION .. "第三十五条"),
      service("职业介绍", "推荐适合的工作岗位，并提供职业指导"),
    }

    if e.training_fee > 0 then
      local cap = params.employment_help.training_cap
      local already = history.cash_this_year{programme = "employment_help"}
      local left = money.max(0, cap - already)
      local amount = money.min(e.training_fee, left)
      if amount > 0 then
        table.insert(parts, reason("training_subsidy",
          "参加职业技能培训，培训费 " .. money.text(e.training_fee) .. " 元，每人每年最多补贴 " .. money.text(cap)
          .. " 元，本年度已领 " .. money.text(already) .. " 元，本次补贴 " .. money.text(amount) .. " 元。",
          SUBSIDY .. "第五条；" .. FUNDS .. "第十七条"))
        table.insert(parts, cash(amount, "once", "职业培训补贴"))
      else
        table.insert(parts, reason("training_cap_reached",
          "本年度已领职业培训补贴 " .. money.text(already) .. " 元，已达每人每年 "
          .. money.text(cap) .. " 元的上限，本次培训不再补贴。",
          FUNDS .. "第十七条"))
      end
    end

    return eligible(parts)
  end,
}
