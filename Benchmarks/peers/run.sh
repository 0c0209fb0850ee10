#!/usr/bin/env bash
# Peer benchmark, end to end: Bangfu, GoRules ZEN and OpenFisca on the same logic and the same people.
#
#   Benchmarks/peers/run.sh [N]        N generated people (default 20000)
#
# Environment: SEED (generator seed, default 1), ON (assessment date, default 2026-09-01),
# BANGFU (a built bangfu binary; default .build-peers/release/bangfu, built when missing),
# BANGFU_COMPUTE_US (Bangfu's compute-only µs per person, e.g. from `bangfu bench`, for the
# compute-only ratios; without it only the all-in ratios are printed).
#
# Steps: the venv (.build/peers-venv, made with pip when missing), people.jsonl (bangfu generate),
# the peer rule set assembled in a temp dir (bangfu-rules/ + Rules/schema.yaml) and checked, the edge
# cases through all three engines, `bangfu batch` timed on 1 job and on all cores, zen_bench.py
# (evaluate, then async_evaluate), openfisca_bench.py, the plain-Lua floor (floor.lua, lua5.4 with
# Debian's lua-cjson; its output must equal bangfu batch's byte for byte), compare.py, the table. Results stay in
# .build/peers-run/ (git-ignored). Exit status: non-zero when any engine disagrees with Bangfu.
set -euo pipefail

N=${1:-20000}
SEED=${SEED:-1}
ON=${ON:-2026-09-01}
PERIOD=${ON:0:7}

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
cd "$ROOT"

VENV=$ROOT/.build/peers-venv
OUT=$ROOT/.build/peers-run
BANGFU=${BANGFU:-$ROOT/.build-peers/release/bangfu}
JOBS=$(nproc)

say() { printf '\n== %s\n' "$*"; }

# ---------------------------------------------------------------- tools
say "tools"
source "$ROOT/scripts/prerequisites.sh"
bangfu_need_packages lua5.4 lua-cjson
if ! "$VENV/bin/python" -c 'import zen, openfisca_core, numpy' 2>/dev/null; then
    echo "making $VENV (zen-engine 2.1.3, openfisca-core 46.0.1 from PyPI)"
    rm -rf "$VENV"
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install --quiet --disable-pip-version-check "zen-engine==2.1.3" "openfisca-core==46.0.1"
fi
PY=$VENV/bin/python
"$PY" -c 'import sys, zen, numpy, importlib.metadata as m; print("python", sys.version.split()[0], "| zen-engine", m.version("zen-engine"), "| openfisca-core", m.version("openfisca-core"), "| numpy", numpy.__version__)'

if [ ! -x "$BANGFU" ]; then
    echo "building bangfu (release, scratch path .build-peers)"
    swift build -c release --product bangfu --scratch-path .build-peers
    BANGFU=$ROOT/.build-peers/release/bangfu
fi
echo "bangfu: $BANGFU"
echo "machine: $(nproc) cores; load average $(cut -d' ' -f1-3 /proc/loadavg) (a busy machine slows every engine)"

mkdir -p "$OUT"
RULES=$(mktemp -d)
trap 'rm -rf "$RULES"' EXIT

# ---------------------------------------------------------------- inputs and rules
say "people: $N generated (seed $SEED), assessed on $ON"
"$BANGFU" generate --count "$N" --seed "$SEED" --rules Rules --out "$OUT/people.jsonl"

cp -R "$HERE/bangfu-rules/." "$RULES/"
cp Rules/schema.yaml "$RULES/schema.yaml"
if ! "$BANGFU" check --rules "$RULES" --on "$ON" >"$OUT/check.txt" 2>&1; then
    cat "$OUT/check.txt"
    echo "the peer rule set does not pass bangfu check" >&2
    exit 1
fi
grep -m1 " programmes, " "$OUT/check.txt" || true

# wall seconds of a command, printed to stdout
wall() {
    local start=$EPOCHREALTIME
    "$@"
    local end=$EPOCHREALTIME
    "$PY" -c "print(f'{$end - $start:.6f}')" >"$OUT/.wall"
}

status=0

