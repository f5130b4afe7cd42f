#!/usr/bin/env bash
# Texts a running Contestlet app as Twilio would: signs an inbound-SMS webhook exactly as Twilio does (the npm `twilio`
# package's getExpectedTwilioSignature, pinned in scripts/install-npm-tools.sh) and POSTs it to
# <base URL>/webhooks/twilio/inbound. For QA against staging: text the app from a QA number without a phone.
#
#   TWILIO_AUTH_TOKEN=… scripts/text-the-app.sh --app https://staging.contestlet.example --from +15555550100 --body "SURF"
#
# Options: --app URL (the public base URL the app's Twilio webhooks are configured with; required), --from NUMBER
# (required), --body TEXT (required), --to NUMBER (default $TWILIO_PHONE_NUMBER or +15005550006), --sid SM… (default
# a fresh random MessageSid; repeat one to test Twilio's retries). The auth token comes only from TWILIO_AUTH_TOKEN
# (never a command-line argument, which other users of the machine can see). Prints the app's HTTP status and answer;
# exits 0 when the app accepted the text (2xx), 1 when it refused it (e.g. 403: wrong token or URL), 2 on bad usage.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
usage() { sed -n '2,12p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2; exit 2; }

app="" from="" body="" to="${TWILIO_PHONE_NUMBER:-+15005550006}" sid=""
while (($#)); do
  case "$1" in
    --app) app=${2:-}; shift 2 ;;
    --from) from=${2:-}; shift 2 ;;
    --body) body=${2-}; shift 2 ;;
    --to) to=${2:-}; shift 2 ;;
    --sid) sid=${2:-}; shift 2 ;;
    -h|--help) usage ;;
    *) echo "text-the-app: unknown option $1" >&2; usage ;;
  esac
done
[[ -n "$app" && -n "$from" && -n "$body" ]] || usage
[[ -n "${TWILIO_AUTH_TOKEN:-}" ]] || { echo "text-the-app: set TWILIO_AUTH_TOKEN (the app's Twilio auth token)" >&2; exit 2; }
[[ -n "$sid" ]] || sid="SM$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"

tools=${CONTESTLET_NPM_TOOLS:-}
if [[ -z "$tools" || ! -d "$tools/node_modules/twilio" ]]; then
  tools=$("$ROOT/scripts/install-npm-tools.sh")
fi

url="${app%/}/webhooks/twilio/inbound"
# The signature covers the URL and every form field; the same fields are then posted unchanged.
signature=$(TOOLS="$tools" URL="$url" FROM="$from" TO="$to" BODY="$body" SID="$sid" node -e '
  const twilio = require(process.env.TOOLS + "/node_modules/twilio");
  const params = { From: process.env.FROM, To: process.env.TO, Body: process.env.BODY, MessageSid: process.env.SID,
                   AccountSid: process.env.TWILIO_ACCOUNT_SID || "", NumMedia: "0" };
  process.stdout.write(twilio.getExpectedTwilioSignature(process.env.TWILIO_AUTH_TOKEN, process.env.URL, params));
')

answer=$(mktemp)
trap 'rm -f "$answer"' EXIT
status=$(curl -sS -o "$answer" -w '%{http_code}' -X POST "$url" -H "X-Twilio-Signature: $signature" \
  --data-urlencode "From=$from" --data-urlencode "To=$to" --data-urlencode "Body=$body" --data-urlencode "MessageSid=$sid" \
  --data-urlencode "AccountSid=${TWILIO_ACCOUNT_SID:-}" --data-urlencode "NumMedia=0")
echo "HTTP $status (MessageSid $sid)"
cat "$answer"; echo
[[ "$status" == 2* ]]
