#!/usr/bin/env bash
# Measures text to win: keyword entries per second through signed Twilio webhooks against a real running app.
#   bench/run-keyword-bench.sh [sqlite|postgres] [texts] [concurrency]
# Builds Release, starts the app on a free loopback port over a fresh database with the demo data (its "Text to Win"
# contest has the keyword WIN, listed states NY/NJ/CT; the bench lifts its cap to 1,000,000 so every text is an entry),
# then sends one signed inbound webhook "WIN NY" per simulated number (the state in the same text, so each text is one
# entry) in two runs from two client processes: a cold run of BENCH_WARMUP texts (default 2000) into the freshly started
# app, as an on-air spike meets an app that has never run the keyword path, then the measured run of [texts] texts into
# the warm app. Prints keyword entries per second and latency percentiles for each, the app's and the load generator's CPU
# time per text in the measured run (both share this machine's cores), and counts the SMS entries in the database. The
# outbox worker sends the replies meanwhile, as in production. Bounded; loopback only.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
PROVIDER="${1:-sqlite}"
TEXTS="${2:-1000}"
WARMUP="${BENCH_WARMUP:-2000}"
CONCURRENCY="${3:-32}"
PORT="${BENCH_PORT:-5098}"
FIRST_PHONE=15550400000
TOKEN="bench-webhook-token"
WORK=$(mktemp -d /tmp/contestlet-keyword-bench.XXXXXX)
APP_PID=""
PG="host=127.0.0.1 port=${CONTESTLET_PG_PORT:-54329} user=contestlet password=contestlet"
cleanup() { [[ -n "$APP_PID" ]] && kill "$APP_PID" 2>/dev/null && wait "$APP_PID" 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT

case "$PROVIDER" in
  sqlite) DATABASE_URL="sqlite:///$WORK/bench.db" ;;
  postgres)
    scripts/test-postgres.sh start >/dev/null
    DB="contestlet_kwbench_$$"
    psql "$PG dbname=postgres" -qc "CREATE DATABASE $DB"
    DATABASE_URL="postgresql://contestlet:contestlet@127.0.0.1:${CONTESTLET_PG_PORT:-54329}/$DB" ;;
  *) echo "usage: $0 [sqlite|postgres] [texts] [concurrency]" >&2; exit 2 ;;
esac

dotnet build Contestlet.Web -c Release --nologo -v quiet >/dev/null
dotnet build bench/Contestlet.Bench -c Release --nologo -v quiet >/dev/null

env ASPNETCORE_ENVIRONMENT=Development DATABASE_URL="$DATABASE_URL" DEBUG=false TWILIO_AUTH_TOKEN="$TOKEN" \
    Serilog__MinimumLevel__Default=Warning Serilog__MinimumLevel__Override__Microsoft=Warning \
    dotnet Contestlet.Web/bin/Release/net10.0/Contestlet.Web.dll --urls "http://127.0.0.1:$PORT" >"$WORK/app.log" 2>&1 &
APP_PID=$!
for _ in $(seq 1 120); do
  curl -fs "http://127.0.0.1:$PORT/health/ready" >/dev/null 2>&1 && break
  kill -0 "$APP_PID" 2>/dev/null || { echo "bench: the app exited:"; cat "$WORK/app.log"; exit 1; }
  sleep 0.5
done

# The cap is lifted in the database (the keyword path reads the contest from there on every text, no cache).
CAP_SQL="UPDATE contests SET \"TotalEntryCap\" = 1000000 WHERE \"Keyword\" = 'WIN'"
case "$PROVIDER" in
  sqlite) python3 -c "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute(sys.argv[2]); c.commit()" "$WORK/bench.db" "$CAP_SQL" ;;
  postgres) psql "$PG dbname=$DB" -qc "$CAP_SQL" ;;
esac

texts() { # first-phone count label
  dotnet bench/Contestlet.Bench/bin/Release/net10.0/Contestlet.Bench.dll --base-url "http://127.0.0.1:$PORT" --contest WIN \
    --contestants "$2" --concurrency "$CONCURRENCY" --first-phone "+$1" --label "$3" --keyword "WIN NY" --auth-token "$TOKEN" || true
}
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; } # user + system, in clock ticks
TICK_MS=$(( 1000 / $(getconf CLK_TCK) ))

if (( WARMUP > 0 )); then
  texts $((FIRST_PHONE + 5000000)) "$WARMUP" "($PROVIDER, cold: the app's first $WARMUP texts)"
  sleep 3 # let the outbox catch up with the warm-up's replies before measuring
fi
APP_BEFORE=$(cpu_ticks "$APP_PID")
dotnet bench/Contestlet.Bench/bin/Release/net10.0/Contestlet.Bench.dll --base-url "http://127.0.0.1:$PORT" --contest WIN \
  --contestants "$TEXTS" --concurrency "$CONCURRENCY" --first-phone "+$FIRST_PHONE" --label "($PROVIDER, warm)" \
  --keyword "WIN NY" --auth-token "$TOKEN" &
CLIENT_PID=$!
CLIENT_TICKS=0
while kill -0 "$CLIENT_PID" 2>/dev/null; do
  CLIENT_TICKS=$(cpu_ticks "$CLIENT_PID" 2>/dev/null || echo "$CLIENT_TICKS")
  sleep 0.2
done
wait "$CLIENT_PID" || true
APP_AFTER=$(cpu_ticks "$APP_PID")
awk -v app=$((APP_AFTER - APP_BEFORE)) -v client="$CLIENT_TICKS" -v n="$TEXTS" -v ms="$TICK_MS" 'BEGIN {
  printf "  CPU per text in the warm run: app %.2f ms (including its outbox worker sending replies meanwhile), load generator %.2f ms\n", app * ms / n, client * ms / n }'

COUNT_SQL="SELECT count(*) FROM entries WHERE \"Source\" = 'Sms'"
case "$PROVIDER" in
  sqlite) ENTRIES=$(python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute(sys.argv[2]).fetchone()[0])" "$WORK/bench.db" "$COUNT_SQL") ;;
  postgres) ENTRIES=$(psql "$PG dbname=$DB" -Atc "$COUNT_SQL") ;;
esac
echo "  SMS entries in the database: $ENTRIES (of $((WARMUP + TEXTS)) texts)"
if [[ "$PROVIDER" == postgres ]]; then
  kill "$APP_PID" 2>/dev/null || true
  wait "$APP_PID" 2>/dev/null || true
  APP_PID=""
  psql "$PG dbname=postgres" -qc "DROP DATABASE IF EXISTS $DB" || true
fi
