#!/usr/bin/env bash
# Canary release: the idle colour gets a release and a share of the traffic; its own metrics decide promote or roll back.
set -euo pipefail
# shellcheck source=SCRIPTDIR/lib/deploy-common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/deploy-common.sh"

: "${CONTESTLET_CANARY_SHARE:=10}"
: "${CONTESTLET_CANARY_WINDOW:=300}"
: "${CONTESTLET_CANARY_MAX_ERROR_RATIO:=0.01}"
: "${CONTESTLET_CANARY_MAX_P95_MS:=1000}"
: "${CONTESTLET_CANARY_MIN_REQUESTS:=50}"
: "${CONTESTLET_CANARY_CHECK_EVERY:=5}"

usage() {
  cat <<USAGE
Usage: scripts/canary-deploy.sh --release DIR [--env-file FILE] [--share PCT] [--window SECONDS]
                                [--max-error-ratio R] [--max-p95-ms MS] [--min-requests N]

For changes too large to trust to a blue-green switch alone (docs/operations.md, "Canary or blue-green"):
  1. as blue-green-deploy.sh: the idle colour (all its \$CONTESTLET_INSTANCES instances) is pointed at the release,
     started, must answer /health/ready with the release's version, and is warmed up;
  2. nginx's upstream gets both colours, weighted so the canary takes --share percent of new requests (default
     $CONTESTLET_CANARY_SHARE); graceful reload;
  3. for --window seconds (default $CONTESTLET_CANARY_WINDOW) the canary's own /metrics are read every
     $CONTESTLET_CANARY_CHECK_EVERY s: its 5xx ratio and its p95 latency over the requests it served since the window
     began (health and metrics requests left out);
  4. promote: all traffic to the canary colour (the old colour keeps running for emergency-deploy.sh), exit 0;
     roll back, by itself, as soon as the 5xx ratio exceeds --max-error-ratio (default $CONTESTLET_CANARY_MAX_ERROR_RATIO)
     or the p95 exceeds --max-p95-ms (default $CONTESTLET_CANARY_MAX_P95_MS) over at least --min-requests (default
     $CONTESTLET_CANARY_MIN_REQUESTS) requests, or at the end of the window when it served fewer than that (it cannot be
     judged): traffic back to the live colour only, the canary stopped and the idle colour put back on its previous
     release; exit 1.
Migrations are not applied here (deploy-production.sh --canary migrates first; expand/contract keeps both colours
working on the new schema). Every setting also reads from CONTESTLET_CANARY_SHARE, _WINDOW, _MAX_ERROR_RATIO,
_MAX_P95_MS, _MIN_REQUESTS, _CHECK_EVERY. Other environment: as for blue-green-deploy.sh.
Appends one line to \$CONTESTLET_STATE_DIR/deploy.log (the verdict and its figures in the note).
USAGE
}

release=
source_env=
share=$CONTESTLET_CANARY_SHARE
window=$CONTESTLET_CANARY_WINDOW
max_error_ratio=$CONTESTLET_CANARY_MAX_ERROR_RATIO
max_p95_ms=$CONTESTLET_CANARY_MAX_P95_MS
min_requests=$CONTESTLET_CANARY_MIN_REQUESTS
while [[ $# -gt 0 ]]; do
  case $1 in
    --release) release=${2:?--release needs a directory}; shift 2 ;;
    --env-file) source_env=${2:?--env-file needs a file}; shift 2 ;;
    --share) share=${2:?--share needs a percentage}; shift 2 ;;
    --window) window=${2:?--window needs seconds}; shift 2 ;;
    --max-error-ratio) max_error_ratio=${2:?--max-error-ratio needs a ratio}; shift 2 ;;
    --max-p95-ms) max_p95_ms=${2:?--max-p95-ms needs milliseconds}; shift 2 ;;
    --min-requests) min_requests=${2:?--min-requests needs a count}; shift 2 ;;
    -h | --help) usage; exit 0 ;;
    *) usage >&2; die "unknown argument '$1'" ;;
  esac
