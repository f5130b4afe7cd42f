#!/usr/bin/env bash
# The on-air spike, measured in one run: page throughput against /health's ceiling, the whole entry flow, and the entry's
# database work against its raw floor, on SQLite and/or PostgreSQL. Prints one table of figures and ratios.
#   bench/run-spike-bench.sh [sqlite|postgres|both] [--quick|--growth]
# Environment: SPIKE_CONCURRENCY (32), SPIKE_SECONDS per page (10), SPIKE_FLOWS contestants (1000), SPIKE_FLOW_WARMUP
# contestants first, unmeasured (600), SPIKE_FLOOR entries per floor series (2000). --quick: 3 s per page, 50 + 200 flows,
# 300 floor entries (a smoke run, not figures to quote).
# --growth: how the cost grows instead of the table above: the warm entry flow at concurrency GROWTH_CONCURRENCY
# ("8 32 128"), SPIKE_FLOWS contestants each (default 600 here), then the entry write against its floor with
# GROWTH_PRELOAD ("0 100000 1000000") entries already in the contest (SPIKE_FLOOR entries per series, default 1000 here).
# Builds Release, starts the app on a free loopback port over a fresh database (PostgreSQL: the private server of
# scripts/test-postgres.sh), drives it with Debian's wrk and the bench's own clients, all on this machine. Bounded; loopback only.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
PROVIDERS="${1:-both}"
[[ "$PROVIDERS" == both ]] && PROVIDERS="sqlite postgres"
QUICK=0
GROWTH=0
[[ "${2:-}" == --quick ]] && QUICK=1
[[ "${2:-}" == --growth ]] && GROWTH=1
CONCURRENCY="${SPIKE_CONCURRENCY:-32}"
SECONDS_PER_PAGE="${SPIKE_SECONDS:-$([[ $QUICK == 1 ]] && echo 3 || echo 10)}"
FLOWS="${SPIKE_FLOWS:-$([[ $QUICK == 1 ]] && echo 200 || { [[ $GROWTH == 1 ]] && echo 600; } || echo 1000)}"
# Contestants who go through the flow first, unmeasured, so the measured flow meets code the JIT has already optimised
# (an app that has been live for a while); their rate is printed as the cold figure, what the first minute of a spike meets.
FLOW_WARMUP="${SPIKE_FLOW_WARMUP:-$([[ $QUICK == 1 ]] && echo 50 || echo 600)}"
FLOOR="${SPIKE_FLOOR:-$([[ $QUICK == 1 ]] && echo 300 || { [[ $GROWTH == 1 ]] && echo 1000; } || echo 2000)}"
GROWTH_CONCURRENCY="${GROWTH_CONCURRENCY:-8 32 128}"
GROWTH_PRELOAD="${GROWTH_PRELOAD:-0 100000 1000000}"
# Each growth series has its own numbers, so every flow is a new contestant.
GROWTH_SERIES=$(wc -w <<<"$GROWTH_CONCURRENCY")
FIRST_PHONE=15550300000
PG_PORT="${CONTESTLET_PG_PORT:-54329}"
WORK=$(mktemp -d /tmp/contestlet-spike.XXXXXX)
APP_PID=""
stop_app() { if [[ -n "$APP_PID" ]]; then kill "$APP_PID" 2>/dev/null || true; wait "$APP_PID" 2>/dev/null || true; APP_PID=""; fi; }
trap 'stop_app; rm -rf "$WORK"' EXIT

command -v wrk >/dev/null || { echo "spike bench: needs Debian's wrk (apt-get install wrk)" >&2; exit 1; }
for provider in $PROVIDERS; do
  case "$provider" in
    sqlite) ;;
    postgres) scripts/test-postgres.sh start >/dev/null ;;
    *) echo "usage: $0 [sqlite|postgres|both] [--quick]" >&2; exit 2 ;;
  esac
done

