#!/usr/bin/env bash
# Fuzzes the readers of outside input with libFuzzer: scripts/fuzz.sh [SECONDS-PER-TARGET] [TARGET…]
# (default 60 seconds, every target: json yaml csv money date form; BANGFU_FUZZ_JOBS targets at once,
# default 1). Builds bangfu-fuzz with libFuzzer
# and AddressSanitizer into .build-fuzz, makes a seed corpus per target from Cases/, runs each target
# for the time given (an input slower than 10 s or above 2 GB counts as a finding), and copies every
# finding into Tests/FuzzTargetsTests/Regressions/<target>/, where the FuzzTargetsTests replay it.
# The corpus each run grows is kept in .build-fuzz/fuzz/corpus for the next. Prints per target: runs,
# coverage, seconds, findings; exits 1 when there was a finding.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/prerequisites.sh

seconds=${1:-60}
[ $# -gt 0 ] && shift
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(json yaml csv money date form)

# -sanitize=fuzzer instruments every Swift module for coverage and links libFuzzer, whose main runs
# the target (bangfu-fuzz's own main is compiled only without -DFUZZING).
flags=(--scratch-path .build-fuzz -Xswiftc -sanitize=fuzzer,address -Xswiftc -DFUZZING)
swift build "${flags[@]}" --product bangfu-fuzz
bin=$(swift build "${flags[@]}" --show-bin-path)/bangfu-fuzz

# Leak checking is off: LeakSanitizer cannot follow Swift's enum payload pointers (their spare bits
# hold tags) and reports reachable values as leaks. Allocation stacks are not recorded: the readers
# allocate much, and recording them cost most of each run; replaying a finding gives its stack.
export ASAN_OPTIONS=detect_leaks=0:malloc_context_size=0
# libFuzzer reports a crash itself; Swift's backtracer, reading memory on its own, trips AddressSanitizer.
export SWIFT_BACKTRACE=enable=no

work=.build-fuzz/fuzz
rm -rf "$work/seeds"
"$bin" seeds "$work/seeds" Cases >/dev/null

# Longer than the readers' limits where a limit is the point: a quoted CSV cell is given up after 16 KiB.
max_len() {
  case $1 in
    csv) echo 20000 ;;
    money | date) echo 64 ;;
    *) echo 8192 ;;
  esac
}

# Fuzzes one target and prints its line; returns 1 when it found something.
fuzz_target() {
  local target=$1 corpus=$work/corpus/$1 findings=$work/findings/$1 log=$work/$1.log
  mkdir -p "$corpus" "$findings"
  rm -f "$findings"/*
  local start=$SECONDS status=0
  BANGFU_FUZZ_TARGET=$target "$bin" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len="$(max_len "$target")" \
    -print_final_stats=1 -artifact_prefix="$findings/" "$corpus" "$work/seeds/$target" >"$log" 2>&1 || status=$?
  local elapsed=$((SECONDS - start))
  local runs coverage found
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  coverage=$(grep -o 'cov: [0-9]* ft: [0-9]*' "$log" | tail -1 | awk '{print $2 " edges, " $4 " features"}')
  mapfile -t found < <(find "$findings" -type f | sort)
  if [ ${#found[@]} -gt 0 ]; then
    mkdir -p "Tests/FuzzTargetsTests/Regressions/$target"
    cp "${found[@]}" "Tests/FuzzTargetsTests/Regressions/$target/"
  elif [ "$status" -ne 0 ]; then
    echo "$target: libFuzzer stopped with status $status and no finding (see $log)" >&2
  fi
  echo "$target: ${runs:-0} runs, coverage ${coverage:-unknown}, ${elapsed} s, ${#found[@]} findings${found:+ (kept in Tests/FuzzTargetsTests/Regressions/$target; log $log)}"
  [ ${#found[@]} -eq 0 ] && [ "$status" -eq 0 ]
}

jobs_at_once=${BANGFU_FUZZ_JOBS:-1}
failed=0
running=0
for target in "${targets[@]}"; do
  if [ "$running" -ge "$jobs_at_once" ]; then
    wait -n || failed=1
    running=$((running - 1))
  fi
  fuzz_target "$target" &
  running=$((running + 1))
done
while [ "$running" -gt 0 ]; do
  wait -n || failed=1
  running=$((running - 1))
done
exit "$failed"
