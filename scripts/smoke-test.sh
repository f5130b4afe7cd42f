#!/usr/bin/env bash
# Post-deploy smoke tests: the pages and endpoints a real visitor and the operators rely on.
set -euo pipefail
# shellcheck source=SCRIPTDIR/lib/deploy-common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/deploy-common.sh"

usage() {
  cat <<USAGE
Usage: scripts/smoke-test.sh [--require-contest] [--signin-optional] BASE_URL

Checks, without changing anything:
  GET /health            200, status ok (liveness)
  GET /health/ready      200 (database reachable, schema current)
  GET /                  200 with a heading (the home page renders from the database)
  the home stylesheet    200 (static assets are served from the release)
  GET /c/<code>          200 for the first contest linked from the home page; without one the check is noted
                         and passes, unless --require-contest
  GET /c/<unknown>       404 (a real not-found page)
  GET /signin            200. With --signin-optional a 404 is accepted with a warning: only until the sign-in
                         feature ships (docs/operations.md, "Smoke tests"); remove the flag from callers then.
  GET /admin             a redirect to /signin (anonymous visitors never see the console)
Every check runs; the script exits 1 if any failed. Also honours CONTESTLET_SMOKE_SIGNIN=optional.
USAGE
}

require_contest=0
signin_optional=0
[[ ${CONTESTLET_SMOKE_SIGNIN:-required} == optional ]] && signin_optional=1
base=
while [[ $# -gt 0 ]]; do
  case $1 in
    --require-contest) require_contest=1; shift ;;
    --signin-optional) signin_optional=1; shift ;;
    -h | --help) usage; exit 0 ;;
    -*) usage >&2; die "unknown option '$1'" ;;
    *) [[ -z $base ]] || die "only one BASE_URL"; base=${1%/}; shift ;;
  esac
done
[[ -n $base ]] || { usage >&2; die "BASE_URL is required"; }
[[ $base =~ ^https?://[^/]+$ ]] || die "BASE_URL must be scheme://host[:port] without a path (got '$base')"
require_command curl

passed=0
failed=()
pass() { passed=$((passed + 1)); info "ok   $1"; }
fail() { failed+=("$1"); printf '%s %s: FAIL %s\n' "$(date -u +%H:%M:%S)" "$SCRIPT_NAME" "$1" >&2; }

# status and Location of one request, never following redirects
head_of() { curl -sS --max-time 10 -o /dev/null -w '%{http_code} %{redirect_url}\n' "$1" 2>/dev/null || echo "000 "; }

http_get "$base/health" 10
if [[ $HTTP_STATUS == 200 && $(json_field status "$HTTP_BODY") == ok ]]; then
  pass "/health: version $(json_field version "$HTTP_BODY"), commit $(json_field commit "$HTTP_BODY"), $(json_field environment "$HTTP_BODY")"
else
  fail "/health answered $HTTP_STATUS: ${HTTP_BODY:0:200}"
fi

http_get "$base/health/ready" 10
if [[ $HTTP_STATUS == 200 ]]; then
  pass "/health/ready: database $(json_field database "$HTTP_BODY"), schema $(json_field schema "$HTTP_BODY"), sms $(json_field sms "$HTTP_BODY")"
else
  fail "/health/ready answered $HTTP_STATUS: ${HTTP_BODY:0:200}"
fi

http_get "$base/" 15
home=$HTTP_BODY
if [[ $HTTP_STATUS == 200 && $home == *"<h1"* ]]; then
  pass "/ (home) renders"
else
  fail "/ (home) answered $HTTP_STATUS"
fi

if [[ $home =~ rel=\"stylesheet\"\ href=\"([^\"]+)\" ]]; then
  stylesheet=${BASH_REMATCH[1]}
  stylesheet=${stylesheet#/}
  http_get "$base/$stylesheet" 10
  if [[ $HTTP_STATUS == 200 ]]; then pass "/$stylesheet (static asset)"; else fail "/$stylesheet answered $HTTP_STATUS"; fi
else
  fail "the home page links no stylesheet"
fi

if [[ $home =~ href=\"(/c/[A-Za-z0-9_-]+)\" ]]; then
  contest=${BASH_REMATCH[1]}
  http_get "$base$contest" 15
  if [[ $HTTP_STATUS == 200 && $HTTP_BODY == *"<h1"* ]]; then pass "$contest (contest page)"; else fail "$contest answered $HTTP_STATUS"; fi
elif [[ $require_contest == 1 ]]; then
  fail "the home page lists no contest (--require-contest)"
else
  pass "contest page: none listed on the home page, nothing to open"
fi

read -r status _ < <(head_of "$base/c/smoke-test-no-such-contest")
if [[ $status == 404 ]]; then pass "/c/<unknown> is a 404"; else fail "/c/<unknown> answered $status, expected 404"; fi

read -r status _ < <(head_of "$base/signin")
if [[ $status == 200 ]]; then
  pass "/signin"
elif [[ $status == 404 && $signin_optional == 1 ]]; then
  warn "/signin is 404: accepted only because --signin-optional is set (sign-in not shipped yet)"
  pass "/signin (404 tolerated by --signin-optional)"
else
  fail "/signin answered $status"
fi

read -r status location < <(head_of "$base/admin")
if [[ $status =~ ^30[1-8]$ && $location == */signin* ]]; then
  pass "/admin redirects to sign-in"
else
  fail "/admin answered $status ${location:-(no Location)}, expected a redirect to /signin"
fi

total=$((passed + ${#failed[@]}))
if [[ ${#failed[@]} -gt 0 ]]; then
  die "$base: ${#failed[@]} of $total checks failed: ${failed[*]}"
fi
info "$base: all $total checks passed"
