---------------------------------------------------------------------------------------------------
-- The environment of a rule file
---------------------------------------------------------------------------------------------------

-- Runs after every file that adds to API: the names it holds now are all a rule file can use.

local library = ...
local setmetatable, error, tostring, ipairs = setmetatable, error, tostring, ipairs
local say, suggest, sorted_keys, locked, readonly_library =
      library.say, library.suggest, library.sorted_keys, library.locked, library.readonly_library
local API = library.API

API.string = readonly_library("string", string)
API.table = readonly_library("table", table)
API.math = readonly_library("math", math)
API.utf8 = readonly_library("utf8", utf8)
for _, name in ipairs({ "ipairs", "select", "tostring", "tonumber", "type", "error", "assert" }) do
  API[name] = _G[name]
end
-- Lua visits string keys in a different order in every state (its hash seed is random): rules visit keys
-- in one fixed order, so what they build from a table is the same for every job and every run.
API.pairs = isolation.pairs
API.next = isolation.next
API.profile = false   -- set per assessment
API.today = false
API.params = false    -- set once the parameter paths are known
local API_NAMES = sorted_keys(API)   -- for suggestions

setmetatable(API, {
  __index = function(_, name)
    error(say("未知的名字 '", "unknown name '") .. tostring(name) .. "'" .. suggest(name, API_NAMES), 2)
  end,
  __newindex = locked({ "规则库", "the rule library" }),
  __metatable = "locked",
})

function library.environment()
  return setmetatable({}, {
    __index = API,
    __newindex = function(_, name)
      error(say("不能新建全局变量 '" .. tostring(name) .. "'：写成 'local " .. tostring(name) .. " = …'（或检查拼写）",
                "cannot create the global '" .. tostring(name) .. "': write 'local " .. tostring(name) ..
                " = …' (or check the spelling)"), 2)
    end,
    __metatable = "locked",
  })
end
