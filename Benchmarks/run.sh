#!/usr/bin/env bash
# Bangfu's benchmark, in one run on one machine (release build): the sample rule set on a generated
# population, beside the floor (the same rules in plain lua5.4 on ready-made tables), on one core and on
# all cores, the peak memory of a streamed batch, then the peers (GoRules ZEN, OpenFisca) on the same
# three-programme logic (Benchmarks/peers/run.sh). Figures, not pass/fail: read them on a quiet machine.
#
#   Benchmarks/run.sh [N]          N generated applicants (default 20000)
#   MILLION=1 Benchmarks/run.sh    also streams 1,000,000 applicants for the peak memory (several minutes)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/prerequisites.sh
bangfu_need_packages lua5.4 time bc

N=${1:-20000}
ON=2026-09-01
OUT=.build/bench
mkdir -p "$OUT"
swift build -c release --product bangfu >&2
BANGFU=$(swift build -c release --show-bin-path)/bangfu
JOBS=$(nproc)
say() { printf '\n== %s\n' "$*"; }

say "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
"$BANGFU" generate --count "$N" --seed 1 --out "$OUT/people.jsonl"

say "sample rule set, one core: per assessment, beside the floor"
"$BANGFU" bench "$OUT/people.jsonl" --limit 1000 --iterations 20000 --on "$ON"

say "sample rule set, all-in batch (JSON lines in, decisions out): 1 job and $JOBS jobs"
seconds() { local start=$EPOCHREALTIME; "$@"; echo "$EPOCHREALTIME - $start" | bc -l; }
one=$(seconds "$BANGFU" batch "$OUT/people.jsonl" --on "$ON" --jobs 1 --out "$OUT/one.jsonl" 2>/dev/null || true)
all=$(seconds "$BANGFU" batch "$OUT/people.jsonl" --on "$ON" --jobs "$JOBS" --out "$OUT/all.jsonl" 2>/dev/null || true)
cmp -s "$OUT/one.jsonl" "$OUT/all.jsonl" && same="identical" || same="DIFFERENT"
printf '1 job:   %8.1f µs per applicant (%.0f per second)\n' "$(echo "$one / $N * 1000000" | bc -l)" "$(echo "$N / $one" | bc -l)"
printf '%d jobs:  %8.1f µs per applicant (%.0f per second), speed-up %.2f×, output %s\n' "$JOBS" \
    "$(echo "$all / $N * 1000000" | bc -l)" "$(echo "$N / $all" | bc -l)" "$(echo "$one / $all" | bc -l)" "$same"

say "peak memory of a streamed batch"
for count in 10000 ${MILLION:+1000000}; do
    "$BANGFU" generate --count "$count" --seed 2 --out "$OUT/memory.jsonl"
    /usr/bin/time -f "$count applicants: peak RSS %M KB, %e s" "$BANGFU" batch "$OUT/memory.jsonl" --on "$ON" \
        --out /dev/null 2>&1 >/dev/null | tail -1
done
rm -f "$OUT/memory.jsonl"

say "peers: the same three-programme logic in Bangfu, GoRules ZEN and OpenFisca"
PEER_RULES=$(mktemp -d)
trap 'rm -rf "$PEER_RULES"' EXIT
cp -R Benchmarks/peers/bangfu-rules/. "$PEER_RULES/"
cp Rules/schema.yaml "$PEER_RULES/"
compute=$("$BANGFU" bench "$OUT/people.jsonl" --rules "$PEER_RULES" --limit 1000 --iterations 20000 --on "$ON" \
    | awk '/validated profile → decisions/ { print $(NF-6) }')
echo "bangfu compute-only on the peer rules: $compute µs per applicant"
BANGFU="$BANGFU" BANGFU_COMPUTE_US="$compute" Benchmarks/peers/run.sh "$N"
