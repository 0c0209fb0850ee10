---------------------------------------------------------------------------------------------------
-- Unknown values: a field nobody gave, and what is worked out from one
---------------------------------------------------------------------------------------------------
-- A profile field with no value and no default is not nil and not its type's zero: it reads as an
-- unknown, a value of its own. The rule goes on with it (arithmetic on it gives an unknown,
-- comparisons with it are false, `known(x)` is false), so that one run finds every field it needs,
-- not just the first; but a run that used an unknown decides nothing: its programme needs
-- information, naming the fields. A read that `known(…)` tests is not a use: a rule can decide
-- without the field (no arrears claim, no employer needed).
--
-- An unknown yes/no field reads as false, not as an unknown: a rule goes on down its "no" branch, which
-- for most rules asks for nothing more, so one round does not ask the details of a "yes" nobody gave.
-- `known(profile.x)` still tells it from a given false: it is the read just before.
--
-- Uses are counted by scope: a programme or policy run, and inside it each fact being computed (a
-- fact that used an unknown is unknown itself, and reading it uses every field it needed).

local library = ...
local setmetatable, ipairs, rawequal = setmetatable, ipairs, rawequal
local sort = table.sort
local locked = library.locked

local FIELD_OF = setmetatable({}, { __mode = "k" })   -- unknown -> the field path it stands for
local FACT_OF = setmetatable({}, { __mode = "k" })    -- unknown -> the fact id it stands for
local fact_needs = {}          -- fact id -> sorted field paths it needed, per assessment
local field_unknowns = {}      -- field path -> its unknown, per assessment

local DERIVED
local function derived() return DERIVED end
local function never() return false end
local UNKNOWN = {
  __add = derived, __sub = derived, __mul = derived, __div = derived, __mod = derived, __pow = derived,
  __unm = derived, __idiv = derived, __band = derived, __bor = derived, __bxor = derived, __shl = derived,
  __shr = derived, __bnot = derived, __concat = derived,
  __lt = never, __le = never, __eq = never,
  __len = function() return 0 end,      -- an unknown list has no items to visit
  __index = function() return nil end,
  __newindex = locked({ "未知的值", "an unknown value" }),
  __tostring = function() return "（未知）" end,
  __name = "unknown",
  __metatable = "locked",
}
DERIVED = setmetatable({}, UNKNOWN)

-- One scope: uses (reads) and tests (`known`) of each unknown, and the unknowns in first-read order.
-- Its tables are made on its first unknown: most scopes never meet one, and every programme run and
-- every fact computation opens a scope.
local function new_scope() return {} end
local function open(of)
  if of.order == nil then of.reads, of.tests, of.order = {}, {}, {} end
end
local NONE = {}                -- the fields of a scope that used no unknown; never written
-- The innermost scope; the run's own (what the programme or policy itself read); and the whole run's,
-- every scope's reads together, for a run that stopped with an error inside a fact.
local scope, run_scope, whole_run

local function count(counts, unknown)
  counts[unknown] = (counts[unknown] or 0) + 1
end

local function note(kind, unknown)
  open(scope)
  open(whole_run)
  if kind == "reads" and scope.reads[unknown] == nil then scope.order[#scope.order + 1] = unknown end
  count(scope[kind], unknown)
  if kind == "reads" and whole_run.reads[unknown] == nil then whole_run.order[#whole_run.order + 1] = unknown end
  count(whole_run[kind], unknown)
end

local function note_read(unknown) note("reads", unknown) end

-- The field paths a scope used: unknowns read more often than tested, facts expanded to their fields.
local function needed(of)
  if of.order == nil then return NONE end
  local paths, seen = {}, {}
  local function add(path)
    if not seen[path] then seen[path] = true; paths[#paths + 1] = path end
  end
  for _, unknown in ipairs(of.order) do
    if of.reads[unknown] > (of.tests[unknown] or 0) then
      local path = FIELD_OF[unknown]
      if path then
        add(path)
      else
        for _, fact_path in ipairs(fact_needs[FACT_OF[unknown]] or {}) do add(fact_path) end
      end
    end
  end
  sort(paths)
  return paths
end

-- The unknown behind the last profile read, when that read was of a yes/no field nobody gave (it read as
-- false); the profile's views clear it on every read.
local PROBE = { last_false = nil }
library.PROBE = PROBE

-- The profile's views call this for a declared field with no value: its unknown, read once more.
function library.unknown_field(path)
  local unknown = field_unknowns[path]
  if unknown == nil then
    unknown = setmetatable({}, UNKNOWN)
    FIELD_OF[unknown] = path
    field_unknowns[path] = unknown
  end
  note_read(unknown)
  return unknown
end

function library.is_unknown(value)
  return rawequal(value, DERIVED) or FIELD_OF[value] ~= nil or FACT_OF[value] ~= nil
end

-- known(x): false for an unknown (and the read that gave it is not counted as a use).
function library.API.known(value)
  if value == false and PROBE.last_false then value = PROBE.last_false end
  PROBE.last_false = nil
  if FIELD_OF[value] or FACT_OF[value] then
    note("tests", value)
    return false
  end
  return not rawequal(value, DERIVED)
end

-- Facts: a computation is a scope of its own. `finish_fact` gives the fact's value, or its unknown when
-- the computation used one; reading the fact then uses the fields it needed.
function library.start_fact()
  local outer = scope
  scope = new_scope()
  return outer
end

function library.finish_fact(id, outer, value)
  local paths = needed(scope)
  scope = outer
  if #paths == 0 then
    -- A computation that tested its input and still returned it unknown: the fact needs that field.
    if FIELD_OF[value] then paths = { FIELD_OF[value] }
    elseif FACT_OF[value] then paths = fact_needs[FACT_OF[value]]
    else return value, false end
  end
  local unknown = setmetatable({}, UNKNOWN)
  FACT_OF[unknown] = id
  fact_needs[id] = paths
  return unknown, true
end

library.note_unknown_read = note_read
-- What the library's helpers give when an argument is unknown: so a rule's work goes on.
library.UNKNOWN_RESULT = DERIVED

-- Per assessment: no unknown made yet.
function library.forget_unknowns()
  field_unknowns, fact_needs = {}, {}
end

-- Per run: nothing read yet.
function library.start_unknowns()
  run_scope, whole_run = new_scope(), new_scope()
  scope = run_scope
end

-- The fields the run used without a value. After an error (`stopped`) the scopes of the facts being
-- computed never finished: every unknown the run read anywhere counts.
function library.run_needs(stopped)
  return needed(stopped and whole_run or run_scope)
end

function library.fact_needs(id)
  return fact_needs[id]
end
