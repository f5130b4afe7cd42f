#!/usr/bin/env bash
# Several instances of one colour behind nginx (issue 16 item 4), then canary releases on the same cluster (item 3).
# Real PostgreSQL (a database of its own on the shared test server), real nginx with the checked-in site, the deploy
# scripts in process mode, the built app as the release; loopback only; every load bounded in count and time.
set -euo pipefail

usage() {
  cat <<'USAGE'
Usage: scripts/tests/instances-test.sh            (quick: the CI mode of scripts/test.sh)
       CONTESTLET_DRILLS=full scripts/tests/instances-test.sh

Several instances: blue-green-deploy.sh with CONTESTLET_INSTANCES=3 starts blue, blue-2, blue-3 behind nginx; then
  - entry throughput through nginx with 1, 2 and 3 instances in the upstream (printed; see docs/operations.md for
    why it hardly grows on this 2-core machine);
  - one entry per person: the same people enter twice at once, spread over the instances;
  - entry caps exact: a cap set just above the current count, more people than places, over three instances;
  - send limits shared: six concurrent code requests for one number, two per instance, text it once (the cooldown
    lives in the database);
  - each outbox text sent once: three outbox workers, every confirmation accepted by the fake Twilio exactly once;
  - sign-in cookies valid on every instance (the data-protection key ring is in the database);
  - the admin console's circuit sticks to one instance (negotiate + WebSocket upgrade with the session cookie through
    nginx's contestlet_circuits upstream);
  - in Chromium (Contestlet.E2E's Runs=Cluster journey, ~25 s): an admin signs in and opens the console by its links,
    the instance holding the console's circuit is stopped (SIGTERM, scripts/tests/lib/stop-instance.sh), the console
    reloads onto another instance and opens a contest's hub; meanwhile /admin keeps answering through nginx.
Canary (scripts/canary-deploy.sh, one instance per colour) under a bounded page load through nginx:
  - a good build gets its share, its own metrics stay clean, it is promoted (no request fails);
  - a build whose contest pages answer 500 (Dev:FailContestPages, the drill's fault switch, refused in Production)
    is rolled back by the script itself; the test prints how many requests failed meanwhile.
Environment: CONTESTLET_TEST_PG (default: scripts/test-postgres.sh's server), CONTESTLET_DRILLS=quick|full,
CONTESTLET_KEEP=1, CONTESTLET_CHROMIUM (default /usr/bin/chromium). Needs a built solution (dotnet build Contestlet.sln),
nginx, curl, psql, Chromium.
USAGE
}
[[ ${1:-} == -h || ${1:-} == --help ]] && { usage; exit 0; }
[[ $# -eq 0 ]] || { usage >&2; exit 2; }

TEST_NAME=instances-test
QA_COUNT=1000
# The console journey's admin: a number of its own (sign-in codes have a per-number cooldown; ADMIN_PHONE signs in by curl).
CONSOLE_ADMIN=+18187958205
# shellcheck source=SCRIPTDIR/lib/app-cluster.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/app-cluster.sh"
SCRIPTS=$REPO/scripts
CHROMIUM=${CONTESTLET_CHROMIUM:-/usr/bin/chromium}
[[ -x $CHROMIUM ]] || fail "Chromium is not installed at $CHROMIUM (scripts/test.sh installs Debian's chromium; or set CONTESTLET_CHROMIUM)"
if ((QUICK)); then
  TP_PEOPLE=30 TP_CONCURRENCY=12 CANARY_WINDOW=10 CANARY_SHARE=30
else
  TP_PEOPLE=200 TP_CONCURRENCY=24 CANARY_WINDOW=60 CANARY_SHARE=10
fi

use_shared_pg
migrate_and_seed

# Ports for blue, blue-2, blue-3 (+100 each) and green.
for _ in {1..50}; do
  pick_port BLUE_PORT
  ((BLUE_PORT < 60000)) || continue
  (exec 3<>/dev/tcp/127.0.0.1/$((BLUE_PORT + 100))) 2>/dev/null && continue
  (exec 3<>/dev/tcp/127.0.0.1/$((BLUE_PORT + 200))) 2>/dev/null && continue
  break
done
pick_port GREEN_PORT
export CONTESTLET_ENVIRONMENT=staging CONTESTLET_HOME=$T/opt CONTESTLET_CONFIG_DIR=$T/etc CONTESTLET_STATE_DIR=$T
export CONTESTLET_ENV_FILE=$T/etc/staging.env CONTESTLET_SERVICE_MANAGER=process
export CONTESTLET_BLUE_PORT=$BLUE_PORT CONTESTLET_GREEN_PORT=$GREEN_PORT
export CONTESTLET_NGINX_PREFIX=$T/nginx CONTESTLET_NGINX_CONF=$T/nginx/nginx.conf CONTESTLET_NGINX_ERROR_LOG=$T/nginx/error.log
export CONTESTLET_NGINX_UPSTREAM_FILE=$UPSTREAM_FILE CONTESTLET_PUBLIC_URL=$PROXY CONTESTLET_READY_TIMEOUT=180
unset CONTESTLET_DEPLOY_LOCK_HELD DATABASE_URL
mkdir -p "$T/etc" "$T/opt/releases"
app_environment
{
  printf '%s\n' "${APP_ENV[@]}"
  echo "ADMIN_PHONES=$ADMIN_PHONE,$CONSOLE_ADMIN"
  echo "Serilog__WriteTo__0__Args__path=$T/logs/app-.log"
  echo "Serilog__WriteTo__0__Args__shared=true"
} >"$CONTESTLET_ENV_FILE"
{ cat "$CONTESTLET_ENV_FILE"; echo "Dev__FailContestPages=true"; } >"$T/etc/staging-broken.env"
chmod 600 "$T"/etc/*.env
# Releases are publish outputs, as in production: a build output serves its static files (blazor.web.js, MudBlazor's
# scripts and styles) only in Development, and the console needs them in the browser. Published once from the build
# (hard links, seconds), then one hard-linked copy per release.
if [[ -d $(dirname "$APP_DLL")/wwwroot ]]; then
  PUBLISHED=$(dirname "$APP_DLL")
else
  PUBLISHED=$T/opt/published
  configuration=Debug
  [[ $APP_DLL == */bin/Release/* ]] && configuration=Release
  dotnet publish "$REPO/Contestlet.Web" -c "$configuration" --no-build --no-restore -nologo -v:q \
    -p:CreateHardLinksForPublishFilesIfPossible=true -o "$PUBLISHED" >"$T/out/publish.txt" 2>&1 \
    || { tail -n 20 "$T/out/publish.txt" >&2; fail "dotnet publish --no-build of the built app failed"; }
fi
release() { cp -al "$PUBLISHED" "$T/opt/releases/$1" && echo "$T/opt/releases/$1"; }

start_nginx
# The checked-in site, plus a header naming the instance that served a circuit request (test only).
# shellcheck disable=SC2016  # nginx variable
sed -i 's|^\([[:space:]]*\)proxy_pass http://contestlet_circuits;|&\n\1add_header X-Served-By $upstream_addr always;|' "$T/nginx/contestlet.conf"
grep -q 'X-Served-By' "$T/nginx/contestlet.conf" || fail "the site has no contestlet_circuits location for /_blazor"
reload_nginx

run_step() { # NAME LOG command...
  local name=$1 out=$2 started=$SECONDS status=0
  shift 2
  "$@" >"$out" 2>&1 || status=$?
  if ((status == 0)); then log "$name: ok ($((SECONDS - started))s)"; return 0; fi
  log "$name: exit $status ($((SECONDS - started))s); last lines:"
  tail -n 25 "$out" | sed 's/^/    | /' >&2
  return "$status"
}
RELEASE_A=$(release a)
run_step "blue-green-deploy.sh with CONTESTLET_INSTANCES=3" "$T/out/deploy-a.txt" \
  env CONTESTLET_INSTANCES=3 "$SCRIPTS/blue-green-deploy.sh" --release "$RELEASE_A" || fail "deploying three instances failed"
INSTANCES=(blue blue-2 blue-3)
PORTS=("$BLUE_PORT" $((BLUE_PORT + 100)) $((BLUE_PORT + 200)))
for i in 0 1 2; do
  assert_eq "$(http_code "http://127.0.0.1:${PORTS[i]}/health/ready")" 200 "${INSTANCES[i]} ready on ${PORTS[i]}"
  grep -q "server 127.0.0.1:${PORTS[i]};" "$UPSTREAM_FILE" || fail "${INSTANCES[i]} is not in nginx's upstream"
done
assert_eq "$(grep -c 'server 127.0.0.1' "$UPSTREAM_FILE")" 6 "servers in contestlet_app and contestlet_circuits"
log "three instances of blue behind nginx $PROXY: ${PORTS[*]}"

# ------------------------------------------------------------------------------------------------ throughput
# The upstream narrowed to the first N instances (a test-only rewrite; the deploy scripts list every running one).
upstream_of() { # N
  local i servers=''
  for ((i = 0; i < $1; i++)); do servers+="    server 127.0.0.1:${PORTS[i]};"$'\n'; done
  # shellcheck disable=SC2016  # nginx variable
  printf '# active-colour: blue\nupstream contestlet_app {\n%s    keepalive 32;\n}\nupstream contestlet_circuits {\n    hash $cookie_contestlet consistent;\n%s}\n' \
    "$servers" "$servers" >"$UPSTREAM_FILE"
  reload_nginx
}
cp "$UPSTREAM_FILE" "$T/out/upstream-3.conf"
# Warm-up over all three (JIT of the entry flow), so no measurement pays for it.
bench "$PROXY" 0 12 12 60 "$T/out/warmup.tsv" "(warm-up)" >"$T/out/warmup.txt" 2>&1
next_person=12
THROUGHPUT=()
for n in 1 2 3; do
  upstream_of "$n"
  bench "$PROXY" "$next_person" "$TP_PEOPLE" "$TP_CONCURRENCY" 120 "$T/out/tp-$n.tsv" "($n instance(s))" >"$T/out/tp-$n.txt" 2>&1
  next_person=$((next_person + TP_PEOPLE))
  rate=$(sed -n 's/.*entries\/s: \([0-9.]*\).*/\1/p' "$T/out/tp-$n.txt")
  ok=$(awk -F'\t' '$2 == "ok"' "$T/out/tp-$n.tsv" | wc -l)
  assert_eq "$ok" "$TP_PEOPLE" "entries through $n instance(s)"
  THROUGHPUT+=("$n: ${rate:-?}/s")
done
cp "$T/out/upstream-3.conf" "$UPSTREAM_FILE"
reload_nginx
log "entry flows per second through nginx (contest page, send code, verify, entered): ${THROUGHPUT[*]}"

# ------------------------------------------------------------------------------------------------ one entry per person
DUP_FIRST=$next_person
bench "$PROXY" "$DUP_FIRST" 30 10 120 "$T/out/dup-1.tsv" "(twice at once, 1)" >"$T/out/dup-1.txt" 2>&1 &
dup_pid=$!
EXTRA_PIDS+=("$dup_pid")
bench "$PROXY" "$DUP_FIRST" 30 10 120 "$T/out/dup-2.tsv" "(twice at once, 2)" >"$T/out/dup-2.txt" 2>&1
wait "$dup_pid" || true
next_person=$((next_person + 30))
read -r DUP_PEOPLE DUP_MAX < <(db_psql -F' ' -c "SELECT count(*), coalesce(max(n), 0) FROM (SELECT count(*) n FROM entries WHERE \"ContestId\" = $CONTEST_ID
  AND \"PhoneE164\" BETWEEN '+$((QA_FIRST + DUP_FIRST))' AND '+$((QA_FIRST + DUP_FIRST + 29))' GROUP BY \"PhoneE164\") t")
assert_eq "$DUP_PEOPLE" 30 "people with an entry after entering twice at once"
assert_eq "$DUP_MAX" 1 "most entries of one person"
log "one entry per person: 30 people entered twice at once over three instances: 30 entries, none twice"

# ------------------------------------------------------------------------------------------------ entry cap
count=$(db_psql -c "SELECT \"EntryCount\" FROM contests WHERE \"Id\" = $CONTEST_ID")
CAP=$((count + 25))
db_psql -c "UPDATE contests SET \"TotalEntryCap\" = $CAP WHERE \"Id\" = $CONTEST_ID" >/dev/null
bench "$PROXY" "$next_person" 50 15 120 "$T/out/cap.tsv" "(cap)" >"$T/out/cap.txt" 2>&1
next_person=$((next_person + 50))
CAP_OK=$(awk -F'\t' '$2 == "ok"' "$T/out/cap.tsv" | wc -l)
read -r CAP_COUNTER CAP_ROWS < <(db_psql -F' ' -c "SELECT \"EntryCount\", (SELECT count(*) FROM entries WHERE \"ContestId\" = $CONTEST_ID) FROM contests WHERE \"Id\" = $CONTEST_ID")
assert_eq "$CAP_COUNTER" "$CAP" "the contest's counter after 50 people went for 25 places"
assert_eq "$CAP_ROWS" "$CAP" "the contest's entries after 50 people went for 25 places"
assert_eq "$CAP_OK" 25 "people told 'You're in' for 25 places"
db_psql -c "UPDATE contests SET \"TotalEntryCap\" = NULL WHERE \"Id\" = $CONTEST_ID" >/dev/null
log "entry cap exact: 50 people for the last 25 places over three instances: 25 acknowledged, counter and rows both $CAP"

# ------------------------------------------------------------------------------------------------ cookies (curl, Secure cookies kept by hand)
declare -A JAR=()
merge_cookies() {
  local line name value
  while IFS= read -r line; do
    line=${line%$'\r'}
    [[ ${line,,} == set-cookie:* ]] || continue
    line=${line#*: } name=${line%%=*} value=${line#*=} value=${value%%;*}
    if [[ -z $value || ${line,,} == *"expires=thu, 01 jan 1970"* ]]; then unset "JAR[$name]"; else JAR[$name]=$value; fi
  done <<<"$1"
}
cookie_header() { local name out=''; for name in "${!JAR[@]}"; do out+="${out:+; }$name=${JAR[$name]}"; done; echo "$out"; }
request() { # URL [curl args...] → RESPONSE_STATUS, RESPONSE_LOCATION, RESPONSE_BODY
  # The headers file is per process: concurrent visitors (subshells) once read each other's Set-Cookie from one shared
  # file, posted another visitor's antiforgery cookie with their own token and got 400.
  local url=$1 cookies args=() headers file="$T/out/headers-$BASHPID.txt"
  shift
  cookies=$(cookie_header)
  [[ -n $cookies ]] && args=(-H "Cookie: $cookies")
  RESPONSE_BODY=$(curl -sS --max-time 30 -D "$file" "${args[@]}" "$@" "$url" 2>/dev/null) || true
  headers=$(tr -d '\r' <"$file")
  merge_cookies "$headers"
  RESPONSE_STATUS=$(sed -n '1s/^HTTP[^ ]* \([0-9]*\).*/\1/p' <<<"$headers")
  RESPONSE_LOCATION=$(sed -n 's/^[Ll]ocation: //p' <<<"$headers" | tail -n 1)
}
form_token() {
  [[ $RESPONSE_BODY =~ name=\"__RequestVerificationToken\"\ value=\"([^\"]+)\" ]] || fail "no antiforgery token in $1"
  FORM_TOKEN=${BASH_REMATCH[1]}
}
send_code() { # BASE PHONE: a fresh visitor asks for a code
  JAR=()
  request "$1/signin"
  form_token "$1/signin"
  request "$1/signin" --data-urlencode "_handler=signin-phone" --data-urlencode "__RequestVerificationToken=$FORM_TOKEN" \
    --data-urlencode "Input.Phone=$2"
}
texts_to() { accepted_texts | grep -c "^To=%2B${1#+} " || true; }

# Send limits shared: six concurrent code requests for one number, two per instance: one text (the cooldown is in the database).
LIMIT_PHONE=+18187951234
for i in 0 1 2 0 1 2; do
  (send_code "http://127.0.0.1:${PORTS[i]}" "$LIMIT_PHONE") &
done
wait
for _ in {1..40}; do [[ $(texts_to "$LIMIT_PHONE") -ge 1 ]] && break; sleep 0.25; done
sleep 1
LIMIT_TEXTS=$(texts_to "$LIMIT_PHONE")
assert_eq "$LIMIT_TEXTS" 1 "codes texted to one number after six concurrent requests over three instances"
log "send limits shared: six concurrent code requests for one number over three instances: $LIMIT_TEXTS text"

# Sign-in cookies valid on every instance: the admin signs in on blue-2; blue, blue-3 and nginx accept the session.
JAR=()
sent=$(texts_to "$ADMIN_PHONE")
send_code "http://127.0.0.1:${PORTS[1]}" "$ADMIN_PHONE"
[[ $RESPONSE_STATUS == 30? && $RESPONSE_LOCATION == */signin/code* ]] || fail "sending the admin's code answered $RESPONSE_STATUS"
code=
for _ in {1..100}; do
  code=$(accepted_texts | grep "^To=%2B${ADMIN_PHONE#+} " | tail -n +"$((sent + 1))" | sed -n 's/.*Body=\([0-9]\{6\}\)[^0-9].*/\1/p' | tail -n 1)
  [[ -n $code ]] && break
  sleep 0.1
done
[[ -n $code ]] || fail "the fake Twilio received no code for the admin"
request "http://127.0.0.1:${PORTS[1]}/signin/code"
form_token /signin/code
request "http://127.0.0.1:${PORTS[1]}/signin/code" --data-urlencode "_handler=signin-code" \
  --data-urlencode "__RequestVerificationToken=$FORM_TOKEN" --data-urlencode "Input.Code=$code"
[[ $RESPONSE_STATUS == 30? && -n ${JAR[contestlet]:-} ]] || fail "signing in on blue-2 answered $RESPONSE_STATUS without a session"
SESSION=$(cookie_header)
admin_status() { curl -sS --max-time 30 -o /dev/null -w '%{http_code}' -H "Cookie: $2" "$1/admin" 2>/dev/null || echo 000; }
for i in 0 1 2; do assert_eq "$(admin_status "http://127.0.0.1:${PORTS[i]}" "$SESSION")" 200 "/admin on ${INSTANCES[i]} with the session issued by blue-2"; done
assert_eq "$(admin_status "http://127.0.0.1:${PORTS[0]}" "${SESSION/contestlet=/contestlet=x}")" 302 "/admin with a tampered session cookie"
log "sign-in cookies: the admin signed in on blue-2 is served /admin by blue, blue-2 and blue-3; a tampered cookie is not"

# Admin console: negotiate + WebSocket upgrade through nginx with the session cookie land on one instance.
circuit() { # → CIRCUIT_BY (the instance that answered), CIRCUIT_UPGRADE (the WebSocket's status)
  local body token headers
  body=$(curl -sS --max-time 10 -D "$T/out/negotiate.txt" -X POST -H "Cookie: $SESSION" -H 'Content-Length: 0' \
    "$PROXY/_blazor/negotiate?negotiateVersion=1" 2>/dev/null) || true
  headers=$(tr -d '\r' <"$T/out/negotiate.txt")
  CIRCUIT_BY=$(sed -n 's/^[Xx]-[Ss]erved-[Bb]y: .*:\([0-9]*\)$/\1/p' <<<"$headers" | tail -n 1)
  token=$(sed -n 's/.*"connectionToken":"\([^"]*\)".*/\1/p' <<<"$body")
  [[ -n $token ]] || { CIRCUIT_UPGRADE=none; return 0; }
  CIRCUIT_UPGRADE=$(curl -sS --max-time 3 -o /dev/null -w '%{http_code}' -H "Cookie: $SESSION" -H 'Connection: Upgrade' -H 'Upgrade: websocket' \
    -H 'Sec-WebSocket-Version: 13' -H 'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==' "$PROXY/_blazor?id=$token" 2>/dev/null || true)
  CIRCUIT_UPGRADE=${CIRCUIT_UPGRADE:0:3}
}
circuit
STICKY=$CIRCUIT_BY
[[ -n $STICKY ]] || fail "the circuit's negotiate through nginx named no instance"
assert_eq "$CIRCUIT_UPGRADE" 101 "the console's WebSocket upgrade through nginx (its token is only known to the instance that negotiated)"
for _ in 1 2 3 4; do
  circuit
  assert_eq "$CIRCUIT_BY" "$STICKY" "the instance serving the admin's circuit (sticky by the session cookie)"
  assert_eq "$CIRCUIT_UPGRADE" 101 "the WebSocket upgrade on the sticky instance"
done
log "admin console: the circuit of the admin signed in by curl is sticky to :$STICKY for 5 connections through nginx"

# The console in Chromium while the instance holding its circuit is stopped (Contestlet.E2E, Runs=Cluster): the journey
# signs in (its code from the fake Twilio's log), opens the console by its links, stops that instance through
# stop-instance.sh (the deploy scripts' stop_instance), and opens a contest's hub once the console has rejoined elsewhere.
CONTEST_NAME=$(db_psql -c "SELECT \"Name\" FROM contests WHERE \"Id\" = $CONTEST_ID")
CONSOLE_REPORT=$T/out/console-journey.txt
journey_started=$SECONDS
journey_status=0
env CONTESTLET_CHROMIUM="$CHROMIUM" CONTESTLET_E2E_CLUSTER_URL="$PROXY" CONTESTLET_E2E_CLUSTER_ADMIN="$CONSOLE_ADMIN" \
  CONTESTLET_E2E_CLUSTER_SMS_LOG="$T/nginx/twilio.log" CONTESTLET_E2E_CLUSTER_STOP="$SCRIPTS/tests/lib/stop-instance.sh" \
  CONTESTLET_E2E_CLUSTER_CONTEST="$CONTEST_NAME" CONTESTLET_E2E_CLUSTER_REPORT="$CONSOLE_REPORT" CONTESTLET_E2E_SCREENSHOTS="$T/out/screenshots" \
  dotnet test "$REPO/Contestlet.E2E" --no-build --nologo --filter "Runs=Cluster" --logger "trx;LogFileName=e2e-cluster.trx" \
  --logger "console;verbosity=normal" --results-directory "$T/out" >"$T/out/console-journey-test.txt" 2>&1 || journey_status=$?
JOURNEY_SECONDS=$((SECONDS - journey_started))
if ((journey_status != 0)); then
  grep -v '^\[xUnit' "$T/out/console-journey-test.txt" | sed -n '/Failed \|Error Message/,/Stack Trace/p' | head -n 40 | sed 's/^/    | /' >&2
  fail "the console fail-over journey in Chromium failed (exit $journey_status, ${JOURNEY_SECONDS}s; output in $T/out/console-journey-test.txt)"
fi
grep -q 'Passed:[[:space:]]*1' "$T/out/console-journey-test.txt" || fail "the console fail-over journey did not run (no passed test in $T/out/console-journey-test.txt)"
STOPPED=
for i in 0 1 2; do
  if [[ ! -f $T/run/${INSTANCES[i]}.pid ]]; then STOPPED=${INSTANCES[i]} STOPPED_PORT=${PORTS[i]}; fi
done
[[ -n $STOPPED ]] || fail "the console journey passed, but every instance still runs"
# While it is down, the console's page and a new circuit keep being served through nginx.
ADMIN_WHILE_DOWN=()
for _ in 1 2 3 4 5 6; do ADMIN_WHILE_DOWN+=("$(admin_status "$PROXY" "$SESSION")"); done
assert_eq "${ADMIN_WHILE_DOWN[*]}" "200 200 200 200 200 200" "/admin through nginx while $STOPPED is stopped"
circuit
[[ -n $CIRCUIT_BY && $CIRCUIT_BY != "$STOPPED_PORT" ]] || fail "with $STOPPED stopped, a new circuit went to '${CIRCUIT_BY:-nowhere}'"
assert_eq "$CIRCUIT_UPGRADE" 101 "a new circuit's WebSocket upgrade with $STOPPED stopped"
CONSOLE_SUMMARY=$(<"$CONSOLE_REPORT")
log "admin console in Chromium (${JOURNEY_SECONDS}s with dotnet test): $CONSOLE_SUMMARY; /admin 6 of 6 through nginx meanwhile"
STICKY=$STOPPED_PORT
# Back up, as the deploy scripts start an instance.
# shellcheck source=SCRIPTDIR/../lib/deploy-common.sh
(source "$SCRIPTS/lib/deploy-common.sh" && start_instance "$STOPPED") || fail "could not start $STOPPED again"
for _ in {1..300}; do [[ $(http_code "http://127.0.0.1:$STICKY/health/ready" 3) == 200 ]] && break; sleep 0.3; done
assert_eq "$(http_code "http://127.0.0.1:$STICKY/health/ready")" 200 "$STOPPED ready again"

# Each outbox text sent once: three workers (two now) drained every confirmation; the fake accepted each exactly once.
deadline=$((SECONDS + 90))
while ((SECONDS < deadline)); do
  [[ $(db_psql -c "SELECT count(*) FROM notifications WHERE \"Status\" NOT IN ('Sent', 'Delivered')") == 0 ]] && break
  sleep 0.5
done
QUEUED=$(db_psql -c "SELECT count(*) FROM notifications WHERE \"Type\" = 'EntryConfirmation' AND \"ToE164\" LIKE '+1555030%'")
SENT_ROWS=$(db_psql -c "SELECT count(*) FROM notifications WHERE \"Type\" = 'EntryConfirmation' AND \"ToE164\" LIKE '+1555030%' AND \"Status\" = 'Sent'")
ACCEPTED=$(accepted_texts | grep '^To=%2B1555030' | grep -c 'Body=You' || true)
TWICE=$(accepted_texts | grep '^To=%2B1555030' | grep 'Body=You' | awk '{ print $1 }' | sort | uniq -d | wc -l)
assert_eq "$SENT_ROWS" "$QUEUED" "confirmations sent"
assert_eq "$ACCEPTED" "$QUEUED" "confirmations the fake Twilio accepted"
assert_eq "$TWICE" 0 "people texted their confirmation twice"
log "outbox: $QUEUED confirmations queued by three instances, $ACCEPTED accepted by Twilio, none twice"
INSTANCES_SUMMARY="throughput ${THROUGHPUT[*]} entry flows/s; 30 people x2 at once -> 30 entries; cap $CAP exact (25 of 50 acknowledged); 1 text for 6 concurrent code requests; session valid on 3 of 3; console sticky, and in Chromium it rejoined another instance when its own was stopped; $QUEUED confirmations sent once each"

# ================================================================================================ canary
CANARY_STOP=$T/out/canary.stop
page_load() { # PHASE: contest page and home page through nginx, bounded
  local out="$T/out/load-$1.log" n=0 deadline=$((SECONDS + 180))
  rm -f "$CANARY_STOP"
  while [[ ! -e $CANARY_STOP ]] && ((n < 20000 && SECONDS < deadline)); do
    n=$((n + 1))
    if ((n % 2)); then path=/c/$CONTEST_CODE; else path=/; fi
    printf '%s %s\n' "$path" "$(curl -sS --max-time 10 -o /dev/null -w '%{http_code}' "$PROXY$path" 2>/dev/null || echo 000)" >>"$out"
    sleep 0.05
  done
}
with_load() { # PHASE command... → LOAD_SENT, LOAD_FAILED, STATUS
  local pids=() pid
  for _ in 1 2; do page_load "$1" & pids+=($!); done
  EXTRA_PIDS+=("${pids[@]}")
  local phase=$1
  shift
  STATUS=0
  "$@" >"$T/out/canary-$phase.txt" 2>&1 || STATUS=$?
  touch "$CANARY_STOP"
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  LOAD_SENT=$(wc -l <"$T/out/load-$phase.log")
  LOAD_FAILED=$(awk '$2 != 200' "$T/out/load-$phase.log" | wc -l)
}
canary() { # RELEASE [ENV_FILE]
  env CONTESTLET_INSTANCES=1 CONTESTLET_CANARY_CHECK_EVERY=2 "$SCRIPTS/canary-deploy.sh" --release "$1" ${2:+--env-file "$2"} \
    --share "$CANARY_SHARE" --window "$CANARY_WINDOW" --min-requests 10 --max-error-ratio 0.05 --max-p95-ms 3000
}
# The good build: promoted, nothing fails. (Blue keeps its running instances as the live colour; green, the canary, runs one.)
RELEASE_B=$(release b)
with_load good canary "$RELEASE_B"
sed 's/^/    | /' "$T/out/canary-good.txt" | grep -E 'canary|after|promoted|rolled|error' || true
assert_eq "$STATUS" 0 "canary-deploy.sh of a good build (exit)"
grep -q '^# active-colour: green' "$UPSTREAM_FILE" || fail "the good canary was not promoted (upstream: $(head -n 2 "$UPSTREAM_FILE"))"
! grep -q '^# canary:' "$UPSTREAM_FILE" || fail "the upstream still holds a canary after promotion"
GOOD_REQUESTS=$(sed -n 's/.*canary promoted (\([0-9]*\) requests.*/\1/p' "$T/out/canary-good.txt")
((${GOOD_REQUESTS:-0} >= 10)) || fail "the good canary served only ${GOOD_REQUESTS:-0} requests: it was not exercised"
assert_eq "$LOAD_FAILED" 0 "failed requests while the good canary ran and was promoted"
GOOD_SUMMARY="good build promoted: $LOAD_SENT requests through nginx, $LOAD_FAILED failed; the canary served $GOOD_REQUESTS at $CANARY_SHARE%"
log "canary: $GOOD_SUMMARY"

# The broken build: its contest pages answer 500, its health is fine; the script rolls it back by itself.
RELEASE_C=$(release c)
with_load bad canary "$RELEASE_C" "$T/etc/staging-broken.env"
sed 's/^/    | /' "$T/out/canary-bad.txt" | grep -E 'canary|after|promoted|rolled|error' || true
((STATUS != 0)) || fail "canary-deploy.sh promoted a build whose contest pages answer 500"
grep -q 'canary rolled back' "$T/out/canary-bad.txt" || fail "canary-deploy.sh failed without rolling back"
grep -q '^# active-colour: green' "$UPSTREAM_FILE" || fail "traffic is not back on green after the rollback"
! grep -q '^# canary:' "$UPSTREAM_FILE" || fail "the upstream still holds the canary after the rollback"
! grep -q "server 127.0.0.1:$BLUE_PORT" "$UPSTREAM_FILE" || fail "the rolled-back canary is still in the upstream"
((LOAD_FAILED > 0)) || fail "no request failed during the bad canary: it was never exercised"
BAD_500=$(awk '$2 == 500' "$T/out/load-bad.log" | wc -l)
BAD_AFTER=$(tail -n 30 "$T/out/load-bad.log" | awk '$2 != 200' | wc -l)
assert_eq "$BAD_AFTER" 0 "failed requests among the last 30 after the rollback"
assert_eq "$(http_code "$PROXY/c/$CONTEST_CODE")" 200 "the contest page through nginx after the rollback"
assert_eq "$(http_code "http://127.0.0.1:$BLUE_PORT/health/ready")" 200 "blue back on its previous release (the standby for emergency-deploy.sh)"
BAD_SUMMARY="broken build rolled back by itself: $LOAD_SENT requests through nginx, $LOAD_FAILED failed ($BAD_500 answered 500) before the rollback; $(sed -n 's/.*canary rolled back (\(.*\)); traffic.*/\1/p' "$T/out/canary-bad.txt")"
log "canary: $BAD_SUMMARY"

cat <<SUMMARY

$TEST_NAME: all checks passed in $((SECONDS - TEST_STARTED))s ($([[ $QUICK == 1 ]] && echo quick || echo full) mode)
  several instances   $INSTANCES_SUMMARY
  canary (good)       $GOOD_SUMMARY
  canary (broken)     $BAD_SUMMARY
SUMMARY
