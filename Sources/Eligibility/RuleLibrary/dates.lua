---------------------------------------------------------------------------------------------------
-- Dates ("YYYY-MM-DD" strings)
---------------------------------------------------------------------------------------------------

local library = ...
local type, error, tonumber = type, error, tonumber
local say, show, readonly_library = library.say, library.show, library.readonly_library
local API = library.API        -- API.today: the assessment date, as rules see it
local is_unknown, UNKNOWN_RESULT = library.is_unknown, library.UNKNOWN_RESULT

-- What each date argument is, { zh, en }, for the message when it is not a date.
local AGE_ON_BIRTH = { "date.age_on 的出生日期", "date.age_on: the birth date" }
local AGE_ON_DAY = { "date.age_on 的日期", "date.age_on: the day" }
local AGE_BIRTH = { "date.age 的出生日期", "date.age: the birth date" }
local TODAY = { "today（评估日期）", "today" }
local MONTHS_FROM = { "date.months_between 的第一个日期", "date.months_between: the first date" }
local MONTHS_TO = { "date.months_between 的第二个日期", "date.months_between: the second date" }
local DAYS_FROM = { "date.days_between 的第一个日期", "date.days_between: the first date" }
local DAYS_TO = { "date.days_between 的第二个日期", "date.days_between: the second date" }
local YEAR = { "date.year 的日期", "date.year" }

local function parse_date(value, what, level)
  local y, m, d
  if type(value) == "string" then y, m, d = value:match("^(%d%d%d%d)%-(%d%d)%-(%d%d)$") end
  if y == nil then
    error(say(what[1] .. "应是日期 \"YYYY-MM-DD\"，这里是 " .. show(value),
              what[2] .. " must be a date \"YYYY-MM-DD\", got " .. show(value)), level + 1)
  end
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
  local y1, m1, d1 = parse_date(birth, AGE_ON_BIRTH, 2)
  local y2, m2, d2 = parse_date(day, AGE_ON_DAY, 2)
  local age = y2 - y1
  if m2 < m1 or (m2 == m1 and d2 < d1) then age = age - 1 end
  return age
end

function date.age(birth)
  if is_unknown(birth) then return UNKNOWN_RESULT end
  local y1, m1, d1 = parse_date(birth, AGE_BIRTH, 2)
  local y2, m2, d2 = parse_date(API.today, TODAY, 2)
  local age = y2 - y1
  if m2 < m1 or (m2 == m1 and d2 < d1) then age = age - 1 end
  return age
end

function date.months_between(from, to)
  if is_unknown(from) or is_unknown(to) then return UNKNOWN_RESULT end
  local y1, m1, d1 = parse_date(from, MONTHS_FROM, 2)
  local y2, m2, d2 = parse_date(to, MONTHS_TO, 2)
  local months = (y2 - y1) * 12 + (m2 - m1)
  if months > 0 and d2 < d1 then months = months - 1 elseif months < 0 and d2 > d1 then months = months + 1 end
  return months
end

function date.days_between(from, to)
  if is_unknown(from) or is_unknown(to) then return UNKNOWN_RESULT end
  local y1, m1, d1 = parse_date(from, DAYS_FROM, 2)
  local y2, m2, d2 = parse_date(to, DAYS_TO, 2)
  return day_number(y2, m2, d2) - day_number(y1, m1, d1)
end

function date.year(day)
  if is_unknown(day) then return UNKNOWN_RESULT end
  return (parse_date(day, YEAR, 2))
end

API.date = readonly_library("date", date)
