---------------------------------------------------------------------------------------------------
-- Parameters
---------------------------------------------------------------------------------------------------

local library = ...
local setmetatable, type, mtype, error, tostring, ipairs, next =
      setmetatable, type, math.type, error, tostring, ipairs, next
local freeze = isolation.freeze
local say, show, suggest, sorted_keys, locked = library.say, library.show, library.suggest, library.sorted_keys, library.locked
local API, note_parameter = library.API, library.note_parameter
local is_unknown, UNKNOWN_RESULT = library.is_unknown, library.UNKNOWN_RESULT

local dated = {}               -- key -> { values = path -> value, missing = path -> explanation, ended = path -> true }
local param_values, param_missing, param_ended   -- per assessment: the values in force
local TIMELINES                -- parameter number -> its values in date order: { from = day, value = … } or { from = day, ended = true }
local ROOT                     -- the root group, for views at another date

-- A parameter's table value (a list, or entries by name), and every table in it, frozen when it arrives:
-- rules read it like any table, but none can change it, so it stays what the host sent (and what the trace
-- shows) for every programme and every later applicant. A name that entries by name do not have is an
-- error, not nil; a list gives nil past its end, as any list does (so ipairs walks it).
local function freeze_value(value, path)
  local list = true
  for key, item in next, value do
    if mtype(key) ~= "integer" then list = false end
    if type(item) == "table" then freeze_value(item, path .. "." .. tostring(key)) end
  end
  return freeze(value, say("params（参数）", "parameters"), nil, function(entries, key)
    if list and mtype(key) == "integer" then return nil end
    error(say("参数 '" .. path .. "' 没有 " .. show(key) .. " 这一项", "parameter '" .. path .. "' has no entry " .. show(key))
          .. suggest(key, sorted_keys(entries)), 2)
  end)
end

local function group_view(group)
  return setmetatable({}, {
    __index = function(_, key)
      local child = group.children[key]
      if child == nil then
        local name = group.prefix .. tostring(key)
        error(say("未知的参数 '", "unknown parameter '") .. name .. "'" .. suggest(key, group.names), 2)
      end
      if child.view then return child.view end
      local value = param_values[child.path]
      if value == nil then
        if param_ended[child.path] then
          note_parameter(child.path, child.number)
          return nil
        end
        local why = param_missing[child.path]
        error(say("参数 '" .. child.path .. "' 在 " .. API.today .. " 没有适用的值" .. (why and ("（" .. why.zh .. "）") or ""),
                  "parameter '" .. child.path .. "' has no value on " .. API.today .. (why and (" (" .. why.en .. ")") or "")), 2)
      end
      note_parameter(child.path, child.number)
      return value
    end,
    __newindex = locked({ "params（参数）", "parameters" }),
    __metatable = "locked",
  })
end

-- The parameter tree as it stood on `day` (`params_on(day)`): each parameter's value from the last of its
-- dates not after `day`, recorded as read on that day. On an unknown day every parameter is unknown.
local function group_view_on(group, day)
  return setmetatable({}, {
    __index = function(_, key)
      local child = group.children[key]
      if child == nil then
        error("unknown parameter '" .. group.prefix .. tostring(key) .. "'" .. suggest(key, group.names), 2)
      end
      if child.children then return group_view_on(child, day) end
      if day == nil then return UNKNOWN_RESULT end
      local entry
      for _, candidate in next, TIMELINES[child.number] do
        if candidate.from <= day then entry = candidate end
      end
      if entry == nil then
        local first = TIMELINES[child.number][1]
        error("parameter '" .. child.path .. "' has no value on " .. day ..
              (first and (" (its first value applies from " .. first.from .. ")") or " (it has no values)"), 2)
      end
      note_parameter(child.path, child.number, day)
      if entry.ended then return nil end
      return entry.value
    end,
    __newindex = locked("parameters"),
    __metatable = "locked",
  })
end

-- params_on(day): the parameters as they stood on another date than the assessment's (the average wage
-- in force on the day of an injury); on the assessment date itself, `params`.
function API.params_on(day)
  if is_unknown(day) then return group_view_on(ROOT, nil) end
  if type(day) ~= "string" or not day:match("^%d%d%d%d%-%d%d%-%d%d$") then
    error("params_on: the date must be a date \"YYYY-MM-DD\", got " .. show(day), 2)
  end
  if day == API.today then return API.params end
  return group_view_on(ROOT, day)
end

-- paths: every parameter's dotted path; groups are the prefixes. timelines: each parameter's dated values,
-- for `params_on`. Returns the view rules read as `params`.
function library.build_parameters(paths, timelines)
  for number, timeline in next, timelines do
    for _, entry in next, timeline do
      if type(entry.value) == "table" then freeze_value(entry.value, paths[number]) end
    end
  end
  TIMELINES = timelines
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
  ROOT = root
  return root.view
end

-- Per assessment: the values in force under `key`, which the host sends only the first time it uses
-- the key (see bangfu_begin).
function library.use_parameters(key, parameters)
  if parameters then
    for path, value in next, parameters.values do
      if type(value) == "table" then freeze_value(value, path) end
    end
    dated[key] = parameters
  end
  local in_force = dated[key]
  param_values, param_missing, param_ended = in_force.values, in_force.missing, in_force.ended
end
