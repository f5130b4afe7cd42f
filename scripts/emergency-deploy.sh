#!/usr/bin/env bash
# Switches production traffic back to the previous colour in seconds (the rollback of docs/deployment-strategy.md §6).
set -euo pipefail
# shellcheck source=SCRIPTDIR/lib/deploy-common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/deploy-common.sh"

usage() {
  cat <<USAGE
Usage: scripts/emergency-deploy.sh [--to blue|green] [--wait SECONDS] [--reason TEXT]

Rollback without a build: nginx is pointed back at the other colour, which blue-green-deploy.sh left running on the
previous release. If that colour is not running (host restart, stopped by hand) it is started on the release its
symlink still points at and must pass /health/ready first. The colour that had traffic keeps running, for forensics;
the next deploy replaces it.

It does not touch the database (migrations are expand/contract, so the previous release works on the current schema;
see docs/decisions/008-expand-contract-migrations.md) and it never rewrites git history: revert the bad commit on
main afterwards (docs/operations.md, "Rollback").

  --to COLOUR     colour to send traffic to (default: the one without traffic)
  --wait SECONDS  how long to wait for a running deploy's lock before giving up (default 10)
  --reason TEXT   why, recorded in the deploy log

Environment: as for blue-green-deploy.sh (CONTESTLET_NGINX_*, CONTESTLET_PUBLIC_URL, ports, CONTESTLET_STATE_DIR, ...).
Appends one line to \$CONTESTLET_STATE_DIR/deploy.log.
USAGE
}

target=
wait=10
reason=
while [[ $# -gt 0 ]]; do
  case $1 in
    --to) target=${2:?--to needs a colour}; shift 2 ;;
    --wait) wait=${2:?--wait needs seconds}; shift 2 ;;
    --reason) reason=${2:?--reason needs a text}; shift 2 ;;
    -h | --help) usage; exit 0 ;;
    *) usage >&2; die "unknown argument '$1'" ;;
  esac
done
trap 'finish_with_log $?' EXIT
started=$(now_ms)
environment_name >/dev/null
require_command curl "$CONTESTLET_NGINX_BIN"
acquire_deploy_lock "$wait"

active=$(active_colour)
if [[ -z $target ]]; then
  [[ $active != none ]] || die "nginx routes to no colour yet ($CONTESTLET_NGINX_UPSTREAM_FILE); nothing to roll back"
  target=$(other_colour "$active")
fi
other_colour "$target" >/dev/null
[[ $target != "$active" ]] || die "traffic is already on $target"
DEPLOY_COLOUR=$target
release=$(instance_release "$target")
[[ -n $release && -f $release/Contestlet.Web.dll ]] || die "$target points at no release; there is nothing to roll back to"
DEPLOY_VERSION=$(release_value "$release" VERSION)
DEPLOY_COMMIT=$(release_value "$release" COMMIT)
info "rolling back: traffic $active -> $target ($DEPLOY_VERSION, $DEPLOY_COMMIT)"

for name in $(colour_instances "$target"); do
  if ! instance_running "$name"; then
    [[ -f $(instance_env_file "$name") ]] || die "$name was never deployed; set CONTESTLET_INSTANCES to the count $target was deployed with"
    info "$name is not running; starting it on $(basename "$(instance_release "$name")")"
    start_instance "$name"
  fi
done
for name in $(colour_instances "$target"); do
  wait_instance_ready "$name" "$DEPLOY_VERSION" "$CONTESTLET_READY_TIMEOUT" \
    || die "$name is not ready; traffic left on $active. Fix forward or restore a backup (docs/operations.md)"
done

switch_traffic "$target" "$DEPLOY_VERSION" "$DEPLOY_COMMIT"
total=$(elapsed_ms_since "$started")
DEPLOY_NOTE="rollback from $active; switch ${SWITCH_MS}ms; total ${total}ms${reason:+; reason: $reason}"
info "traffic on $target ($DEPLOY_VERSION) after ${total} ms (nginx switch ${SWITCH_MS} ms); $active left running"
info "next: revert the bad commit on main (git revert, never reset/force-push) and deploy again"
