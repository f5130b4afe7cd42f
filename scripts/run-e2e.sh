#!/usr/bin/env bash
# Runs the Playwright journeys (Contestlet.E2E) against a deployed environment, e.g. staging from CI.
set -euo pipefail
# shellcheck source=SCRIPTDIR/lib/deploy-common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/deploy-common.sh"

usage() {
  cat <<USAGE
Usage: scripts/run-e2e.sh BASE_URL

Runs 'dotnet test Contestlet.E2E -c Release --filter Runs=Anywhere' with CONTESTLET_E2E_BASE_URL=BASE_URL, so the
journeys drive the deployed app instead of starting one. Only journeys marked Runs=Anywhere run there (browsing, and
the QA number entering an open contest); those that read the dev SMS outbox, move the dev clock or use the demo data
(Runs=Development) run in 'bash scripts/test.sh' against a local app. Sign-in uses the QA test number: CONTESTLET_E2E_QA_PHONE and
CONTESTLET_E2E_QA_CODE (defaults +15555550100 / 424242; staging's env file must list the same number and code).
Browser: CONTESTLET_CHROMIUM, else Debian's /usr/bin/chromium, else /usr/bin/google-chrome (GitHub's runners),
else Debian's chromium package is installed with apt-get. Results and screenshots: TestResults/.
USAGE
}
[[ ${1:-} == -h || ${1:-} == --help ]] && { usage; exit 0; }
[[ $# -eq 1 ]] || { usage >&2; die "BASE_URL is required"; }
base=${1%/}
[[ $base =~ ^https?://[^/]+$ ]] || die "BASE_URL must be scheme://host[:port] (got '$1')"
require_command "$CONTESTLET_DOTNET" curl

if [[ -z ${CONTESTLET_CHROMIUM:-} ]]; then
  if [[ -x /usr/bin/chromium ]]; then
    export CONTESTLET_CHROMIUM=/usr/bin/chromium
  elif [[ -x /usr/bin/google-chrome ]]; then
    export CONTESTLET_CHROMIUM=/usr/bin/google-chrome
  else
    sudo=
    [[ $(id -u) -eq 0 ]] || sudo=sudo
    info "installing Debian's chromium"
    $sudo apt-get -o DPkg::Lock::Timeout=600 update -qq || die "apt-get update failed"
    DEBIAN_FRONTEND=noninteractive $sudo apt-get -o DPkg::Lock::Timeout=600 install -y -qq chromium >/dev/null \
      || die "could not install chromium; set CONTESTLET_CHROMIUM to a Chromium or Chrome binary"
    export CONTESTLET_CHROMIUM=/usr/bin/chromium
  fi
fi

"$CONTESTLET_SCRIPTS_DIR/health-check.sh" --deadline 60 "$base/health/ready" || die "$base is not ready; not running the journeys"
export CONTESTLET_E2E_BASE_URL=$base
mkdir -p "$CONTESTLET_REPO_DIR/TestResults"
export CONTESTLET_E2E_SCREENSHOTS="$CONTESTLET_REPO_DIR/TestResults/screenshots"
info "Playwright journeys that run anywhere (Runs=Anywhere) against $base with $CONTESTLET_CHROMIUM;" \
  "the Development-only ones (dev outbox, dev clock, demo data) run locally in scripts/test.sh"
"$CONTESTLET_DOTNET" test "$CONTESTLET_REPO_DIR/Contestlet.E2E" -c Release --nologo --filter "Runs=Anywhere" \
  --logger "trx;LogFileName=e2e-$(date -u +%Y%m%dT%H%M%SZ).trx" --logger "console;verbosity=normal" \
  --results-directory "$CONTESTLET_REPO_DIR/TestResults" || die "Playwright journeys failed against $base"