dotnet build Contestlet.Web -c Release --nologo -v quiet >/dev/null
dotnet build bench/Contestlet.Bench -c Release --nologo -v quiet >/dev/null
dotnet build bench/Contestlet.Bench.Admin -c Release --nologo -v quiet >/dev/null
cp -r Contestlet.Web/bin/Release/net10.0 "$WORK/app"
cp appsettings.*.json "$WORK/app/" 2>/dev/null || true

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# Starts the app over a fresh database; sets BASE and CODE (the first open contest on the home page).
start_app() {
  local provider=$1 url
  case "$provider" in
    sqlite) url="sqlite:///$WORK/spike-$RANDOM.db" ;;
    postgres)
      local db="contestlet_spike_$$_$RANDOM"
      psql "host=127.0.0.1 port=$PG_PORT user=contestlet password=contestlet dbname=postgres" -qc "CREATE DATABASE $db" >/dev/null
      url="postgresql://contestlet:contestlet@127.0.0.1:$PG_PORT/$db" ;;
  esac
  local port; port=$(free_port)
  local -a qa=()
  local people=$((FLOWS + FLOW_WARMUP))
  ((GROWTH)) && people=$((FLOWS * GROWTH_SERIES + FLOW_WARMUP))
  for ((i = 0; i < people; i++)); do qa+=("Sms__QaTestNumbers__$((i + 1))=+$((FIRST_PHONE + i))"); done
  (cd "$WORK/app" && exec env ASPNETCORE_ENVIRONMENT=Development DATABASE_URL="$url" DEBUG=false \
      Serilog__MinimumLevel__Default=Warning \
      Serilog__MinimumLevel__Override__Microsoft=Warning "${qa[@]}" \
      Auth__Limits__SmsBudgetPerHour=1000000 Auth__Limits__SmsBudgetPerDay=1000000 \
      dotnet Contestlet.Web.dll --urls "http://127.0.0.1:$port") >"$WORK/app-$provider.log" 2>&1 &
  APP_PID=$!
  BASE="http://127.0.0.1:$port"
  for _ in $(seq 1 240); do
    curl -fs "$BASE/health/ready" >/dev/null 2>&1 && break
    kill -0 "$APP_PID" 2>/dev/null || { echo "spike bench: the app exited:" >&2; tail -n 30 "$WORK/app-$provider.log" >&2; exit 1; }
    sleep 0.5
  done
  CODE=$(curl -fs "$BASE/" | grep -o 'href="/c/[a-z0-9]*"' | head -n 1 | sed 's|href="/c/||; s|"||')
  [[ -n "$CODE" ]] || { echo "spike bench: no open contest on the home page" >&2; exit 1; }
}

# Peak resident set (MB) and thread count of the app while a command runs.
watch_app() {
  local out=$1; shift
  ( peak=0; threads=0
    while kill -0 "$APP_PID" 2>/dev/null; do
      rss=$(awk '/VmRSS/ {print int($2/1024)}' "/proc/$APP_PID/status" 2>/dev/null || echo 0)
      th=$(awk '/Threads/ {print $2}' "/proc/$APP_PID/status" 2>/dev/null || echo 0)
      ((rss > peak)) && peak=$rss; ((th > threads)) && threads=$th
      echo "$peak $threads" >"$out"; sleep 0.5
    done ) &
  local watcher=$!
  "$@"
  kill "$watcher" 2>/dev/null || true; wait "$watcher" 2>/dev/null || true
}

# Requests/s and non-2xx count for one URL.
page_rps() {
  local path=$1 out="$WORK/wrk.txt"
  wrk -t2 -c"$CONCURRENCY" -d"${SECONDS_PER_PAGE}s" --latency "$BASE$path" >"$out" 2>&1 || true
  local rps errors
  rps=$(awk '/Requests\/sec/ {print $2}' "$out")
  errors=$(awk '/Non-2xx/ {print $NF}' "$out"); errors=${errors:-0}
  local p99; p99=$(awk '$1 == "99%" {print $2}' "$out")
  echo "${rps:-0} $errors ${p99:-?}"
}

declare -a rows=()
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.1f%%", 100 * a / b; else print "?" }'; }

floor_args() { # provider preload
  local -a args=(--provider "$1" --entries "$FLOOR" --mode entry-floor --concurrency "$CONCURRENCY" --sqlite-dir "$WORK" --preload "$2")
  [[ "$1" == postgres ]] && args+=(--pg-server "Host=127.0.0.1;Port=$PG_PORT;Username=contestlet;Password=contestlet;Database=postgres;Maximum Pool Size=200;Timeout=60;Command Timeout=600")
  printf '%s\n' "${args[@]}"
}
floor_figure() { # file label -> entries/s of that series
  awk -v label="$2" 'index($0, label) {for (i = 2; i <= NF; i++) if ($i == "entries/s") print $(i - 1)}' "$1"
}

