#!/usr/bin/env bash
# Times the admin's contest hub (of a contest with a million entries) and dashboard (over 1,000 contests), page load by
# page load, on a running app (issue 14, "Measured, not asserted").
#   bench/run-insight-bench.sh [sqlite|postgres|both] [entries] [loads]        defaults: both 1000000 50
# For each provider: Contestlet.Bench.Admin --mode insight-seed builds a database through the real migrations (1,000
# contests, one with ENTRIES entries, bulk-loaded: one prepared INSERT in one transaction on SQLite, binary COPY on
# PostgreSQL) and runs the background entries pass to the end; the app (Release, Development settings, the QA number
# made an admin) starts on it; Contestlet.Bench --insight signs in by clicking through /signin and loads each page
# LOADS times after 5 warm-ups, one request at a time, and prints p50 / p95 / max. The database is dropped at the end.
# PostgreSQL is the private server of scripts/test-postgres.sh (started if needed, never stopped). Loopback only.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
WHICH="${1:-both}"
ENTRIES="${2:-1000000}"
LOADS="${3:-50}"
PORT="${BENCH_PORT:-5097}"
PG_PORT="${CONTESTLET_PG_PORT:-54329}"
ADMIN=+15555550100   # the QA test number: code 424242, no SMS (Development and Staging only)
WORK=$(mktemp -d /tmp/contestlet-insight-bench.XXXXXX)
APP_PID=""
PG_DB=""

drop_database() {
  [[ -n "$PG_DB" ]] || return 0
  psql "host=127.0.0.1 port=$PG_PORT user=contestlet password=contestlet dbname=postgres" -qc "DROP DATABASE IF EXISTS \"$PG_DB\" WITH (FORCE)" >/dev/null
  PG_DB=""
}
stop_app() {
  [[ -n "$APP_PID" ]] || return 0
  kill "$APP_PID" 2>/dev/null || true
  wait "$APP_PID" 2>/dev/null || true
  APP_PID=""
}
cleanup() { stop_app; drop_database; rm -rf "$WORK"; }
trap cleanup EXIT

case "$WHICH" in
  both) PROVIDERS=(sqlite postgres) ;;
  sqlite | postgres) PROVIDERS=("$WHICH") ;;
  *) echo "usage: $0 [sqlite|postgres|both] [entries] [loads]" >&2; exit 2 ;;
esac
if [[ " ${PROVIDERS[*]} " == *" postgres "* ]]; then
  scripts/test-postgres.sh start >/dev/null
  export CONTESTLET_TEST_PG="Host=127.0.0.1;Port=$PG_PORT;Username=contestlet;Password=contestlet;Database=postgres;Timeout=60;Command Timeout=600"
fi

for project in Contestlet.Web bench/Contestlet.Bench bench/Contestlet.Bench.Admin; do
  dotnet build "$project" -c Release --nologo -v quiet >/dev/null
done
# Copies of the builds, so editing the code meanwhile cannot change a run half-way.
for project in Contestlet.Web bench/Contestlet.Bench bench/Contestlet.Bench.Admin; do
  cp -r "$project/bin/Release/net10.0" "$WORK/$(basename "$project")"
done
echo "commit $(git rev-parse --short=12 HEAD)$(git diff --quiet HEAD -- . 2>/dev/null || echo ' + uncommitted changes'), $(nproc) cores"

for provider in "${PROVIDERS[@]}"; do
  echo "== $provider: seeding 1,000 contests, one with $ENTRIES entries (load average $(cut -d' ' -f1-3 /proc/loadavg))"
  dotnet "$WORK/Contestlet.Bench.Admin/Contestlet.Bench.Admin.dll" --mode insight-seed --provider "$provider" --entries "$ENTRIES" \
    --contests 1000 --sqlite-dir "$WORK" >"$WORK/seed.out"
  CONTEST_ID=$(sed -n 's/^CONTEST_ID=//p' "$WORK/seed.out")
  DATABASE_URL=$(sed -n 's/^DATABASE_URL=//p' "$WORK/seed.out")
  [[ "$provider" == postgres ]] && PG_DB="${DATABASE_URL##*/}"

  env ASPNETCORE_ENVIRONMENT=Development DATABASE_URL="$DATABASE_URL" DEBUG=false Auth__AdminPhones__0="$ADMIN" \
      Serilog__MinimumLevel__Default=Warning Serilog__MinimumLevel__Override__Microsoft=Warning \
      dotnet "$WORK/Contestlet.Web/Contestlet.Web.dll" --urls "http://127.0.0.1:$PORT" >"$WORK/app-$provider.log" 2>&1 &
  APP_PID=$!
  for _ in $(seq 1 240); do
    curl -fs "http://127.0.0.1:$PORT/health/ready" >/dev/null 2>&1 && break
    kill -0 "$APP_PID" 2>/dev/null || { echo "bench: the app exited:"; cat "$WORK/app-$provider.log"; exit 1; }
    sleep 0.5
  done

  echo "   load average before the loads: $(cut -d' ' -f1-3 /proc/loadavg)"
  dotnet "$WORK/Contestlet.Bench/Contestlet.Bench.dll" --base-url "http://127.0.0.1:$PORT" --contest "$CONTEST_ID" \
    --first-phone "$ADMIN" --code 424242 --insight "$LOADS" --label "($provider, $ENTRIES entries in contest $CONTEST_ID)"
  echo "   load average after the loads: $(cut -d' ' -f1-3 /proc/loadavg)"
  stop_app
  drop_database
  rm -f "$WORK"/admin-bench-*.db*
done
