-- 子女就学帮扶：困难职工家庭（深度或相对困难）在读子女，按学段帮扶：
-- 小学、初中每生发书包一个、课外图书一套（实物）；普通高中、中职每生 1,500 元，大学每生 3,000 元。

local BASIS = "《YY县总工会金秋助学实施办法》（YY工发〔2024〕7号）"

local STAGE_LABEL = {primary = "小学", junior = "初中", senior = "普通高中", vocational = "中等职业学校",
                     university = "大学"}

programme {
  id = "school_aid",
  title = "子女就学帮扶",
  basis = BASIS .. "第三条",

  decide = function()
    local pupils, students, cash_parts = 0, 0, {}
    for _, m in ipairs(profile.household.members) do
      local stage = m.school_stage
      if stage == "primary" or stage == "junior" then
        pupils = pupils + 1
      elseif stage == "senior" or stage == "vocational" or stage == "university" then
        students = students + 1
        cash_parts[#cash_parts + 1] = {stage = stage, amount = params.school.cash[stage]}
      end
    end

    if pupils + students == 0 then
      return ineligible {
        reason("no_child_in_school", "家庭中没有在读的子女。", BASIS .. "第三条"),
      }
    end

    local tier = facts.hardship_tier
    if tier == "none" then
      return ineligible {
        reason("not_in_hardship", facts.hardship_reason, facts.hardship_cite),
      }
    end

    local result = {
      reason(tier == "deep" and "deep_hardship" or "relative_hardship", facts.hardship_reason, facts.hardship_cite),
    }
    if pupils > 0 then
      result[#result + 1] = reason("compulsory_in_kind",
        "义务教育阶段在读子女 " .. pupils .. " 人，每人发书包一个、课外图书一套。", BASIS .. "第五条")
      result[#result + 1] = in_kind("书包", pupils, "个", money.times(params.school.bag_value, pupils))
      result[#result + 1] = in_kind("课外图书", pupils, "套", money.times(params.school.books_value, pupils))
    end
    for _, p in ipairs(cash_parts) do
      result[#result + 1] = reason("stage_grant_" .. p.stage,
        STAGE_LABEL[p.stage] .. "在读子女每生助学金 " .. money.text(p.amount) .. " 元。", BASIS .. "第四条")
      result[#result + 1] = cash(p.amount, "once", STAGE_LABEL[p.stage] .. "助学金")
    end
    return eligible(result)
  end,
}
