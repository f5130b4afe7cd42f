#!/usr/bin/env bash
# Staging deploy: publish → tests → migrate → restart → verify /health → smoke tests.
set -euo pipefail
CONTESTLET_ENVIRONMENT=${CONTESTLET_ENVIRONMENT:-staging}
# shellcheck source=SCRIPTDIR/lib/deploy-common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/deploy-common.sh"

usage() {
  cat <<USAGE
Usage: scripts/deploy-staging.sh [--source DIR | --release DIR] [--version V] [--commit SHA]

The staging deployment of docs/deployment-strategy.md §4 (one instance, restarted in place):
  1. publish the release (scripts/publish-release.sh), unless --release names one already built;
  2. run the tests: \$CONTESTLET_TEST_COMMAND, run in the source tree (default: scripts/test.sh, the README test
     command, or 'dotnet test Contestlet.sln -c Release' where it does not exist). Failing tests stop the deploy;
  3. migrate with the staging env file;
  4. restart the 'staging' instance on the new release and wait for /health/ready; if it never gets ready the
     previous release is started again and the script fails;
  5. verify \$CONTESTLET_STAGING_URL/health answers the new version (scripts/health-check.sh);
  6. scripts/smoke-test.sh \$CONTESTLET_STAGING_URL.
The Playwright suite then runs against staging from CI (.github/workflows/deploy-staging.yml).

  --source DIR     source tree to publish and test (default: this repository)
  --release DIR    deploy an existing publish output (the tests still run, in --source)
  --version V, --commit SHA   stamped into the build (default from Directory.Build.props and git)

Environment: CONTESTLET_ENV_FILE (default \$CONTESTLET_CONFIG_DIR/staging.env, see deploy/env/staging.env.example),
CONTESTLET_STAGING_PORT=5000, CONTESTLET_STAGING_URL=http://127.0.0.1:\$CONTESTLET_STAGING_PORT,
CONTESTLET_TEST_COMMAND, CONTESTLET_SMOKE_ARGS, CONTESTLET_SERVICE_MANAGER, CONTESTLET_HOME, CONTESTLET_STATE_DIR.
Appends one line to \$CONTESTLET_STATE_DIR/deploy.log.
USAGE
}

source_dir=$CONTESTLET_REPO_DIR
release=
publish_args=()
while [[ $# -gt 0 ]]; do
  case $1 in
    --source) source_dir=${2:?--source needs a directory}; shift 2 ;;
    --release) release=${2:?--release needs a directory}; shift 2 ;;
    --version) publish_args+=(--version "${2:?--version needs a value}"); shift 2 ;;
    --commit) publish_args+=(--commit "${2:?--commit needs a value}"); shift 2 ;;
    -h | --help) usage; exit 0 ;;
    *) usage >&2; die "unknown argument '$1'" ;;
  esac
done
trap 'finish_with_log $?' EXIT
[[ $CONTESTLET_ENVIRONMENT == staging ]] || die "deploy-staging.sh deploys staging (CONTESTLET_ENVIRONMENT is '$CONTESTLET_ENVIRONMENT')"
DEPLOY_COLOUR=staging
env_path=$(env_file)
[[ -r $env_path ]] || die "env file $env_path is missing (see deploy/env/staging.env.example)"
require_command curl "$CONTESTLET_DOTNET"
[[ -d $source_dir ]] || die "source directory $source_dir does not exist"
source_dir=$(cd "$source_dir" && pwd)
acquire_deploy_lock 0
started=$(now_ms)
step() { info "== $*"; }

step "1/6 publish"
if [[ -n $release ]]; then
  [[ ${#publish_args[@]} -eq 0 ]] || die "--version/--commit apply to a build; --release deploys an existing one"
  release=$(cd "$release" 2>/dev/null && pwd) || die "release directory does not exist"
  info "deploying the existing release $release"
else
  # 9>&-: build servers the SDK may leave behind must not inherit (and hold) the deploy lock.
  release=$("$CONTESTLET_SCRIPTS_DIR/publish-release.sh" --source "$source_dir" "${publish_args[@]}" 9>&-) || die "publish failed"
fi
check_release "$release"

step "2/6 tests"
if [[ -n ${CONTESTLET_TEST_COMMAND:-} ]]; then
  test_command=$CONTESTLET_TEST_COMMAND
elif [[ -x $source_dir/scripts/test.sh ]]; then
  test_command="scripts/test.sh"
else
  test_command="dotnet test Contestlet.sln -c Release"
fi
info "running: $test_command (in $source_dir)"
(cd "$source_dir" && bash -c "$test_command") 9>&- || die "tests failed ($test_command): staging was not touched"

step "3/6 migrate ($DEPLOY_VERSION)"
run_app_command "$release" "$env_path" migrate || die "migrate failed; staging still runs its previous release"

step "4/6 restart"
# What staging runs now, to put back (release and env file) if the new release never gets ready: the same restore as
# the production colours' (deploy-common.sh).
remember_colour staging
stop_instance staging
install_instance staging "$release" "$env_path"
start_instance staging
if ! wait_instance_ready staging "$DEPLOY_VERSION" "$CONTESTLET_READY_TIMEOUT"; then
  warn "staging did not get ready on $DEPLOY_VERSION; putting back what it ran before"
  restore_colour
  forget_colour
  die "staging never became ready on $DEPLOY_VERSION; what it ran before was put back"
fi
forget_colour

step "5/6 verify /health"
"$CONTESTLET_SCRIPTS_DIR/health-check.sh" --deadline 30 --expect-version "$DEPLOY_VERSION" --expect-commit "$DEPLOY_COMMIT" \
  "$CONTESTLET_STAGING_URL/health" || die "$CONTESTLET_STAGING_URL/health does not answer $DEPLOY_VERSION"

step "6/6 smoke tests"
read -r -a smoke_args <<<"${CONTESTLET_SMOKE_ARGS:-}"
"$CONTESTLET_SCRIPTS_DIR/smoke-test.sh" "${smoke_args[@]}" "$CONTESTLET_STAGING_URL" || die "smoke tests failed on staging"

info "staging is on $DEPLOY_VERSION ($DEPLOY_COMMIT) in $(($(elapsed_ms_since "$started") / 1000))s"
