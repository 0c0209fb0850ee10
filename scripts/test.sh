#!/usr/bin/env bash
# Runs every test: checks the sample rule set, runs the sample cases, then the Swift test suites.
# Installs liblua5.4-dev when missing. The output ends with the Swift test runner's summary.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/prerequisites.sh

swift build --product bangfu
bin=$(swift build --show-bin-path)/bangfu
"$bin" check --rules Rules --strict --on 2026-09-01
"$bin" test Cases --rules Rules --coverage
swift test