# One measured flow series against the running app: prints "flows/s errors p99-ms app-CPU-ms-per-flow peak-RSS-MB threads".
measured_flow() { # label concurrency first-phone
  local before
  before=$(awk '{ print $14 + $15 }' "/proc/$APP_PID/stat")
  watch_app "$WORK/mem-flow" dotnet bench/Contestlet.Bench/bin/Release/net10.0/Contestlet.Bench.dll --base-url "$BASE" --contest "$CODE" \
    --contestants "$FLOWS" --concurrency "$2" --first-phone "+$3" --label "$1" --own-addresses true >"$WORK/flow.txt" 2>&1 || true
  local rps errors p99 cpu rss threads
  rps=$(awk '/entries\/s:/ {print $NF}' "$WORK/flow.txt")
  errors=$(awk '/errors:/ {for (i = 1; i <= NF; i++) if ($i == "errors:") print $(i + 1)}' "$WORK/flow.txt")
  p99=$(awk '/whole flow/ {for (i = 1; i <= NF; i++) if ($i == "p99") print $(i + 1)}' "$WORK/flow.txt")
  cpu=$(awk -v a="$before" -v n="$FLOWS" -v hz="$(getconf CLK_TCK)" '{ printf "%.1f", ($14 + $15 - a) * 1000 / hz / n }' "/proc/$APP_PID/stat")
  read -r rss threads <"$WORK/mem-flow" || { rss="?"; threads="?"; }
  echo "${rps:-?} ${errors:-?} ${p99:-?} $cpu ${rss:-?} ${threads:-?}"
}

# --growth: the warm flow at several concurrencies, then the entry write with entries already in the contest.
growth() {
  local provider=$1 c series=0 first rps errors p99 cpu rss threads preload
  start_app "$provider"
  dotnet bench/Contestlet.Bench/bin/Release/net10.0/Contestlet.Bench.dll --base-url "$BASE" --contest "$CODE" \
    --contestants "$FLOW_WARMUP" --concurrency 32 --first-phone "+$FIRST_PHONE" --label "($provider, warm-up)" \
    --own-addresses true >/dev/null 2>&1 || true
  for c in $GROWTH_CONCURRENCY; do
    first=$((FIRST_PHONE + FLOW_WARMUP + series * FLOWS)); series=$((series + 1))
    read -r rps errors p99 cpu rss threads < <(measured_flow "($provider, c=$c)" "$c" "$first")
    rows+=("$provider|entry flow, concurrency $c|$rps flows/s|errors $errors, p99 $p99 ms|app CPU $cpu ms/flow, peak RSS $rss MB, $threads threads")
  done
  stop_app
  for preload in $GROWTH_PRELOAD; do
    mapfile -t args < <(floor_args "$provider" "$preload")
    dotnet bench/Contestlet.Bench.Admin/bin/Release/net10.0/Contestlet.Bench.Admin.dll "${args[@]}" >"$WORK/floor.txt" 2>&1 || true
    local hot raw
    hot=$(floor_figure "$WORK/floor.txt" "app, one hot contest")
    raw=$(floor_figure "$WORK/floor.txt" "raw replay")
    rows+=("$provider|entry write, $preload already in|hot ${hot:-?} entries/s|floor ${raw:-?} entries/s|hot ÷ floor $(ratio "${hot:-0}" "${raw:-0}")")
    if [[ -n "${SPIKE_VERBOSE:-}" ]]; then cat "$WORK/floor.txt"; fi
  done
}

echo "spike bench: commit $(git rev-parse --short=12 HEAD), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), concurrency $CONCURRENCY"
if ((GROWTH)); then
  echo "growth: flows at concurrency $GROWTH_CONCURRENCY ($FLOWS each, after $FLOW_WARMUP warm-up); entry writes with $GROWTH_PRELOAD already in ($FLOOR per series, concurrency $CONCURRENCY)"
  for provider in $PROVIDERS; do growth "$provider"; done
  PROVIDERS=""
