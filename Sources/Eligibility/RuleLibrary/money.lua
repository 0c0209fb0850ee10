---------------------------------------------------------------------------------------------------
-- Money: whole fen, one rounding rule (half-up, away from zero, to the fen)
---------------------------------------------------------------------------------------------------

local library = ...
local type, mtype, error, tostring, select = type, math.type, error, tostring, select
local floor, abs, tointeger, maxinteger, mininteger = math.floor, math.abs, math.tointeger, math.maxinteger, math.mininteger
local say, show, argument_name, readonly_library = library.say, library.show, library.argument_name, library.readonly_library
-- An unknown amount gives an unknown result: the rule goes on to find what else it needs (unknowns.lua).
local is_unknown, UNKNOWN_RESULT = library.is_unknown, library.UNKNOWN_RESULT

-- `what` names the argument, { zh, en } (see argument_name), with `subject` for its %s if any.
local function whole_fen(value, what, level, subject)
  if mtype(value) ~= "integer" then
    error(argument_name(what, subject) .. say("应是以分计的整数金额，这里是 " .. show(value) ..
                                              "（用 money.scale、money.percent 或 money.per_head 取整）",
                                              " must be an amount in whole fen, got " .. show(value) ..
                                              " (use money.scale, money.percent or money.per_head to round)"), level + 1)
  end
end

