---------------------------------------------------------------------------------------------------
-- Facts, and what each programme, fact and policy read
---------------------------------------------------------------------------------------------------

local library = ...
local setmetatable, type, mtype, error, error_at, tostring, ipairs, next, where =
      setmetatable, type, math.type, error, error_at, tostring, ipairs, next, where
local concat = table.concat
local say, show, suggest, sorted_keys, first_key, locked =
      library.say, library.show, library.suggest, library.sorted_keys, library.first_key, library.locked
local API, FACTS, FACT_IDS, FACT_NUMBER, LOADING, UNSEALED =
      library.API, library.FACTS, library.FACT_IDS, library.FACT_NUMBER, library.LOADING, library.UNSEALED
local UNSEALED_PROBLEM = library.UNSEALED_PROBLEM
local start_fact, finish_fact, note_unknown_read, fact_needs =
      library.start_fact, library.finish_fact, library.note_unknown_read, library.fact_needs

local fact_values, fact_order  -- per assessment
local unknown_facts            -- per assessment: fact id -> true when it used a value nobody gave
local fact_inputs              -- per assessment: fact id -> { facts = …, params = …, history = … } it read
local computing, used_facts, used_params, used_history   -- per programme run; a fact's computation has its own

-- Each read is recorded once: in the set part by name, in the list part by number (the host maps
-- numbers back to names, which is cheaper than handing it strings on every assessment). Both run on
-- every read, so each writes its record itself: one call per read.
local function note_fact(id)
  if not used_facts[id] then
    used_facts[id] = true
    used_facts[#used_facts + 1] = FACT_NUMBER[id]
  end
end

-- A read at another date than the assessment's (`params_on(day)`) is recorded as "number@day".
function library.note_parameter(path, number, day)
  local key = day and path .. "@" .. day or path
  if not used_params[key] then
    used_params[key] = true
    used_params[#used_params + 1] = day and number .. "@" .. day or number
  end
end

-- History items are named by number only: the set part uses the negative number, so the list part
-- (1, 2, …) stays the items in first-use order.
function library.note_history(number)
  if not used_history[-number] then
    used_history[-number] = true
    used_history[#used_history + 1] = number
  end
end

local function list_of(used)
  local list = {}
  for i = 1, #used do list[i] = used[i] end
  return list
end

local FACT_FIELDS = { id = true, title = true, type = true, values = true, compute = true }
local FACT_TYPES = { money = true, integer = true, boolean = true, string = true, date = true, ratio = true, enum = true }

local function type_problem(definition, value)
  local kind = definition.type
  if kind == "money" or kind == "integer" then
    if mtype(value) ~= "integer" then
      return kind == "money"
          and say("应是以分计的整数金额（用 money.* 函数取整），这里是 " .. show(value),
                  "must be an amount in whole fen (use the money.* helpers to round), got " .. show(value))
          or say("应是整数，这里是 " .. show(value), "must be a whole number, got " .. show(value))
    end
  elseif kind == "ratio" then
    if type(value) ~= "number" then return say("应是数字，这里是 " .. show(value), "must be a number, got " .. show(value)) end
  elseif kind == "date" then
    if type(value) ~= "string" or not value:match("^%d%d%d%d%-%d%d%-%d%d$") then
      return say("应是日期 \"YYYY-MM-DD\"，这里是 " .. show(value), "must be a date \"YYYY-MM-DD\", got " .. show(value))
    end
  elseif kind == "enum" then
    if type(value) ~= "string" or definition.values[value] == nil then
      return say("应是 " .. concat(sorted_keys(definition.values), "、") .. " 之一，这里是 " .. show(value),
                 "must be one of " .. concat(sorted_keys(definition.values), ", ") .. ", got " .. show(value))
    end
  elseif type(value) ~= kind then
    return say("应是 " .. kind .. "，这里是 " .. show(value), "must be a " .. kind .. ", got " .. show(value))
  end
  return nil
end

local function compute_fact(id)
  local definition = FACTS[id]
  if definition == nil then
    error(say("未知的事实 '", "unknown fact '") .. tostring(id) .. "'" .. suggest(id, FACT_IDS), 3)
  end
  if computing[id] then
    error(say("事实 '" .. id .. "' 依赖它自己", "fact '" .. id .. "' depends on itself"), 3)
  end
  if UNSEALED[definition.source] then
    error_at(definition.source, definition.line, say("事实 '" .. id .. "' 不能运行：" .. UNSEALED_PROBLEM[1],
                                                     "fact '" .. id .. "' does not run: " .. UNSEALED_PROBLEM[2]))
  end
  computing[id] = true
  -- What the fact reads directly is recorded as its inputs; the host follows them to list everything
  -- a decision depended on.
  local outer_facts, outer_params, outer_history = used_facts, used_params, used_history
  used_facts, used_params, used_history = {}, {}, {}
  local outer_unknowns = start_fact()
  local value, unknown = finish_fact(id, outer_unknowns, definition.compute())
  fact_inputs[id] = { facts = used_facts, params = used_params, history = used_history }
  used_facts, used_params, used_history = outer_facts, outer_params, outer_history
  computing[id] = nil
  if unknown then
    -- Not checked: it is not a value but the fields it needs.
    unknown_facts[id] = true
    fact_values[id] = value
    fact_order[#fact_order + 1] = id
    return value
  end
  if value == nil then
    error_at(definition.source, definition.line, say("事实 '" .. id .. "' 没有算出值", "fact '" .. id .. "' computed no value"))
  end
  local problem = type_problem(definition, value)
  if problem then
    error_at(definition.source, definition.line, say("事实 '" .. id .. "' ", "fact '" .. id .. "' ") .. problem)
  end
  fact_values[id] = value
  fact_order[#fact_order + 1] = id
  return value
end

API.facts = setmetatable({}, {
  __index = function(_, id)
    local value = fact_values[id]
    if value == nil then value = compute_fact(id) end
    note_fact(id)
    if unknown_facts[id] then note_unknown_read(value) end
    return value
  end,
  __newindex = locked({ "facts（事实）", "facts" }),
  __metatable = "locked",
})

API.fact = function(definition)
  if LOADING.kind ~= "facts" then
    error(say("fact { … } 只能写在 facts.lua 或 facts/ 下的文件中", "fact { … } belongs in facts.lua or a file under facts/"), 2)
  end
  if type(definition) ~= "table" then error(say("fact { … } 的各项要写在花括号里", "fact { … } needs its fields in braces"), 2) end
  local id = definition.id
  if type(id) ~= "string" or not id:match("^[%a_][%w_]*$") then
    error(say("fact：'id' 应是像 'household_size' 这样的名字，这里是 " .. show(id),
              "fact: 'id' must be a name like 'household_size', got " .. show(id)), 2)
  end
  if FACTS[id] then
    local first = FACTS[id].source .. ":" .. FACTS[id].line
    error(say("事实 '" .. id .. "' 定义了两次（第一次在 " .. first .. "）", "fact '" .. id .. "' is defined twice (first at " .. first .. ")"), 2)
  end
  for key in next, definition do
    if not FACT_FIELDS[key] then
      local unknown = first_key(definition, function(k) return not FACT_FIELDS[k] end)
      error(say("事实 '" .. id .. "'：未知的项 '", "fact '" .. id .. "': unknown field '") .. tostring(unknown) .. "'"
            .. suggest(unknown, sorted_keys(FACT_FIELDS)), 2)
    end
  end
  if type(definition.title) ~= "string" or definition.title == "" then
    error(say("事实 '" .. id .. "' 缺少 title（名称）", "fact '" .. id .. "' needs a title"), 2)
  end
  if not FACT_TYPES[definition.type] then
    error(say("事实 '" .. id .. "'：type 应是 money、integer、boolean、string、date、ratio、enum 之一，这里是 " .. show(definition.type),
              "fact '" .. id .. "': type must be one of money, integer, boolean, string, date, ratio, enum; got " ..
              show(definition.type)), 2)
  end
  if definition.type == "enum" and type(definition.values) ~= "table" then
    error(say("事实 '" .. id .. "'：enum 类型的事实要写 values = { code = \"label\", … }",
              "fact '" .. id .. "': an enum fact needs values = { code = \"label\", … }"), 2)
  end
  if type(definition.compute) ~= "function" then
    error(say("事实 '" .. id .. "' 缺少 compute = function() … end", "fact '" .. id .. "' needs compute = function() … end"), 2)
  end
  local source, line = where(2)
  FACTS[id] = { id = id, title = definition.title, type = definition.type, values = definition.values,
                compute = definition.compute, source = source, line = line }
  FACT_IDS[#FACT_IDS + 1] = id
  FACT_NUMBER[id] = #FACT_IDS
end

-- Per assessment: no fact computed yet.
function library.forget_facts()
  fact_values, fact_order, fact_inputs, unknown_facts = {}, {}, {}, {}
end

-- Per programme, fact or policy run: nothing read yet.
function library.start_reads()
  computing, used_facts, used_params, used_history = {}, {}, {}, {}
end

-- What the run read (also when it stopped with an error): fact, parameter and history item numbers.
function library.reads()
  return list_of(used_facts or {}), list_of(used_params or {}), list_of(used_history or {})
end

function library.computed_facts()
  local numbers, values, needs, fact_lists, parameter_lists, history_lists = {}, {}, {}, {}, {}, {}
  for i, id in ipairs(fact_order) do
    local inputs = fact_inputs[id]
    numbers[i] = FACT_NUMBER[id]
    -- An unknown fact has no value to give, but the fields it needs.
    if unknown_facts[id] then values[i], needs[i] = false, fact_needs(id) else values[i], needs[i] = fact_values[id], false end
    fact_lists[i], parameter_lists[i], history_lists[i] = list_of(inputs.facts), list_of(inputs.params), list_of(inputs.history)
  end
  return { numbers = numbers, values = values, needs = needs, facts = fact_lists, parameters = parameter_lists,
           history = history_lists }
end
