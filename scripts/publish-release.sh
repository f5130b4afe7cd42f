#!/usr/bin/env bash
# Publishes Contestlet.Web (Release) into a new, immutable release directory and prints its path on stdout.
set -euo pipefail
# shellcheck source=SCRIPTDIR/lib/deploy-common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/deploy-common.sh"

usage() {
  cat <<USAGE
Usage: scripts/publish-release.sh [--source DIR] [--version VERSION] [--commit SHA] [--output DIR]

Runs 'dotnet publish Contestlet.Web -c Release' from a source tree into
\$CONTESTLET_HOME/releases/<utc-time>-<version>-<commit> (or --output DIR), writes contestlet-release.env
(VERSION, COMMIT, BUILT_AT) beside the build, and prints the release directory as the only line on stdout.
Progress goes to stderr.

  --source DIR      source tree to build (default: this repository, $CONTESTLET_REPO_DIR)
  --version V       version shown by GET /health (default: <Version> in Directory.Build.props)
  --commit SHA      commit shown by GET /health (default: git rev-parse --short=12 HEAD of the source, else 'unknown')
  --output DIR      exact output directory (must not exist yet)

Environment: CONTESTLET_HOME (default /opt/contestlet), CONTESTLET_DOTNET (default dotnet).
USAGE
}

source_dir=$CONTESTLET_REPO_DIR
version=
commit=
output=
while [[ $# -gt 0 ]]; do
  case $1 in
    --source) source_dir=${2:?--source needs a directory}; shift 2 ;;
    --version) version=${2:?--version needs a value}; shift 2 ;;
    --commit) commit=${2:?--commit needs a value}; shift 2 ;;
    --output) output=${2:?--output needs a directory}; shift 2 ;;
    -h | --help) usage; exit 0 ;;
    *) usage >&2; die "unknown argument '$1'" ;;
  esac
done

exec 3>&1 1>&2
require_command "$CONTESTLET_DOTNET"
[[ -f $source_dir/Contestlet.Web/Contestlet.Web.csproj ]] || die "$source_dir is not a Contestlet source tree (no Contestlet.Web/Contestlet.Web.csproj)"
source_dir=$(cd "$source_dir" && pwd)

if [[ -z $version ]]; then
  version=$(sed -n 's:.*<Version>\(.*\)</Version>.*:\1:p' "$source_dir/Directory.Build.props" | head -n 1)
  [[ -n $version ]] || die "no --version given and none found in $source_dir/Directory.Build.props"
fi
# '+' is reserved: the build appends +<commit> to the informational version that GET /health splits.
[[ $version =~ ^[0-9A-Za-z.-]+$ ]] || die "version '$version' may hold only letters, digits, '.' and '-'"
if [[ -z $commit ]]; then
  commit=$(git -C "$source_dir" rev-parse --short=12 HEAD 2>/dev/null || echo unknown)
fi
[[ $commit =~ ^[0-9A-Za-z._-]+$ ]] || die "commit '$commit' has characters a release directory cannot carry"

if [[ -z $output ]]; then
  output="$CONTESTLET_HOME/releases/$(date -u +%Y%m%dT%H%M%SZ)-$version-$commit"
fi
[[ -e $output ]] && die "release directory $output already exists; releases are never overwritten"
mkdir -p "$(dirname "$output")"

info "publishing $version ($commit) from $source_dir to $output"
started=$(now_ms)
if ! "$CONTESTLET_DOTNET" publish "$source_dir/Contestlet.Web/Contestlet.Web.csproj" -c Release -o "$output.partial" \
  --nologo -p:Version="$version" -p:SourceRevisionId="$commit"; then
  rm -rf "$output.partial"
  die "dotnet publish failed for $source_dir (version $version)"
fi
cat >"$output.partial/contestlet-release.env" <<META
VERSION=$version
COMMIT=$commit
BUILT_AT=$(date -u +%Y-%m-%dT%H:%M:%SZ)
SOURCE=$source_dir
META
mv "$output.partial" "$output"
info "published in $(($(elapsed_ms_since "$started") / 1000))s"
echo "$output" >&3
