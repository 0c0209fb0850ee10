-- 生活救助（示例）：家庭月人均收入不高于低保标准的，按低保标准乘以月数，每年发放一次。
-- 每条理由写明依据（文件名称和条款）；金额一律用 params 中的参数，不要在规则里直接写数字。

local BASIS = "《XX区总工会困难职工帮扶资金管理办法》（示例：请改为本项目依据的文件及其文号）"

programme {
  id = "living_relief",
  title = "生活救助",
  basis = BASIS .. "第一条",

  decide = function()
    local per_head, line = facts.income_per_head, params.dibao
    if per_head > line then
      return ineligible {
        reason("income_above_dibao",
               "家庭月人均收入 " .. money.text(per_head) .. " 元，高于低保标准 " .. money.text(line) .. " 元。",
               BASIS .. "第二条"),
      }
    end

    local months = params.living_relief.months
    local amount = money.times(line, months)
    return eligible {
      reason("income_within_dibao",
             "家庭月人均收入 " .. money.text(per_head) .. " 元，不高于低保标准 " .. money.text(line)
             .. " 元，按低保标准 × " .. months .. " 个月发放，全年 " .. money.text(amount) .. " 元。",
             BASIS .. "第二条"),
      cash(amount, "yearly", "生活救助金"),
    }
  end,
}