# ---------------------------------------------------------------- edge cases first (no timing)
say "edge cases: all three engines"
"$PY" "$HERE/edge_cases.py" "$OUT/edge.jsonl"
"$BANGFU" batch "$OUT/edge.jsonl" --rules "$RULES" --on "$ON" --format jsonl --out "$OUT/edge-bangfu.jsonl" 2>/dev/null
"$PY" "$HERE/zen_bench.py" "$OUT/edge.jsonl" "$OUT/edge-zen.jsonl" >/dev/null
"$PY" "$HERE/openfisca_bench.py" "$OUT/edge.jsonl" "$OUT/edge-openfisca.jsonl" --period "$PERIOD" >/dev/null
"$PY" "$HERE/compare.py" "$OUT/edge-bangfu.jsonl" zen="$OUT/edge-zen.jsonl" openfisca="$OUT/edge-openfisca.jsonl" || status=1

# ---------------------------------------------------------------- the benchmark
say "bangfu batch, 1 job"
wall "$BANGFU" batch "$OUT/people.jsonl" --rules "$RULES" --on "$ON" --format jsonl --jobs 1 \
    --out "$OUT/bangfu-1.jsonl" 2>"$OUT/bangfu-1.txt"
BANGFU_1=$(cat "$OUT/.wall")
echo "bangfu jobs=1 all_in_seconds=$BANGFU_1 people=$N"

say "bangfu batch, $JOBS jobs"
wall "$BANGFU" batch "$OUT/people.jsonl" --rules "$RULES" --on "$ON" --format jsonl --jobs "$JOBS" \
    --out "$OUT/bangfu-n.jsonl" 2>"$OUT/bangfu-n.txt"
BANGFU_N=$(cat "$OUT/.wall")
echo "bangfu jobs=$JOBS all_in_seconds=$BANGFU_N people=$N"
if ! cmp -s "$OUT/bangfu-1.jsonl" "$OUT/bangfu-n.jsonl"; then
    echo "bangfu batch output differs between 1 and $JOBS jobs" >&2
    status=1
fi

say "ZEN (evaluate)"
"$PY" "$HERE/zen_bench.py" "$OUT/people.jsonl" "$OUT/zen.jsonl" | tee "$OUT/zen.txt"
say "ZEN (async_evaluate)"
"$PY" "$HERE/zen_bench.py" "$OUT/people.jsonl" "$OUT/zen-async.jsonl" --async | tee "$OUT/zen-async.txt"
say "OpenFisca (one vectorised simulation)"
"$PY" "$HERE/openfisca_bench.py" "$OUT/people.jsonl" "$OUT/openfisca.jsonl" --period "$PERIOD" | tee "$OUT/openfisca.txt"

say "the floor: the same logic as plain Lua 5.4 (floor.lua, lua-cjson)"
wall env ON="$ON" lua5.4 "$HERE/floor.lua" "$OUT/people.jsonl" "$OUT/floor.jsonl"
FLOOR_ALL_IN=$(cat "$OUT/.wall")
echo "floor all_in_seconds=$FLOOR_ALL_IN people=$N"
env ON="$ON" lua5.4 "$HERE/floor.lua" "$OUT/people.jsonl" /dev/null "$OUT/people.jsonl" 5 | tee "$OUT/floor.txt"
if cmp -s "$OUT/bangfu-1.jsonl" "$OUT/floor.jsonl"; then
    echo "the floor's results equal bangfu batch's, byte for byte, on all $N people"
else
    echo "the floor's results differ from bangfu batch's: $(cmp "$OUT/bangfu-1.jsonl" "$OUT/floor.jsonl" | head -1)" >&2
    status=1
fi

say "agreement with bangfu batch"
"$PY" "$HERE/compare.py" "$OUT/bangfu-1.jsonl" zen="$OUT/zen.jsonl" zen-async="$OUT/zen-async.jsonl" \
    openfisca="$OUT/openfisca.jsonl" || status=1

