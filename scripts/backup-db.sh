#!/usr/bin/env bash
# Backs up the environment's PostgreSQL database with pg_dump (custom format) to a timestamped, verified file.
set -euo pipefail
# shellcheck source=SCRIPTDIR/lib/deploy-common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/deploy-common.sh"

usage() {
  cat <<USAGE
Usage: scripts/backup-db.sh [--database-url URL] [--output-dir DIR] [--keep N]

Writes \$CONTESTLET_BACKUP_DIR/contestlet-<environment>-<database>-<UTC time>.dump with pg_dump --format=custom,
checks it with pg_restore --list, and prints its path as the only line on stdout (progress goes to stderr). Any failure exits 1 and leaves
no file behind, so a caller (deploy-production.sh) can refuse to go on.

  --database-url URL  postgresql://user:pass@host:port/db (default: DATABASE_URL from the environment, else from
                      \$CONTESTLET_CONFIG_DIR/\$CONTESTLET_ENVIRONMENT.env)
  --output-dir DIR    default \$CONTESTLET_BACKUP_DIR (/var/backups/contestlet)
  --keep N            keep the newest N backups of this environment and database, delete older ones (default 30;
                      0 keeps all)

The password reaches pg_dump through PGPASSWORD, never the command line. Restore with scripts/restore-db.sh.
Appends one line to \$CONTESTLET_STATE_DIR/deploy.log.
USAGE
}

database_url=
output_dir=$CONTESTLET_BACKUP_DIR
keep=30
while [[ $# -gt 0 ]]; do
  case $1 in
    --database-url) database_url=${2:?--database-url needs a URL}; shift 2 ;;
    --output-dir) output_dir=${2:?--output-dir needs a directory}; shift 2 ;;
    --keep) keep=${2:?--keep needs a number}; shift 2 ;;
    -h | --help) usage; exit 0 ;;
    *) usage >&2; die "unknown argument '$1'" ;;
  esac
done
[[ $keep =~ ^[0-9]+$ ]] || die "--keep must be a number"
trap 'finish_with_log $?' EXIT
exec 3>&1 1>&2
require_command pg_dump pg_restore
export_pg_environment "$database_url"

mkdir -p "$output_dir" || die "cannot create $output_dir"
prefix="contestlet-$CONTESTLET_ENVIRONMENT-${PGDATABASE//[^A-Za-z0-9_-]/_}"
file="$output_dir/$prefix-$(date -u +%Y%m%dT%H%M%SZ).dump"
partial="$file.partial"
info "backing up $PGDATABASE on $PGHOST:$PGPORT to $file"
if ! (umask 077 && pg_dump --format=custom --compress=6 --no-password --file="$partial"); then
  rm -f "$partial"
  die "pg_dump of $PGDATABASE on $PGHOST:$PGPORT failed; no backup was written"
fi
[[ -s $partial ]] || { rm -f "$partial"; die "pg_dump wrote an empty file"; }
if ! entries=$(pg_restore --list "$partial" | awk '!/^;/ && NF { n++ } END { print n + 0 }'); then
  rm -f "$partial"
  die "the backup cannot be read back by pg_restore --list; it was deleted"
fi
mv "$partial" "$file"
DEPLOY_NOTE="$file ($(stat -c %s "$file") bytes, $entries entries)"
info "backup written: $DEPLOY_NOTE"

if [[ $keep -gt 0 ]]; then
  mapfile -t old < <(find "$output_dir" -maxdepth 1 -name "$prefix-*.dump" -printf '%f\n' | sort -r | tail -n +"$((keep + 1))")
  for name in "${old[@]}"; do
    rm -f "$output_dir/$name"
    info "deleted old backup $name (keeping $keep)"
  done
fi
echo "$file" >&3
