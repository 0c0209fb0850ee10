---------------------------------------------------------------------------------------------------
-- Entry points for the assessor (globals of the engine state; rule files never see them)
---------------------------------------------------------------------------------------------------

local library = ...
local error, error_at, ipairs, next, rawset, load, find, sub, tonumber =
      error, error_at, ipairs, next, rawset, load, string.find, string.sub, tonumber
local say, show, set_language = library.say, library.show, library.set_language
local API, PROGRAMMES, PROGRAMME_IDS, FACTS, FACT_IDS, POLICIES, FILE_NUMBER, LOADING, OUTCOMES, UNSEALED =
      library.API, library.PROGRAMMES, library.PROGRAMME_IDS, library.FACTS, library.FACT_IDS, library.POLICIES,
      library.FILE_NUMBER, library.LOADING, library.OUTCOMES, library.UNSEALED
local build_parameters, use_parameters, describe_profile, view_profile, environment =
      library.build_parameters, library.use_parameters, library.describe_profile, library.view_profile,
      library.environment
local describe_history, use_history = library.describe_history, library.use_history
local forget_facts, start_reads, reads, apply_policy, leave_policy =
      library.forget_facts, library.start_reads, library.reads, library.apply_policy, library.leave_policy
local forget_unknowns, start_unknowns, run_needs = library.forget_unknowns, library.start_unknowns, library.run_needs
local seal, restore = isolation.seal, isolation.restore

-- A programme, fact or policy starts to run: nothing read yet, and no policy applies until one does.
local function start_run()
  start_reads()
  start_unknowns()
  leave_policy()
end

-- Once per rule set: the language of messages, the schema's fields, the parameter paths, the programme
-- ids in force, the funds.
function bangfu_setup(config)
  set_language(config.language)
  rawset(API, "params", build_parameters(config.parameters, config.timelines))
  describe_profile(config.schema)
  for i, id in ipairs(config.programmes) do PROGRAMME_IDS[i] = id; PROGRAMME_IDS[id] = i end
  describe_history(config.funds)
end

-- The line and message of a syntax error in `file`. The compiler starts its message with the chunk
-- name it was given (Lua shortens a long one to "..." and its end) and the line it stopped at; the
-- rule's own text only comes after that prefix, so it cannot forge the place.
local function syntax_error_place(file, problem)
  local start = 1
  while true do
    local colon, after, line = find(problem, ":(%d+): ", start)
    if colon == nil then return nil end
    local shown = sub(problem, 1, colon - 1)
    if shown == file or (sub(shown, 1, 3) == "..." and #shown > 3 and sub(file, 3 - #shown) == sub(shown, 4)) then
      return tonumber(line), sub(problem, after + 1)
    end
    start = colon + 1
  end
end

-- Runs one rule file. Returns what it declared, for the host's catalogue and checks.
function bangfu_load(kind, file, source, id, number)
  LOADING.kind, LOADING.id = kind, id
  FILE_NUMBER[file] = number
  local chunk, problem = load(source, "@" .. file, "t", environment())
  if chunk == nil then
    LOADING.kind, LOADING.id = nil, nil
    local line, message = syntax_error_place(file, problem)
    -- The compiler's own words (`unexpected symbol near ','`), said to be what they are.
    if line then error_at(file, line, say("Lua 语法错误：" .. message, message)) end
    error(problem, 0)
  end
  chunk()
  LOADING.kind, LOADING.id = nil, nil
  if kind == "programme" then
    local p = PROGRAMMES[id]
    if p == nil then
      error_at(file, 1, say("这个文件要声明 programme { id = \"" .. id .. "\", … }",
                            "this file must declare programme { id = \"" .. id .. "\", … }"))
    end
    return { { id = p.id, title = p.title, basis = p.basis, summary = p.summary, fund = p.fund,
               counts_as_income = p.counts_as_income, never = p.never, source = p.source, line = p.line } }
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

-- Once every rule file has loaded, for each `file`: each table its programmes, facts and policies can reach
-- becomes read-only, and the values of the file's own locals are recorded, to be put back before every
-- assessment. So nothing written while assessing one applicant is there for the next, whatever a rule does.
-- A file whose tables cannot be sealed (too much for the budget or the memory) stays in UNSEALED, and none
-- of its rules runs.
function bangfu_seal(file)
  local roots = {}
  for _, p in next, PROGRAMMES do
    if p.source == file then roots[#roots + 1] = p.decide end
  end
  for _, id in ipairs(FACT_IDS) do
    if FACTS[id].source == file then roots[#roots + 1] = FACTS[id].compute end
  end
  for _, p in ipairs(POLICIES) do
    if p.source == file then roots[#roots + 1] = p.apply end
  end
  UNSEALED[file] = true
  seal(roots, say("规则文件加载时建立的表", "a table the rule file made while loading"),
       say("；请在函数里面建立它，免得一位申请人的数据带到下一位",
           "; make it inside the function instead, so that one applicant's values never reach the next"))
  UNSEALED[file] = nil
end

-- Starts an assessment on `day`. `key` names the parameter values in force (the date, and any
-- overrides a case makes); `parameters` is given the first time a key is seen:
-- { values = { [path] = value }, missing = { [path] = { zh = "why", en = "why" } }, ended = { [path] = true } }.
-- `history` lists the household's grants on record (history.lua).
function bangfu_begin(profile, day, key, parameters, history)
  restore()
  use_parameters(key, parameters)
  use_history(history)
  forget_facts()
  forget_unknowns()
  rawset(API, "today", day)
  rawset(API, "profile", view_profile(profile))
end

function bangfu_decide(id)
  start_run()
  local programme = PROGRAMMES[id]
  local result = programme.decide()
  local facts_read, parameters_read, history_read = reads()
  -- A run that used a value nobody gave decides nothing, whatever it returned.
  local needs = run_needs(false)
  if #needs > 0 then
    return { outcome = "needs_information", needs = needs, facts = facts_read, parameters = parameters_read,
             history = history_read }
  end
  if not OUTCOMES[result] then
    error_at(programme.source, programme.line,
             say("decide 应返回 eligible { … }、ineligible { … } 或 refer { … }，这里返回的是 " .. show(result),
                 "decide must return eligible { … }, ineligible { … } or refer { … }, got " .. show(result)))
  end
  return { outcome = result.outcome, reasons = result.reasons, benefits = result.benefits,
           file = result.file, line = result.line,
           facts = facts_read, parameters = parameters_read, history = history_read }
end

-- What the last programme or policy read before it stopped with an error, and the fields it had used
-- with no value by then (an error after such a use is taken for a consequence of it).
function bangfu_usage()
  local facts_read, parameters_read, history_read = reads()
  return { facts = facts_read, parameters = parameters_read, history = history_read, needs = run_needs(true) }
end

-- Runs policy number `index`: the actions it took, and the fields it used with no value (then the host
-- applies none of its actions).
function bangfu_policy(index, decisions)
  start_run()
  local actions = apply_policy(index, decisions)
  return { actions = actions, needs = run_needs(false) }
end

-- Computes a fact nobody has read yet (for cases that expect it, and for the trace).
function bangfu_fact(id)
  start_run()
  return API.facts[id]
end

-- Coverage: which profile fields rules read ("household.members[].monthly_income").
bangfu_track_fields = library.track_fields
bangfu_fields_read = library.fields_read

-- The facts computed, in order, as parallel lists (one table per fact would cost the host a record each).
bangfu_facts = library.computed_facts
