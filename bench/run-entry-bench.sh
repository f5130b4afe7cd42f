#!/usr/bin/env bash
# Measures the contestant entry flow (contest page → send code → verify → entered) against a real running app.
#   bench/run-entry-bench.sh [sqlite|postgres] [contestants] [concurrency]
# Builds Release, starts the app on a free loopback port over a fresh database (PostgreSQL: the private server from
# scripts/test-postgres.sh), gives the simulated contestants QA test numbers (fixed code, no SMS), runs the load
# generator and prints completed entries per second, latency percentiles and errors. Bounded; loopback only.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
PROVIDER="${1:-sqlite}"
CONTESTANTS="${2:-500}"
CONCURRENCY="${3:-32}"
PORT="${BENCH_PORT:-5099}"
FIRST_PHONE=15550300000
WORK=$(mktemp -d /tmp/contestlet-bench.XXXXXX)
APP_PID=""
cleanup() { [[ -n "$APP_PID" ]] && kill "$APP_PID" 2>/dev/null && wait "$APP_PID" 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT

case "$PROVIDER" in
  sqlite) DATABASE_URL="sqlite:///$WORK/bench.db" ;;
  postgres)
    scripts/test-postgres.sh start >/dev/null
    DB="contestlet_bench_$$"
    su postgres -c "psql -h 127.0.0.1 -p ${CONTESTLET_PG_PORT:-54329} -qc 'CREATE DATABASE $DB OWNER contestlet'" 2>/dev/null \
      || psql "host=127.0.0.1 port=${CONTESTLET_PG_PORT:-54329} user=contestlet password=contestlet dbname=postgres" -qc "CREATE DATABASE $DB"
    DATABASE_URL="postgresql://contestlet:contestlet@127.0.0.1:${CONTESTLET_PG_PORT:-54329}/$DB" ;;
  *) echo "usage: $0 [sqlite|postgres] [contestants] [concurrency]" >&2; exit 2 ;;
esac

dotnet build Contestlet.Web -c Release --nologo -v quiet >/dev/null
dotnet build bench/Contestlet.Bench -c Release --nologo -v quiet >/dev/null

# One QA number per simulated contestant, as Sms__QaTestNumbers__N variables.
declare -a qa_env=()
for ((i = 0; i < CONTESTANTS; i++)); do qa_env+=("Sms__QaTestNumbers__$((i + 1))=+$((FIRST_PHONE + i))"); done

env ASPNETCORE_ENVIRONMENT=Development DATABASE_URL="$DATABASE_URL" DEBUG=false \
    Auth__Limits__SendsPerIpPerHour=1000000 Serilog__MinimumLevel__Default=Warning \
    Serilog__MinimumLevel__Override__Microsoft=Warning "${qa_env[@]}" \
    dotnet Contestlet.Web/bin/Release/net10.0/Contestlet.Web.dll --urls "http://127.0.0.1:$PORT" >"$WORK/app.log" 2>&1 &
APP_PID=$!
for _ in $(seq 1 120); do
  curl -fs "http://127.0.0.1:$PORT/health/ready" >/dev/null 2>&1 && break
  kill -0 "$APP_PID" 2>/dev/null || { echo "bench: the app exited:"; cat "$WORK/app.log"; exit 1; }
  sleep 0.5
done
CODE=$(curl -fs "http://127.0.0.1:$PORT/" | grep -o 'href="/c/[a-z0-9]*"' | head -n 1 | sed 's|href="/c/||; s|"||')
[[ -n "$CODE" ]] || { echo "bench: no open contest found on the home page" >&2; exit 1; }

dotnet bench/Contestlet.Bench/bin/Release/net10.0/Contestlet.Bench.dll --base-url "http://127.0.0.1:$PORT" --contest "$CODE" \
  --contestants "$CONTESTANTS" --concurrency "$CONCURRENCY" --first-phone "+$FIRST_PHONE" --label "($PROVIDER)"
