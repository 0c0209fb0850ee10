#!/usr/bin/env bash
# Runs every test: checks the sample rule set, runs the sample cases, then the Swift test suites.
# Installs liblua5.4-dev when missing, and for the intake desk's browser test Debian's chromium,
# chromium-driver and CJK fonts. The output ends with the Swift test runner's summary.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/prerequisites.sh
bangfu_need_packages chromium chromium-driver fonts-noto-cjk

swift build --product bangfu
bin=$(swift build --show-bin-path)/bangfu
"$bin" check --rules Rules --strict --on 2026-09-01
"$bin" test Cases --rules Rules --coverage
swift test
