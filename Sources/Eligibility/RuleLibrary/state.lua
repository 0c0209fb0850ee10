---------------------------------------------------------------------------------------------------
-- State shared by the library's files
---------------------------------------------------------------------------------------------------

-- These tables keep their identity for the life of the Lua state, so each file holds the ones it uses
-- in locals. What changes per assessment or per run (the facts computed, what a run read, the
-- parameters in force, the profile's views, the policy that applies) belongs to the one file whose hot
-- paths read it, as its locals; that file gives the entry points functions to reset it.

local library = ...
local setmetatable = setmetatable

library.API = {}                 -- every name a rule file can use
library.PROGRAMMES = {}          -- id -> { id, title, basis, summary, fund, decide, source, line }
library.PROGRAMME_IDS = {}       -- ids in force (set by the host), for policy actions
library.FACTS = {}               -- id -> { id, title, type, values, compute, source, line }
library.FACT_IDS = {}
library.FACT_NUMBER = {}         -- id -> position in FACT_IDS
library.FILE_NUMBER = {}         -- rule file -> its position in the host's list of rule files
library.POLICIES = {}            -- list of { id, title, cite, apply, source, line }
library.LOADING = {}             -- kind ("facts", "programme", "policy") and id while a rule file runs
library.UNSEALED = {}            -- rule file -> true while (or if) its tables are not read-only: its rules do not run
-- Why a fact or policy of such a file does not run, { zh, en }.
library.UNSEALED_PROBLEM = { "规则加载时，它所在文件保留的表无法设为只读",
                             "the tables its file keeps could not be made read-only when the rules loaded" }

library.PARTS = setmetatable({}, { __mode = "k" })     -- reason / benefit tables -> their kind
library.OUTCOMES = setmetatable({}, { __mode = "k" })  -- tables made by eligible / ineligible / refer
