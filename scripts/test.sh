#!/usr/bin/env bash
# Runs every test suite of Contestlet, on a fresh machine as on a laptop:
#   1. installs what is missing (Debian's chromium, postgresql, nginx) when it can (root or sudo);
#   2. starts a private PostgreSQL on 127.0.0.1 (scripts/test-postgres.sh) and stops it at the end;
#   3. builds the solution (warnings are errors, unused usings included), checks the formatting (dotnet format
#      whitespace) and every shell script (shellcheck), and runs, in order: domain + component + integration tests
#      (Contestlet.Web.Tests, real SQLite files and the real PostgreSQL), the Playwright journeys (Contestlet.E2E,
#      real Chromium against the real app), the deployment test (scripts/tests/deploy-test.sh), the Prometheus test
#      and the operations drills (scripts/tests/fault-test.sh, scripts/tests/instances-test.sh).
# Every suite runs even if an earlier one failed; the exit code is non-zero if any failed. Results: TestResults/.
# The console shows only failures, each with the app's log captured during that test (Contestlet.Testing); every
# test's outcome and a failing test's log are also in the TRX files.
# Options: --no-e2e / --no-deploy skip those suites (for quick local runs only; CI runs everything).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$(pwd)
RESULTS="$ROOT/TestResults"
RUN_E2E=1
RUN_DEPLOY=1
for arg in "$@"; do
  case "$arg" in
    --no-e2e) RUN_E2E=0 ;;
    --no-deploy) RUN_DEPLOY=0 ;;
    -h|--help) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "test.sh: unknown option $arg (see --help)" >&2; exit 2 ;;
  esac
done
if [[ "${CI:-}" == "true" && ( $RUN_E2E -eq 0 || $RUN_DEPLOY -eq 0 ) ]]; then
  echo "test.sh: CI must run every suite; --no-e2e/--no-deploy are for local use" >&2
  exit 2
fi

export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
step() { printf '\n==> %s\n' "$*"; }

