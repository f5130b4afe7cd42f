#!/usr/bin/env bash
# Starts a release on the idle colour, waits for /health/ready, switches nginx to it, keeps the old colour running.
set -euo pipefail
# shellcheck source=SCRIPTDIR/lib/deploy-common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/deploy-common.sh"

usage() {
  cat <<USAGE
Usage: scripts/blue-green-deploy.sh --release DIR [--env-file FILE]

Zero-downtime switch between the two production colours (blue on \$CONTESTLET_BLUE_PORT, green on
\$CONTESTLET_GREEN_PORT; \$CONTESTLET_INSTANCES instances each, default 1: blue-2 on the blue port + 100, ...), behind
nginx:
  1. the idle colour (the one nginx does not route to) is stopped and pointed at the release;
  2. it is started and must answer /health/ready (database reachable, schema current, right version) within
     \$CONTESTLET_READY_TIMEOUT seconds;
  3. a few pages are requested from it directly (\$CONTESTLET_WARMUP_PATHS, default "/ /signin") to warm it up;
     nginx's upstream file is rewritten and nginx reloaded gracefully (in-flight requests finish on the old colour);
     the switch is confirmed through \$CONTESTLET_PUBLIC_URL;
  4. the old colour keeps running, so scripts/emergency-deploy.sh can switch back in seconds.
If any instance of the new colour never gets ready, every instance of the colour is stopped, the idle colour is put
back on the release it had (and restarted if it was running), and traffic is left untouched. The script then exits 1.

Migrations are NOT applied here: deploy-production.sh migrates before calling this (expand/contract, see
docs/decisions/008-expand-contract-migrations.md).

  --release DIR     a publish output (scripts/publish-release.sh)
  --env-file FILE   the environment's variables (default \$CONTESTLET_CONFIG_DIR/\$CONTESTLET_ENVIRONMENT.env)

Environment (defaults): CONTESTLET_ENVIRONMENT=production, CONTESTLET_HOME=/opt/contestlet,
CONTESTLET_CONFIG_DIR=/etc/contestlet, CONTESTLET_STATE_DIR=/var/lib/contestlet, CONTESTLET_BLUE_PORT=5001,
CONTESTLET_GREEN_PORT=5002, CONTESTLET_SERVICE_MANAGER=auto (systemd | process),
CONTESTLET_NGINX_UPSTREAM_FILE=/etc/nginx/contestlet-upstream.conf, CONTESTLET_NGINX_BIN=nginx, CONTESTLET_NGINX_CONF,
CONTESTLET_NGINX_PREFIX, CONTESTLET_PUBLIC_URL=http://127.0.0.1, CONTESTLET_READY_TIMEOUT=90, CONTESTLET_NOT_READY_GRACE=30
(an instance answering 503 this long is given up on early), CONTESTLET_SWITCH_TIMEOUT=15.
Appends one line to \$CONTESTLET_STATE_DIR/deploy.log.
USAGE
}

release=
source_env=
while [[ $# -gt 0 ]]; do
  case $1 in
    --release) release=${2:?--release needs a directory}; shift 2 ;;
    --env-file) source_env=${2:?--env-file needs a file}; shift 2 ;;
    -h | --help) usage; exit 0 ;;
    *) usage >&2; die "unknown argument '$1'" ;;
  esac
done
[[ -n $release ]] || { usage >&2; die "--release is required"; }
trap 'finish_with_log $?' EXIT

environment_name >/dev/null
[[ -n $source_env ]] || source_env=$(env_file)
[[ -r $source_env ]] || die "env file $source_env is missing (see deploy/env/$CONTESTLET_ENVIRONMENT.env.example)"
require_command curl "$CONTESTLET_NGINX_BIN"
release=$(cd "$release" 2>/dev/null && pwd) || die "release directory does not exist"
check_release "$release"
acquire_deploy_lock 0

active=$(active_colour)
if [[ $active == none ]]; then
  idle=blue
else
  idle=$(other_colour "$active")
fi
DEPLOY_COLOUR=$idle
if [[ $active == none ]]; then
  info "first deploy: $DEPLOY_VERSION ($DEPLOY_COMMIT) goes to $idle"
else
  info "deploying $DEPLOY_VERSION ($DEPLOY_COMMIT) to $idle; traffic stays on $active until $idle is ready"
fi

# What the idle colour held before, to put it back if the new release never gets ready.
remember_colour "$idle"
read -r -a idle_instances <<<"$(colour_instances "$idle")"

for name in $(colour_instances_all "$idle"); do stop_instance "$name"; done
for name in "${idle_instances[@]}"; do
  install_instance "$name" "$release" "$source_env"
  info "starting $name on port $(instance_port "$name") ($(service_manager) mode)"
  start_instance "$name"
done
ready_started=$(now_ms)
ready_count=0
for name in "${idle_instances[@]}"; do
  if ! wait_instance_ready "$name" "$DEPLOY_VERSION" "$CONTESTLET_READY_TIMEOUT"; then
    warn "stopping every instance of $idle and leaving traffic on $active"
    restore_colour
    forget_colour
    die "$name never became ready with $DEPLOY_VERSION; traffic left on $active"
  fi
  ready_count=$((ready_count + 1))
  info "$name ready ($ready_count of ${#idle_instances[@]})"
done
forget_colour
info "$idle ready in $(($(elapsed_ms_since "$ready_started"))) ms (${#idle_instances[@]} instance(s): ${idle_instances[*]})"
# First requests to a fresh process pay for JIT and caches; pay it here rather than in the users' first requests.
warm_started=$(now_ms)
read -r -a warmup_paths <<<"$CONTESTLET_WARMUP_PATHS"
for name in "${idle_instances[@]}"; do
  for path in "${warmup_paths[@]}"; do
    http_get "$(instance_url "$name")$path" 30
  done
done
info "$idle warmed up (${warmup_paths[*]}) in $(elapsed_ms_since "$warm_started") ms"

switch_traffic "$idle" "$DEPLOY_VERSION" "$DEPLOY_COMMIT"
DEPLOY_NOTE="switch ${SWITCH_MS}ms; previous colour $active kept running"
info "traffic on $idle ($DEPLOY_VERSION, $DEPLOY_COMMIT): switch took ${SWITCH_MS} ms"
if [[ $active != none ]]; then
  info "$active stays up on $(basename "$(instance_release "$active")") for scripts/emergency-deploy.sh"
fi
