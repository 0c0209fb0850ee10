---------------------------------------------------------------------------------------------------
-- Messages
---------------------------------------------------------------------------------------------------

local library = ...
local type, error, tostring, ipairs, next = type, error, tostring, ipairs, next
local format, sort, min, max = string.format, table.sort, math.min, math.max
local freeze = isolation.freeze

-- The language of the messages rules raise: "zh" unless the host sets "en" (bangfu_setup, from
-- `--lang` or ruleset.yaml's `language:`). Every message is written once, both texts side by side.
local language = "zh"

local function say(zh, en)
  if language == "en" then return en end
  return zh
end

local function set_language(code)
  language = code == "en" and "en" or "zh"
end

-- What an argument is, { zh, en } (either may hold one %s for `subject`, e.g. a reason's code), in
-- the chosen language. Built only when a message is raised, so the checks cost nothing when they pass.
local function argument_name(what, subject)
  return format(say(what[1], what[2]), subject)
end

local function show(value)
  if type(value) == "string" then return format("%q", value) end
  if type(value) == "table" then return say("一个表", "a table") end
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

-- "（是否要写 'x'？）" / " (did you mean 'x'?)" when a candidate is close enough, else "".
local function suggest(name, candidates)
  if type(name) ~= "string" then return "" end
  local best, best_distance
  for _, candidate in ipairs(candidates) do
    local d = distance(name:lower(), candidate:lower())
    if best_distance == nil or d < best_distance then best, best_distance = candidate, d end
  end
  if best and best_distance <= max(2, #name // 3) then
    return say("（是否要写 '" .. best .. "'？）", " (did you mean '" .. best .. "'?)")
  end
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

-- `what` is a pair { zh, en }: the name of what is locked in each language.
local function locked(what)
  return function(_, key)
    error(say(what[1] .. "不能由规则修改（试图设置 '" .. tostring(key) .. "'）",
              what[2] .. " cannot be changed by a rule (tried to set '" .. tostring(key) .. "')"), 2)
  end
end

-- A read-only copy of a library table (string, math, money, ...): rules share these tables, and read
-- them like any table (pairs too), but no rule can change them.
local function readonly_library(name, functions)
  local copy = {}
  for key, value in next, functions do copy[key] = value end
  return freeze(copy, "'" .. name .. "'")
end

library.say = say
library.set_language = set_language
library.argument_name = argument_name
library.show = show
library.suggest = suggest
library.sorted_keys = sorted_keys
library.first_key = first_key
library.locked = locked
library.readonly_library = readonly_library