done
[[ -n $release ]] || { usage >&2; die "--release is required"; }
[[ $share =~ ^[1-9][0-9]?$ ]] || die "--share must be 1 to 99 (percent)"
[[ $window =~ ^[1-9][0-9]*$ ]] || die "--window must be a whole number of seconds"
[[ $min_requests =~ ^[0-9]+$ && $max_p95_ms =~ ^[0-9]+$ ]] || die "--min-requests and --max-p95-ms must be whole numbers"
[[ $max_error_ratio =~ ^(0(\.[0-9]+)?|1(\.0+)?)$ ]] || die "--max-error-ratio must be between 0 and 1"
trap 'finish_with_log $?' EXIT

environment_name >/dev/null
[[ -n $source_env ]] || source_env=$(env_file)
[[ -r $source_env ]] || die "env file $source_env is missing (see deploy/env/$CONTESTLET_ENVIRONMENT.env.example)"
require_command curl awk "$CONTESTLET_NGINX_BIN"
release=$(cd "$release" 2>/dev/null && pwd) || die "release directory does not exist"
check_release "$release"
acquire_deploy_lock 0

active=$(active_colour)
[[ $active != none ]] || die "nginx routes to no colour yet: the first deploy is blue-green-deploy.sh (nothing to compare a canary with)"
idle=$(other_colour "$active")
DEPLOY_COLOUR=$idle
info "canary: $DEPLOY_VERSION ($DEPLOY_COMMIT) on $idle with $share% of the traffic for ${window}s; $active keeps the rest"

remember_colour "$idle"
read -r -a canary_instances <<<"$(colour_instances "$idle")"

for name in $(colour_instances_all "$idle"); do stop_instance "$name"; done
for name in "${canary_instances[@]}"; do
  install_instance "$name" "$release" "$source_env"
  start_instance "$name"
done
for name in "${canary_instances[@]}"; do
  if ! wait_instance_ready "$name" "$DEPLOY_VERSION" "$CONTESTLET_READY_TIMEOUT"; then
    warn "stopping $idle and leaving traffic on $active"
    restore_colour
    forget_colour
    die "$name never became ready with $DEPLOY_VERSION; traffic left on $active"
  fi
done
read -r -a warmup_paths <<<"$CONTESTLET_WARMUP_PATHS"
for name in "${canary_instances[@]}"; do
  for path in "${warmup_paths[@]}"; do http_get "$(instance_url "$name")$path" 30; done
done
info "$idle ready and warmed up (${canary_instances[*]})"

