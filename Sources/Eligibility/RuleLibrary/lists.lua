---------------------------------------------------------------------------------------------------
-- Lists
---------------------------------------------------------------------------------------------------

local library = ...
local type, error = type, error
local say, show, API = library.say, library.show, library.API
local is_unknown, UNKNOWN_RESULT = library.is_unknown, library.UNKNOWN_RESULT

local function each(name, list, f, level)
  if type(list) ~= "table" then
    error(say(name .. " 需要一个列表，这里是 " .. show(list), name .. " needs a list, got " .. show(list)), level + 1)
  end
  if f ~= nil and type(f) ~= "function" then
    error(say(name .. " 的第二个参数应是函数", name .. " needs a function as its second argument"), level + 1)
  end
end

function API.sum(list, f)
  each("sum", list, f, 2)
  if f == nil then
    error(say("sum 需要一个函数说明加什么，如 function(m) return m.monthly_income end",
              "sum needs a function saying what to add, e.g. function(m) return m.monthly_income end"), 2)
  end
  local total = 0
  for i = 1, #list do
    local value = f(list[i])
    if is_unknown(value) then
      total = UNKNOWN_RESULT   -- the other items are still visited: their unknowns are needed too
    elseif value ~= nil then
      if type(value) ~= "number" then
        error(say("sum：第 " .. i .. " 项得到 " .. show(value) .. "，不是数字",
                  "sum: item " .. i .. " gave " .. show(value) .. ", not a number"), 2)
      end
      if total ~= UNKNOWN_RESULT then total = total + value end
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
