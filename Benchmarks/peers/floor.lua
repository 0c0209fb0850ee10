-- The floor: the peer logic (README.md, "The logic") as straightforward plain Lua 5.4 over plain
-- tables, building the same reason texts as bangfu-rules/, reading the people and writing the results
-- with Debian's lua-cjson and string concatenation. Nothing else: no sandbox, no limits, no schema, no
-- tracking of what was read. It is what the rules themselves cost, and what Bangfu is measured against.
--
--   lua5.4 floor.lua PEOPLE.jsonl RESULTS.jsonl [SOURCE] [REPEATS]
--
-- RESULTS.jsonl has the lines `bangfu batch --format jsonl` writes, byte for byte (`cmp` checks it),
-- with SOURCE in place of PEOPLE.jsonl in each `source` (default: PEOPLE.jsonl as given). With REPEATS
-- (default 0) above 0, then the compute alone: the first 100,000 people decided again REPEATS times from
-- tables decoded beforehand, as `bangfu bench` times validated profiles, and one line printed:
--   floor compute_seconds=… per_person_us=… people=… decisions=…
-- All-in is the wall time of the whole process with REPEATS 0, taken by run.sh.
local cjson = require("cjson")

local people_path, results_path = arg[1], arg[2]
local source_name = arg[3] or people_path
local repeats = tonumber(arg[4] or "0")
assert(people_path and results_path, "usage: lua5.4 floor.lua PEOPLE.jsonl RESULTS.jsonl [SOURCE] [REPEATS]")

-- Parameters (bangfu-rules/parameters.yaml, in force on 2026-09-01), in fen.
local DIBAO = {urban = 94000, rural = 82000}
local LIVING_MONTHS = {deep = 12, relative = 10}
local WARMTH_CASH = 250000
local INJURY_MONTHS = {27, 25, 23, 21, 18, 16, 13, 11, 9, 7}
local AVERAGE_WAGE = 700000
local WAGE_FLOOR, WAGE_CAP = 420000, 2100000 -- 0.6 and 3 × the average wage

local FUNDS = "《XX区总工会困难职工帮扶资金管理办法》（XX工发〔2020〕5号）"
local RULES = "《XX区困难职工认定和建档管理办法》（XX工发〔2020〕4号）"
local WARMTH = "《XX区总工会两节送温暖活动实施方案》（XX工发〔2020〕11号）"
local INJURY = "《工伤保险条例》（2010年修订）"
local TIER_NAMES = {deep = "深度困难", relative = "相对困难"}
local MEANS_TESTED = {laid_off = true, serious_illness = true, work_injury = true}

-- Money: a JSON number or a string of yuan, to whole fen; absent is 0 (as the peers read it).
local function fen(value)
  if value == nil or value == cjson.null then return 0 end
  if type(value) == "number" then return math.floor(value * 100 + 0.5) end
  local whole, decimals = value:match("^(%d+)%.?(%d*)$")
  return tonumber(whole) * 100 + tonumber((decimals .. "00"):sub(1, 2))
end

