---------------------------------------------------------------------------------------------------
-- Reasons, benefits, outcomes
---------------------------------------------------------------------------------------------------

local library = ...
local type, mtype, error, tostring, ipairs, next, where = type, math.type, error, tostring, ipairs, next, where
local say, show, argument_name, first_key, whole_fen =
      library.say, library.show, library.argument_name, library.first_key, library.whole_fen
local API, FILE_NUMBER, PARTS, OUTCOMES = library.API, library.FILE_NUMBER, library.PARTS, library.OUTCOMES
local LIBRARY_CHUNKS = library.chunks

local PERIODS = { once = true, monthly = true, yearly = true }

-- What each argument is, { zh, en }; %s is the reason's code or the programme's or policy's id.
local REASON_TEXT = { "reason '%s' 的说明文字", "reason '%s': the text" }
local REASON_CITE = { "reason '%s' 的依据（政策条文）", "reason '%s': the citation (legal basis)" }
local CASH_AMOUNT = { "cash 的金额", "cash: the amount" }
local CASH_LABEL = { "cash 的标签", "cash: the label" }
local ENTITLEMENT_AMOUNT = { "entitlement 的金额", "entitlement: the amount" }
local ENTITLEMENT_PAYER = { "entitlement 的支付方", "entitlement: who pays" }
local ENTITLEMENT_LABEL = { "entitlement 的标签", "entitlement: the label" }
local IN_KIND_ITEM = { "in_kind 的物品", "in_kind: the item" }
local IN_KIND_VALUE = { "in_kind 的价值", "in_kind: the value" }
local IN_KIND_UNIT = { "in_kind 的单位", "in_kind: the unit" }
local SERVICE_NAME = { "service 的名称", "service: the name" }
local SERVICE_DETAIL = { "service 的说明", "service: the detail" }

-- `what` names the argument, { zh, en }, with `subject` for its %s if any.
local function text_argument(value, what, level, optional, subject)
  if value == nil and optional then return nil end
  if type(value) ~= "string" or value == "" then
    error(argument_name(what, subject) .. say("应是文字，这里是 " .. show(value), " must be text, got " .. show(value)), level + 1)
  end
  return value
end

-- Called in tail position by cash, entitlement, in_kind and service, so the rule is level 2.
local function part(kind, fields)
  fields.kind = kind
  local source
  source, fields.line = where(2)
  fields.file = FILE_NUMBER[source] or 0
  PARTS[fields] = kind
  return fields
end

function API.reason(code, text, cite)
  if type(code) ~= "string" or not code:match("^[%a_][%w_]*$") then
    error(say("reason：代码应是像 'deep_hardship' 这样的简短名字，这里是 " .. show(code),
              "reason: the code must be a short name like 'deep_hardship', got " .. show(code)), 2)
  end
  text_argument(text, REASON_TEXT, 2, false, code)
  text_argument(cite, REASON_CITE, 2, false, code)
  local source, line = where(2)
  local reason = { code = code, text = text, cite = cite, file = FILE_NUMBER[source] or 0, line = line }
  PARTS[reason] = "reason"
  return reason
end

local function period_argument(period, what, level)
  if not PERIODS[period] then
    error(what .. say("：发放周期应是 \"once\"（一次）、\"monthly\"（每月）或 \"yearly\"（每年），这里是 " .. show(period),
                      ": the period must be \"once\", \"monthly\" or \"yearly\", got " .. show(period)), level + 1)
  end
  return period
end

function API.cash(amount, period, label)
  whole_fen(amount, CASH_AMOUNT, 2)
  if amount < 0 then error(say("cash：金额不能是负数，这里是 ", "cash: the amount cannot be negative, got ") .. amount, 2) end
  return part("cash", { amount = amount, period = period_argument(period, "cash", 2),
                        label = text_argument(label, CASH_LABEL, 2, true) })
end

