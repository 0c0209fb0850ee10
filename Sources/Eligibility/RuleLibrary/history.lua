---------------------------------------------------------------------------------------------------
-- The household's history: what the centre already granted it (Rules/README.md, "The household's
-- history")
---------------------------------------------------------------------------------------------------
-- The host sends the grants on record with each assessment, each already worked out for the
-- assessment date: `this_year`, what it pays in the date's calendar year, and `last_12_months`, what
-- it paid in the twelve months up to the date (History.swift). Rules read them only through the
-- helpers below, and every item a helper looks at and finds matching is recorded as used, as a read
-- parameter is: the trace shows it beside the facts and parameters.

local library = ...
local type, error, ipairs = type, error, ipairs
local freeze = isolation.freeze
local say, show, suggest, sorted_keys, first_key, readonly_library =
      library.say, library.show, library.suggest, library.sorted_keys, library.first_key, library.readonly_library
local API, PROGRAMME_IDS, note_history = library.API, library.PROGRAMME_IDS, library.note_history

local PROGRAMMES = {}          -- the programme ids in force, as a list, for suggestions
local FUNDS = {}               -- the rule set's fund codes -> true; empty when it names none
local FUND_CODES = {}

-- What rules can read of an item; optional ones (months, reference) read nil when absent.
local ITEM_FIELDS = {
  number = true, programme = true, title = true, fund = true, amount = true, date = true, schedule = true,
  months = true, counts_as_income = true, reference = true, this_year = true, last_12_months = true,
}
local ITEM_NAMES = sorted_keys(ITEM_FIELDS)

local function missing_field(_, key)
  if ITEM_FIELDS[key] then return nil end
  error(say("帮扶记录没有 " .. show(key) .. " 这一项", "a history item has no field " .. show(key)) .. suggest(key, ITEM_NAMES), 2)
end

local items = {}               -- per assessment: the frozen items, numbered from 1

-- Once per rule set, after the programme ids are known: the funds the rule set names.
function library.describe_history(funds)
  for i, id in ipairs(PROGRAMME_IDS) do PROGRAMMES[i] = id end
  for i, code in ipairs(funds) do FUNDS[code] = true; FUND_CODES[i] = code end
end

-- Per assessment: the grants on record, as the host worked them out.
function library.use_history(list)
  items = {}
  for i, item in ipairs(list) do
    item.number = i
    items[i] = freeze(item, say("帮扶记录", "a history item"), nil, missing_field)
  end
end

local FILTER_KEYS = { programme = true, fund = true, except_fund = true }
local FILTER_NAMES = sorted_keys(FILTER_KEYS)
local NO_FILTER = {}

-- `level` is the rule's level, as error() counts it from the check.
local function check_programme(id, what, level)
  if type(id) ~= "string" or PROGRAMME_IDS[id] == nil then
    error(what .. say("：" .. show(id) .. " 不是实施中的项目", ": " .. show(id) .. " is not a programme in force")
          .. suggest(id, PROGRAMMES), level)
  end
end

local function check_fund(code, what, level)
  if type(code) ~= "string" or (#FUND_CODES > 0 and not FUNDS[code]) then
    error(what .. say("：" .. show(code) .. " 不是规则集的资金", ": " .. show(code) .. " is not a fund of the rule set")
          .. suggest(code, FUND_CODES), level)
  end
end

-- { programme = …, fund = …, except_fund = … }, every part optional; nil is no filter.
local function checked_filter(filter, what)
  if filter == nil then return NO_FILTER end
  if type(filter) ~= "table" then
    error(what .. say(" 的参数写成 { programme = …, fund = …, except_fund = … }，这里是 " .. show(filter),
                      " takes { programme = …, fund = …, except_fund = … }, got " .. show(filter)), 3)
  end
  local unknown = first_key(filter, function(key) return not FILTER_KEYS[key] end)
  if unknown ~= nil then
    error(what .. say("：未知的键 ", ": unknown key ") .. show(unknown) .. suggest(unknown, FILTER_NAMES)
          .. say("（可用的有 programme、fund 和 except_fund）", " (it takes programme, fund and except_fund)"), 3)
  end
  if filter.programme ~= nil then check_programme(filter.programme, what, 4) end
  if filter.fund ~= nil then check_fund(filter.fund, what, 4) end
  if filter.except_fund ~= nil then check_fund(filter.except_fund, what, 4) end
  return filter
end

local function matches(item, filter)
  return (filter.programme == nil or item.programme == filter.programme)
     and (filter.fund == nil or item.fund == filter.fund)
     and (filter.except_fund == nil or item.fund ~= filter.except_fund)
end

local history = {}

-- The grants that pay this calendar year and fit `filter`, in the order given.
function history.grants_this_year(filter)
  filter = checked_filter(filter, "history.grants_this_year")
  local found = {}
  for _, item in ipairs(items) do
    if item.this_year > 0 and matches(item, filter) then
      note_history(item.number)
      found[#found + 1] = item
    end
  end
  return found
end

-- The programme's latest grant that pays this calendar year, or nil.
function history.granted_this_year(programme)
  check_programme(programme, "history.granted_this_year", 3)
  local latest = nil
  for _, item in ipairs(items) do
    if item.this_year > 0 and item.programme == programme then
      note_history(item.number)
      if latest == nil or item.date >= latest.date then latest = item end
    end
  end
  return latest
end

-- Cash (fen) the grants that fit `filter` pay this calendar year.
function history.cash_this_year(filter)
  filter = checked_filter(filter, "history.cash_this_year")
  local total = 0
  for _, item in ipairs(items) do
    if item.this_year > 0 and matches(item, filter) then
      note_history(item.number)
      total = total + item.this_year
    end
  end
  return total
end

-- Cash (fen) paid in the twelve months up to today by the grants that fit `filter` and count as income.
function history.income_last_12_months(filter)
  filter = checked_filter(filter, "history.income_last_12_months")
  local total = 0
  for _, item in ipairs(items) do
    if item.counts_as_income and item.last_12_months > 0 and matches(item, filter) then
      note_history(item.number)
      total = total + item.last_12_months
    end
  end
  return total
end

API.history = readonly_library("history", history)
