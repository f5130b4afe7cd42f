#!/usr/bin/env bash
# Checks deploy/prometheus and proves a real Prometheus scrapes the app (loopback only, bounded waits).
set -euo pipefail

usage() {
  cat <<'USAGE'
Usage: scripts/tests/prometheus-test.sh

  1. promtool check config deploy/prometheus/prometheus.yml
  2. promtool check rules deploy/prometheus/rules/*.yml
  3. promtool test rules deploy/prometheus/tests/*.test.yml (a unit test for each alert)
  4. starts the built app (Development, a throwaway SQLite file) and Debian's prometheus on 127.0.0.1 with the
     checked-in rules and a 1 s scrape of the app, then asks Prometheus' HTTP API for the app's series
     (up, the Contestlet meter's gauges, ASP.NET Core request durations, runtime) and for the loaded alert rules.
Needs a built solution (dotnet build), curl, and prometheus/promtool (apt-get install prometheus).
USAGE
}
[[ ${1:-} == -h || ${1:-} == --help ]] && { usage; exit 0; }

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
APP_DLL=${CONTESTLET_APP_DLL:-$REPO/Contestlet.Web/bin/Debug/net10.0/Contestlet.Web.dll}
T=$(mktemp -d /tmp/contestlet-prometheus-test.XXXXXX)
APP_PID=
PROM_PID=
started=$SECONDS

log() { printf '%s prometheus-test: %s\n' "$(date -u +%H:%M:%S)" "$*"; }
fail() {
  printf '%s prometheus-test: FAIL: %s\n' "$(date -u +%H:%M:%S)" "$*" >&2
  exit 1
}
cleanup() {
  local status=$?
  [[ -n $PROM_PID ]] && kill "$PROM_PID" 2>/dev/null && wait "$PROM_PID" 2>/dev/null
  [[ -n $APP_PID ]] && kill "$APP_PID" 2>/dev/null && wait "$APP_PID" 2>/dev/null
  if [[ $status -eq 0 ]]; then rm -rf "$T"; else echo "prometheus-test: files kept in $T" >&2; fi
  exit "$status"
}
trap cleanup EXIT

{ command -v promtool && command -v prometheus; } >/dev/null || fail "prometheus/promtool missing (apt-get install prometheus; scripts/test.sh installs it)"
[[ -f $APP_DLL ]] || fail "$APP_DLL not built (dotnet build Contestlet.sln)"

promtool check config "$REPO/deploy/prometheus/prometheus.yml" >"$T/check-config.txt" 2>&1 || { cat "$T/check-config.txt" >&2; fail "promtool check config"; }
promtool check rules "$REPO"/deploy/prometheus/rules/*.yml >"$T/check-rules.txt" 2>&1 || { cat "$T/check-rules.txt" >&2; fail "promtool check rules"; }
promtool test rules "$REPO"/deploy/prometheus/tests/*.test.yml >"$T/test-rules.txt" 2>&1 || { cat "$T/test-rules.txt" >&2; fail "promtool test rules"; }
alerts=$(grep -c '^ *- alert:' "$REPO"/deploy/prometheus/rules/*.yml | awk -F: '{ s += $NF } END { print s }')
tested=$(grep -ho 'alertname: [A-Za-z]*' "$REPO"/deploy/prometheus/tests/*.test.yml | sort -u | wc -l)
[[ $tested -ge $alerts ]] || fail "$alerts alerts but only $tested have a unit test"
log "promtool: config valid, rules valid, $tested of $alerts alerts unit-tested: all pass"

# shellcheck source=SCRIPTDIR/lib/ports.sh
source "$REPO/scripts/tests/lib/ports.sh"
pick_port APP_PORT || fail "no free port"
pick_port PROM_PORT || fail "no free port"

(cd "$T" && exec env ASPNETCORE_ENVIRONMENT=Development ASPNETCORE_URLS="http://127.0.0.1:$APP_PORT" \
  DATABASE_URL="sqlite:///$T/app.db" CONTESTLET_INSTANCE=prometheus-test dotnet "$APP_DLL") >"$T/app.log" 2>&1 &
APP_PID=$!
for _ in {1..240}; do
  [[ $(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "http://127.0.0.1:$APP_PORT/health/ready") == 200 ]] && break
  kill -0 "$APP_PID" 2>/dev/null || { tail -n 30 "$T/app.log" >&2; fail "the app exited"; }
  sleep 0.5
done
curl -s -o /dev/null --max-time 30 "http://127.0.0.1:$APP_PORT/" || fail "the app does not answer /"

# The checked-in rules with a scrape of this app every second (the checked-in config scrapes the real ports).
mkdir -p "$T/prom/rules" "$T/prom/data"
cp "$REPO"/deploy/prometheus/rules/*.yml "$T/prom/rules/"
cat >"$T/prom/prometheus.yml" <<YAML
global:
  scrape_interval: 1s
  evaluation_interval: 1s
rule_files:
  - rules/*.yml
scrape_configs:
  - job_name: contestlet
    metrics_path: /metrics
    static_configs:
      - targets: ["127.0.0.1:$APP_PORT"]
        labels: { colour: test }
YAML
prometheus --config.file="$T/prom/prometheus.yml" --storage.tsdb.path="$T/prom/data" \
  --web.listen-address="127.0.0.1:$PROM_PORT" --log.level=warn >"$T/prometheus.log" 2>&1 &
PROM_PID=$!

query() { # PROMQL → number of series in the result
  curl -sS --max-time 5 --get --data-urlencode "query=$1" "http://127.0.0.1:$PROM_PORT/api/v1/query" 2>/dev/null \
    | grep -o '"metric":' | wc -l
}
wanted=(
  'up{job="contestlet"} == 1'
  'contestlet_outbox_depth{job="contestlet"}'
  'contestlet_signin_sms_budget_limit{job="contestlet",window="hour"}'
  'http_server_request_duration_seconds_count{job="contestlet",http_route="/"}'
  'dotnet_gc_collections_total{job="contestlet"}'
  'target_info{job="contestlet",service_instance_id="prometheus-test"}'
)
for series in "${wanted[@]}"; do
  found=0
  for _ in {1..60}; do
    kill -0 "$PROM_PID" 2>/dev/null || { tail -n 30 "$T/prometheus.log" >&2; fail "prometheus exited"; }
    [[ $(query "$series") -ge 1 ]] && { found=1; break; }
    sleep 0.5
  done
  [[ $found == 1 ]] || fail "Prometheus has no series for $series (scrape targets: $(curl -s "http://127.0.0.1:$PROM_PORT/api/v1/targets" | head -c 600))"
done
rules=$(curl -sS --max-time 5 "http://127.0.0.1:$PROM_PORT/api/v1/rules")
loaded=$(grep -o '"type":"alerting"' <<<"$rules" | wc -l)
[[ $loaded -eq $alerts ]] || fail "Prometheus loaded $loaded alerting rules, the rules files have $alerts"
! grep -q '"health":"err"' <<<"$rules" || fail "a rule fails to evaluate: $(grep -o '"lastError":"[^"]*"' <<<"$rules" | sort -u | head -3)"
firing=$(curl -sS --max-time 5 "http://127.0.0.1:$PROM_PORT/api/v1/alerts" | { grep -o '"alertname":"[^"]*"' || true; } | sort -u | tr '\n' ' ')
log "real Prometheus scraped the app: ${#wanted[@]} series found through its HTTP API, $loaded alert rules loaded and evaluating${firing:+, pending/firing: $firing}"
log "passed in $((SECONDS - started))s"
