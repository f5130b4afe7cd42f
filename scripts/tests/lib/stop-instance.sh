#!/usr/bin/env bash
# Stops the app instance listening on ADDRESS (host:port, as nginx's $upstream_addr names it) the way the deploy scripts
# stop one (SIGTERM, then SIGKILL after CONTESTLET_STOP_TIMEOUT), and prints its name (blue, blue-2, ...). Used by the
# console fail-over journey (Contestlet.E2E ClusterJourneys), which scripts/tests/instances-test.sh runs with the deploy
# scripts' settings exported (CONTESTLET_STATE_DIR, CONTESTLET_BLUE_PORT, ...). Exits 1 when no running instance has
# that port.
set -euo pipefail
# shellcheck source=SCRIPTDIR/../../lib/deploy-common.sh
source "$(dirname "${BASH_SOURCE[0]}")/../../lib/deploy-common.sh"

[[ $# -eq 1 && $1 =~ :([0-9]+)$ ]] || die "usage: stop-instance.sh HOST:PORT"
port=${BASH_REMATCH[1]}
for colour in blue green; do
  for name in $(colour_instances_all "$colour"); do
    if [[ $(instance_port "$name") == "$port" ]] && instance_running "$name"; then
      stop_instance "$name"
      echo "$name"
      exit 0
    fi
  done
done
die "no running instance listens on port $port"
