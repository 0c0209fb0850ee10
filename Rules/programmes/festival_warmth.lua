-- 两节送温暖（春节、中秋）：每户每年一次，慰问金 2,500 元加价值 500 元的慰问品。
-- 慰问对象：
--   · 已建档的困难职工家庭；因工死亡职工的家属；收入低于帮扶基准的困难劳模——不再核对收入；
--   · 下岗失业职工、因企业关闭停产停发工资的职工、本人或家庭成员患重大疾病的、
--     近期遭受自然灾害的、因工受伤的——家庭月人均纯收入须不高于低保标准的 2.5 倍。
-- 有排除情形（两套以上住房、机动车、雇工等）的不慰问。
-- 只在集中慰问月份发放（参数 festival_warmth.months，元旦春节和中秋节前后）。

local WARMTH = "《XX区总工会两节送温暖活动实施方案》（XX工发〔2020〕11号）"

-- 申请人属于哪些慰问对象：返回 {code, text, means_tested} 列表
local function target_groups()
  local groups = {}
  local function add(code, text, means_tested)
    table.insert(groups, {code = code, text = text, means_tested = means_tested})
  end
  local a = profile.applicant
  local wi = profile.work_injury

  -- 不核对收入的对象
  if facts.on_file then
    add("on_file", "申请人家庭为" .. facts.hardship_tier_label .. "建档职工家庭。", false)
  end
  if wi.family_of_deceased then
    add("family_of_deceased", "申请人是因工死亡职工的家属。", false)
  end
  if facts.model_worker_top_up > 0 then
    add("model_worker_in_hardship", "申请人是收入低于帮扶基准的困难劳模。", false)
  end

  -- 须核对收入的对象
  if a.category == "laid_off" then
    add("laid_off", "申请人是下岗失业职工。", true)
  elseif profile.employment.firm_closed then
    add("laid_off", "申请人因企业关闭、破产或停产半停产而失业或停发工资。", true)
  end
  if a.category == "serious_illness" or profile.health.serious_illness then
    add("serious_illness", "申请人本人或家庭成员患重大疾病。", true)
  end
  if profile.emergency.event == "disaster" and facts.recent_emergency then
    add("disaster", "申请人家庭近期遭受自然灾害或火灾。", true)
  end
  if wi.injured and wi.recognition == "recognised" then
    add("injured_at_work", "申请人因工受伤，已认定为工伤。", true)
  end
  return groups
end

programme {
  id = "festival_warmth",
  title = "两节送温暖",
  basis = WARMTH .. "第三条、第四条",
  counts_as_income = false,   -- 节日慰问不计入家庭收入：确认发放时记入帮扶记录，以后核算收入时不计

  decide = function()
    if facts.excluded then
      return ineligible {
        reason(facts.exclusion_code, facts.exclusion_reason, WARMTH .. "第三条第三款"),
      }
    end

    local groups = target_groups()
    if #groups == 0 then
      if facts.file_status == "pending" then
        return refer {
          reason(facts.file_status_code,
                 "申请人只有建档后才属于慰问对象，建档尚待工作人员决定：" .. facts.file_status_reason,
                 facts.file_status_cite),
        }
      end
      return ineligible {
        reason("not_target_group",
               "两节送温暖的对象是建档困难职工、工亡职工家属、困难劳模，以及低收入的下岗失业、患重大疾病、遭受灾害和因工受伤职工，申请人不属于其中任何一类。",
               WARMTH .. "第三条"),
      }
    end

    local parts = {}
    local needs_income_check = true
    for _, g in ipairs(groups) do
      table.insert(parts, reason(g.code, g.text, WARMTH .. "第三条"))
      if not g.means_tested then
        needs_income_check = false
      end
    end

    -- 只属于须核对收入的对象时，看收入
    if needs_income_check then
      local line = money.scale(facts.dibao, params.festival_warmth.income_ratio)
      if not profile.documents.income_proof_complete then
        table.insert(parts, reason("income_proof_missing",
                                   "这类慰问对象须核对家庭收入，但收入证明材料不齐全，请补齐后由工作人员核实。",
                                   WARMTH .. "第三条第二款"))
        return refer(parts)
      end
      if facts.net_income_per_head > line then
        table.insert(parts, reason("income_above_line",
                                   "家庭月人均纯收入 " .. money.text(facts.net_income_per_head) .. " 元，高于慰问收入线 "
                                   .. money.text(line) .. " 元，不属于困难慰问对象。",
                                   WARMTH .. "第三条第二款"))
        return ineligible(parts)
      end
      table.insert(parts, reason("low_income",
                                 "家庭月人均纯收入 " .. money.text(facts.net_income_per_head) .. " 元，不高于慰问收入线 "
                                 .. money.text(line) .. " 元。",
                                 WARMTH .. "第三条第二款"))
    end

    -- 属于慰问对象的，只在集中慰问月份发放
    if not facts.festival_warmth_in_season then
      table.insert(parts, reason("outside_season",
                                 "两节送温暖在每年 " .. table.concat(params.festival_warmth.months, " 月、") .. " 月集中慰问，评估日 "
                                 .. today .. " 不在慰问期内，本次不发放；请在慰问期内再申请。",
                                 WARMTH .. "第五条"))
      return ineligible(parts)
    end

    local cash_amount = params.festival_warmth.cash
    local goods = params.festival_warmth.goods_value
    table.insert(parts, reason("warmth_amount",
                               "每户每年慰问一次：慰问金 " .. money.text(cash_amount) .. " 元，另送价值 "
                               .. money.text(goods) .. " 元的慰问品。",
                               WARMTH .. "第四条"))
    table.insert(parts, cash(cash_amount, "once", "两节送温暖慰问金"))
    table.insert(parts, in_kind("慰问品", 1, "份", goods))
    return eligible(parts)
  end,
}
