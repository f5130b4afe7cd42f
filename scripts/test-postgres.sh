#!/usr/bin/env bash
# Starts (or stops) a private PostgreSQL server for the test suites, on loopback only.
#   scripts/test-postgres.sh start   → prints the Npgsql connection string on stdout
#   scripts/test-postgres.sh stop
# Data lives in $CONTESTLET_PG_DIR (default /tmp/contestlet-test-pg); port $CONTESTLET_PG_PORT (default 54329).
set -euo pipefail

PORT="${CONTESTLET_PG_PORT:-54329}"
DATA="${CONTESTLET_PG_DIR:-/tmp/contestlet-test-pg}"
LOG="$DATA.log"

usage() { sed -n '2,5p' "$0" | sed 's/^# \{0,1\}//'; }

pg_bin() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  [[ -n "$dir" && -x "$dir/initdb" ]] || { echo "test-postgres: PostgreSQL server binaries not found (apt-get install postgresql)" >&2; exit 1; }
  echo "$dir"
}

as_postgres() {
  if [[ $(id -u) -eq 0 ]]; then
    su postgres -s /bin/bash -c "$*"
  else
    bash -c "$*"
  fi
}

start() {
  local bin; bin=$(pg_bin)
  if ! [[ -f "$DATA/PG_VERSION" ]]; then
    mkdir -p "$DATA"
    [[ $(id -u) -eq 0 ]] && chown postgres:postgres "$DATA"
    as_postgres "'$bin/initdb' -D '$DATA' -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8" >/dev/null
  fi
  if ! as_postgres "'$bin/pg_ctl' -D '$DATA' status" >/dev/null 2>&1; then
    touch "$LOG"; [[ $(id -u) -eq 0 ]] && chown postgres:postgres "$LOG"
    # Settings on the command line win over any postgresql.conf left by an earlier run of an older script.
    local opts="-c listen_addresses=127.0.0.1 -c port=$PORT -c unix_socket_directories=/tmp -c max_connections=1000"
    opts+=" -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c shared_buffers=256MB"
    as_postgres "'$bin/pg_ctl' -D '$DATA' -l '$LOG' -o '$opts' -w -t 60 start" >/dev/null || { echo "test-postgres: server did not start; see $LOG" >&2; tail -n 20 "$LOG" >&2; exit 1; }
  fi
  as_postgres "psql -h 127.0.0.1 -p $PORT -U postgres -tAc \"SELECT 1 FROM pg_roles WHERE rolname='contestlet'\"" | grep -q 1 \
    || as_postgres "psql -h 127.0.0.1 -p $PORT -U postgres -qc \"CREATE ROLE contestlet LOGIN PASSWORD 'contestlet' CREATEDB SUPERUSER;\""
  echo "Host=127.0.0.1;Port=$PORT;Username=contestlet;Password=contestlet;Database=postgres;Maximum Pool Size=200;Timeout=60;Command Timeout=120"
}

stop() {
  local bin; bin=$(pg_bin)
  if [[ -f "$DATA/PG_VERSION" ]]; then
    as_postgres "'$bin/pg_ctl' -D '$DATA' -m fast -w stop" >/dev/null 2>&1 || true
  fi
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  -h|--help) usage ;;
  *) usage >&2; exit 2 ;;
esac
