---------------------------------------------------------------------------------------------------
-- Money: whole fen, one rounding rule (half-up, away from zero, to the fen)
---------------------------------------------------------------------------------------------------

local library = ...
local type, mtype, error, tostring, select = type, math.type, error, tostring, select
local floor, abs, tointeger, maxinteger, mininteger = math.floor, math.abs, math.tointeger, math.maxinteger, math.mininteger
local show, readonly_library = library.show, library.readonly_library
-- An unknown amount gives an unknown result: the rule goes on to find what else it needs (unknowns.lua).
local is_unknown, UNKNOWN_RESULT = library.is_unknown, library.UNKNOWN_RESULT

local function whole_fen(value, what, level)
  if mtype(value) ~= "integer" then
    error(what .. " must be an amount in whole fen, got " .. show(value) ..
          " (use money.scale, money.percent or money.per_head to round)", level + 1)
  end
end

-- a × b, refusing a product Lua's integers would wrap around (it would turn a huge amount into a small one).
local function product(a, b, what, level)
  if a ~= 0 and b ~= 0 and (a == mininteger or b == mininteger or abs(a) > maxinteger // abs(b)) then
    error(what .. ": the result is too large for an amount", level + 1)
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
local function millionths(value, what, level)
  if mtype(value) == "integer" then return product(value, 1000000, what, level + 2) end
  if type(value) ~= "number" then error(what .. " must be a number, got " .. show(value), level + 1) end
  local scaled = value * 1000000
  local rounded = floor(scaled + 0.5)
  if abs(scaled - rounded) > 1e-4 then
    error(what .. " " .. tostring(value) .. " has more than 6 decimal places", level + 1)
  end
  local whole = tointeger(rounded)
  if whole == nil then error(what .. " " .. tostring(value) .. " is too large", level + 1) end
  return whole
end

local money = {}

function money.yuan(value)
  if mtype(value) == "integer" then return product(value, 100, "money.yuan", 2) end
  if type(value) ~= "number" then error("money.yuan needs a number of yuan, got " .. show(value), 2) end
  local scaled = value * 100
  local rounded = floor(scaled + 0.5)
  if abs(scaled - rounded) > 1e-6 then error("money.yuan(" .. tostring(value) .. "): more than two decimals", 2) end
  local fen = tointeger(rounded)
  if fen == nil then error("money.yuan(" .. tostring(value) .. "): too large for an amount", 2) end
  return fen
end

function money.times(amount, n)
  if is_unknown(amount) or is_unknown(n) then return UNKNOWN_RESULT end
  whole_fen(amount, "money.times: the amount", 2)
  if mtype(n) ~= "integer" then
    error("money.times needs a whole number, got " .. show(n) .. " (use money.scale for fractions)", 2)
  end
  return product(amount, n, "money.times", 2)
end

function money.scale(amount, ratio)
  if is_unknown(amount) or is_unknown(ratio) then return UNKNOWN_RESULT end
  whole_fen(amount, "money.scale: the amount", 2)
  return divide(product(amount, millionths(ratio, "money.scale: the ratio", 2), "money.scale", 2), 1000000)
end

function money.percent(amount, percent)
  if is_unknown(amount) or is_unknown(percent) then return UNKNOWN_RESULT end
  whole_fen(amount, "money.percent: the amount", 2)
  return divide(product(amount, millionths(percent, "money.percent: the percentage", 2), "money.percent", 2), 100000000)
end

function money.per_head(amount, people)
  if is_unknown(amount) or is_unknown(people) then return UNKNOWN_RESULT end
  whole_fen(amount, "money.per_head: the amount", 2)
  if mtype(people) ~= "integer" or people < 1 then
    error("money.per_head needs a whole number of people (at least 1), got " .. show(people), 2)
  end
  return divide(amount, people)
end

money.divide = money.per_head

function money.per_month(yearly)
  if is_unknown(yearly) then return UNKNOWN_RESULT end
  whole_fen(yearly, "money.per_month: the amount", 2)
  return divide(yearly, 12)
end

local function extreme(name, pick)
  return function(...)
    local result
    for i = 1, select("#", ...) do
      local amount = select(i, ...)
      if is_unknown(amount) then return UNKNOWN_RESULT end
      whole_fen(amount, "money." .. name .. ": amount " .. i, 2)
      if result == nil or pick(amount, result) then result = amount end
    end
    if result == nil then error("money." .. name .. " needs at least one amount", 2) end
    return result
  end
end
money.min = extreme("min", function(a, b) return a < b end)
money.max = extreme("max", function(a, b) return a > b end)

function money.text(amount)
  if is_unknown(amount) then return tostring(amount) end
  whole_fen(amount, "money.text", 2)
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
    error(what .. " must be a number, a ratio such as 0.7, got " .. show(value), 3)
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