# ---------------------------------------------------------------- the table
say "per person (µs), $N people"
"$PY" - "$N" "$JOBS" "$BANGFU_1" "$BANGFU_N" "$OUT/zen.txt" "$OUT/zen-async.txt" "$OUT/openfisca.txt" \
    "${BANGFU_COMPUTE_US:-}" "$FLOOR_ALL_IN" "$OUT/floor.txt" <<'EOF'
import sys

n, jobs = int(sys.argv[1]), int(sys.argv[2])
bangfu_1, bangfu_n = float(sys.argv[3]), float(sys.argv[4])
bangfu_compute = float(sys.argv[8]) if sys.argv[8] else None
floor_all_in = float(sys.argv[9])


def fields(path):
    words = open(path).read().split()
    return {k: float(v) for k, v in (w.split("=", 1) for w in words[1:])}


zen, zen_async, of = fields(sys.argv[5]), fields(sys.argv[6]), fields(sys.argv[7])
floor_compute = fields(sys.argv[10])["per_person_us"]
us = lambda seconds: seconds / n * 1e6
rows = [
    ("plain Lua floor", us(floor_all_in), floor_compute, None),
    ("bangfu batch, 1 job", us(bangfu_1), bangfu_compute, None),
    (f"bangfu batch, {jobs} jobs", us(bangfu_n), None, None),
    ("zen evaluate", us(zen["all_in_seconds"]), us(zen["compute_seconds"]), us(zen["engine_reported_seconds"])),
    ("zen async_evaluate", us(zen_async["all_in_seconds"]), us(zen_async["compute_seconds"]),
     us(zen_async["engine_reported_seconds"])),
    ("openfisca (vectorised)", us(of["all_in_seconds"]), us(of["compute_seconds"]), None),
]
cell = lambda v: f"{v:12.2f}" if v is not None else f"{'—':>12}"
print(f"{'engine':26} {'all-in':>12} {'compute':>12} {'engine says':>12}")
for name, all_in, compute, reported in rows:
    print(f"{name:26} {cell(all_in)} {cell(compute)} {cell(reported)}")


def ratio(b, p):
    r = b / p
    return f"{r:8.3f}  (Bangfu {1 / r:.2f}× faster)" if r < 1 else f"{r:8.3f}  (Bangfu {r:.2f}× slower)"


print("\nbangfu ÷ floor, per person (the targets: all-in at most 1.5, compute at most 10 µs)")
print(f"  {'all-in, bangfu 1 job':24} {us(bangfu_1) / us(floor_all_in):8.2f}×")
if bangfu_compute is not None:
    print(f"  {'compute-only':24} {bangfu_compute / floor_compute:8.2f}×  ({bangfu_compute:.2f} µs against {floor_compute:.2f} µs)")

print("\nratio bangfu ÷ peer, per person (below 1: Bangfu is faster)")
for label, b in (("all-in, bangfu 1 job", us(bangfu_1)), (f"all-in, bangfu {jobs} jobs", us(bangfu_n))):
    for name, peer in (("zen evaluate", us(zen["all_in_seconds"])),
                       ("zen async_evaluate", us(zen_async["all_in_seconds"])),
                       ("openfisca", us(of["all_in_seconds"]))):
        print(f"  {label:24} vs {name:20} {ratio(b, peer)}")
if bangfu_compute is None:
    print("  compute-only: set BANGFU_COMPUTE_US (e.g. from `bangfu bench`) for these ratios")
else:
    for name, peer in (("zen evaluate", us(zen["compute_seconds"])),
                       ("zen async_evaluate", us(zen_async["compute_seconds"])),
                       ("zen engine-reported", us(zen["engine_reported_seconds"])),
                       ("openfisca", us(of["compute_seconds"]))):
        print(f"  {'compute-only':24} vs {name:20} {ratio(bangfu_compute, peer)}")
print("\nall-in: from opening the people file to the results written (Bangfu and the floor: the whole process,"
      "\nstart-up and rule loading included; peers: engine set-up excluded). Peers and the floor run on one core.")
EOF

if [ "$status" -ne 0 ]; then
    echo "FAILED: an engine disagrees with Bangfu (see above); results in $OUT" >&2
else
    echo "all engines agree with Bangfu; results in $OUT"
fi
exit "$status"