-- a × b, refusing a product Lua's integers would wrap around (it would turn a huge amount into a small one).
-- `what` is the helper's name (money.times), or an argument's { zh, en }.
local function product(a, b, what, level)
  if a ~= 0 and b ~= 0 and (a == mininteger or b == mininteger or abs(a) > maxinteger // abs(b)) then
    error((type(what) == "table" and argument_name(what) or what) .. say("：结果太大，超出了金额的范围", ": the result is too large for an amount"), level + 1)
  end
  return a * b
end

-- a / b rounded half-up (away from zero), b > 0. Floor division and its remainder cannot wrap around.
local function divide(a, b)
  local quotient, remainder = a // b, a % b   -- a = quotient × b + remainder, 0 <= remainder < b
  if remainder > b - remainder or (a >= 0 and remainder == b - remainder) then quotient = quotient + 1 end
  return quotient
end

-- A decimal number as whole millionths, refusing what has more than 6 decimal places.
-- `what` names the argument, { zh, en }.
local function millionths(value, what, level)
  if mtype(value) == "integer" then return product(value, 1000000, what, level + 2) end
  if type(value) ~= "number" then
    error(argument_name(what) .. say("应是数字，这里是 " .. show(value), " must be a number, got " .. show(value)), level + 1)
  end
  local scaled = value * 1000000
  local rounded = floor(scaled + 0.5)
  if abs(scaled - rounded) > 1e-4 then
    error(argument_name(what) .. say(" " .. tostring(value) .. " 超过了 6 位小数", " " .. tostring(value) .. " has more than 6 decimal places"),
          level + 1)
  end
  local whole = tointeger(rounded)
  if whole == nil then
    error(argument_name(what) .. say(" " .. tostring(value) .. " 太大", " " .. tostring(value) .. " is too large"), level + 1)
  end
  return whole
end

local TIMES_AMOUNT = { "money.times 的金额", "money.times: the amount" }
local SCALE_AMOUNT = { "money.scale 的金额", "money.scale: the amount" }
local SCALE_RATIO = { "money.scale 的比例", "money.scale: the ratio" }
local PERCENT_AMOUNT = { "money.percent 的金额", "money.percent: the amount" }
local PERCENT_PERCENTAGE = { "money.percent 的百分数", "money.percent: the percentage" }
local PER_HEAD_AMOUNT = { "money.per_head 的金额", "money.per_head: the amount" }
local PER_MONTH_AMOUNT = { "money.per_month 的金额", "money.per_month: the amount" }
local TEXT_AMOUNT = { "money.text 的金额", "money.text" }

local money = {}

function money.yuan(value)
  if mtype(value) == "integer" then return product(value, 100, "money.yuan", 2) end
  if type(value) ~= "number" then
    error(say("money.yuan 需要一个元数，这里是 " .. show(value), "money.yuan needs a number of yuan, got " .. show(value)), 2)
  end
  local scaled = value * 100
  local rounded = floor(scaled + 0.5)
  if abs(scaled - rounded) > 1e-6 then
    error("money.yuan(" .. tostring(value) .. ")" .. say("：超过了两位小数", ": more than two decimals"), 2)
  end
  local fen = tointeger(rounded)
  if fen == nil then error("money.yuan(" .. tostring(value) .. ")" .. say("：太大，超出了金额的范围", ": too large for an amount"), 2) end
  return fen
end

function money.times(amount, n)
  if is_unknown(amount) or is_unknown(n) then return UNKNOWN_RESULT end
  whole_fen(amount, TIMES_AMOUNT, 2)
  if mtype(n) ~= "integer" then
    error(say("money.times 需要整数倍数，这里是 " .. show(n) .. "（小数倍用 money.scale）",
              "money.times needs a whole number, got " .. show(n) .. " (use money.scale for fractions)"), 2)
  end
  return product(amount, n, "money.times", 2)
end

function money.scale(amount, ratio)
  if is_unknown(amount) or is_unknown(ratio) then return UNKNOWN_RESULT end
  whole_fen(amount, SCALE_AMOUNT, 2)
  return divide(product(amount, millionths(ratio, SCALE_RATIO, 2), "money.scale", 2), 1000000)
end

function money.percent(amount, percent)
  if is_unknown(amount) or is_unknown(percent) then return UNKNOWN_RESULT end
  whole_fen(amount, PERCENT_AMOUNT, 2)
  return divide(product(amount, millionths(percent, PERCENT_PERCENTAGE, 2), "money.percent", 2), 100000000)
end

function money.per_head(amount, people)
  if is_unknown(amount) or is_unknown(people) then return UNKNOWN_RESULT end
  whole_fen(amount, PER_HEAD_AMOUNT, 2)
  if mtype(people) ~= "integer" or people < 1 then
    error(say("money.per_head 需要整数人数（至少 1 人），这里是 " .. show(people),
              "money.per_head needs a whole number of people (at least 1), got " .. show(people)), 2)
  end
  return divide(amount, people)
end

money.divide = money.per_head

function money.per_month(yearly)
  if is_unknown(yearly) then return UNKNOWN_RESULT end
  whole_fen(yearly, PER_MONTH_AMOUNT, 2)
  return divide(yearly, 12)
end

local function extreme(name, pick)
  local what = { "money." .. name .. " 的第 %s 个金额", "money." .. name .. ": amount %s" }
  return function(...)
    local result
    for i = 1, select("#", ...) do
      local amount = select(i, ...)
      if is_unknown(amount) then return UNKNOWN_RESULT end
      whole_fen(amount, what, 2, i)
      if result == nil or pick(amount, result) then result = amount end
    end
    if result == nil then error(say("money." .. name .. " 至少需要一个金额", "money." .. name .. " needs at least one amount"), 2) end
    return result
  end
end
money.min = extreme("min", function(a, b) return a < b end)
money.max = extreme("max", function(a, b) return a > b end)

function money.text(amount)
  if is_unknown(amount) then return tostring(amount) end
  whole_fen(amount, TEXT_AMOUNT, 2)
  -- From the decimal digits, so that every integer is written, the most negative one too.
  local digits = tostring(amount):gsub("^%-", "")
  if #digits < 3 then digits = ("0"):rep(3 - #digits) .. digits end
  local whole = digits:sub(1, -3):reverse():gsub("(%d%d%d)", "%1,"):reverse():gsub("^,", "")
  return (amount < 0 and "-" or "") .. whole .. "." .. digits:sub(-2)
end

library.API.money = readonly_library("money", money)
library.whole_fen = whole_fen

-- Ratios in reason texts: percent(0.7) is "70%", ratio(1.5) is "1.5"; half-up, no trailing zeros.
local function decimal_text(value, scale, digits, what)
  if type(value) ~= "number" or value ~= value or abs(value) > 1e12 then
    error(what .. say(" 需要一个数字，即 0.7 这样的比例，这里是 " .. show(value), " must be a number, a ratio such as 0.7, got " .. show(value)), 3)
  end
  local units = floor(abs(value) * scale + 0.5)
  local text = tostring(units // scale)
  if units % scale > 0 then text = text .. (("." .. ("%0" .. digits .. "d"):format(units % scale)):gsub("0+$", "")) end
  return (units > 0 and value < 0 and "-" or "") .. text
end

function library.API.percent(ratio)
  if is_unknown(ratio) then return tostring(ratio) end
  return decimal_text(type(ratio) == "number" and ratio * 100 or ratio, 100, 2, "percent") .. "%"
end

function library.API.ratio(value)
  if is_unknown(value) then return tostring(value) end
  return decimal_text(value, 1000000, 6, "ratio")
end
