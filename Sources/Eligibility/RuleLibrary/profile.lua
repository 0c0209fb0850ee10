---------------------------------------------------------------------------------------------------
-- The profile: read-only views checked against the schema
---------------------------------------------------------------------------------------------------

local library = ...
local setmetatable, type, mtype, error, tostring, ipairs = setmetatable, type, math.type, error, tostring, ipairs
local say, suggest, sorted_keys, locked, unknown_field, PROBE =
      library.say, library.suggest, library.sorted_keys, library.locked, library.unknown_field, library.PROBE

local DATA = setmetatable({}, { __mode = "k" })   -- view -> the data table it shows
local PREFIX = setmetatable({}, { __mode = "k" })  -- object view -> its path and a dot ("household.members[2].")
local proxies                  -- data table -> read-only view, per assessment
local fields_read = nil        -- path -> true, while coverage is measured
local profile_shape            -- built from the schema, once per rule set

local function view(data, shape, path)
  local existing = proxies[data]
  if existing then return existing end
  local proxy = setmetatable({}, shape.metatable)
  DATA[proxy] = data
  PREFIX[proxy] = path
  proxies[data] = proxy
  return proxy
end

-- A field's value as rules see it. The host sends `false` for a field answered "none" (the schema's
-- `not_applicable`): rules read nil for it. A declared field with no value at all is unknown.
local function field_value(proxy, shape, key, value)
  local field = shape.fields[key]
  if value == nil then
    if field == nil then
      error(say("档案中没有字段 '", "the profile has no field '") .. shape.prefix .. tostring(key) .. "'"
            .. suggest(key, shape.names), 3)
    end
    local unknown = unknown_field(PREFIX[proxy] .. key)
    if field.type == "boolean" then
      PROBE.last_false = unknown
      return false
    end
    return unknown
  end
  if value == false and field.type ~= "boolean" then return nil end
  if type(value) == "table" then
    return view(value, field.shape, field.type == "list" and PREFIX[proxy] .. key or PREFIX[proxy] .. key .. ".")
  end
  return value
end

local function object_metatable(shape)
  return {
    __index = function(proxy, key)
      if fields_read then fields_read[shape.prefix .. tostring(key)] = true end
      PROBE.last_false = nil
      local value = DATA[proxy][key]
      if value and type(value) ~= "table" then return value end  -- most reads: a given number, text or true
      value = field_value(proxy, shape, key, value)  -- not a tail call: errors name the rule's line
      return value
    end,
    __newindex = locked({ "档案", "the profile" }),
    -- Visits the fields that have a value (not those answered "none"), in schema order; visiting is
    -- not reading: an unknown field is passed over, not used.
    __pairs = function(proxy)
      local data, i = DATA[proxy], 0
      return function()
        while true do
          i = i + 1
          local name = shape.names[i]
          if name == nil then return nil end
          local value = data[name]
          if value ~= nil and (value ~= false or shape.fields[name].type == "boolean") then
            return name, field_value(proxy, shape, name, value)
          end
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
          error(say("'" .. shape.path .. "' 是列表：用 [1]、[2]… 或 ipairs 读取，不能写 ." .. tostring(index),
                    "'" .. shape.path .. "' is a list: use [1], [2], … or ipairs, not ." .. tostring(index)), 2)
        end
        return nil
      end
      return view(value, shape.item, PREFIX[proxy] .. "[" .. index .. "].")
    end,
    __newindex = locked({ "档案", "the profile" }),
    __len = function(proxy) return #DATA[proxy] end,
    __pairs = function(proxy)
      local i = 0
      return function()
        i = i + 1
        local item = proxy[i]
        if item ~= nil then return i, item end
      end, proxy, nil
    end,
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

function library.describe_profile(schema)
  profile_shape = build_shape(schema, "")
end

-- Per assessment: the view of the whole profile; the views of its tables are made afresh.
function library.view_profile(profile)
  proxies = {}
  return view(profile, profile_shape, "")
end

function library.track_fields()
  fields_read = {}
end

function library.fields_read()
  return sorted_keys(fields_read or {})
end
