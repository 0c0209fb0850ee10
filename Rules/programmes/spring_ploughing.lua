-- 春耕帮扶：列入“双联”帮扶名单、在村居住并从事种植的农村家庭，每户 300 元和 2 袋化肥，
-- 只在春耕备耕的集中发放月份发放（参数 spring_ploughing.months）。

local TWINNING = "《XX区“双联”帮扶工作实施方案》（XX区委办〔2020〕3号）"

programme {
  id = "spring_ploughing",
  title = "春耕帮扶",
  basis = TWINNING .. "第六条",
  never = { "refer" },   -- 本项目按名单和条件直接判定，从不转工作人员审核（测试覆盖率不要求有转审核的案例）

  decide = function()
    local v = profile.village

    if not v.twinned_household then
      return ineligible {
        reason("not_twinned_household", "春耕帮扶只针对列入“双联”帮扶名单的农村家庭，申请人家庭不在名单内。",
               TWINNING .. "第四条"),
      }
    end

    if profile.applicant.lives_in ~= "village" then
      return ineligible {
        reason("not_living_in_village", "申请人不在农村居住，不属于春耕帮扶对象。", TWINNING .. "第四条"),
      }
    end

    if not v.farms_land then
      return ineligible {
        reason("not_farming", "申请人家庭未从事种植业生产，不需要春耕帮扶。", TWINNING .. "第六条"),
      }
    end

    if not facts.spring_ploughing_in_season then
      return ineligible {
        reason("outside_season",
               "春耕帮扶在每年 " .. table.concat(params.spring_ploughing.months, " 月、") .. " 月集中发放，评估日 " .. today
               .. " 不在发放期内，本次不发放；请在发放期内再申请。",
               TWINNING .. "第七条"),
      }
    end

    local amount = params.spring_ploughing.cash
    local bags = params.spring_ploughing.fertiliser_bags
    return eligible {
      reason("twinned_household",
             "申请人家庭是在村从事种植的“双联”帮扶户，每户发放春耕资金 " .. money.text(amount) .. " 元和化肥 "
             .. bags .. " 袋。",
             TWINNING .. "第六条"),
      cash(amount, "once", "春耕帮扶资金"),
      in_kind("化肥", bags, "袋"),
    }
  end,
}
