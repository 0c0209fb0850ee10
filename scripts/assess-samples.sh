#!/usr/bin/env bash
# The main job: assesses every sample applicant in Cases/ with the sample rules in Rules/ and prints
# their decision sheets. Installs liblua5.4-dev when missing. Extra arguments go to `bangfu assess`
# (for example --format json or --explain).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/prerequisites.sh

swift build -c release --product bangfu >&2
bin=$(swift build -c release --show-bin-path)/bangfu
"$bin" assess --rules Rules --on 2026-09-01 "$@" Cases/applicants/*.yaml
