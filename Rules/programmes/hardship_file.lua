-- 困难职工建档
-- 建档的条件（户籍居住、农民工入会和务工年限、排除情形、收入线、材料）写在 facts.lua
-- 第五部分，因为生活救助、医疗救助等也要用到同一个结论；这里把结论写成决定。
-- 档案按户建立，一户一档（《困难职工档案管理办法》总工办发〔2016〕36号）。

programme {
  id = "hardship_file",
  title = "困难职工建档",
  basis = "《XX区困难职工认定和建档管理办法》（XX工发〔2020〕4号）第三条至第十一条",

  decide = function()
    local why = reason(facts.file_status_code, facts.file_status_reason, facts.file_status_cite)

    if facts.file_status == "refused" then
      return ineligible { why }
    end

    if facts.file_status == "pending" then
      return refer { why }
    end

    return eligible {
      why,
      service("困难职工建档", facts.hardship_tier_label),
    }
  end,
}