fi
for provider in $PROVIDERS; do
  start_app "$provider"
  # Warm-up: JIT, EF query compilation, connection pools.
  wrk -t2 -c8 -d2s "$BASE/c/$CODE" >/dev/null 2>&1 || true
  wrk -t2 -c8 -d2s "$BASE/" >/dev/null 2>&1 || true
  wrk -t2 -c8 -d2s "$BASE/health" >/dev/null 2>&1 || true

  read -r health_rps health_err health_p99 < <(page_rps /health)
  read -r contest_rps contest_err contest_p99 < <(page_rps "/c/$CODE")
  read -r home_rps home_err home_p99 < <(page_rps /)
  read -r rules_rps rules_err rules_p99 < <(page_rps "/c/$CODE/rules")
  read -r health2_rps _ _ < <(page_rps /health)
  ceiling=$(awk -v a="$health_rps" -v b="$health2_rps" 'BEGIN { print (a + b) / 2 }')

  cold_rps="-"
  if ((FLOW_WARMUP > 0)); then
    dotnet bench/Contestlet.Bench/bin/Release/net10.0/Contestlet.Bench.dll --base-url "$BASE" --contest "$CODE" \
      --contestants "$FLOW_WARMUP" --concurrency "$CONCURRENCY" --first-phone "+$((FIRST_PHONE + FLOWS))" --label "($provider, cold)" \
      --own-addresses true >"$WORK/flow-cold.txt" 2>&1 || true
    cold_rps=$(awk '/entries\/s:/ {print $NF}' "$WORK/flow-cold.txt")
  fi
  read -r flow_rps flow_err flow_p99 flow_cpu_ms rss threads < <(measured_flow "($provider)" "$CONCURRENCY" "$FIRST_PHONE")
  stop_app

  mapfile -t floor_args < <(floor_args "$provider" 0)
  dotnet bench/Contestlet.Bench.Admin/bin/Release/net10.0/Contestlet.Bench.Admin.dll "${floor_args[@]}" >"$WORK/floor.txt" 2>&1 || true
  hot=$(floor_figure "$WORK/floor.txt" "app, one hot contest")
  spread=$(floor_figure "$WORK/floor.txt" "app, spread over")
  raw=$(floor_figure "$WORK/floor.txt" "raw replay")

  rows+=("$provider|/health (ceiling)|$ceiling req/s (runs $health_rps, $health2_rps)|errors $health_err, p99 $health_p99|100%")
  rows+=("$provider|contest page /c/{code}|$contest_rps req/s|errors $contest_err, p99 $contest_p99|$(ratio "$contest_rps" "$ceiling") of /health (target ≥ 25%)")
  rows+=("$provider|home /|$home_rps req/s|errors $home_err, p99 $home_p99|$(ratio "$home_rps" "$ceiling") of /health (target ≥ 25%)")
  rows+=("$provider|rules /c/{code}/rules|$rules_rps req/s|errors $rules_err, p99 $rules_p99|$(ratio "$rules_rps" "$ceiling") of /health")
  rows+=("$provider|entry flow, cold ($FLOW_WARMUP contestants into the fresh app)|${cold_rps:-?} flows/s|-|-")
  rows+=("$provider|entry flow ($FLOWS contestants)|${flow_rps:-?} flows/s|errors ${flow_err:-?}, p99 ${flow_p99:-?} ms, app CPU ${flow_cpu_ms} ms/flow|target ≥ $([[ $provider == postgres ]] && echo 200 || echo 150)/s, p99 < 1 s")
  rows+=("$provider|app during the flow load|peak RSS ${rss} MB|peak threads ${threads}|target < 300 MB")
  rows+=("$provider|entry write, one hot contest|${hot:-?} entries/s||$(ratio "${hot:-0}" "${raw:-0}") of the raw floor (target ≥ 50%)")
  rows+=("$provider|entry write, spread over 10|${spread:-?} entries/s||hot ÷ spread $(ratio "${hot:-0}" "${spread:-0}")")
  rows+=("$provider|raw replay of its statements|${raw:-?} entries/s||floor")
  if [[ -n "${SPIKE_VERBOSE:-}" ]]; then cat "$WORK/flow-cold.txt" "$WORK/flow.txt" "$WORK/floor.txt" 2>/dev/null; fi
done

echo
printf '%-9s %-32s %-36s %-28s %s\n' provider what figure detail ratio
for row in "${rows[@]}"; do
  IFS='|' read -r p w f d r <<<"$row"
  printf '%-9s %-32s %-36s %-28s %s\n' "$p" "$w" "$f" "$d" "$r"
done
