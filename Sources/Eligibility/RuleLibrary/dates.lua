---------------------------------------------------------------------------------------------------
-- Dates ("YYYY-MM-DD" strings)
---------------------------------------------------------------------------------------------------

local library = ...
local type, error, tonumber = type, error, tonumber
local show, readonly_library = library.show, library.readonly_library
local API = library.API        -- API.today: the assessment date, as rules see it
local is_unknown, UNKNOWN_RESULT = library.is_unknown, library.UNKNOWN_RESULT

local function parse_date(value, what, level)
  local y, m, d
  if type(value) == "string" then y, m, d = value:match("^(%d%d%d%d)%-(%d%d)%-(%d%d)$") end
  if y == nil then error(what .. " must be a date \"YYYY-MM-DD\", got " .. show(value), level + 1) end
  return tonumber(y), tonumber(m), tonumber(d)
end

-- Days since 1970-01-01 in the proleptic Gregorian calendar.
local function day_number(y, m, d)
  if m <= 2 then y = y - 1 end
  local era = y // 400
  local year_of_era = y - era * 400
  local day_of_year = (153 * (m > 2 and m - 3 or m + 9) + 2) // 5 + d - 1
  local day_of_era = year_of_era * 365 + year_of_era // 4 - year_of_era // 100 + day_of_year
  return era * 146097 + day_of_era - 719468
end

local date = {}

function date.age_on(birth, day)
  if is_unknown(birth) or is_unknown(day) then return UNKNOWN_RESULT end
  local y1, m1, d1 = parse_date(birth, "date.age_on: the birth date", 2)
  local y2, m2, d2 = parse_date(day, "date.age_on: the day", 2)
  local age = y2 - y1
  if m2 < m1 or (m2 == m1 and d2 < d1) then age = age - 1 end
  return age
end

function date.age(birth)
  if is_unknown(birth) then return UNKNOWN_RESULT end
  local y1, m1, d1 = parse_date(birth, "date.age: the birth date", 2)
  local y2, m2, d2 = parse_date(API.today, "today", 2)
  local age = y2 - y1
  if m2 < m1 or (m2 == m1 and d2 < d1) then age = age - 1 end
  return age
end

function date.months_between(from, to)
  if is_unknown(from) or is_unknown(to) then return UNKNOWN_RESULT end
  local y1, m1, d1 = parse_date(from, "date.months_between: the first date", 2)
  local y2, m2, d2 = parse_date(to, "date.months_between: the second date", 2)
  local months = (y2 - y1) * 12 + (m2 - m1)
  if months > 0 and d2 < d1 then months = months - 1 elseif months < 0 and d2 > d1 then months = months + 1 end
  return months
end

function date.days_between(from, to)
  if is_unknown(from) or is_unknown(to) then return UNKNOWN_RESULT end
  local y1, m1, d1 = parse_date(from, "date.days_between: the first date", 2)
  local y2, m2, d2 = parse_date(to, "date.days_between: the second date", 2)
  return day_number(y2, m2, d2) - day_number(y1, m1, d1)
end

function date.year(day)
  if is_unknown(day) then return UNKNOWN_RESULT end
  return (parse_date(day, "date.year", 2))
end

API.date = readonly_library("date", date)
