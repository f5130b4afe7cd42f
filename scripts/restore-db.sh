#!/usr/bin/env bash
# Restores a backup-db.sh file (pg_dump custom format) into a PostgreSQL database.
set -euo pipefail
# shellcheck source=SCRIPTDIR/lib/deploy-common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/deploy-common.sh"

usage() {
  cat <<USAGE
Usage: scripts/restore-db.sh --yes [--database-url URL] BACKUP_FILE

Replaces the contents of the target database with the backup: pg_restore --clean --if-exists --no-owner
--no-privileges --single-transaction --exit-on-error. One transaction: a failure leaves the database as it was.
Objects the backup does not know (tables added by a newer migration) are left in place.

  --yes               required: the restore overwrites the target's data
  --database-url URL  target, postgresql://user:pass@host:port/db (default: DATABASE_URL from the environment,
                      else from \$CONTESTLET_CONFIG_DIR/\$CONTESTLET_ENVIRONMENT.env). The database must exist.

For production: stop traffic first (docs/operations.md, "Restore a backup"), restore, then deploy the release that
matches the backup's schema. To rehearse, restore into a scratch database (createdb, then --database-url).
Appends one line to \$CONTESTLET_STATE_DIR/deploy.log.
USAGE
}

database_url=
confirmed=0
file=
while [[ $# -gt 0 ]]; do
  case $1 in
    --database-url) database_url=${2:?--database-url needs a URL}; shift 2 ;;
    --yes) confirmed=1; shift ;;
    -h | --help) usage; exit 0 ;;
    -*) usage >&2; die "unknown option '$1'" ;;
    *) [[ -z $file ]] || die "only one backup file"; file=$1; shift ;;
  esac
done
[[ -n $file ]] || { usage >&2; die "BACKUP_FILE is required"; }
trap 'finish_with_log $?' EXIT
[[ -r $file ]] || die "backup file $file does not exist or is unreadable"
[[ $confirmed == 1 ]] || die "refusing to overwrite a database without --yes"
require_command pg_restore
pg_restore --list "$file" >/dev/null 2>&1 || die "$file is not a pg_dump custom-format archive"
export_pg_environment "$database_url"

info "restoring $file into $PGDATABASE on $PGHOST:$PGPORT"
if ! pg_restore --clean --if-exists --no-owner --no-privileges --single-transaction --exit-on-error --no-password \
  --dbname="$PGDATABASE" "$file"; then
  die "pg_restore failed; the transaction was rolled back and $PGDATABASE is unchanged"
fi
DEPLOY_NOTE="restored $file into $PGDATABASE"
info "restore complete"