install_system_packages() {
  local missing=()
  [[ -x "${CONTESTLET_CHROMIUM:-/usr/bin/chromium}" ]] || missing+=(chromium)
  compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || missing+=(postgresql)
  command -v nginx >/dev/null 2>&1 || [[ -x /usr/sbin/nginx ]] || missing+=(nginx)
  command -v promtool >/dev/null 2>&1 || missing+=(prometheus)
  command -v npm >/dev/null 2>&1 || missing+=(nodejs npm)
  command -v shellcheck >/dev/null 2>&1 || missing+=(shellcheck)
  ((${#missing[@]} == 0)) && return 0
  step "Installing ${missing[*]} (Debian packages)"
  local sudo=""
  if [[ $(id -u) -ne 0 ]]; then
    command -v sudo >/dev/null 2>&1 || { echo "test.sh: ${missing[*]} missing and not root: install them, then re-run" >&2; exit 1; }
    sudo="sudo"
  fi
  # Debian's postinst scripts would start nginx and prometheus as services (on public ports): a policy-rc.d that
  # answers 101 tells them not to; the tests start their own instances on loopback.
  local policy_created=0
  if [[ ! -e /usr/sbin/policy-rc.d ]]; then
    $sudo sh -c 'printf "#!/bin/sh\nexit 101\n" >/usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d' && policy_created=1
  fi
  $sudo apt-get -o DPkg::Lock::Timeout=600 update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  if ((policy_created)); then $sudo rm -f /usr/sbin/policy-rc.d; fi
}

install_system_packages

# Pinned npm tools (Prism + Twilio's API description for the SMS contract test, twilio for the webhook-signing script).
step "Installing the pinned npm tools (skipped when present)"
CONTESTLET_NPM_TOOLS=$(scripts/install-npm-tools.sh)
export CONTESTLET_NPM_TOOLS

step "Starting PostgreSQL for the tests"
CONTESTLET_TEST_PG=$(scripts/test-postgres.sh start)
export CONTESTLET_TEST_PG
trap 'scripts/test-postgres.sh stop' EXIT

step "Building"
rm -rf "$RESULTS"
mkdir -p "$RESULTS"
dotnet tool restore >/dev/null
# `dotnet build` always appends a build summary; `dotnet msbuild -restore` is the same build without it (errors still show).
dotnet msbuild Contestlet.sln -restore -nologo -v:quiet -clp:NoSummary

failed_suites=()
static_passed=0
static_failed=0
static_check() {
  local name=$1; shift
  step "Check: $name"
  if "$@"; then static_passed=$((static_passed + 1)); else static_failed=$((static_failed + 1)); failed_suites+=("$name"); fi
}
# Whitespace, code style and analyzers as .editorconfig states them (~2 min: it loads and analyses every project).
static_check "formatting and code style (dotnet format --verify-no-changes)" \
  dotnet format Contestlet.sln --verify-no-changes --no-restore
mapfile -t shell_scripts < <(git ls-files '*.sh')
static_check "shell scripts (shellcheck)" shellcheck -x -S warning "${shell_scripts[@]}"

run_suite() {
  local name=$1; shift
  step "Suite: $name"
  if ! "$@"; then
    failed_suites+=("$name")
  fi
}

run_suite "domain, components, integration" \
  dotnet test Contestlet.Web.Tests --no-build --nologo --logger "trx;LogFileName=web.trx" --logger "console;verbosity=minimal" --results-directory "$RESULTS"
# The Runs=Cluster journey needs several instances behind nginx: scripts/tests/instances-test.sh starts them and runs it.
if ((RUN_E2E)); then
  run_suite "Playwright journeys" \
    env CONTESTLET_E2E_SCREENSHOTS="$RESULTS/screenshots" \
    dotnet test Contestlet.E2E --no-build --nologo --filter "Runs!=Cluster" --logger "trx;LogFileName=e2e.trx" --logger "console;verbosity=minimal" --results-directory "$RESULTS"
fi
deploy_passed=0
deploy_failed=0
if ((RUN_DEPLOY)) && [[ -x scripts/tests/deploy-test.sh ]]; then
  if scripts/tests/deploy-test.sh; then deploy_passed=1; else deploy_failed=1; failed_suites+=("deployment"); fi
fi
# Alert rules (promtool check/test) and a real Prometheus scraping the app (~1 min).
if ((RUN_DEPLOY)); then
  step "Suite: Prometheus"
  if scripts/tests/prometheus-test.sh; then deploy_passed=$((deploy_passed + 1)); else deploy_failed=$((deploy_failed + 1)); failed_suites+=("prometheus"); fi
  # Fault drills, quick mode (~2.5 min; CONTESTLET_DRILLS=full for the runbook's figures): PostgreSQL restarted under
  # load, Twilio failing, an instance SIGKILLed (a private PostgreSQL cluster on 54339, never the shared one).
  step "Suite: fault drills"
  if scripts/tests/fault-test.sh; then deploy_passed=$((deploy_passed + 1)); else deploy_failed=$((deploy_failed + 1)); failed_suites+=("fault drills"); fi
  # Three instances behind nginx (caps, limits, sessions, outbox, the console's circuit), then the canary promoted
  # and rolled back under load (~2.5-4 min on a busy 2-core machine).
  step "Suite: instances and canary"
  if scripts/tests/instances-test.sh; then deploy_passed=$((deploy_passed + 1)); else deploy_failed=$((deploy_failed + 1)); failed_suites+=("instances and canary"); fi
fi

# A suite that left no results did not really run (killed, crashed before reporting): that is a failure, whatever its
# exit code said.
expected_trx=(web.trx)
((RUN_E2E)) && expected_trx+=(e2e.trx)
for trx in "${expected_trx[@]}"; do
  if ! grep -q '<Counters ' "$RESULTS/$trx" 2>/dev/null; then
    echo "test.sh: $trx has no results: that suite did not finish" >&2
    failed_suites+=("no results in $trx")
  fi
done

# One closing tally over every suite, from the TRX files (and each script-level test as one test).
passed=$((deploy_passed + static_passed))
failed_count=$((deploy_failed + static_failed))
for trx in "$RESULTS"/*.trx; do
  [[ -f "$trx" ]] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")
  f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0}))
  failed_count=$((failed_count + ${f:-0}))
done
if ((passed == 0)); then
  echo "test.sh: no test ran" >&2
  failed_suites+=("nothing ran")
fi
echo
if ((${#failed_suites[@]})); then
  echo "Failed suites: ${failed_suites[*]}"
  # The failing tests by name, so the last screen of a long run says which ones (their logs are printed above).
  for trx in "$RESULTS"/*.trx; do
    [[ -f "$trx" ]] || continue
    grep -o '<UnitTestResult [^>]*outcome="Failed"[^>]*>' "$trx" | sed -n 's/.* testName="\([^"]*\)".*/  failed: \1/p' || true
  done
fi
echo "$passed passed, $failed_count failed"
((${#failed_suites[@]} == 0))
