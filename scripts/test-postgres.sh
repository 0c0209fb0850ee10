# Sourced by scripts/test.sh: starts a throwaway PostgreSQL cluster for the register tests and
# exports BANGFU_TEST_POSTGRES_URL (and BANGFU_REQUIRE_POSTGRES=1, so that the tests fail rather
# than skip PostgreSQL if the URL goes missing). The cluster lives in a temporary folder (data, socket
# and log), listens on 127.0.0.1 only, on a free port from 55432 on, and is stopped and deleted when
# the script exits, whether the tests passed or not. Installs Debian's postgresql when no initdb is there.
# Benchmarks/desk/run.sh starts it too, as `bangfu_start_test_postgres durable` (fsync kept on).

bangfu_postgres_folder=""
bangfu_postgres_stop=()

bangfu_start_test_postgres() {
  local durability="-c fsync=off -c full_page_writes=off"
  [ "${1:-}" = durable ] && durability=""
  if ! compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null; then bangfu_need_packages postgresql; fi
  local bin
  bin=$(dirname "$(ls -d /usr/lib/postgresql/*/bin/initdb | sort -V | tail -n 1)")

  # initdb refuses to run as root: the cluster then belongs to the postgres system user.
  local as=()
  [ "$(id -u)" -eq 0 ] && as=(runuser -u postgres --)

  bangfu_postgres_folder=$(mktemp -d /tmp/bangfu-postgres.XXXXXX)
  trap bangfu_stop_test_postgres EXIT
  mkdir "$bangfu_postgres_folder/socket"
  [ "$(id -u)" -eq 0 ] && chown -R postgres: "$bangfu_postgres_folder"

  local port=55432
  while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do
    port=$((port + 1))
    [ "$port" -lt 55532 ] || { echo "test-postgres: no free port in 55432-55531" >&2; return 1; }
  done

  "${as[@]}" "$bin/initdb" -D "$bangfu_postgres_folder/data" --username=bangfu --auth=trust \
    --encoding=UTF8 --locale=C.UTF-8 --no-sync >"$bangfu_postgres_folder/initdb.log" \
    || { cat "$bangfu_postgres_folder/initdb.log" >&2; return 1; }
  # Tests run in parallel, each with its own database and connection pool. The cluster is thrown away
  # at the end, so it need not survive a crash of the machine: fsync off keeps thirty CREATE DATABASEs
  # at once from waiting on the disk (a commit still returns only once PostgreSQL has it, which is
  # what a desk's kill -9 tests). A load benchmark measures commits that reach the disk: durable.
  "${as[@]}" "$bin/pg_ctl" -D "$bangfu_postgres_folder/data" -l "$bangfu_postgres_folder/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$bangfu_postgres_folder/socket -c max_connections=400 $durability" \
    start >/dev/null || { cat "$bangfu_postgres_folder/server.log" >&2; return 1; }
  bangfu_postgres_stop=("${as[@]}" "$bin/pg_ctl" -D "$bangfu_postgres_folder/data" -m fast -w stop)
  "${as[@]}" "$bin/createdb" -h 127.0.0.1 -p "$port" -U bangfu bangfu_test

  export BANGFU_TEST_POSTGRES_URL="postgres://bangfu@127.0.0.1:$port/bangfu_test?sslmode=disable"
  export BANGFU_REQUIRE_POSTGRES=1
  echo "test-postgres: PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port (data in $bangfu_postgres_folder)"
}

bangfu_stop_test_postgres() {
  local status=$?
  if [ -n "$bangfu_postgres_folder" ]; then
    [ ${#bangfu_postgres_stop[@]} -gt 0 ] && "${bangfu_postgres_stop[@]}" >/dev/null 2>&1
    rm -rf "$bangfu_postgres_folder"
  fi
  return "$status"
}
