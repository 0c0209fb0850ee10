---------------------------------------------------------------------------------------------------
-- Programmes and policies
---------------------------------------------------------------------------------------------------

local library = ...
local type, error, error_at, tostring, next, where = type, error, error_at, tostring, next, where
local freeze = isolation.freeze
local show, suggest, sorted_keys, first_key, whole_fen, text_argument =
      library.show, library.suggest, library.sorted_keys, library.first_key, library.whole_fen, library.text_argument
local API, PROGRAMMES, PROGRAMME_IDS, POLICIES, FILE_NUMBER, PARTS, LOADING, UNSEALED =
      library.API, library.PROGRAMMES, library.PROGRAMME_IDS, library.POLICIES, library.FILE_NUMBER, library.PARTS,
      library.LOADING, library.UNSEALED
local UNSEALED_PROBLEM = library.UNSEALED_PROBLEM

local actions, current_policy  -- while a policy applies

local function check_fields(what, definition, allowed, level)
  for key in next, definition do
    if not allowed[key] then
      local unknown = first_key(definition, function(k) return not allowed[k] end)
      error(what .. ": unknown field '" .. tostring(unknown) .. "'" .. suggest(unknown, sorted_keys(allowed)), level + 1)
    end
  end
end

local PROGRAMME_FIELDS = { id = true, title = true, basis = true, summary = true, fund = true, counts_as_income = true,
                           never = true, decide = true }
-- The outcomes rules give, which a programme may declare it never reaches by design (`never`).
local REACHABLE = { "eligible", "ineligible", "refer" }

-- `never = { "refer" }`: the outcomes the programme never reaches by design, so coverage does not ask for
-- a case reaching them. Returns them as a list, nil when not declared.
local function never_outcomes(id, never, level)
  if never == nil then return nil end
  local what = "programme '" .. id .. "': never (the outcomes it never reaches, e.g. never = { \"refer\" })"
  if type(never) ~= "table" then error(what .. " must be a list of outcomes, got " .. show(never), level + 1) end
  local list = {}
  for key, outcome in next, never do
    if type(key) ~= "number" or key ~= #list + 1 then error(what .. " must be a list of outcomes", level + 1) end
    local allowed = false
    for _, code in next, REACHABLE do allowed = allowed or code == outcome end
    if not allowed then
      error(what .. ": " .. show(outcome) .. " is not an outcome rules give" .. suggest(outcome, REACHABLE) ..
            " (eligible, ineligible or refer)", level + 1)
    end
    list[#list + 1] = outcome
  end
  return list
end

function API.programme(definition)
  if LOADING.kind ~= "programme" then
    error("programme { … } belongs in a file under programmes/", 2)
  end
  if type(definition) ~= "table" then error("programme { … } needs its fields in braces", 2) end
  local id = LOADING.id
  if PROGRAMMES[id] then error("this file declares more than one programme", 2) end
  check_fields("programme", definition, PROGRAMME_FIELDS, 2)
  if definition.id ~= id then
    error("the programme id must be the file name: id = \"" .. id .. "\", got " .. show(definition.id), 2)
  end
  text_argument(definition.title, "programme '" .. id .. "': title", 2)
  text_argument(definition.basis, "programme '" .. id .. "': basis (its legal basis)", 2)
  text_argument(definition.summary, "programme '" .. id .. "': summary", 2, true)
  text_argument(definition.fund, "programme '" .. id .. "': fund (a code of funds: in ruleset.yaml)", 2, true)
  if definition.counts_as_income ~= nil and type(definition.counts_as_income) ~= "boolean" then
    error("programme '" .. id .. "': counts_as_income is true or false, got " .. show(definition.counts_as_income), 2)
  end
  local never = never_outcomes(id, definition.never, 2)
  if type(definition.decide) ~= "function" then
    error("programme '" .. id .. "' needs decide = function() … end", 2)
  end
  local source, line = where(2)
  PROGRAMMES[id] = { id = id, title = definition.title, basis = definition.basis,
                     summary = definition.summary, fund = definition.fund, never = never,
                     counts_as_income = definition.counts_as_income ~= false, decide = definition.decide,
                     source = source, line = line }
end

local POLICY_FIELDS = { id = true, title = true, cite = true, apply = true }

function API.policy(definition)
  if LOADING.kind ~= "policy" then error("policy { … } belongs in policy.lua", 2) end
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

-- Runs policy number `index` over the decisions; returns the actions it took.
-- What a policy can read of a decision; a misspelt key is an error, not a silent nil.
local DECISION_FIELDS = {
  id = true, title = true, outcome = true, cash_per_year = true, reasons = true, fund = true, counts_as_income = true,
}
local DECISION_NAMES = sorted_keys(DECISION_FIELDS)

local function missing_decision_field(_, key)
  if DECISION_FIELDS[key] then return nil end
  error("a decision has no field " .. show(key) .. suggest(key, DECISION_NAMES), 2)
end

function library.apply_policy(index, decisions)
  local policy = POLICIES[index]
  for i, d in ipairs(decisions) do decisions[i] = freeze(d, "a decision", nil, missing_decision_field) end
  if UNSEALED[policy.source] then
    error_at(policy.source, policy.line, "policy '" .. policy.id .. "' does not run: " .. UNSEALED_PROBLEM)
  end
  actions, current_policy = {}, policy
  current_policy.apply(decisions)
  current_policy = nil
  return actions
end

-- No policy applies (also after one stopped with an error): policy actions are refused.
function library.leave_policy()
  current_policy = nil
end
