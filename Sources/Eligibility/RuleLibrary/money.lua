---------------------------------------------------------------------------------------------------
-- Money: whole fen, one rounding rule (half-up, away from zero, to the fen)
---------------------------------------------------------------------------------------------------

local library = ...
local type, mtype, error, tostring, select = type, math.type, error, tostring, select
local floor, abs, tointeger, format = math.floor, math.abs, math.tointeger, string.format
local show, readonly_library = library.show, library.readonly_library

local function whole_fen(value, what, level)
  if mtype(value) ~= "integer" then
    error(what .. " must be an amount in whole fen, got " .. show(value) ..
          " (use money.scale, money.percent or money.per_head to round)", level + 1)
  end
end

-- a / b rounded half-up (away from zero), b > 0.
local function divide(a, b)
  if a >= 0 then return (2 * a + b) // (2 * b) end
  return -((-2 * a + b) // (2 * b))
end

-- A decimal number as whole millionths, refusing what has more than 6 decimal places.
local function millionths(value, what, level)
  if mtype(value) == "integer" then return value * 1000000 end
  if type(value) ~= "number" then error(what .. " must be a number, got " .. show(value), level + 1) end
  local scaled = value * 1000000
  local rounded = floor(scaled + 0.5)
  if abs(scaled - rounded) > 1e-4 then
    error(what .. " " .. tostring(value) .. " has more than 6 decimal places", level + 1)
  end
  return tointeger(rounded)
end

local money = {}

function money.yuan(value)
  if mtype(value) == "integer" then return value * 100 end
  if type(value) ~= "number" then error("money.yuan needs a number of yuan, got " .. show(value), 2) end
  local scaled = value * 100
  local rounded = floor(scaled + 0.5)
  if abs(scaled - rounded) > 1e-6 then error("money.yuan(" .. tostring(value) .. "): more than two decimals", 2) end
  return tointeger(rounded)
end

function money.times(amount, n)
  whole_fen(amount, "money.times: the amount", 2)
  if mtype(n) ~= "integer" then
    error("money.times needs a whole number, got " .. show(n) .. " (use money.scale for fractions)", 2)
  end
  return amount * n
end

function money.scale(amount, ratio)
  whole_fen(amount, "money.scale: the amount", 2)
  return divide(amount * millionths(ratio, "money.scale: the ratio", 2), 1000000)
end

function money.percent(amount, percent)
  whole_fen(amount, "money.percent: the amount", 2)
  return divide(amount * millionths(percent, "money.percent: the percentage", 2), 100000000)
end

function money.per_head(amount, people)
  whole_fen(amount, "money.per_head: the amount", 2)
  if mtype(people) ~= "integer" or people < 1 then
    error("money.per_head needs a whole number of people (at least 1), got " .. show(people), 2)
  end
  return divide(amount, people)
end

money.divide = money.per_head

function money.per_month(yearly)
  whole_fen(yearly, "money.per_month: the amount", 2)
  return divide(yearly, 12)
end

local function extreme(name, pick)
  return function(...)
    local result
    for i = 1, select("#", ...) do
      local amount = select(i, ...)
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
  whole_fen(amount, "money.text", 2)
  local magnitude = amount < 0 and -amount or amount
  local whole = tostring(magnitude // 100):reverse():gsub("(%d%d%d)", "%1,"):reverse():gsub("^,", "")
  return (amount < 0 and "-" or "") .. whole .. format(".%02d", magnitude % 100)
end

library.API.money = readonly_library("money", money)
library.whole_fen = whole_fen
