-- The rule library: the names rule files see (`profile`, `facts`, `params`, `eligible`, `cash`,
-- `money`, …, Rules/README.md) and the entry points the assessor calls (entry_points.lua).
--
-- RuleLibrary.swift runs this file with the library's other files, in load order, as a list of
-- { name = "bangfu/money.lua", source = … }. Each runs as its own chunk under its name, so messages and
-- frames give the library file and its real line. Each gets the library's internal table as `...`:
-- it copies what earlier files left there into locals at its top (so its hot paths read locals and
-- upvalues, never this table) and leaves there what later files use. Rule files never see the table.
local files = ...

-- The library's own chunk names, to tell its frames from the rules'.
local chunks = { [where(1)] = true }
for _, file in ipairs(files) do chunks[file.name] = true end

local library = { chunks = chunks }
for _, file in ipairs(files) do
  assert(load(file.source, "@" .. file.name, "t"))(library)
end
