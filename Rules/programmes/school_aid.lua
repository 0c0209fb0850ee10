-- 金秋助学：子女当年考入大学（含高职）或普通高中（含中职）的职工家庭，每名子女一次。
-- 建档家庭：大学 5,000 元、高中 3,000 元；
-- 未建档的低收入工会会员家庭（月人均纯收入不高于低保标准 2.5 倍）：大学 4,000 元、高中 2,000 元。
-- 已获其他部门或公共机构资助的，就读军队院校或公费师范生的，不再资助。
-- 只在新生入学前后的集中受理月份受理（参数 school_aid.months）。

local FUNDS = "《XX区总工会困难职工帮扶资金管理办法》（XX工发〔2020〕5号）"

local LEVEL_NAMES = {university = "大学", senior_high = "高中"}

-- 当年新入学的子女（含孙子女）
local function new_students()
  local found = {}
  for _, m in ipairs(profile.household.members) do
    local is_child = m.relation == "child" or m.relation == "grandchild"
    local level_ok = m.studying == "university" or m.studying == "senior_high"
    if is_child and level_ok and m.entry_year == date.year(today) then
      table.insert(found, m)
    end
  end
  return found
end

programme {
  id = "school_aid",
  title = "金秋助学",
  basis = FUNDS .. "第十五条",

  decide = function()
    local students = new_students()
    local year = date.year(today)

    if #students == 0 then
      return ineligible {
        reason("no_child_entering", "家庭没有 " .. year .. " 年考入大学或高中的子女。", FUNDS .. "第十五条第一款"),
      }
    end

    if facts.excluded then
      return ineligible {
        reason(facts.exclusion_code, facts.exclusion_reason, "《XX区困难职工认定和建档管理办法》（XX工发〔2020〕4号）第十条"),
      }
    end

    if facts.file_status == "pending" then
      return refer {
        reason(facts.file_status_code,
               "助学标准取决于是否建档，建档尚待工作人员决定：" .. facts.file_status_reason,
               facts.file_status_cite),
      }
    end

    -- 选标准：建档家庭，或未建档的低收入工会会员家庭
    local rates
    local parts = {}
    if facts.on_file then
      rates = params.school_aid.on_file
      table.insert(parts, reason("on_file", "申请人家庭为" .. facts.hardship_tier_label .. "建档职工家庭，按建档家庭标准资助。",
                                 FUNDS .. "第十五条第一款"))
    else
      local line = money.scale(facts.dibao, params.school_aid.not_on_file_income_ratio)
      if not profile.applicant.union_member then
        return ineligible {
          reason("not_union_member", "申请人未建立困难职工档案，也不是工会会员，不属于金秋助学对象。",
                 FUNDS .. "第十五条第二款"),
        }
      end
      if facts.net_income_per_head > line then
        return ineligible {
          reason("income_above_line",
                 "申请人未建立困难职工档案，家庭月人均纯收入 " .. money.text(facts.net_income_per_head)
                 .. " 元，高于未建档家庭的助学收入线 " .. money.text(line) .. " 元。",
                 FUNDS .. "第十五条第二款"),
        }
      end
      rates = params.school_aid.not_on_file
      table.insert(parts, reason("low_income_not_on_file",
                                 "申请人为工会会员，未建档，家庭月人均纯收入 " .. money.text(facts.net_income_per_head)
                                 .. " 元，不高于 " .. money.text(line) .. " 元，按未建档家庭标准资助。",
                                 FUNDS .. "第十五条第二款"))
    end

    -- 只在集中受理月份受理
    if not facts.school_aid_in_season then
      table.insert(parts, reason("outside_season",
                                 "金秋助学在每年 " .. table.concat(params.school_aid.months, " 月、") .. " 月集中受理，评估日 " .. today
                                 .. " 不在受理期内，本次不发放。",
                                 FUNDS .. "第十五条第四款"))
      return ineligible(parts)
    end

    -- 每名子女分别看
    local paid = 0
    for _, s in ipairs(students) do
      local level = LEVEL_NAMES[s.studying]
      if s.military_or_free_teacher then
        table.insert(parts, reason("military_or_free_teacher",
                                   s.name .. "就读军队院校或为公费师范生，学费由国家承担，不再资助。",
                                   FUNDS .. "第十五条第三款"))
      elseif s.funded_by_other_body then
        table.insert(parts, reason("funded_by_other_body",
                                   s.name .. "本学年已获其他部门或公共机构助学资助，不重复资助。",
                                   FUNDS .. "第十五条第三款"))
      else
        local amount = rates[s.studying]
        table.insert(parts, reason("child_entering_" .. s.studying,
                                   s.name .. "于 " .. year .. " 年考入" .. level .. "，资助 " .. money.text(amount) .. " 元。",
                                   FUNDS .. "第十五条"))
        table.insert(parts, cash(amount, "once", "金秋助学金（" .. s.name .. "，" .. level .. "）"))
        paid = paid + 1
      end
    end

    if paid == 0 then
      return ineligible(parts)
    end
    return eligible(parts)
  end,
}