# The canary's request counters, summed over its instances: "total N", "errors N" and one "le BOUND N" line per
# latency bucket (cumulative, as Prometheus exposes them). Health and metrics requests are left out.
snapshot() {
  local name
  for name in "${canary_instances[@]}"; do
    http_get "$(instance_url "$name")/metrics" 10
    [[ $HTTP_STATUS == 200 ]] || continue
    printf '%s\n' "$HTTP_BODY"
  done | awk '
    /^http_server_request_duration_seconds_(bucket|count)\{/ {
      if ($0 ~ /http_route="\/(metrics|health)/) next
      match($0, /\}[^}]*$/); split(substr($0, RSTART + 1), parts, " "); value = parts[1] + 0  # labels may hold "}" (/c/{Code})
      if ($0 ~ /_count\{/) {
        total += value
        if ($0 ~ /http_response_status_code="5[0-9][0-9]"/) errors += value
      } else if (match($0, /le="[^"]*"/)) {
        le = substr($0, RSTART + 4, RLENGTH - 5); bucket[le] += value
      }
    }
    END { printf "total %d\nerrors %d\n", total, errors; for (le in bucket) printf "le %s %d\n", le, bucket[le] }'
}
# Sets REQUESTS, ERRORS, P95_MS (or "over-<largest bucket>"), ERROR_RATIO from two snapshots.
judge() { # BEFORE AFTER
  read -r REQUESTS ERRORS P95_MS < <(awk '
    FNR == NR { if ($1 == "le") b0[$2] = $3; else v0[$1] = $2; next }
    { if ($1 == "le") b1[$2] = $3; else v1[$1] = $2 }
    END {
      total = v1["total"] - v0["total"]; errors = v1["errors"] - v0["errors"]; p95 = "-"
      n = 0; for (le in b1) if (le != "+Inf") bounds[++n] = le + 0
      for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (bounds[j] < bounds[i]) { t = bounds[i]; bounds[i] = bounds[j]; bounds[j] = t }
      if (total > 0) {
        p95 = "over-" int(bounds[n] * 1000)
        for (i = 1; i <= n; i++) { le = bounds[i]; c = 0
          for (k in b1) if (k != "+Inf" && k + 0 == le) c = b1[k] - b0[k]
          if (c >= 0.95 * total) { p95 = int(le * 1000); break } }
      }
      printf "%d %d %s\n", total, errors, p95
    }' <(printf '%s\n' "$1") <(printf '%s\n' "$2"))
  ERROR_RATIO=$(awk -v e="$ERRORS" -v t="$REQUESTS" 'BEGIN { printf "%.4f", (t > 0 ? e / t : 0) }')
}
too_slow() { [[ $P95_MS == over-* ]] || ((P95_MS > max_p95_ms)); }
too_many_errors() { awk -v r="$ERROR_RATIO" -v m="$max_error_ratio" 'BEGIN { exit !(r > m) }'; }

file=$CONTESTLET_NGINX_UPSTREAM_FILE
cp -p "$file" "$file.previous"
write_upstream "$active" "$idle" "$share"
reload_nginx_with_upstream
before=$(snapshot)
window_started=$SECONDS
verdict=
info "nginx: $active $((100 - share))%, canary $idle $share%; watching $idle's metrics for ${window}s (5xx ratio <= $max_error_ratio, p95 <= ${max_p95_ms} ms, at least $min_requests requests)"
while ((SECONDS - window_started < window)); do
  sleep "$CONTESTLET_CANARY_CHECK_EVERY"
  judge "$before" "$(snapshot)"
  info "  after $((SECONDS - window_started))s: $REQUESTS requests, $ERRORS 5xx (ratio $ERROR_RATIO), p95 ${P95_MS} ms"
  if ((REQUESTS >= min_requests)) && too_many_errors; then verdict="5xx ratio $ERROR_RATIO > $max_error_ratio"; break; fi
  if ((REQUESTS >= min_requests)) && too_slow; then verdict="p95 ${P95_MS} ms > ${max_p95_ms} ms"; break; fi
done
if [[ -z $verdict ]] && ((REQUESTS < min_requests)); then
  verdict="only $REQUESTS requests in ${window}s (fewer than $min_requests): the canary cannot be judged"
fi
FIGURES="$REQUESTS requests, $ERRORS 5xx, p95 ${P95_MS} ms in $((SECONDS - window_started))s at $share%"

if [[ -n $verdict ]]; then
  warn "canary $idle fails: $verdict; rolling back"
  rolled_back_at=$(now_ms)
  cp -p "$file" "$file.previous"
  write_upstream "$active"
  reload_nginx_with_upstream
  rm -f "$file.previous"
  traffic_ms=$(elapsed_ms_since "$rolled_back_at")
  restore_colour
  forget_colour
  die "canary rolled back (traffic back in $traffic_ms ms, $idle restored in $(elapsed_ms_since "$rolled_back_at") ms): $verdict ($FIGURES); traffic on $active only"
fi
rm -f "$file.previous"
switch_traffic "$idle" "$DEPLOY_VERSION" "$DEPLOY_COMMIT"
DEPLOY_NOTE="canary promoted: $FIGURES; switch ${SWITCH_MS}ms; previous colour $active kept running"
info "canary promoted ($FIGURES): all traffic on $idle ($DEPLOY_VERSION); $active stays up for scripts/emergency-deploy.sh"
