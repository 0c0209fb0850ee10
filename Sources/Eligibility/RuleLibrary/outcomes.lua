---------------------------------------------------------------------------------------------------
-- Reasons, benefits, outcomes
---------------------------------------------------------------------------------------------------

local library = ...
local type, mtype, error, tostring, ipairs, next, where = type, math.type, error, tostring, ipairs, next, where
local show, first_key, whole_fen = library.show, library.first_key, library.whole_fen
local API, FILE_NUMBER, PARTS, OUTCOMES = library.API, library.FILE_NUMBER, library.PARTS, library.OUTCOMES
local LIBRARY_CHUNKS = library.chunks

local PERIODS = { once = true, monthly = true, yearly = true }

local function text_argument(value, what, level, optional)
  if value == nil and optional then return nil end
  if type(value) ~= "string" or value == "" then error(what .. " must be text, got " .. show(value), level + 1) end
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
    error("reason: the code must be a short name like 'deep_hardship', got " .. show(code), 2)
  end
  text_argument(text, "reason '" .. code .. "': the text", 2)
  text_argument(cite, "reason '" .. code .. "': the citation (legal basis)", 2)
  local source, line = where(2)
  local reason = { code = code, text = text, cite = cite, file = FILE_NUMBER[source] or 0, line = line }
  PARTS[reason] = "reason"
  return reason
end

local function period_argument(period, what, level)
  if not PERIODS[period] then
    error(what .. ": the period must be \"once\", \"monthly\" or \"yearly\", got " .. show(period), level + 1)
  end
  return period
end

function API.cash(amount, period, label)
  whole_fen(amount, "cash: the amount", 2)
  if amount < 0 then error("cash: the amount cannot be negative, got " .. amount, 2) end
  return part("cash", { amount = amount, period = period_argument(period, "cash", 2),
                        label = text_argument(label, "cash: the label", 2, true) })
end

function API.entitlement(amount, period, payer, label)
  whole_fen(amount, "entitlement: the amount", 2)
  if amount < 0 then error("entitlement: the amount cannot be negative, got " .. amount, 2) end
  return part("entitlement", { amount = amount, period = period_argument(period, "entitlement", 2),
                               payer = text_argument(payer, "entitlement: who pays", 2),
                               label = text_argument(label, "entitlement: the label", 2, true) })
end

function API.in_kind(item, quantity, unit, value)
  text_argument(item, "in_kind: the item", 2)
  if mtype(quantity) ~= "integer" or quantity < 1 then
    error("in_kind: the quantity must be a whole number of at least 1, got " .. show(quantity), 2)
  end
  if value ~= nil then whole_fen(value, "in_kind: the value", 2) end
  return part("in_kind", { item = item, quantity = quantity, unit = text_argument(unit, "in_kind: the unit", 2),
                           value = value })
end

function API.service(name, detail)
  return part("service", { name = text_argument(name, "service: the name", 2),
                           detail = text_argument(detail, "service: the detail", 2, true) })
end

local function outcome(kind)
  return function(items)
    if type(items) ~= "table" or PARTS[items] then
      error(kind .. " { … } takes its reasons and benefits in braces", 2)
    end
    local reasons, benefits = {}, {}
    local count = 0
    for key in next, items do
      if mtype(key) ~= "integer" then
        local unexpected = first_key(items, function(k) return mtype(k) ~= "integer" end)
        error(kind .. " { … }: unexpected '" .. tostring(unexpected) .. " = …'", 2)
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
        error(kind .. " { … }: item " .. i .. " is " .. show(item) ..
              ", not a reason(…), cash(…), entitlement(…), in_kind(…) or service(…)", 2)
      end
    end
    if #reasons == 0 then error(kind .. " { … } needs at least one reason(code, text, cite)", 2) end
    if kind == "eligible" and #benefits == 0 then
      error("eligible { … } needs at least one benefit: cash, entitlement, in_kind or service", 2)
    end
    if kind ~= "eligible" then
      for _, benefit in ipairs(benefits) do
        if PARTS[benefit] and benefit.kind ~= "service" then
          error(kind .. " { … } can carry services (advice, a referral) but not " .. benefit.kind, 2)
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
