#!/usr/bin/env bash
# Production deploy: backup → publish → migrate → blue-green switch → health check → smoke tests.
set -euo pipefail
CONTESTLET_ENVIRONMENT=${CONTESTLET_ENVIRONMENT:-production}
# shellcheck source=SCRIPTDIR/lib/deploy-common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/deploy-common.sh"

usage() {
  cat <<USAGE
Usage: scripts/deploy-production.sh [--source DIR | --release DIR] [--version V] [--commit SHA] [--no-rollback] [--canary]

The production deployment of docs/deployment-strategy.md §4, with zero downtime:
  1. back up the database (scripts/backup-db.sh: pg_dump to a timestamped file); if the backup fails, STOP;
  2. publish the release (scripts/publish-release.sh), unless --release names one already built;
  3. migrate: 'dotnet Contestlet.Web.dll migrate' with the production env file. The live colour keeps serving on the
     new schema (expand/contract, docs/decisions/008-expand-contract-migrations.md);
  4. scripts/blue-green-deploy.sh: start the idle colour, wait for /health/ready, switch nginx, keep the old colour
     (with --canary: scripts/canary-deploy.sh, which gives the idle colour a share of the traffic first and promotes
     it only if its own 5xx ratio and p95 stay within bounds, else rolls it back and this script exits 1);
  5. scripts/health-check.sh on \$CONTESTLET_PUBLIC_URL/health/ready, expecting the new version;
  6. scripts/smoke-test.sh on \$CONTESTLET_PUBLIC_URL.
If 5 or 6 fail after the switch, traffic goes back to the previous colour (scripts/emergency-deploy.sh) unless
--no-rollback, and the script exits 1.

  --source DIR     source tree to publish (default: this repository)
  --release DIR    deploy an existing publish output instead of building
  --version V      version to stamp (default from Directory.Build.props); --commit SHA: commit to stamp (default git)
  --no-rollback    leave traffic on the new colour even if the post-switch checks fail
  --canary         step 4 as a canary release (CONTESTLET_CANARY_SHARE, _WINDOW, ... see canary-deploy.sh --help)

Environment: CONTESTLET_ENV_FILE (default \$CONTESTLET_CONFIG_DIR/production.env, see
deploy/env/production.env.example), CONTESTLET_BACKUP_DIR, CONTESTLET_PUBLIC_URL, CONTESTLET_SMOKE_ARGS (extra
smoke-test.sh flags, e.g. --signin-optional), and everything blue-green-deploy.sh --help lists.
Appends one line to \$CONTESTLET_STATE_DIR/deploy.log (and the steps add their own).
USAGE
}

source_dir=$CONTESTLET_REPO_DIR
release=
publish_args=()
rollback=1
switch_script='blue-green-deploy.sh'
while [[ $# -gt 0 ]]; do
  case $1 in
    --source) source_dir=${2:?--source needs a directory}; shift 2 ;;
    --release) release=${2:?--release needs a directory}; shift 2 ;;
    --version) publish_args+=(--version "${2:?--version needs a value}"); shift 2 ;;
    --commit) publish_args+=(--commit "${2:?--commit needs a value}"); shift 2 ;;
    --no-rollback) rollback=0; shift ;;
    --canary) switch_script='canary-deploy.sh'; shift ;;
    -h | --help) usage; exit 0 ;;
    *) usage >&2; die "unknown argument '$1'" ;;
  esac
done
trap 'finish_with_log $?' EXIT
[[ $CONTESTLET_ENVIRONMENT == production ]] || die "deploy-production.sh deploys production (CONTESTLET_ENVIRONMENT is '$CONTESTLET_ENVIRONMENT')"
env_path=$(env_file)
[[ -r $env_path ]] || die "env file $env_path is missing (see deploy/env/production.env.example)"
export CONTESTLET_ENV_FILE=$env_path
require_command curl pg_dump "$CONTESTLET_DOTNET" "$CONTESTLET_NGINX_BIN"
acquire_deploy_lock 0
started=$(now_ms)

step() { info "== $*"; }

step "1/6 backup"
if ! backup=$("$CONTESTLET_SCRIPTS_DIR/backup-db.sh"); then
  die "database backup failed: refusing to deploy (nothing was changed)"
fi
info "backup: $backup"

step "2/6 publish"
if [[ -n $release ]]; then
  [[ ${#publish_args[@]} -eq 0 ]] || die "--version/--commit apply to a build; --release deploys an existing one"
  release=$(cd "$release" 2>/dev/null && pwd) || die "release directory does not exist"
  info "deploying the existing release $release"
else
  # 9>&-: build servers the SDK may leave behind must not inherit (and hold) the deploy lock.
  release=$("$CONTESTLET_SCRIPTS_DIR/publish-release.sh" --source "$source_dir" "${publish_args[@]}" 9>&-) \
    || die "publish failed (backup $backup taken, nothing else changed)"
fi
check_release "$release"

step "3/6 migrate ($DEPLOY_VERSION)"
if ! run_app_command "$release" "$env_path" migrate; then
  die "migrate failed; traffic untouched. The backup is $backup (scripts/restore-db.sh) if the schema is damaged"
fi

step "4/6 ${switch_script%-deploy.sh} switch"
previous_colour=$(active_colour)
"$CONTESTLET_SCRIPTS_DIR/$switch_script" --release "$release" --env-file "$env_path" \
  || die "${switch_script%.sh} failed or rolled back; traffic stays on $(active_colour)"
DEPLOY_COLOUR=$(active_colour)

roll_back() {
  if [[ $previous_colour == none ]]; then
    warn "post-switch check failed on the first deploy: there is no previous colour to roll back to"
  elif [[ $rollback == 1 ]]; then
    warn "post-switch check failed: rolling back"
    "$CONTESTLET_SCRIPTS_DIR/emergency-deploy.sh" || warn "emergency rollback failed too: act now (docs/operations.md)"
  fi
  die "$1"
}

step "5/6 health check"
"$CONTESTLET_SCRIPTS_DIR/health-check.sh" --deadline 30 --expect-version "$DEPLOY_VERSION" --expect-commit "$DEPLOY_COMMIT" \
  "$CONTESTLET_PUBLIC_URL/health/ready" || roll_back "health check through nginx failed after the switch"

step "6/6 smoke tests"
read -r -a smoke_args <<<"${CONTESTLET_SMOKE_ARGS:-}"
"$CONTESTLET_SCRIPTS_DIR/smoke-test.sh" "${smoke_args[@]}" "$CONTESTLET_PUBLIC_URL" \
  || roll_back "smoke tests failed after the switch"

DEPLOY_NOTE="backup $(basename "$backup")"
info "production is on $DEPLOY_VERSION ($DEPLOY_COMMIT), colour $DEPLOY_COLOUR, in $(($(elapsed_ms_since "$started") / 1000))s"
