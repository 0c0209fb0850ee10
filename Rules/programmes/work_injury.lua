-- 工伤帮扶：帮助因工致残的职工领取一次性伤残补助金。
-- 补助金 = 本人工资 × 伤残等级对应的月数（一级 27 个月 …… 十级 7 个月）；
-- 本人工资低于统筹地区职工平均工资 60% 的按 60% 计，高于 300% 的按 300% 计；平均工资取受伤之日适用的一项，
-- 不取评估日的（计算见 facts.lua）。
-- 用人单位参加了工伤保险的由工伤保险基金支付，未参加的由用人单位支付。
-- 这是别人（基金或单位）欠申请人的钱，作为“应得款项”列出，不是帮扶中心发放的现金。

local INJURY = "《工伤保险条例》（2010年修订）"

-- 伤残等级所在的条款
local function grade_article(grade)
  if grade <= 4 then return "第三十五条" end
  if grade <= 6 then return "第三十六条" end
  return "第三十七条"
end

local GRADE_NAMES = {"一", "二", "三", "四", "五", "六", "七", "八", "九", "十"}

programme {
  id = "work_injury",
  title = "工伤帮扶",
  basis = INJURY .. "第三十五条至第三十七条、第六十二条、第六十四条",

  decide = function()
    local wi = profile.work_injury

    if not wi.injured then
      if wi.family_of_deceased then
        return ineligible {
          reason("work_death_benefits_separate",
                 "本项目帮助因工致残的职工领取一次性伤残补助金；因工死亡职工的丧葬补助金、供养亲属抚恤金和一次性工亡补助金另行申领，如有争议可申请法律援助。",
                 INJURY .. "第三十九条"),
        }
      end
      return ineligible {
        reason("not_injured_at_work", "申请人没有因工受伤。", INJURY .. "第十四条"),
      }
    end

    if wi.recognition == "refused" then
      return ineligible {
        reason("injury_not_recognised",
               "社会保险行政部门作出不予认定工伤的决定；对决定不服的，可以依法申请行政复议或者提起行政诉讼。",
               INJURY .. "第五十五条"),
      }
    end

    if wi.recognition ~= "recognised" then
      return refer {
        reason("injury_recognition_pending",
               "工伤认定尚未作出结论，请工作人员跟进认定进度，认定后再核算待遇。",
               INJURY .. "第十七条、第二十条"),
      }
    end

    if wi.disability_grade == nil then
      if wi.no_disability_grade then
        return ineligible {
          reason("no_disability_grade",
                 "劳动能力鉴定结论为未达伤残等级，不享受一次性伤残补助金；停工留薪期内原工资福利待遇不变，由所在单位按月支付，不由工伤保险基金支付。",
                 INJURY .. "第二十二条、第三十三条"),
        }
      end
      return refer {
        reason("disability_grade_not_assessed",
               "伤残等级尚未经劳动能力鉴定，请工作人员协助申请鉴定，鉴定后再核算一次性伤残补助金。",
               INJURY .. "第二十一条、第二十三条"),
      }
    end

    if not known(wi.average_monthly_wage) then
      return refer {
        reason("wage_base_missing",
               "缺少受伤前 12 个月的平均月缴费工资，无法计算补助金，请补充工资证明。",
               INJURY .. "第六十四条第二款"),
      }
    end

    if wi.subsidy_paid then
      return ineligible {
        reason("subsidy_already_paid", "一次性伤残补助金已足额支付。", INJURY .. grade_article(wi.disability_grade)),
      }
    end

    local grade = wi.disability_grade
    local months = params.work_injury.months[grade]
    local wage = facts.work_injury_wage
    local amount = facts.work_injury_subsidy
    local payer = "XX市工伤保险基金"
    local payer_cite = INJURY .. grade_article(grade)
    if not wi.employer_insured then
      -- 单位名称只用于说明，没有填写的写“用人单位”
      payer = known(profile.employment.employer) and profile.employment.employer or "用人单位"
      payer_cite = INJURY .. "第六十二条第二款"
    end

    local wage_note = "本人工资 " .. money.text(wi.average_monthly_wage) .. " 元"
    if wage ~= wi.average_monthly_wage then
      wage_note = wage_note .. "，按受伤之日（" .. wi.injury_date .. "）统筹地区职工平均工资 "
                  .. money.text(facts.work_injury_average_wage) .. " 元的 60% 至 300% 计为 " .. money.text(wage) .. " 元"
    end

    return eligible {
      reason("disability_grade_" .. grade,
             "申请人经鉴定为" .. GRADE_NAMES[grade] .. "级伤残，一次性伤残补助金为 " .. months .. " 个月的本人工资："
             .. wage_note .. "，" .. money.text(wage) .. " × " .. months .. " = " .. money.text(amount) .. " 元。",
             INJURY .. grade_article(grade) .. "、第六十四条第二款"),
      reason("payer", "补助金由" .. payer .. "支付；帮扶中心协助申领。", payer_cite),
      entitlement(amount, "once", payer, "一次性伤残补助金"),
    }
  end,
}
