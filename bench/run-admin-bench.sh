#!/usr/bin/env bash
# Measures the admin's heavy operations on one ended contest of N entries: entries-grid pages, the CSV export (time and
# peak memory) and the draw, through the app's own services over the real migrations.
#   bench/run-admin-bench.sh PROVIDERS SIZES        e.g. sqlite 10000,100000,1000000   or   sqlite,postgres 10000
# Each provider and size gets a fresh database (SQLite: a file in a temporary folder; PostgreSQL: a new database on the
# private server of scripts/test-postgres.sh), bulk-loaded, measured and dropped, in its own process. Builds Release
# once and runs a copy of the build, so editing the code meanwhile cannot change a series half-way.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
PROVIDERS="${1:-sqlite}"
SIZES="${2:-10000,100000}"
WORK=$(mktemp -d /tmp/contestlet-admin-bench.XXXXXX)
trap 'rm -rf "$WORK"' EXIT

for provider in ${PROVIDERS//,/ }; do
  case "$provider" in
    sqlite) ;;
    postgres)
      scripts/test-postgres.sh start >/dev/null
      export CONTESTLET_TEST_PG="${CONTESTLET_TEST_PG:-Host=127.0.0.1;Port=${CONTESTLET_PG_PORT:-54329};Username=contestlet;Password=contestlet;Database=postgres;Timeout=60;Command Timeout=600}" ;;
    *) echo "usage: $0 sqlite|postgres|sqlite,postgres SIZES (e.g. 10000,100000,1000000)" >&2; exit 2 ;;
  esac
done

dotnet build bench/Contestlet.Bench.Admin -c Release --nologo -v quiet >/dev/null
cp -r bench/Contestlet.Bench.Admin/bin/Release/net10.0 "$WORK/bin"
echo "commit $(git rev-parse --short=12 HEAD)$(git diff --quiet HEAD -- . 2>/dev/null || echo ' + uncommitted changes'), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
for provider in ${PROVIDERS//,/ }; do
  for size in ${SIZES//,/ }; do
    dotnet "$WORK/bin/Contestlet.Bench.Admin.dll" --provider "$provider" --entries "$size" --sqlite-dir "$WORK" "${@:3}"
    echo
  done
done
