---------------------------------------------------------------------------------------------------
-- Programmes and policies
---------------------------------------------------------------------------------------------------

local library = ...
local type, error, error_at, tostring, next, where = type, error, error_at, tostring, next, where
local freeze = isolation.freeze
local say, show, suggest, sorted_keys, first_key, whole_fen, text_argument =
      library.say, library.show, library.suggest, library.sorted_keys, library.first_key, library.whole_fen,
      library.text_argument
local API, PROGRAMMES, PROGRAMME_IDS, POLICIES, FILE_NUMBER, PARTS, LOADING, UNSEALED =
      library.API, library.PROGRAMMES, library.PROGRAMME_IDS, library.POLICIES, library.FILE_NUMBER, library.PARTS,
      library.LOADING, library.UNSEALED
local UNSEALED_PROBLEM = library.UNSEALED_PROBLEM

local actions, current_policy  -- while a policy applies

local function check_fields(what, definition, allowed, level)
  for key in next, definition do
    if not allowed[key] then
      local unknown = first_key(definition, function(k) return not allowed[k] end)
      error(what .. say("：未知的项 '", ": unknown field '") .. tostring(unknown) .. "'" .. suggest(unknown, sorted_keys(allowed)),
            level + 1)
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
  local what = say("项目 '" .. id .. "' 的 never（按设计不会出现的结论，如 never = { \"refer\" }）",
                   "programme '" .. id .. "': never (the outcomes it never reaches, e.g. never = { \"refer\" })")
  if type(never) ~= "table" then
    error(what .. say(" 应是结论的列表，这里是 ", " must be a list of outcomes, got ") .. show(never), level + 1)
  end
  local list = {}
  for key, outcome in next, never do
    if type(key) ~= "number" or key ~= #list + 1 then error(what .. say(" 应是结论的列表", " must be a list of outcomes"), level + 1) end
    local allowed = false
    for _, code in next, REACHABLE do allowed = allowed or code == outcome end
    if not allowed then
      error(what .. say("：" .. show(outcome) .. " 不是规则给出的结论", ": " .. show(outcome) .. " is not an outcome rules give")
            .. suggest(outcome, REACHABLE) .. say("（eligible、ineligible 或 refer）", " (eligible, ineligible or refer)"), level + 1)
    end
    list[#list + 1] = outcome
  end
  return list
end

-- What each field is, { zh, en }; %s is the programme's or policy's id.
local PROGRAMME_TITLE = { "项目 '%s' 的 title（名称）", "programme '%s': title" }
local PROGRAMME_BASIS = { "项目 '%s' 的 basis（政策依据）", "programme '%s': basis (its legal basis)" }
local PROGRAMME_SUMMARY = { "项目 '%s' 的 summary（简介）", "programme '%s': summary" }
local PROGRAMME_FUND = { "项目 '%s' 的 fund（ruleset.yaml 中 funds: 下的代码）", "programme '%s': fund (a code of funds: in ruleset.yaml)" }
local POLICY_TITLE = { "政策 '%s' 的 title（名称）", "policy '%s': title" }
local POLICY_CITE = { "政策 '%s' 的 cite（依据）", "policy '%s': cite" }
local LIMIT_AMOUNT = { "limit_cash 的金额", "limit_cash: the amount" }

function API.programme(definition)
  if LOADING.kind ~= "programme" then
    error(say("programme { … } 只能写在 programmes/ 下的文件中", "programme { … } belongs in a file under programmes/"), 2)
  end
  if type(definition) ~= "table" then error(say("programme { … } 的各项要写在花括号里", "programme { … } needs its fields in braces"), 2) end
  local id = LOADING.id
  if PROGRAMMES[id] then error(say("这个文件声明了不止一个项目", "this file declares more than one programme"), 2) end
  check_fields("programme", definition, PROGRAMME_FIELDS, 2)
  if definition.id ~= id then
    error(say("项目 id 要与文件名相同：id = \"" .. id .. "\"，这里是 " .. show(definition.id),
              "the programme id must be the file name: id = \"" .. id .. "\", got " .. show(definition.id)), 2)
  end
  text_argument(definition.title, PROGRAMME_TITLE, 2, false, id)
  text_argument(definition.basis, PROGRAMME_BASIS, 2, false, id)
  text_argument(definition.summary, PROGRAMME_SUMMARY, 2, true, id)
  text_argument(definition.fund, PROGRAMME_FUND, 2, true, id)
  if definition.counts_as_income ~= nil and type(definition.counts_as_income) ~= "boolean" then
    error(say("项目 '" .. id .. "' 的 counts_as_income 只能是 true 或 false，这里是 " .. show(definition.counts_as_income),
              "programme '" .. id .. "': counts_as_income is true or false, got " .. show(definition.counts_as_income)), 2)
  end
  local never = never_outcomes(id, definition.never, 2)
  if type(definition.decide) ~= "function" then
    error(say("项目 '" .. id .. "' 缺少 decide = function() … end", "programme '" .. id .. "' needs decide = function() … end"), 2)
  end
  local source, line = where(2)
  PROGRAMMES[id] = { id = id, title = definition.title, basis = definition.basis,
                     summary = definition.summary, fund = definition.fund, never = never,
                     counts_as_income = definition.counts_as_income ~= false, decide = definition.decide,
                     source = source, line = line }
end

local POLICY_FIELDS = { id = true, title = true, cite = true, apply = true }

function API.policy(definition)
  if LOADING.kind ~= "policy" then error(say("policy { … } 只能写在 policy.lua 中", "policy { … } belongs in policy.lua"), 2) end
  if type(definition) ~= "table" then error(say("policy { … } 的各项要写在花括号里", "policy { … } needs its fields in braces"), 2) end
  check_fields("policy", definition, POLICY_FIELDS, 2)
  if type(definition.id) ~= "string" or not definition.id:match("^[%a_][%w_]*$") then
    error(say("policy：'id' 应是像 'yearly_cap' 这样的名字，这里是 " .. show(definition.id),
              "policy: 'id' must be a name like 'yearly_cap', got " .. show(definition.id)), 2)
  end
  text_argument(definition.title, POLICY_TITLE, 2, false, definition.id)
  text_argument(definition.cite, POLICY_CITE, 2, false, definition.id)
  if type(definition.apply) ~= "function" then
    error(say("政策 '" .. definition.id .. "' 缺少 apply = function(decisions) … end",
              "policy '" .. definition.id .. "' needs apply = function(decisions) … end"), 2)
  end
  local source, line = where(2)
  POLICIES[#POLICIES + 1] = { id = definition.id, title = definition.title, cite = definition.cite,
                              apply = definition.apply, source = source, line = line }
end

local function policy_action(action, id, reason, level, amount)
  if current_policy == nil then
    error(action .. say(" 只能在政策的 apply 函数中使用", " can only be used inside a policy's apply function"), level + 1)
  end
  if PROGRAMME_IDS[id] == nil then
    error(action .. say("：未知的项目 ", ": unknown programme ") .. show(id) .. suggest(id, PROGRAMME_IDS), level + 1)
  end
  if PARTS[reason] ~= "reason" then
    error(action .. say("：最后一个参数应是 reason(code, text, cite)", ": the last argument must be a reason(code, text, cite)"), level + 1)
  end
  local source, line = where(level + 1)
  actions[#actions + 1] = { action = action, programme = id, reason = reason, amount = amount,
                            file = FILE_NUMBER[source] or 0, line = line }
end

function API.withhold(id, reason) policy_action("withhold", id, reason, 2) end
function API.refer_to_caseworker(id, reason) policy_action("refer_to_caseworker", id, reason, 2) end
function API.limit_cash(id, amount, reason)
  whole_fen(amount, LIMIT_AMOUNT, 2)
  if amount < 0 then error(say("limit_cash：金额不能是负数", "limit_cash: the amount cannot be negative"), 2) end
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
  error(say("决定中没有字段 ", "a decision has no field ") .. show(key) .. suggest(key, DECISION_NAMES), 2)
end

function library.apply_policy(index, decisions)
  local policy = POLICIES[index]
  for i, d in ipairs(decisions) do decisions[i] = freeze(d, "a decision", nil, missing_decision_field) end
  if UNSEALED[policy.source] then
    error_at(policy.source, policy.line, say("政策 '" .. policy.id .. "' 不能运行：" .. UNSEALED_PROBLEM[1],
                                             "policy '" .. policy.id .. "' does not run: " .. UNSEALED_PROBLEM[2]))
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
