-- 追讨欠薪：被拖欠工资的职工，由帮扶中心转介区劳动保障监察大队责令用人单位支付；
-- 被拖欠的金额作为用人单位应付的款项列出。劳动关系有争议的，须先由工作人员决定
-- 是走监察投诉，还是先申请劳动争议仲裁确认劳动关系。

local WAGES = "《保障农民工工资支付条例》（国务院令第724号）"
local INSPECTION = "《劳动保障监察条例》（国务院令第423号）"

programme {
  id = "wage_recovery",
  title = "追讨欠薪",
  basis = WAGES .. "第五十条、第五十一条；" .. INSPECTION .. "第九条、第二十六条",

  decide = function()
    local w = profile.wage_arrears
    if w.amount_owed <= 0 then
      return ineligible {
        reason("no_arrears", "申请人没有被拖欠工资。", INSPECTION .. "第九条"),
      }
    end

    if profile.employment.relationship_disputed then
      return refer {
        reason("employment_relationship_disputed",
               "用人单位对劳动关系有争议（如未签劳动合同、否认用工），请工作人员决定先向劳动争议仲裁委员会申请确认劳动关系，还是凭考勤、工友证言等证据直接投诉。",
               "《中华人民共和国劳动争议调解仲裁法》第二条第一项；" .. WAGES .. "第五十条"),
      }
    end

    -- 单位名称只用于说明：先用欠薪单位，再用工作单位，都没有填写的写“用人单位”，不影响转介
    local e = profile.employment
    local employer = known(w.employer) and w.employer or known(e.employer) and e.employer or "用人单位"
    local parts = {}
    if facts.is_migrant_worker then
      table.insert(parts, reason("migrant_wage_arrears",
        "申请人是进城务工农民工，被" .. employer .. "拖欠工资 " .. money.text(w.amount_owed)
        .. " 元。工会转介劳动保障监察机构依法处理；用人单位应当提供劳动合同、职工名册、工资支付台账和清单，不提供的依法承担不利后果。",
        WAGES .. "第五十条、第五十一条"))
    else
      table.insert(parts, reason("wage_arrears",
        "申请人被" .. employer .. "拖欠工资 " .. money.text(w.amount_owed)
        .. " 元，有权向劳动保障行政部门投诉；劳动保障行政部门应责令用人单位限期支付。",
        INSPECTION .. "第九条、第二十六条"))
    end
    table.insert(parts, service("转介劳动保障监察", "转介区人力资源和社会保障局劳动保障监察大队，追讨" .. employer .. "拖欠的工资"))
    table.insert(parts, entitlement(w.amount_owed, "once", employer, "被拖欠的工资"))
    return eligible(parts)
  end,
}
