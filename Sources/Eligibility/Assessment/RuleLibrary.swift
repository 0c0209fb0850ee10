/// The Lua half of the rule contract (Rules/README.md): the names rule files see (`profile`, `facts`,
/// `params`, `eligible`, `cash`, `money`, …) and the entry points the assessor calls. It runs once per
/// Lua state, inside the sandbox, before any rule file; rule files only ever see the `API` table.
///
/// It is Lua rather than Swift so that no Swift function is ever called from Lua (a Lua error inside
/// one would longjmp across Swift frames) and so that reading a fact or parameter stays a table access.
enum RuleLibrary {
    static let chunkName = "[bangfu]"

    static let source = #"""
local where, setmetatable, type, mtype, error, tostring, ipairs, next, load, select =
      where, setmetatable, type, math.type, error, tostring, ipairs, next, load, select
local floor, abs, format, concat, sort = math.floor, math.abs, string.format, table.concat, table.sort
local LIBRARY = where(1)       -- this chunk's own name, to tell its frames from the rules'

---------------------------------------------------------------------------------------------------
-- Messages
---------------------------------------------------------------------------------------------------

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
      current[j] = math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
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
  if best and best_distance <= math.max(2, #name // 3) then return " (did you mean '" .. best .. "'?)" end
  return ""
end

local function sorted_keys(t)
  local keys = {}
  for k in next, t do if type(k) == "string" then keys[#keys + 1] = k end end
  sort(keys)
  return keys
end

local function locked(what)
  return function(_, key)
    error(what .. " cannot be changed by a rule (tried to set '" .. tostring(key) .. "')", 2)
  end
end

-- A read-only view of a library table (string, math, money, ...): rules share these tables.
local function readonly_library(name, library)
  return setmetatable({}, { __index = library, __newindex = locked("'" .. name .. "'"), __metatable = "locked" })
end

---------------------------------------------------------------------------------------------------
-- State: per rule set (set up once), per assessment, per programme run
---------------------------------------------------------------------------------------------------

local API = {}                 -- every name a rule file can use
local API_NAMES                -- sorted, for suggestions
local PROGRAMMES = {}          -- id -> { id, title, basis, decide, source, line }
local PROGRAMME_IDS = {}       -- ids in force (set by the host), for policy actions
local FACTS = {}               -- id -> { id, title, type, values, compute, source, line }
local FACT_IDS = {}
local FACT_NUMBER = {}         -- id -> position in FACT_IDS
local FILE_NUMBER = {}         -- rule file -> its position in the host's list of rule files
local POLICIES = {}            -- list of { id, title, cite, apply, source, line }
local loading = nil            -- { kind, file, id } while a rule file runs
local profile_shape            -- built from the schema by bangfu_setup

local PARTS = setmetatable({}, { __mode = "k" })     -- reason / benefit tables -> their kind
local OUTCOMES = setmetatable({}, { __mode = "k" })  -- tables made by eligible / ineligible / refer

local today                    -- "YYYY-MM-DD"
local fact_values, fact_order  -- per assessment
local fact_inputs              -- per assessment: fact id -> { facts = …, params = … } it read
local computing, used_facts, used_params   -- per programme run
local proxies                  -- data table -> read-only view, per assessment
local dated = {}               -- date -> { values = path -> value, missing = path -> explanation }
local param_values, param_missing, param_ended
local actions, current_policy  -- while a policy applies

-- Records a read once: the set part by name, the list part by number (the host maps numbers back to
-- names, which is cheaper than handing it strings on every assessment).
local function note(used, name, number)
  if not used[name] then
    used[name] = true
    used[#used + 1] = number
  end
end

local function list_of(used)
  local list = {}
  for i = 1, #used do list[i] = used[i] end
  return list
end

---------------------------------------------------------------------------------------------------
-- The profile: read-only views checked against the schema
---------------------------------------------------------------------------------------------------

local DATA = setmetatable({}, { __mode = "k" })   -- view -> the data table it shows
local fields_read = nil        -- path -> true, while coverage is measured

local function view(data, shape)
  local existing = proxies[data]
  if existing then return existing end
  local proxy = setmetatable({}, shape.metatable)
  DATA[proxy] = data
  proxies[data] = proxy
  return proxy
end

local function object_metatable(shape)
  return {
    __index = function(proxy, key)
      if fields_read then fields_read[shape.prefix .. tostring(key)] = true end
      local value = DATA[proxy][key]
      if value == nil then
        if shape.fields[key] == nil then
          error("the profile has no field '" .. shape.prefix .. tostring(key) .. "'" .. suggest(key, shape.names), 2)
        end
        return nil
      end
      if type(value) == "table" then return view(value, shape.fields[key].shape) end
      return value
    end,
    __newindex = locked("the profile"),
    __pairs = function(proxy)
      local i = 0
      return function()
        while true do
          i = i + 1
          local name = shape.names[i]
          if name == nil then return nil end
          local value = proxy[name]
          if value ~= nil then return name, value end
        end
      end, proxy, nil
    end,
    __metatable = "locked",
  }
end

local function list_metatable(shape)
  return {
    __index = function(proxy, index)
      local value = DATA[proxy][index]
      if value == nil then
        if mtype(index) ~= "integer" then
          error("'" .. shape.path .. "' is a list: use [1], [2], … or ipairs, not ." .. tostring(index), 2)
        end
        return nil
      end
      return view(value, shape.item)
    end,
    __newindex = locked("the profile"),
    __len = function(proxy) return #DATA[proxy] end,
    __metatable = "locked",
  }
end

-- Turns the host's schema description into shapes with their metatables, once per rule set.
local function build_shape(description, path)
  local shape = { fields = {}, names = {}, path = path, prefix = path == "" and "" or path .. "." }
  for i, field in ipairs(description) do
    local entry = { type = field.type }
    local field_path = shape.prefix .. field.name
    if field.type == "object" then
      entry.shape = build_shape(field.fields, field_path)
    elseif field.type == "list" then
      local list_shape = { path = field_path, item = build_shape(field.fields, field_path .. "[]") }
      list_shape.metatable = list_metatable(list_shape)
      entry.shape = list_shape
    end
    shape.fields[field.name] = entry
    shape.names[i] = field.name
  end
  shape.metatable = object_metatable(shape)
  return shape
end

---------------------------------------------------------------------------------------------------
-- Facts
---------------------------------------------------------------------------------------------------

local FACT_TYPES = { money = true, integer = true, boolean = true, string = true, date = true, ratio = true, enum = true }

local function type_problem(definition, value)
  local kind = definition.type
  if kind == "money" or kind == "integer" then
    if mtype(value) ~= "integer" then
      return kind == "money" and "must be an amount in whole fen (use the money.* helpers to round), got " .. show(value)
          or "must be a whole number, got " .. show(value)
    end
  elseif kind == "ratio" then
    if type(value) ~= "number" then return "must be a number, got " .. show(value) end
  elseif kind == "date" then
    if type(value) ~= "string" or not value:match("^%d%d%d%d%-%d%d%-%d%d$") then
      return "must be a date \"YYYY-MM-DD\", got " .. show(value)
    end
  elseif kind == "enum" then
    if type(value) ~= "string" or definition.values[value] == nil then
      return "must be one of " .. concat(sorted_keys(definition.values), ", ") .. ", got " .. show(value)
    end
  elseif type(value) ~= kind then
    return "must be a " .. kind .. ", got " .. show(value)
  end
  return nil
end

local function compute_fact(id)
  local definition = FACTS[id]
  if definition == nil then
    error("unknown fact '" .. tostring(id) .. "'" .. suggest(id, FACT_IDS), 3)
  end
  if computing[id] then
    error("fact '" .. id .. "' depends on itself", 3)
  end
  computing[id] = true
  -- What the fact reads directly is recorded as its inputs; the host follows them to list everything
  -- a decision depended on.
  local outer_facts, outer_params = used_facts, used_params
  used_facts, used_params = {}, {}
  local value = definition.compute()
  fact_inputs[id] = { facts = used_facts, params = used_params }
  used_facts, used_params = outer_facts, outer_params
  computing[id] = nil
  if value == nil then
    error(definition.source .. ":" .. definition.line .. ": fact '" .. id .. "' computed no value", 0)
  end
  local problem = type_problem(definition, value)
  if problem then
    error(definition.source .. ":" .. definition.line .. ": fact '" .. id .. "' " .. problem, 0)
  end
  fact_values[id] = value
  fact_order[#fact_order + 1] = id
  return value
end

API.facts = setmetatable({}, {
  __index = function(_, id)
    local value = fact_values[id]
    if value == nil then value = compute_fact(id) end
    note(used_facts, id, FACT_NUMBER[id])
    return value
  end,
  __newindex = locked("facts"),
  __metatable = "locked",
})

API.fact = function(definition)
  if loading == nil or loading.kind ~= "facts" then
    error("fact { … } belongs in facts.lua", 2)
  end
  if type(definition) ~= "table" then error("fact { … } needs its fields in braces", 2) end
  local id = definition.id
  if type(id) ~= "string" or not id:match("^[%a_][%w_]*$") then
    error("fact: 'id' must be a name like 'household_size', got " .. show(id), 2)
  end
  if FACTS[id] then error("fact '" .. id .. "' is defined twice (first at line " .. FACTS[id].line .. ")", 2) end
  for key in next, definition do
    if key ~= "id" and key ~= "title" and key ~= "type" and key ~= "values" and key ~= "compute" then
      error("fact '" .. id .. "': unknown field '" .. tostring(key) .. "'" ..
            suggest(key, { "id", "title", "type", "values", "compute" }), 2)
    end
  end
  if type(definition.title) ~= "string" or definition.title == "" then error("fact '" .. id .. "' needs a title", 2) end
  if not FACT_TYPES[definition.type] then
    error("fact '" .. id .. "': type must be one of money, integer, boolean, string, date, ratio, enum; got " ..
          show(definition.type), 2)
  end
  if definition.type == "enum" and type(definition.values) ~= "table" then
    error("fact '" .. id .. "': an enum fact needs values = { code = \"label\", … }", 2)
  end
  if type(definition.compute) ~= "function" then error("fact '" .. id .. "' needs compute = function() … end", 2) end
  local source, line = where(2)
  FACTS[id] = { id = id, title = definition.title, type = definition.type, values = definition.values,
                compute = definition.compute, source = source, line = line }
  FACT_IDS[#FACT_IDS + 1] = id
  FACT_NUMBER[id] = #FACT_IDS
end

---------------------------------------------------------------------------------------------------
-- Parameters
---------------------------------------------------------------------------------------------------

local param_views = setmetatable({}, { __mode = "k" })

local function parameter_value_view(value, path)
  local existing = param_views[value]
  if existing then return existing end
  local proxy = setmetatable({}, {
    __index = function(_, key)
      local item = value[key]
      if item == nil then
        error("parameter '" .. path .. "' has no entry " .. show(key) .. suggest(key, sorted_keys(value)), 2)
      end
      if type(item) == "table" then return parameter_value_view(item, path .. "." .. tostring(key)) end
      return item
    end,
    __newindex = locked("parameters"),
    __len = function() return #value end,
    __pairs = function() return next, value, nil end,
    __metatable = "locked",
  })
  param_views[value] = proxy
  return proxy
end

local function group_view(group)
  return setmetatable({}, {
    __index = function(_, key)
      local child = group.children[key]
      if child == nil then
        local name = group.prefix .. tostring(key)
        error("unknown parameter '" .. name .. "'" .. suggest(key, group.names), 2)
      end
      if child.view then return child.view end
      local value = param_values[child.path]
      if value == nil then
        if param_ended[child.path] then
          note(used_params, child.path, child.number)
          return nil
        end
        error("parameter '" .. child.path .. "' has no value on " .. today ..
              (param_missing[child.path] and (" (" .. param_missing[child.path] .. ")") or ""), 2)
      end
      note(used_params, child.path, child.number)
      if type(value) == "table" then return parameter_value_view(value, child.path) end
      return value
    end,
    __newindex = locked("parameters"),
    __metatable = "locked",
  })
end

-- paths: every parameter's dotted path; groups are the prefixes.
local function build_parameters(paths)
  local root = { children = {}, names = {}, prefix = "" }
  for number, path in ipairs(paths) do
    local group = root
    local parts = {}
    for part in path:gmatch("[^.]+") do parts[#parts + 1] = part end
    for i = 1, #parts - 1 do
      local child = group.children[parts[i]]
      if child == nil then
        child = { children = {}, names = {}, prefix = group.prefix .. parts[i] .. "." }
        group.children[parts[i]] = child
        group.names[#group.names + 1] = parts[i]
      end
      group = child
    end
    group.children[parts[#parts]] = { path = path, number = number }
    group.names[#group.names + 1] = parts[#parts]
  end
  local function attach(group)
    group.view = group_view(group)
    for _, child in next, group.children do
      if child.children then attach(child) end
    end
  end
  attach(root)
  return root.view
end

---------------------------------------------------------------------------------------------------
-- Money: whole fen, one rounding rule (half-up, away from zero, to the fen)
---------------------------------------------------------------------------------------------------

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
  return math.tointeger(rounded)
end

local money = {}

function money.yuan(value)
  if mtype(value) == "integer" then return value * 100 end
  if type(value) ~= "number" then error("money.yuan needs a number of yuan, got " .. show(value), 2) end
  local scaled = value * 100
  local rounded = floor(scaled + 0.5)
  if abs(scaled - rounded) > 1e-6 then error("money.yuan(" .. tostring(value) .. "): more than two decimals", 2) end
  return math.tointeger(rounded)
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

API.money = readonly_library("money", money)

---------------------------------------------------------------------------------------------------
-- Dates ("YYYY-MM-DD" strings)
---------------------------------------------------------------------------------------------------

local function parse_date(value, what, level)
  local y, m, d
  if type(value) == "string" then y, m, d = value:match("^(%d%d%d%d)%-(%d%d)%-(%d%d)$") end
  if y == nil then error(what .. " must be a date \"YYYY-MM-DD\", got " .. show(value), level + 1) end
  return tonumber(y), tonumber(m), tonumber(d)
end

-- Days since 1970-01-01 in the proleptic Gregorian calendar.
local function day_number(y, m, d)
  if m <= 2 then y = y - 1 end
  local era = y // 400
  local year_of_era = y - era * 400
  local day_of_year = (153 * (m > 2 and m - 3 or m + 9) + 2) // 5 + d - 1
  local day_of_era = year_of_era * 365 + year_of_era // 4 - year_of_era // 100 + day_of_year
  return era * 146097 + day_of_era - 719468
end

local date = {}

function date.age_on(birth, day)
  local y1, m1, d1 = parse_date(birth, "date.age_on: the birth date", 2)
  local y2, m2, d2 = parse_date(day, "date.age_on: the day", 2)
  local age = y2 - y1
  if m2 < m1 or (m2 == m1 and d2 < d1) then age = age - 1 end
  return age
end

function date.age(birth)
  local y1, m1, d1 = parse_date(birth, "date.age: the birth date", 2)
  local y2, m2, d2 = parse_date(today, "today", 2)
  local age = y2 - y1
  if m2 < m1 or (m2 == m1 and d2 < d1) then age = age - 1 end
  return age
end

function date.months_between(from, to)
  local y1, m1, d1 = parse_date(from, "date.months_between: the first date", 2)
  local y2, m2, d2 = parse_date(to, "date.months_between: the second date", 2)
  local months = (y2 - y1) * 12 + (m2 - m1)
  if months > 0 and d2 < d1 then months = months - 1 elseif months < 0 and d2 > d1 then months = months + 1 end
  return months
end

function date.days_between(from, to)
  local y1, m1, d1 = parse_date(from, "date.days_between: the first date", 2)
  local y2, m2, d2 = parse_date(to, "date.days_between: the second date", 2)
  return day_number(y2, m2, d2) - day_number(y1, m1, d1)
end

function date.year(day)
  return (parse_date(day, "date.year", 2))
end

API.date = readonly_library("date", date)

---------------------------------------------------------------------------------------------------
-- Lists
---------------------------------------------------------------------------------------------------

local function each(name, list, f, level)
  if type(list) ~= "table" then error(name .. " needs a list, got " .. show(list), level + 1) end
  if f ~= nil and type(f) ~= "function" then error(name .. " needs a function as its second argument", level + 1) end
end

function API.sum(list, f)
  each("sum", list, f, 2)
  if f == nil then error("sum needs a function saying what to add, e.g. function(m) return m.monthly_income end", 2) end
  local total = 0
  for i = 1, #list do
    local value = f(list[i])
    if value ~= nil then
      if type(value) ~= "number" then error("sum: item " .. i .. " gave " .. show(value) .. ", not a number", 2) end
      total = total + value
    end
  end
  return total
end

function API.count(list, f)
  each("count", list, f, 2)
  local n = 0
  for i = 1, #list do
    if f == nil or f(list[i]) then n = n + 1 end
  end
  return n
end

function API.any(list, f)
  each("any", list, f, 2)
  for i = 1, #list do
    if f == nil or f(list[i]) then return true end
  end
  return false
end

function API.all(list, f)
  each("all", list, f, 2)
  for i = 1, #list do
    if not (f == nil or f(list[i])) then return false end
  end
  return true
end

---------------------------------------------------------------------------------------------------
-- Reasons, benefits, outcomes
---------------------------------------------------------------------------------------------------

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
      if mtype(key) ~= "integer" then error(kind .. " { … }: unexpected '" .. tostring(key) .. " = …'", 2) end
      count = count + 1
    end
    for i = 1, count do
      local item = items[i]
      local item_kind = PARTS[item]
      if item_kind == "reason" then
        reasons[#reasons + 1] = item
      elseif item_kind ~= nil then
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
        if benefit.kind ~= "service" then
          error(kind .. " { … } can carry services (advice, a referral) but not " .. benefit.kind, 2)
        end
      end
    end
    local source, line = where(2)
    local file = FILE_NUMBER[source] or 0
    if source == LIBRARY then
      -- `return eligible { … }` is a tail call: the rule's frame is gone, so take its first item's line.
      file, line = items[1].file, items[1].line
    end
    local result = { outcome = kind, reasons = reasons, benefits = benefits, file = file, line = line }
    OUTCOMES[result] = true
    return result
  end
end

API.eligible = outcome("eligible")
API.ineligible = outcome("ineligible")
API.refer = outcome("refer")

---------------------------------------------------------------------------------------------------
-- Programmes and policies
---------------------------------------------------------------------------------------------------

local function check_fields(what, definition, allowed, level)
  local names = {}
  for name in next, allowed do names[#names + 1] = name end
  sort(names)
  for key in next, definition do
    if not allowed[key] then
      error(what .. ": unknown field '" .. tostring(key) .. "'" .. suggest(key, names), level + 1)
    end
  end
end

local PROGRAMME_FIELDS = { id = true, title = true, basis = true, summary = true, decide = true }

function API.programme(definition)
  if loading == nil or loading.kind ~= "programme" then
    error("programme { … } belongs in a file under programmes/", 2)
  end
  if type(definition) ~= "table" then error("programme { … } needs its fields in braces", 2) end
  if PROGRAMMES[loading.id] then error("this file declares more than one programme", 2) end
  check_fields("programme", definition, PROGRAMME_FIELDS, 2)
  if definition.id ~= loading.id then
    error("the programme id must be the file name: id = \"" .. loading.id .. "\", got " .. show(definition.id), 2)
  end
  text_argument(definition.title, "programme '" .. loading.id .. "': title", 2)
  text_argument(definition.basis, "programme '" .. loading.id .. "': basis (its legal basis)", 2)
  text_argument(definition.summary, "programme '" .. loading.id .. "': summary", 2, true)
  if type(definition.decide) ~= "function" then
    error("programme '" .. loading.id .. "' needs decide = function() … end", 2)
  end
  local source, line = where(2)
  PROGRAMMES[loading.id] = { id = loading.id, title = definition.title, basis = definition.basis,
                             summary = definition.summary, decide = definition.decide, source = source, line = line }
end

local POLICY_FIELDS = { id = true, title = true, cite = true, apply = true }

function API.policy(definition)
  if loading == nil or loading.kind ~= "policy" then error("policy { … } belongs in policy.lua", 2) end
  if type(definition) ~= "table" then error("policy { … } needs its fields in braces", 2) end
  check_fields("policy", definition, POLICY_FIELDS, 2)
  if type(definition.id) ~= "string" or not definition.id:match("^[%a_][%w_]*$") then
    error("policy: 'id' must be a name like 'yearly_cap', got " .. show(definition.id), 2)
  end
  text_argument(definition.title, "policy '" .. definition.id .. "': title", 2)
  text_argument(definition.cite, "policy '" .. definition.id .. "': cite", 2)
  if type(definition.apply) ~= "function" then
    error("policy '" .. definition.id .. "' needs apply = function(decisions) … end", 2)
  end
  local source, line = where(2)
  POLICIES[#POLICIES + 1] = { id = definition.id, title = definition.title, cite = definition.cite,
                              apply = definition.apply, source = source, line = line }
end

local function policy_action(action, id, reason, level, amount)
  if current_policy == nil then error(action .. " can only be used inside a policy's apply function", level + 1) end
  if PROGRAMME_IDS[id] == nil then
    error(action .. ": unknown programme " .. show(id) .. suggest(id, PROGRAMME_IDS), level + 1)
  end
  if PARTS[reason] ~= "reason" then error(action .. ": the last argument must be a reason(code, text, cite)", level + 1) end
  local source, line = where(level + 1)
  actions[#actions + 1] = { action = action, programme = id, reason = reason, amount = amount,
                            file = FILE_NUMBER[source] or 0, line = line }
end

function API.withhold(id, reason) policy_action("withhold", id, reason, 2) end
function API.refer_to_caseworker(id, reason) policy_action("refer_to_caseworker", id, reason, 2) end
function API.limit_cash(id, amount, reason)
  whole_fen(amount, "limit_cash: the amount", 2)
  if amount < 0 then error("limit_cash: the amount cannot be negative", 2) end
  policy_action("limit_cash", id, reason, 2, amount)
end

---------------------------------------------------------------------------------------------------
-- The environment of a rule file
---------------------------------------------------------------------------------------------------

API.string = readonly_library("string", string)
API.table = readonly_library("table", table)
API.math = readonly_library("math", math)
API.utf8 = readonly_library("utf8", utf8)
for _, name in ipairs({ "ipairs", "pairs", "next", "select", "tostring", "tonumber", "type", "error", "assert" }) do
  API[name] = _G[name]
end
API.profile = false   -- set per assessment
API.today = false
API.params = false    -- set once the parameter paths are known
API_NAMES = sorted_keys(API)

setmetatable(API, {
  __index = function(_, name)
    error("unknown name '" .. tostring(name) .. "'" .. suggest(name, API_NAMES), 2)
  end,
  __newindex = locked("the rule library"),
  __metatable = "locked",
})

local function environment()
  return setmetatable({}, {
    __index = API,
    __newindex = function(_, name)
      error("cannot create the global '" .. tostring(name) .. "': write 'local " .. tostring(name) ..
            " = …' (or check the spelling)", 2)
    end,
    __metatable = "locked",
  })
end

---------------------------------------------------------------------------------------------------
-- Entry points for the assessor (globals of the engine state; rule files never see them)
---------------------------------------------------------------------------------------------------

-- Once per rule set: the schema's fields, the parameter paths, the programme ids in force.
function bangfu_setup(config)
  rawset(API, "params", build_parameters(config.parameters))
  profile_shape = build_shape(config.schema, "")
  for i, id in ipairs(config.programmes) do PROGRAMME_IDS[i] = id; PROGRAMME_IDS[id] = i end
end

-- Runs one rule file. Returns what it declared, for the host's catalogue and checks.
function bangfu_load(kind, file, source, id, number)
  loading = { kind = kind, file = file, id = id }
  FILE_NUMBER[file] = number
  local chunk, problem = load(source, "@" .. file, "t", environment())
  if chunk == nil then
    loading = nil
    error(problem, 0)
  end
  chunk()
  loading = nil
  if kind == "programme" then
    local p = PROGRAMMES[id]
    if p == nil then error(file .. ":1: this file must declare programme { id = \"" .. id .. "\", … }", 0) end
    return { { id = p.id, title = p.title, basis = p.basis, summary = p.summary, source = p.source, line = p.line } }
  end
  local declared = {}
  if kind == "facts" then
    for _, fact_id in ipairs(FACT_IDS) do
      local f = FACTS[fact_id]
      declared[#declared + 1] = { id = f.id, title = f.title, type = f.type, values = f.values,
                                  source = f.source, line = f.line }
    end
  else
    for _, p in ipairs(POLICIES) do
      declared[#declared + 1] = { id = p.id, title = p.title, cite = p.cite, source = p.source, line = p.line }
    end
  end
  return declared
end

-- Starts an assessment on `day`. `key` names the parameter values in force (the date, and any
-- overrides a case makes); `parameters` is given the first time a key is seen:
-- { values = { [path] = value }, missing = { [path] = "why" }, ended = { [path] = true } }.
function bangfu_begin(profile, day, key, parameters)
  if parameters then dated[key] = parameters end
  local on_day = dated[key]
  param_values, param_missing, param_ended = on_day.values, on_day.missing, on_day.ended
  today = day
  fact_values, fact_order, fact_inputs, proxies = {}, {}, {}, {}
  rawset(API, "today", day)
  rawset(API, "profile", view(profile, profile_shape))
end

function bangfu_decide(id)
  computing, used_facts, used_params, current_policy = {}, {}, {}, nil
  local programme = PROGRAMMES[id]
  local result = programme.decide()
  if not OUTCOMES[result] then
    error(programme.source .. ":" .. programme.line .. ": decide must return eligible { … }, ineligible { … } or refer { … }, got " ..
          show(result), 0)
  end
  return { outcome = result.outcome, reasons = result.reasons, benefits = result.benefits,
           file = result.file, line = result.line,
           facts = list_of(used_facts), parameters = list_of(used_params) }
end

-- What the last programme or policy read before it stopped (also after an error).
function bangfu_usage()
  return { facts = list_of(used_facts or {}), parameters = list_of(used_params or {}) }
end

function bangfu_policy(index, decisions)
  computing, used_facts, used_params = {}, {}, {}
  actions, current_policy = {}, POLICIES[index]
  current_policy.apply(decisions)
  current_policy = nil
  return actions
end

-- Computes a fact nobody has read yet (for cases that expect it, and for the trace).
function bangfu_fact(id)
  computing, used_facts, used_params, current_policy = {}, {}, {}, nil
  return API.facts[id]
end

-- Coverage: which profile fields rules read ("household.members[].monthly_income").
function bangfu_track_fields()
  fields_read = {}
end

function bangfu_fields_read()
  return sorted_keys(fields_read or {})
end

-- The facts computed, in order, as parallel lists (one table per fact would cost the host a record each).
function bangfu_facts()
  local numbers, values, fact_lists, parameter_lists = {}, {}, {}, {}
  for i, id in ipairs(fact_order) do
    local inputs = fact_inputs[id]
    numbers[i], values[i] = FACT_NUMBER[id], fact_values[id]
    fact_lists[i], parameter_lists[i] = list_of(inputs.facts), list_of(inputs.params)
  end
  return { numbers = numbers, values = values, facts = fact_lists, parameters = parameter_lists }
end
"""#
}
