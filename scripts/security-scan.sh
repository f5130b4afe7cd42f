#!/usr/bin/env bash
# Scans the app with Debian's wapiti on loopback (docs/security.md, "Scanner"). Starts the built app (Development:
# fresh SQLite file, demo data, mock SMS) on 127.0.0.1, crawls and attacks it for a bounded time, prints every finding
# and fails when one is of a kind that must never be present (injection, XSS, traversal, open redirect, SSRF, XXE, CRLF).
set -euo pipefail

usage() {
  cat <<USAGE
Usage: scripts/security-scan.sh [--quick] [--output DIR]

  --quick       about a minute: header, cookie, CSP and redirect checks plus XSS and SQL injection on a short crawl
  --output DIR  where the JSON report and the app's log go (default: TestResults/security-scan)

Needs a build (dotnet build Contestlet.sln) and Debian's wapiti (apt-get install wapiti). Nothing leaves the machine:
the app listens on 127.0.0.1 only and wapiti's scope is that address.
USAGE
}

quick=0
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
output=$repo/TestResults/security-scan
while [[ $# -gt 0 ]]; do
  case $1 in
    --quick) quick=1; shift ;;
    --output) output=${2:?--output needs a directory}; shift 2 ;;
    -h | --help) usage; exit 0 ;;
    *) usage >&2; exit 2 ;;
  esac
done

command -v wapiti >/dev/null || { echo "security-scan: wapiti is missing (apt-get install wapiti)" >&2; exit 2; }
dll=$repo/Contestlet.Web/bin/Debug/net10.0/Contestlet.Web.dll
[[ -f $dll ]] || dll=$repo/Contestlet.Web/bin/Release/net10.0/Contestlet.Web.dll
[[ -f $dll ]] || { echo "security-scan: build first (dotnet build Contestlet.sln)" >&2; exit 2; }

mkdir -p "$output"
work=$(mktemp -d /tmp/contestlet-scan.XXXXXX)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
base="http://127.0.0.1:$port/"
app_pid=
cleanup() {
  if [[ -n $app_pid ]] && kill -0 "$app_pid" 2>/dev/null; then
    kill "$app_pid" 2>/dev/null || true
    wait "$app_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

(cd "$work" && ASPNETCORE_ENVIRONMENT=Development DATABASE_URL="sqlite:///$work/scan.db" \
  exec dotnet "$dll" --urls "http://127.0.0.1:$port") >"$output/app.log" 2>&1 &
app_pid=$!
for _ in {1..180}; do
  curl -fsS -o /dev/null "${base}health/ready" 2>/dev/null && break
  kill -0 "$app_pid" 2>/dev/null || { echo "security-scan: the app exited; see $output/app.log" >&2; exit 1; }
  sleep 0.5
done
curl -fsS -o /dev/null "${base}health/ready" || { echo "security-scan: the app did not become ready" >&2; exit 1; }

if [[ $quick -eq 1 ]]; then
  limits=(--max-scan-time 50 --max-attack-time 10 --depth 3 --max-links-per-page 20 -m "http_headers,cookieflags,csp,redirect,xss,sql")
else
  limits=(--max-scan-time 900 --max-attack-time 120 --depth 6)
fi
echo "security-scan: wapiti against $base ($([[ $quick -eq 1 ]] && echo quick || echo full))" >&2
# Nothing is excluded with -x: Debian's wapiti (3.0.4 on Python 3.11) crashes on any exclusion ("global flags not at the start
# of the expression"). The crawl is anonymous, so sign-out ends nothing; the webhooks answer 403 to anything unsigned.
wapiti -u "$base" --scope folder "${limits[@]}" --flush-session --store-session "$work/session" \
  -f json -o "$output/wapiti.json" >"$output/wapiti.log" 2>&1 || {
  echo "security-scan: wapiti failed; see $output/wapiti.log" >&2
  exit 1
}

python3 - "$output/wapiti.json" <<'PY'
import json, sys
report = json.load(open(sys.argv[1]))
must_never = {"SQL Injection", "Blind SQL Injection", "Cross Site Scripting", "Stored Cross Site Scripting", "Path Traversal",
              "Command execution", "CRLF Injection", "Open Redirect", "Server Side Request Forgery", "XML External Entity",
              "Potentially dangerous file", "Backup file"}
failed = False
total = 0
for category, findings in sorted(report.get("vulnerabilities", {}).items()):
    for finding in findings:
        total += 1
        print(f"{category}: {finding.get('method', '')} {finding.get('path', '')} {finding.get('parameter', '') or ''} - {finding.get('info', '')}")
        failed |= category in must_never
for category, findings in sorted(report.get("anomalies", {}).items()):
    for finding in findings:
        print(f"anomaly {category}: {finding.get('method', '')} {finding.get('path', '')} - {finding.get('info', '')}")
print(f"security-scan: {total} finding(s); {'FAILED: a kind that must never be present' if failed else 'none of a kind that must never be present'}")
sys.exit(1 if failed else 0)
PY
