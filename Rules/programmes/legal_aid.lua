-- 法律援助：追索劳动报酬、确认劳动关系、请求工伤（工亡）待遇或赔偿的职工，由帮扶中心转法律援助机构指派律师。
-- 进城务工农民工追索劳动报酬或请求工伤赔偿的、本人没有固定收入的老年人和残疾人、享受低保的，
-- 免予核查经济困难状况；
-- 其他申请人家庭月人均纯收入须低于低保标准的 2 倍（本市法律援助经济困难标准）。

local LAW = "《中华人民共和国法律援助法》"

-- 申请人需要法律援助的事项：返回 {code, text} 列表
local function legal_matters()
  local matters = {}
  local wi = profile.work_injury
  if profile.wage_arrears.amount_owed > 0 then
    table.insert(matters, {code = "wage_claim",
      text = "追索被拖欠的劳动报酬 " .. money.text(profile.wage_arrears.amount_owed) .. " 元"})
  end
  if profile.employment.relationship_disputed then
    table.insert(matters, {code = "employment_relationship_claim", text = "请求确认劳动关系"})
  end
  if (wi.injured or wi.family_of_deceased) and wi.dispute then
    table.insert(matters, {code = "work_injury_claim", text = "请求工伤（工亡）保险待遇或人身损害赔偿"})
  end
  return matters
end

programme {
  id = "legal_aid",
  title = "法律援助",
  basis = LAW .. "第三十一条、第三十四条、第四十二条",

  decide = function()
    local matters = legal_matters()
    if #matters == 0 then
      return ineligible {
        reason("no_legal_matter",
               "申请人目前没有追索劳动报酬、确认劳动关系或工伤赔偿等需要法律援助的事项；如有劳动争议可随时来中心咨询。",
               LAW .. "第三十一条"),
      }
    end

    local texts = {}
    local labour_claim = false     -- 劳动报酬或工伤赔偿
    for _, m in ipairs(matters) do
      table.insert(texts, m.text)
      if m.code == "wage_claim" or m.code == "work_injury_claim" then
        labour_claim = true
      end
    end
    local what = table.concat(texts, "、")
    local parts = {
      reason("legal_matter", "申请人的事项（" .. what .. "）属于法律援助范围。", LAW .. "第三十一条第二项、第五项、第七项"),
    }

    -- 免予核查经济困难状况的情形（先看本人有无固定收入：有收入的不必再问是否残疾）
    local elderly = facts.age >= params.legal_aid.elderly_age
    if facts.is_migrant_worker and labour_claim then
      table.insert(parts, reason("migrant_no_means_test",
                                 "申请人是进城务工农民工，追索劳动报酬或请求工伤赔偿，免予核查经济困难状况。",
                                 LAW .. "第四十二条第三项"))
    elseif profile.employment.monthly_income == 0 and (elderly or profile.health.disability_grade ~= nil) then
      local who = "残疾人"
      if elderly then
        who = facts.age .. " 周岁的老年人"
      end
      table.insert(parts, reason("elderly_or_disabled_no_means_test",
                                 "申请人是本人没有固定收入的" .. who .. "，免予核查经济困难状况。",
                                 LAW .. "第四十二条第一项"))
    elseif profile.household.on_dibao then
      table.insert(parts, reason("dibao_no_means_test", "申请人家庭享受最低生活保障，免予核查经济困难状况。",
                                 LAW .. "第四十二条第二项"))
    else
      -- 经济困难标准
      if not profile.documents.income_proof_complete then
        return refer {
          reason("income_proof_missing",
                 "申请人需要核查经济困难状况，但家庭收入证明材料不齐全，请补齐后由工作人员核实。",
                 LAW .. "第四十一条"),
        }
      end
      local line = money.scale(facts.dibao, params.legal_aid.income_ratio)
      if facts.net_income_per_head >= line then
        return ineligible {
          reason("income_above_line",
                 "家庭月人均纯收入 " .. money.text(facts.net_income_per_head) .. " 元，不低于本市法律援助经济困难标准 "
                 .. money.text(line) .. " 元；中心可提供免费法律咨询，并协助向劳动争议仲裁委员会申请仲裁（仲裁不收费）。",
                 "《XX市法律援助经济困难标准》（XX司发〔2020〕3号）第二条；" .. LAW .. "第三十四条"),
        }
      end
      table.insert(parts, reason("low_income",
                                 "家庭月人均纯收入 " .. money.text(facts.net_income_per_head) .. " 元，低于本市法律援助经济困难标准 "
                                 .. money.text(line) .. " 元。",
                                 "《XX市法律援助经济困难标准》（XX司发〔2020〕3号）第二条"))
    end

    table.insert(parts, service("法律援助", "协助向区法律援助中心申请，由其审查决定后指派律师代理：" .. what))
    return eligible(parts)
  end,
}