function API.entitlement(amount, period, payer, label)
  whole_fen(amount, ENTITLEMENT_AMOUNT, 2)
  if amount < 0 then error(say("entitlement：金额不能是负数，这里是 ", "entitlement: the amount cannot be negative, got ") .. amount, 2) end
  return part("entitlement", { amount = amount, period = period_argument(period, "entitlement", 2),
                               payer = text_argument(payer, ENTITLEMENT_PAYER, 2),
                               label = text_argument(label, ENTITLEMENT_LABEL, 2, true) })
end

function API.in_kind(item, quantity, unit, value)
  text_argument(item, IN_KIND_ITEM, 2)
  if mtype(quantity) ~= "integer" or quantity < 1 then
    error(say("in_kind：数量应是至少为 1 的整数，这里是 " .. show(quantity),
              "in_kind: the quantity must be a whole number of at least 1, got " .. show(quantity)), 2)
  end
  if value ~= nil then whole_fen(value, IN_KIND_VALUE, 2) end
  return part("in_kind", { item = item, quantity = quantity, unit = text_argument(unit, IN_KIND_UNIT, 2),
                           value = value })
end

function API.service(name, detail)
  return part("service", { name = text_argument(name, SERVICE_NAME, 2),
                           detail = text_argument(detail, SERVICE_DETAIL, 2, true) })
end

local function outcome(kind)
  return function(items)
    if type(items) ~= "table" or PARTS[items] then
      error(kind .. say(" { … } 的理由和待遇要写在花括号里", " { … } takes its reasons and benefits in braces"), 2)
    end
    local reasons, benefits = {}, {}
    local count = 0
    for key in next, items do
      if mtype(key) ~= "integer" then
        local unexpected = first_key(items, function(k) return mtype(k) ~= "integer" end)
        error(kind .. say(" { … }：不应有 '", " { … }: unexpected '") .. tostring(unexpected) .. " = …'", 2)
      end
      count = count + 1
    end
    for i = 1, count do
      local item = items[i]
      local item_kind = PARTS[item]
      if item_kind == "reason" then
        reasons[#reasons + 1] = item
      elseif item_kind ~= nil or mtype(item) then
        -- A bare number (an amount without cash(…)): the host reports it as a malformed result, in yuan.
        benefits[#benefits + 1] = item
      else
        error(kind .. say(" { … }：第 " .. i .. " 项是 " .. show(item) ..
                          "，不是 reason(…)、cash(…)、entitlement(…)、in_kind(…) 或 service(…)",
                          " { … }: item " .. i .. " is " .. show(item) ..
                          ", not a reason(…), cash(…), entitlement(…), in_kind(…) or service(…)"), 2)
      end
    end
    if #reasons == 0 then
      error(kind .. say(" { … } 至少要有一个 reason(code, text, cite)", " { … } needs at least one reason(code, text, cite)"), 2)
    end
    if kind == "eligible" and #benefits == 0 then
      error(say("eligible { … } 至少要有一项待遇：cash、entitlement、in_kind 或 service",
                "eligible { … } needs at least one benefit: cash, entitlement, in_kind or service"), 2)
    end
    if kind ~= "eligible" then
      for _, benefit in ipairs(benefits) do
        if PARTS[benefit] and benefit.kind ~= "service" then
          error(kind .. say(" { … } 可以带服务（咨询、转介），但不能带 ", " { … } can carry services (advice, a referral) but not ")
                .. benefit.kind, 2)
        end
      end
    end
    local source, line = where(2)
    local file = FILE_NUMBER[source] or 0
    if LIBRARY_CHUNKS[source] then
      -- `return eligible { … }` is a tail call: the rule's frame is gone, so take its first item's line.
      local first = PARTS[items[1]] and items[1] or reasons[1]
      file, line = first.file, first.line
    end
    local result = { outcome = kind, reasons = reasons, benefits = benefits, file = file, line = line }
    OUTCOMES[result] = true
    return result
  end
end

API.eligible = outcome("eligible")
API.ineligible = outcome("ineligible")
API.refer = outcome("refer")

library.text_argument = text_argument
