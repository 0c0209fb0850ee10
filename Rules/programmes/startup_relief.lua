-- 创业扶持：登记失业半年以上的人员，以及零就业家庭、享受城市低保家庭中登记失业的劳动年龄人员，
-- 从事个体经营的，自登记注册之月起 3 年（36 个月）内，每户每年按限额扣减应缴的税费
-- （2019 年起 12,000 元，2023 年至 2027 年 20,000 元）。这是税务部门给予的减免，不是中心发放的现金。
--
-- 与困难职工建档的关系：本项只看国家税收政策规定的条件，不看建档和排除情形。
-- 所以个体户雇了人，“雇用他人”使他不能建档（也就拿不到生活救助等），但仍可享受创业税收扣减。

local TAX = "《关于进一步支持重点群体创业就业有关税收政策的公告》（财政部 税务总局 人力资源社会保障部 农业农村部公告2023年第15号）"

-- 评估日适用的政策文件（与 parameters.yaml 中 startup_relief.tax_relief 各期的日期一致）
local function tax_document()
  if today < "2019-01-01" then
    return "《关于继续实施支持和促进重点群体创业就业有关税收政策的通知》（财税〔2017〕49号）"
  end
  if today < "2023-01-01" then
    return "《关于进一步支持和促进重点群体创业就业有关税收政策的通知》（财税〔2019〕22号）"
  end
  return TAX
end

programme {
  id = "startup_relief",
  title = "创业扶持",
  basis = TAX .. "第一条",

  decide = function()
    local s = profile.startup
    local e = profile.employment
    local limit = params.startup_relief.tax_relief

    if s.business_type ~= "sole_trader" or s.registered_on == nil then
      return ineligible {
        reason("no_sole_trader_business",
               "创业税收扣减针对从事个体经营（已登记为个体工商户）的人员，申请人尚未登记个体工商户；中心可提供创业指导。",
               tax_document() .. "第一条"),
      }
    end

    if limit == nil then
      return ineligible {
        reason("policy_expired", "重点群体创业税收扣减政策已于 2027 年 12 月 31 日到期，评估日已无此项政策。",
               TAX .. "第一条"),
      }
    end

    local months_running = date.months_between(s.registered_on, today)
    local term = params.startup_relief.relief_months
    if months_running >= term then
      return ineligible {
        reason("beyond_relief_term",
               "个体工商户于 " .. s.registered_on .. " 登记，已超过 " .. term .. " 个月的扣减期限。",
               tax_document() .. "第一条"),
      }
    end

    -- 属于哪一类重点群体
    local group
    local min_months = params.startup_relief.min_unemployed_months
    local registered = e.unemployment_registered_on
    if registered ~= nil and registered <= s.registered_on
       and date.months_between(registered, s.registered_on) >= min_months then
      group = "登记失业 " .. date.months_between(registered, s.registered_on) .. " 个月（半年以上）后从事个体经营"
    elseif registered ~= nil and profile.household.zero_employment then
      group = "零就业家庭的登记失业人员"
    elseif registered ~= nil and profile.household.on_dibao and profile.applicant.lives_in == "city"
           and profile.applicant.hukou == "urban" then
      -- 税收政策只覆盖城市低保家庭；农村低保家庭不在此列
      group = "享受城市低保家庭的登记失业人员"
    end

    if group == nil then
      return ineligible {
        reason("not_priority_group",
               "申请人开业前登记失业不满 " .. min_months .. " 个月，也不属于零就业家庭或城市低保家庭的登记失业人员。",
               tax_document() .. "第一条"),
      }
    end

    if not profile.documents.employment_certificate then
      return refer {
        reason("employment_certificate_missing",
               "申请税收扣减须持《就业创业证》（或可查的失业登记记录），请补齐后由工作人员协助向税务机关申报。",
               tax_document() .. "第一条"),
      }
    end

    return eligible {
      reason("priority_group_sole_trader",
             "申请人" .. group .. "，" .. s.registered_on .. " 登记个体工商户，在 " .. term
             .. " 个月内每户每年可扣减增值税、城市维护建设税、教育费附加、地方教育附加和个人所得税，限额 "
             .. money.text(limit) .. " 元。",
             tax_document() .. "第一条"),
      reason("startup_not_tied_to_file",
             "创业税收扣减只看国家政策规定的条件，不受困难职工建档排除情形（如雇用他人）的影响。",
             "《XX区总工会困难职工帮扶资金管理办法》（XX工发〔2020〕5号）第十九条"),
      service("创业服务", "协助向区税务局申报扣减，提供创业培训和孵化园场地信息"),
      entitlement(limit, "yearly", "XX区税务局", "重点群体创业税收扣减限额"),
    }
  end,
}
