-- {{title}}：请在这里用一两句话写明本项目的对象、条件和标准。
-- 每条理由写明依据（文件名称和条款）；金额一律用 params 中的参数，不要在规则里直接写数字。
-- 写好后在 Cases/ 中为本项目添加案例，再运行 bangfu check 和 bangfu test。

local BASIS = "《XX区总工会困难职工帮扶资金管理办法》（示例：请改为本项目依据的文件及其文号）"

programme {
  id = "{{id}}",
  title = "{{title}}",
  basis = BASIS .. "第一条",

  decide = function()
    -- 在这里写判定条件：读取 profile（档案）、facts（派生事实）和 params（参数），
    -- 返回 eligible { … }、ineligible { … } 或 refer { … }（待工作人员审核）。
    return refer {
      reason("rules_not_written", "{{title}}的判定规则尚未编写，请工作人员审核。", BASIS .. "第一条"),
    }
  end,
}
