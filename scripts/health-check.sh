#!/usr/bin/env bash
# Checks a Contestlet health endpoint, retrying until a deadline; optionally records the result for uptime metrics.
set -euo pipefail
# shellcheck source=SCRIPTDIR/lib/deploy-common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/deploy-common.sh"

usage() {
  cat <<USAGE
Usage: scripts/health-check.sh [options] [URL]

Succeeds as soon as URL answers 200 (and the expected version/commit, when given); retries every --interval seconds
until --deadline seconds have passed, then fails with the last answer.
URL defaults to \$CONTESTLET_PUBLIC_URL/health/ready; a base URL without /health gets /health/ready appended.

  --deadline S          give up after S seconds (default 60)
  --interval S          pause between attempts (default 1)
  --once                a single attempt (a probe, e.g. from cron or the systemd timer in deploy/systemd)
  --expect-version V    the JSON's "version" must be V
  --expect-commit C     the JSON's "commit" must be C
  --record              append the outcome to \$CONTESTLET_STATE_DIR/health-probe.log (epoch, time, URL, up|down,
                        HTTP status, ms), which scripts/deploy-metrics.sh turns into uptime and recovery times
USAGE
}

deadline_s=60
interval=1
once=0
record=0
expect_version=
expect_commit=
url=
while [[ $# -gt 0 ]]; do
  case $1 in
    --deadline) deadline_s=${2:?--deadline needs seconds}; shift 2 ;;
    --interval) interval=${2:?--interval needs seconds}; shift 2 ;;
    --once) once=1; shift ;;
    --record) record=1; shift ;;
    --expect-version) expect_version=${2:?--expect-version needs a value}; shift 2 ;;
    --expect-commit) expect_commit=${2:?--expect-commit needs a value}; shift 2 ;;
    -h | --help) usage; exit 0 ;;
    -*) usage >&2; die "unknown option '$1'" ;;
    *) [[ -z $url ]] || die "only one URL"; url=$1; shift ;;
  esac
done
require_command curl
[[ -n $url ]] || url="$CONTESTLET_PUBLIC_URL/health/ready"
[[ $url =~ ^https?://[^/]+(/.*)?$ ]] || die "'$url' is not an http(s) URL"
[[ $url == */health* ]] || url="${url%/}/health/ready"
[[ $deadline_s =~ ^[0-9]+$ ]] || die "--deadline must be whole seconds"

record_probe() {
  local outcome=$1 ms=$2 file
  [[ $record == 1 ]] || return 0
  file="$CONTESTLET_STATE_DIR/health-probe.log"
  mkdir -p "$(dirname "$file")"
  printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$(date -u +%s)" "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$url" "$outcome" "$HTTP_STATUS" "$ms" >>"$file"
}

deadline=$((SECONDS + deadline_s))
attempt=0
while true; do
  attempt=$((attempt + 1))
  started=$(now_ms)
  http_get "$url" 10
  ms=$(elapsed_ms_since "$started")
  problem=
  if [[ $HTTP_STATUS != 200 ]]; then
    problem="HTTP $HTTP_STATUS"
    [[ $HTTP_STATUS == 000 ]] && problem="no answer (connection refused or timed out)"
    status=$(json_field status "$HTTP_BODY")
    [[ $status != - ]] && problem+=" status=$status database=$(json_field database "$HTTP_BODY") schema=$(json_field schema "$HTTP_BODY")"
  elif [[ -n $expect_version && $(json_field version "$HTTP_BODY") != "$expect_version" ]]; then
    problem="version $(json_field version "$HTTP_BODY"), expected $expect_version"
  elif [[ -n $expect_commit && $(json_field commit "$HTTP_BODY") != "$expect_commit" ]]; then
    problem="commit $(json_field commit "$HTTP_BODY"), expected $expect_commit"
  fi
  if [[ -z $problem ]]; then
    record_probe up "$ms"
    info "$url healthy (version $(json_field version "$HTTP_BODY"), commit $(json_field commit "$HTTP_BODY"), ${ms} ms, attempt $attempt)"
    exit 0
  fi
  if [[ $once == 1 ]] || ((SECONDS >= deadline)); then
    record_probe down "$ms"
    die "$url unhealthy after $attempt attempt(s): $problem"
  fi
  info "attempt $attempt: $problem; retrying"
  sleep "$interval"
done