-- Yuan as the sheet writes it (11,280.00) and as the JSON writes it (11280.00).
local function grouped(amount)
  local whole, cents = amount // 100, amount % 100
  if whole < 1000 then return string.format("%d.%02d", whole, cents) end
  if whole < 1000000 then return string.format("%d,%03d.%02d", whole // 1000, whole % 1000, cents) end
  return string.format("%d,%03d,%03d.%02d", whole // 1000000, whole // 1000 % 1000, whole % 1000, cents)
end
local function plain(amount)
  return string.format("%d.%02d", amount // 100, amount % 100)
end

local function reason(code, text, cite)
  return {code = code, text = text, cite = cite}
end

-- The decisions for one person: {programme, outcome, once, yearly, entitlement, reasons}, in sheet order.
local function decide(person)
  local household, employment = person.household or {}, person.employment or {}
  local members = household.members or {}
  local costs = household.rigid_costs or {}

  local size = 1 + #members
  local monthly = fen(employment.monthly_income)
  for i = 1, #members do monthly = monthly + fen(members[i].monthly_income) end
  local yearly_income = monthly * 12 + fen(household.other_yearly_income)
  local rigid = fen(costs.medical) + fen(costs.disability) + fen(costs.schooling) + fen(costs.housing) + fen(costs.other)
  local net_yearly = math.max(0, yearly_income - rigid)
  local divisor = 12 * size
  local net = (2 * net_yearly + divisor) // (2 * divisor) -- half-up, once, at the end
  local dibao = DIBAO[(person.applicant or {}).hukou == "urban" and "urban" or "rural"]
  local relative_line = dibao * 2
  local tier = net <= dibao and "deep" or net < relative_line and "relative" or "none"

  local decisions = {}

  -- living_relief
  if tier == "none" then
    decisions[1] = {programme = "living_relief", outcome = "ineligible", reasons = {
      reason("income_above_line", "家庭月人均纯收入 " .. grouped(net) .. " 元，不低于相对困难线 "
             .. grouped(relative_line) .. " 元，不属于困难职工家庭。", RULES .. "第六条")}}
  elseif not (person.documents or {}).income_proof_complete then
    decisions[1] = {programme = "living_relief", outcome = "ineligible", reasons = {
      reason("income_proof_missing", "家庭收入证明材料不齐全，不能发放生活救助。", FUNDS .. "第十二条")}}
  else
    local months = LIVING_MONTHS[tier]
    local amount = dibao * months
    decisions[1] = {programme = "living_relief", outcome = "eligible", yearly = amount, reasons = {
      reason(tier .. "_hardship", "家庭月人均纯收入 " .. grouped(net) .. " 元，属于" .. TIER_NAMES[tier]
             .. "职工家庭，按低保标准 " .. grouped(dibao) .. " 元 × " .. months .. " 个月发放，全年 "
             .. grouped(amount) .. " 元。", FUNDS .. "第十二条")}}
  end

  -- festival_warmth
  if tier ~= "none" then
    decisions[2] = {programme = "festival_warmth", outcome = "eligible", once = WARMTH_CASH, reasons = {
      reason("hardship_household", "申请人家庭属于困难职工家庭，每户慰问一次。", WARMTH .. "第三条第一款")}}
  elseif not MEANS_TESTED[(person.applicant or {}).category] then
    decisions[2] = {programme = "festival_warmth", outcome = "ineligible", reasons = {
      reason("not_target_group", "申请人家庭不属于困难职工家庭，也不是下岗失业、患重大疾病或工伤职工。", WARMTH .. "第三条")}}
  else
    local line = (dibao * 5 + 1) // 2 -- 2.5 × 低保, half-up
    if net < line then
      decisions[2] = {programme = "festival_warmth", outcome = "eligible", once = WARMTH_CASH, reasons = {
        reason("low_income", "家庭月人均纯收入 " .. grouped(net) .. " 元，低于慰问收入线 " .. grouped(line) .. " 元。",
               WARMTH .. "第三条第二款")}}
    else
      decisions[2] = {programme = "festival_warmth", outcome = "ineligible", reasons = {
        reason("income_above_line", "家庭月人均纯收入 " .. grouped(net) .. " 元，不低于慰问收入线 " .. grouped(line) .. " 元。",
               WARMTH .. "第三条第二款")}}
    end
  end

  -- work_injury
  local injury = person.work_injury or {}
  local grade = injury.disability_grade
  if grade == cjson.null then grade = nil end
  grade = grade and math.tointeger(tonumber(grade))
  if not injury.injured then
    decisions[3] = {programme = "work_injury", outcome = "ineligible", reasons = {
      reason("not_injured_at_work", "申请人没有因工受伤。", INJURY .. "第十四条")}}
  elseif injury.recognition ~= "recognised" then
    decisions[3] = {programme = "work_injury", outcome = "ineligible", reasons = {
      reason("injury_not_recognised", "申请人的伤害尚未认定为工伤。", INJURY .. "第十七条")}}
  elseif grade == nil or grade < 1 or grade > 10 then
    decisions[3] = {programme = "work_injury", outcome = "ineligible", reasons = {
      reason("no_disability_grade", "申请人没有一至十级伤残等级。", INJURY .. "第二十二条")}}
  else
    local months = INJURY_MONTHS[grade]
    local given = injury.average_monthly_wage
    local wage = (given == nil or given == cjson.null) and WAGE_FLOOR or math.min(math.max(fen(given), WAGE_FLOOR), WAGE_CAP)
    local amount = wage * months
    decisions[3] = {programme = "work_injury", outcome = "eligible", entitlement = amount, reasons = {
      reason("disability_grade_" .. grade, "申请人经鉴定为 " .. grade .. " 级伤残，一次性伤残补助金为本人工资 "
             .. grouped(wage) .. " 元 × " .. months .. " 个月 = " .. grouped(amount) .. " 元。",
             INJURY .. "第三十五条至第三十七条、第六十四条第二款")}}
  end
  return decisions
end

-- JSON text of a string, as Bangfu writes it: only quotes, backslashes and control characters escaped.
local ESCAPES = {['"'] = '\\"', ["\\"] = "\\\\", ["\n"] = "\\n", ["\r"] = "\\r", ["\t"] = "\\t", ["\b"] = "\\b", ["\f"] = "\\f"}
local function quoted(text)
  if text == nil or text == cjson.null then return "null" end
  return '"' .. text:gsub('[%c"\\]', function(c) return ESCAPES[c] or string.format("\\u%04x", c:byte()) end) .. '"'
end

local function line(number, person, date, decisions)
  local applicant = person.applicant or {}
  local parts, per_year = {}, 0
  for i, d in ipairs(decisions) do
    local cash = {}
    if d.once then cash[#cash + 1] = '"once":"' .. plain(d.once) .. '"'; per_year = per_year + d.once end
    if d.yearly then cash[#cash + 1] = '"yearly":"' .. plain(d.yearly) .. '"'; per_year = per_year + d.yearly end
    local codes = {}
    for j, r in ipairs(d.reasons) do codes[j] = '"' .. r.code .. '"' end
    parts[i] = '{"programme":"' .. d.programme .. '","outcome":"' .. d.outcome .. '","cash":{' .. table.concat(cash, ",")
               .. '},"entitlement":"' .. plain(d.entitlement or 0) .. '","reasons":[' .. table.concat(codes, ",") .. "]}"
  end
  return '{"record":' .. number .. ',"source":' .. quoted(source_name .. ":" .. number) .. ',"applicant":{"name":'
         .. quoted(applicant.name) .. ',"id":' .. quoted(applicant.id_number) .. '},"date":"' .. date
         .. '","complete":true,"decisions":[' .. table.concat(parts, ",") .. '],"cash_per_year":"' .. plain(per_year) .. '"}'
end

-- All-in: stream the people through, one line out per line in.
local date = os.getenv("ON") or "2026-09-01"
local out = assert(io.open(results_path, "w"))
local decoded, number = {}, 0
for text in io.lines(people_path) do
  number = number + 1
  local person = cjson.decode(text)
  out:write(line(number, person, date, decide(person)), "\n")
  if repeats > 0 and number <= 100000 then decoded[number] = person end -- for the compute-only pass below
end
out:close()
if repeats == 0 then return end

-- Compute only: the decisions again, from decoded tables, reasons built and kept.
local kept = 0
local start = os.clock()
for _ = 1, repeats do
  for i = 1, #decoded do kept = kept + #decide(decoded[i]) end
end
local seconds = os.clock() - start
local decided = #decoded * repeats
io.write(string.format("floor compute_seconds=%.6f per_person_us=%.3f people=%d decisions=%d\n",
                       seconds / repeats, seconds / decided * 1e6, #decoded, kept))
