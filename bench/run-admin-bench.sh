#!/usr/bin/env bash
# Measures the admin's heavy operations on one ended contest of N entries: entries-grid pages, the CSV export (time and
# peak memory) and the draw, through the app's own services over the real migrations.
#   bench/run-admin-bench.sh [sqlite|postgres] [sizes, comma-separated]      e.g. sqlite 10000,100000,1000000
# Each size gets a fresh database (SQLite: a file in a temporary folder; PostgreSQL: a new database on the private
# server of scripts/test-postgres.sh), bulk-loaded, measured and dropped, in its own process.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
PROVIDER="${1:-sqlite}"
SIZES="${2:-10000,100000}"
WORK=$(mktemp -d /tmp/contestlet-admin-bench.XXXXXX)
trap 'rm -rf "$WORK"' EXIT

case "$PROVIDER" in
  sqlite) ;;
  postgres)
    scripts/test-postgres.sh start >/dev/null
    export CONTESTLET_TEST_PG="${CONTESTLET_TEST_PG:-Host=127.0.0.1;Port=${CONTESTLET_PG_PORT:-54329};Username=contestlet;Password=contestlet;Database=postgres;Timeout=60;Command Timeout=600}" ;;
  *) echo "usage: $0 [sqlite|postgres] [sizes, e.g. 10000,100000,1000000]" >&2; exit 2 ;;
esac

dotnet build bench/Contestlet.Bench.Admin -c Release --nologo -v quiet >/dev/null
for size in ${SIZES//,/ }; do
  dotnet bench/Contestlet.Bench.Admin/bin/Release/net10.0/Contestlet.Bench.Admin.dll \
    --provider "$PROVIDER" --entries "$size" --sqlite-dir "$WORK" "${@:3}"
  echo
done
