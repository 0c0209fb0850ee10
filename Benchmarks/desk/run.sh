#!/usr/bin/env bash
# The intake desk under load, on loopback (release build): one `bangfu serve` on SQLite, then two on one
# throwaway PostgreSQL cluster (scripts/test-postgres.sh, fsync on: every answer is on disk before it is
# sent), each loaded by Benchmarks/desk/load.py from this second process: assessments, then grant
# confirmations. Prints the figures and the load average (the tool's own CPU share too: it runs on the
# same cores), stops everything and deletes the registers. Figures, not pass/fail.
#
#   Benchmarks/desk/run.sh              the load table
#   Benchmarks/desk/run.sh kill9        mixed load, one desk kill -9'd halfway and restarted on the same
#                                       register; every assessment and grant answered is looked for in it
#   SECONDS_EACH=10 CONNECTIONS=32 PERF=1 BANGFU=path/to/bangfu Benchmarks/desk/run.sh
#                                       phase length, connections; PERF=1 records a perf profile of the
#                                       first desk during the PostgreSQL assessments (perf.data in .build/desk);
#                                       BANGFU: that binary instead of a release build
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/prerequisites.sh
source scripts/test-postgres.sh
bangfu_need_packages python3

MODE=${1:-load}
SECONDS_EACH=${SECONDS_EACH:-10}
CONNECTIONS=${CONNECTIONS:-32}
LOAD=(python3 Benchmarks/desk/load.py)
if [ -z "${BANGFU:-}" ]; then
  swift build -c release --product bangfu >&2
  BANGFU=$(swift build -c release --show-bin-path)/bangfu
fi
OUT=.build/desk
mkdir -p "$OUT"

work=$(mktemp -d /tmp/bangfu-desk-load.XXXXXX)
desk_pids=()
stop_desks() {
  for pid in "${desk_pids[@]}"; do kill -9 "$pid" 2>/dev/null || true; done
  for pid in "${desk_pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  desk_pids=()
}
finish() {
  local status=$?
  stop_desks
  rm -rf "$work"
  bangfu_stop_test_postgres
  return "$status"
}

say() { printf '\n== %s\n' "$*"; }

free_port() {
  local port=$1
  while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do port=$((port + 1)); done
  echo "$port"
}

# start_desk DB PORT: a desk on the sample rules, in the background, its log a file of its own (a
# restarted desk's "listening" line is its own); waits until it listens.
start_desk() {
  local log
  log=$(mktemp "$work/desk-$2.XXXXXX.log")
  "$BANGFU" serve --rules Rules --db "$1" --host 127.0.0.1 --port "$2" >"$log" 2>&1 &
  desk_pids+=($!)
  local deadline=$((SECONDS + 120))
  until grep -q "listening on http://127.0.0.1:$2" "$log"; do
    kill -0 "${desk_pids[-1]}" 2>/dev/null || { echo "bangfu serve did not start:" >&2; tail -5 "$log" >&2; return 1; }
    [ "$SECONDS" -lt "$deadline" ] || { echo "bangfu serve: not listening after 120 s" >&2; return 1; }
    sleep 0.1
  done
}

# accounts DB: an intake and an officer account; sets CLERK and OFFICER to their API tokens.
accounts() {
  CLERK=$(echo 'a long password' | "$BANGFU" user add clerk --role intake --db "$1")
  OFFICER=$(echo 'a long password' | "$BANGFU" user add li --role officer --db "$1")
}

# load DB URL…: both phases' figures for the desks at the URLs.
load() {
  local urls=()
  for url in "$@"; do urls+=(--url "$url"); done
  "${LOAD[@]}" assess "${urls[@]}" --token "$CLERK" --connections "$CONNECTIONS" --seconds "$SECONDS_EACH"
  "${LOAD[@]}" grants "${urls[@]}" --token "$CLERK" --officer-token "$OFFICER" --connections "$CONNECTIONS" --seconds "$SECONDS_EACH"
}

bangfu_start_test_postgres durable >&2
trap finish EXIT
POSTGRES=$BANGFU_TEST_POSTGRES_URL
port1=$(free_port 58080)
port2=$(free_port $((port1 + 1)))

say "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) (other work on it shows here)"

if [ "$MODE" = kill9 ]; then
  # kill9 DB DESKS: mixed load on DESKS desks; the first is killed halfway and restarted at once.
  kill9() {
    local db=$1 desks=$2 urls=(--url "http://127.0.0.1:$port1")
    accounts "$db"
    start_desk "$db" "$port1"
    [ "$desks" -eq 2 ] && { start_desk "$db" "$port2"; urls+=(--url "http://127.0.0.1:$port2"); }
    "${LOAD[@]}" mixed "${urls[@]}" --token "$CLERK" --officer-token "$OFFICER" --connections "$CONNECTIONS" \
      --seconds "$SECONDS_EACH" --record "$work/answered.json" &
    local load_pid=$!
    sleep "$(echo "$SECONDS_EACH / 2" | bc -l)"
    kill -9 "${desk_pids[0]}"
    echo "kill -9 of the desk on port $port1 at $(date +%T.%N | cut -c1-12); restarting it on the same register"
    start_desk "$db" "$port1"
    wait "$load_pid"
    stop_desks
    "${LOAD[@]}" verify --record "$work/answered.json" --db "$db" || lost=1
  }
  lost=0
  say "SQLite, one desk: kill -9 under load"
  kill9 "$work/register.sqlite" 1
  say "PostgreSQL, two desks: kill -9 of one under load"
  kill9 "$POSTGRES" 2
  exit "$lost"
fi

say "SQLite, one desk ($CONNECTIONS connections, ${SECONDS_EACH} s each phase)"
accounts "$work/register.sqlite"
start_desk "$work/register.sqlite" "$port1"
load "http://127.0.0.1:$port1"
stop_desks

say "PostgreSQL, two desks ($CONNECTIONS connections over both, ${SECONDS_EACH} s each phase)"
accounts "$POSTGRES"
start_desk "$POSTGRES" "$port1"
start_desk "$POSTGRES" "$port2"
perf_pid=""
if [ -n "${PERF:-}" ]; then
  perf record -g -o "$OUT/perf.data" -p "${desk_pids[0]}" -- sleep "$SECONDS_EACH" >/dev/null 2>&1 &
  perf_pid=$!
fi
load "http://127.0.0.1:$port1" "http://127.0.0.1:$port2"
[ -z "$perf_pid" ] || { wait "$perf_pid"; echo "perf profile of the first desk: perf report -i $OUT/perf.data"; }
