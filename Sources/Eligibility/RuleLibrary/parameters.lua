---------------------------------------------------------------------------------------------------
-- Parameters
---------------------------------------------------------------------------------------------------

local library = ...
local setmetatable, type, mtype, error, tostring, ipairs, next =
      setmetatable, type, math.type, error, tostring, ipairs, next
local freeze = isolation.freeze
local say, show, suggest, sorted_keys, locked = library.say, library.show, library.suggest, library.sorted_keys, library.locked
local API, note_parameter = library.API, library.note_parameter

local dated = {}               -- key -> { values = path -> value, missing = path -> explanation, ended = path -> true }
local param_values, param_missing, param_ended   -- per assessment: the values in force

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

-- paths: every parameter's dotted path; groups are the prefixes. Returns the view rules read as `params`.
function library.build_parameters(paths)
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
