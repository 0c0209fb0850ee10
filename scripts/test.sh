#!/usr/bin/env bash
# Runs every test: compiles every Lua file (the rule library and the sample rules), checks the sample
# rule set, runs the sample cases, then the Swift test suites. Installs liblua5.4-dev when missing, and
# Debian's lua5.4 (for luac5.4) and lua-cjson (the benchmark floor's test), and, for the intake desk's
# browser tests, chromium, chromium-driver, CJK fonts and poppler-utils (pdfinfo, to count the printed
# pages). The register tests run on SQLite and on a throwaway PostgreSQL cluster (scripts/test-postgres.sh:
# Debian's postgresql, installed when missing). The output ends with the Swift test runner's summary.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/prerequisites.sh
source scripts/test-postgres.sh
bangfu_need_packages lua5.4 lua-cjson chromium chromium-driver fonts-noto-cjk poppler-utils

# Syntax only (nothing runs): a broken library file would otherwise show only as every assessor failing.
# One file per run: luac 5.4.4 given several files can abort with a double free.
mapfile -t lua_files < <(find Sources/Eligibility/RuleLibrary Rules -name '*.lua' | sort)
failed=0
for file in "${lua_files[@]}"; do luac5.4 -p "$file" || failed=1; done
[ "$failed" -eq 0 ] || { echo "luac5.4 -p: a Lua file does not compile (above)" >&2; exit 1; }
echo "luac5.4 -p: ${#lua_files[@]} Lua files compile (Sources/Eligibility/RuleLibrary, Rules)"

swift build --product bangfu
bin=$(swift build --show-bin-path)/bangfu
"$bin" check --rules Rules --strict --on 2026-09-01
"$bin" test Cases --rules Rules --coverage
bangfu_start_test_postgres
swift test
