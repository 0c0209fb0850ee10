---------------------------------------------------------------------------------------------------
-- Messages
---------------------------------------------------------------------------------------------------

local library = ...
local type, error, tostring, ipairs, next = type, error, tostring, ipairs, next
local format, sort, min, max = string.format, table.sort, math.min, math.max
local freeze = isolation.freeze

local function show(value)
  if type(value) == "string" then return format("%q", value) end
  if type(value) == "table" then return "a table" end
  return tostring(value)
end

local function distance(a, b)
  local previous = {}
  for j = 0, #b do previous[j] = j end
  for i = 1, #a do
    local current = { [0] = i }
    for j = 1, #b do
      local cost = (a:byte(i) == b:byte(j)) and 0 or 1
      current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
    end
    previous = current
  end
  return previous[#b]
end

-- " (did you mean 'x'?)" when a candidate is close enough, else "".
local function suggest(name, candidates)
  if type(name) ~= "string" then return "" end
  local best, best_distance
  for _, candidate in ipairs(candidates) do
    local d = distance(name:lower(), candidate:lower())
    if best_distance == nil or d < best_distance then best, best_distance = candidate, d end
  end
  if best and best_distance <= max(2, #name // 3) then return " (did you mean '" .. best .. "'?)" end
  return ""
end

local function sorted_keys(t)
  local keys = {}
  for k in next, t do if type(k) == "string" then keys[#keys + 1] = k end end
  sort(keys)
  return keys
end

-- Keys in the order the rules' pairs visits them (numbers, strings, false, true), keys of other types
-- after them by type name.
local KEY_RANK = { number = 1, string = 2, boolean = 3 }

local function key_before(a, b)
  local ta, tb = type(a), type(b)
  local ra, rb = KEY_RANK[ta] or 4, KEY_RANK[tb] or 4
  if ra ~= rb then return ra < rb end
  if ra == 4 then return ta < tb end
  if ta == "boolean" then return b and not a end
  return a < b
end

-- The first key of t in that order that `wanted` accepts, or nil: an error that names one of several
-- keys names the same one in every run, whatever order Lua's hash seed gives the table.
local function first_key(t, wanted)
  local first
  for key in next, t do
    if wanted(key) and (first == nil or key_before(key, first)) then first = key end
  end
  return first
end

local function locked(what)
  return function(_, key)
    error(what .. " cannot be changed by a rule (tried to set '" .. tostring(key) .. "')", 2)
  end
end

-- A read-only copy of a library table (string, math, money, ...): rules share these tables, and read
-- them like any table (pairs too), but no rule can change them.
local function readonly_library(name, functions)
  local copy = {}
  for key, value in next, functions do copy[key] = value end
  return freeze(copy, "'" .. name .. "'")
end

library.show = show
library.suggest = suggest
library.sorted_keys = sorted_keys
library.first_key = first_key
library.locked = locked
library.readonly_library = readonly_library
