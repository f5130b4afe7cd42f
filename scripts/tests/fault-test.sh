#!/usr/bin/env bash
# Fault drills: PostgreSQL restarted under entry load, Twilio failing during a burst of texts, an instance SIGKILLed
# mid entry load and mid outbox batch. Real PostgreSQL (a private cluster this test may restart), real nginx, the
# built app; loopback only; every load bounded in count and time. Prints one figure line per drill.
set -euo pipefail

usage() {
  cat <<'USAGE'
Usage: scripts/tests/fault-test.sh            (quick: the CI mode of scripts/test.sh, about 2 minutes)
       CONTESTLET_DRILLS=full scripts/tests/fault-test.sh   (bigger loads and longer outages)

Starts a private PostgreSQL cluster on 127.0.0.1:$CONTESTLET_FAULT_PG_PORT (default 54339, data in
/tmp/contestlet-fault-test-pg; never the shared test server, which other suites use), a private nginx with the
checked-in site and a fake Twilio (accept / 503 / hang), and two instances of the built app (Staging settings, QA test
numbers for the simulated contestants) behind it. Then:
  A. PostgreSQL stopped for a few seconds and started again while contestants enter through nginx: every answer
     during the outage is the friendly "try again" page (no stack trace, no bare error), both instances are ready
     again by themselves, new entries go through, and every acknowledged entry ("You're in!") is in the database
     exactly once with its counter and its confirmation text (nothing half-written).
  B. A burst of winner texts while the fake Twilio answers 503, then hangs (attempt timeouts), then recovers: the
     outbox backs off (attempts and next-attempt times grow, the error is on each row: what /admin/notifications
     shows) and afterwards every text was accepted by Twilio exactly once.
  C. One instance SIGKILLed during an entry load and an outbox batch: no acknowledged entry lost; the killed
     instance's leased texts are sent by the other instance after the lease; a text accepted twice must have a
     second attempt on its row (at-least-once with a record, never silently).
Options: -h. Environment: CONTESTLET_DRILLS=quick|full, CONTESTLET_KEEP=1 (keep files), CONTESTLET_FAULT_PG_PORT.
Needs a built solution (dotnet build Contestlet.sln), nginx, curl, PostgreSQL server binaries and psql.
USAGE
}
[[ ${1:-} == -h || ${1:-} == --help ]] && { usage; exit 0; }
[[ $# -eq 0 ]] || { usage >&2; exit 2; }

TEST_NAME=fault-test
QA_COUNT=1600
# shellcheck source=SCRIPTDIR/lib/app-cluster.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/app-cluster.sh"

if ((QUICK)); then
  A_PEOPLE=400 A_SECONDS=22 A_OUTAGE=5 B_TEXTS=20 B_503=8 B_HANG=6 C_PEOPLE=120 C_TEXTS=60 CONCURRENCY=8 LOAD_SECONDS=60
else
  A_PEOPLE=1000 A_SECONDS=60 A_OUTAGE=15 B_TEXTS=200 B_503=20 B_HANG=15 C_PEOPLE=400 C_TEXTS=200 CONCURRENCY=16 LOAD_SECONDS=180
fi

use_private_pg "${CONTESTLET_FAULT_PG_PORT:-54339}"
migrate_and_seed
db_psql -c "CREATE TABLE drill_acked (phone text)" >/dev/null
pick_port PORT1
pick_port PORT2
write_upstream "$PORT1" "$PORT2"
start_nginx
app_start app1 "$PORT1"
app_start app2 "$PORT2"
app_wait_ready app1
app_wait_ready app2
log "PostgreSQL 127.0.0.1:$PG_PORT (private), nginx $PROXY, app1 :$PORT1, app2 :$PORT2, contest $CONTEST_CODE ($([[ $QUICK == 1 ]] && echo quick || echo full) mode)"
curl -s -o /dev/null --max-time 30 "$PROXY/c/$CONTEST_CODE" || true

# Every "ok" person of a results file has exactly one entry; the contest's counter matches its rows; each entry has
# its confirmation text queued in the same transaction.
check_acknowledged() { # RESULTS_FILE LABEL
  local file=$1 label=$2 missing
  db_psql -c "TRUNCATE drill_acked" >/dev/null
  awk -F'\t' '$2 == "ok" { print $1 }' "$file" | db_psql -c "COPY drill_acked FROM STDIN" >/dev/null
  missing=$(db_psql -c "SELECT count(*) FROM drill_acked a WHERE (SELECT count(*) FROM entries e WHERE e.\"ContestId\" = $CONTEST_ID AND e.\"PhoneE164\" = a.phone) <> 1")
  assert_eq "$missing" 0 "$label: acknowledged entries missing (or duplicated) in the database"
  assert_eq "$(db_psql -c "SELECT \"EntryCount\" = (SELECT count(*) FROM entries WHERE \"ContestId\" = $CONTEST_ID) FROM contests WHERE \"Id\" = $CONTEST_ID")" t \
    "$label: the contest's entry counter equals its entries (no half-written entry)"
  assert_eq "$(db_psql -c "SELECT count(*) FROM entries e WHERE e.\"ContestId\" = $CONTEST_ID AND NOT EXISTS (SELECT 1 FROM notifications n WHERE n.\"EntryId\" = e.\"Id\")")" 0 \
    "$label: entries without their confirmation text"
}
wait_outbox_empty() { # TIMEOUT → 0 when every text is Sent
  local deadline=$((SECONDS + $1))
  while ((SECONDS < deadline)); do
    [[ $(db_psql -c "SELECT count(*) FROM notifications WHERE \"Status\" NOT IN ('Sent', 'Delivered')") == 0 ]] && return 0
    sleep 0.5
  done
  return 1
}
# Each drill text (its body is unique) accepted by the fake Twilio exactly once; a second acceptance is tolerated only
# when the row records a second attempt. Sets ONCE, DUPES, UNRECORDED.
check_sent_once() { # BODY_PREFIX EXPECTED
  local prefix=$1 expected=$2
  accepted_texts | grep -o "Body=${prefix// /+}[0-9]*" | sort | uniq -c | awk '{ print $2 "\t" $1 }' >"$T/out/accepted-$prefix.txt" || true
  ONCE=$(awk -F'\t' '$2 == 1' "$T/out/accepted-$prefix.txt" | wc -l)
  DUPES=$(awk -F'\t' '$2 > 1' "$T/out/accepted-$prefix.txt" | wc -l)
  UNRECORDED=0
  local body count attempts
  while IFS=$'\t' read -r body count; do
    ((count > 1)) || continue
    body=${body#Body=}
    attempts=$(db_psql -c "SELECT \"Attempts\" FROM notifications WHERE \"Body\" = '${body//+/ }'")
    ((attempts >= count)) || UNRECORDED=$((UNRECORDED + 1))
  done <"$T/out/accepted-$prefix.txt"
  assert_eq "$((ONCE + DUPES))" "$expected" "texts of '$prefix' accepted by Twilio"
}
queue_texts() { # COUNT PREFIX: a burst of winner texts, as the draw's notify step writes them (queued rows)
  db_psql -c "INSERT INTO notifications (\"Type\", \"ContestId\", \"ToE164\", \"Body\", \"Status\", \"Attempts\", \"CreatedAt\", \"UpdatedAt\", \"NextAttemptAt\", \"CreatedBy\")
    SELECT 'Winner', $CONTEST_ID, '+1818795' || lpad(i::text, 4, '0'), '$2' || i, 'Queued', 0, now(), now(), now(), 'system' FROM generate_series(1, $1) i" >/dev/null
}

# ================================================================================================ A. PostgreSQL restart
bench "$PROXY" 0 "$A_PEOPLE" "$CONCURRENCY" "$A_SECONDS" "$T/out/a.tsv" "(PostgreSQL restart)" 200 >"$T/out/a-bench.txt" 2>&1 &
BENCH_PID=$!
EXTRA_PIDS+=("$BENCH_PID")
for _ in {1..200}; do [[ $(db_psql -c "SELECT count(*) FROM entries WHERE \"ContestId\" = $CONTEST_ID AND \"PhoneE164\" LIKE '+1555030%'") -ge 15 ]] && break; sleep 0.1; done
outage_started=$SECONDS
private_pg stop
log "A: PostgreSQL stopped under entry load"
sleep "$A_OUTAGE"
during=$(http_code "$PROXY/c/$CONTEST_CODE")
private_pg start
log "A: PostgreSQL started again after $((SECONDS - outage_started))s"
recovered_at=
for _ in {1..600}; do
  if [[ $(http_code "http://127.0.0.1:$PORT1/health/ready" 3) == 200 && $(http_code "http://127.0.0.1:$PORT2/health/ready" 3) == 200 ]]; then
    recovered_at=$SECONDS
    break
  fi
  sleep 0.1
done
[[ -n $recovered_at ]] || fail "A: the instances did not become ready again after PostgreSQL came back"
wait "$BENCH_PID" || true
cat "$T/out/a-bench.txt"
A_OK=$(awk -F'\t' '$2 == "ok"' "$T/out/a.tsv" | wc -l)
A_FAILED=$(awk -F'\t' '$2 == "fail"' "$T/out/a.tsv" | wc -l)
A_FRIENDLY=$(grep -c '\[friendly\]' "$T/out/a.tsv" || true)
A_STACK=$(grep -c '\[stack-trace\]' "$T/out/a.tsv" || true)
A_BARE=$(grep -c '\[bare\]' "$T/out/a.tsv" || true)
A_NOANSWER=$((A_FAILED - A_FRIENDLY - A_STACK - A_BARE))
awk -F'\t' '$2 == "fail" { print "    " $3 }' "$T/out/a.tsv" | sort | uniq -c | sort -rn | head -n 5
((A_FAILED > 0)) || fail "A: no request failed during the outage: the drill proved nothing (outage too short for the load?)"
assert_eq "$A_STACK" 0 "A: error pages showing a stack trace"
assert_eq "$A_BARE" 0 "A: error answers without the friendly page"
assert_eq "$A_NOANSWER" 0 "A: requests with no HTTP answer at all"
check_acknowledged "$T/out/a.tsv" "A"
bench "$PROXY" 1100 20 4 60 "$T/out/a-after.tsv" "(after the restart)" >"$T/out/a-after.txt" 2>&1
assert_eq "$(awk -F'\t' '$2 == "ok"' "$T/out/a-after.tsv" | wc -l)" 20 "A: entries after recovery"
wait_outbox_empty 60 || fail "A: entry confirmations still unsent a minute after the restart"
A_FIGURE="PostgreSQL down ${A_OUTAGE}s under load: $A_OK of $((A_OK + A_FAILED)) contestants acknowledged, all $A_OK in the database once; $A_FAILED saw the friendly 'try again' page (0 stack traces, 0 bare errors); ready again $((recovered_at - outage_started - A_OUTAGE))s after PostgreSQL was back; 20 of 20 new entries went through (the contest page during the outage answered $during)"
log "A: $A_FIGURE"

# ================================================================================================ B. Twilio failing
BASE_503=$(awk '$1 == 503' "$T/nginx/twilio.log" | wc -l)
twilio_mode 503
queue_texts "$B_TEXTS" "Drill B winner text "
log "B: $B_TEXTS winner texts queued; the fake Twilio answers 503 for ${B_503}s, then hangs for ${B_HANG}s"
sleep "$B_503"
twilio_mode hang
sleep "$B_HANG"
# What the outbox shows while Twilio is down (the admin's notification log reads these rows).
read -r B_WAITING B_MAX_ATTEMPTS B_WITH_ERROR B_BACKED_OFF < <(db_psql -F' ' -c "SELECT count(*) FILTER (WHERE \"Status\" IN ('Queued', 'Sending')), max(\"Attempts\"),
  count(*) FILTER (WHERE \"Error\" IS NOT NULL), count(*) FILTER (WHERE \"NextAttemptAt\" > now()) FROM notifications WHERE \"Body\" LIKE 'Drill B %'")
B_ERRORS=$(db_psql -c "SELECT DISTINCT \"Error\" FROM notifications WHERE \"Body\" LIKE 'Drill B %' AND \"Error\" IS NOT NULL" | head -n 3 | tr '\n' '|')
twilio_mode accept
recovery_started=$SECONDS
wait_outbox_empty 90 || fail "B: texts still unsent 90 s after Twilio recovered ($(db_psql -c "SELECT \"Status\", count(*) FROM notifications GROUP BY 1" | tr '\n' ' '))"
B_DRAIN=$((SECONDS - recovery_started))
B_503_SEEN=$(($(awk '$1 == 503' "$T/nginx/twilio.log" | wc -l) - BASE_503))
B_HUNG=$(awk '$1 == 499' "$T/nginx/twilio.log" | wc -l)
assert_eq "$B_WAITING" "$B_TEXTS" "B: texts waiting in the outbox while Twilio failed"
((B_WITH_ERROR > 0)) || fail "B: no text shows an error while Twilio failed"
((B_MAX_ATTEMPTS >= 2)) || fail "B: no text was retried during the failure (max attempts $B_MAX_ATTEMPTS)"
((B_503_SEEN > 0)) || fail "B: the fake Twilio answered no 503"
check_sent_once "Drill B winner text " "$B_TEXTS"
assert_eq "$DUPES" 0 "B: texts accepted twice"
B_FIGURE="Twilio 503 for ${B_503}s then hanging for ${B_HANG}s: $B_TEXTS winner texts, $B_503_SEEN answers 503 and $B_HUNG attempts timed out; meanwhile all $B_TEXTS waited with their error shown (${B_ERRORS%|}), up to $B_MAX_ATTEMPTS attempts, $B_BACKED_OFF backed off; all sent ${B_DRAIN}s after recovery, each exactly once ($ONCE once, $DUPES twice)"
log "B: $B_FIGURE"

# ================================================================================================ C. SIGKILL
bench "$PROXY" 1200 "$C_PEOPLE" "$CONCURRENCY" "$LOAD_SECONDS" "$T/out/c.tsv" "(instance killed)" >"$T/out/c-bench.txt" 2>&1 &
BENCH_PID=$!
EXTRA_PIDS+=("$BENCH_PID")
for _ in {1..200}; do [[ $(db_psql -c "SELECT count(*) FROM entries WHERE \"ContestId\" = $CONTEST_ID AND \"PhoneE164\" LIKE '+155503012%'") -ge 10 ]] && break; sleep 0.1; done
# A slow Twilio (about 4 texts a second) keeps the batch in flight, so the kill lands while app1 holds a leased text.
twilio_mode slow
queue_texts "$C_TEXTS" "Drill C winner text "
APP1_PID=$(app_pid app1)
C_LEASED_BY_APP1=0
for _ in {1..200}; do
  C_LEASED_BY_APP1=$(db_psql -c "SELECT count(*) FROM notifications WHERE \"Status\" = 'Sending' AND \"LockedBy\" LIKE '%:$APP1_PID:%'")
  ((C_LEASED_BY_APP1 > 0)) && break
  sleep 0.05
done
app_stop app1 KILL
kill_at=$SECONDS
log "C: app1 SIGKILLed mid load ($C_LEASED_BY_APP1 texts leased by it at that moment)"
sleep 3
twilio_mode accept
app_start app1 "$PORT1"
app_wait_ready app1
wait "$BENCH_PID" || true
cat "$T/out/c-bench.txt"
C_OK=$(awk -F'\t' '$2 == "ok"' "$T/out/c.tsv" | wc -l)
C_FAILED=$(awk -F'\t' '$2 == "fail"' "$T/out/c.tsv" | wc -l)
awk -F'\t' '$2 == "fail" { print "    " $3 }' "$T/out/c.tsv" | sort | uniq -c | sort -rn | head -n 5
check_acknowledged "$T/out/c.tsv" "C"
wait_outbox_empty 90 || fail "C: texts still unsent 90 s after the kill ($(db_psql -c "SELECT \"Status\", \"LockedBy\", count(*) FROM notifications WHERE \"Status\" NOT IN ('Sent', 'Delivered') GROUP BY 1, 2" | tr '\n' ' '))"
C_DRAIN=$((SECONDS - kill_at))
check_sent_once "Drill C winner text " "$C_TEXTS"
assert_eq "$UNRECORDED" 0 "C: texts accepted twice without a second attempt on their row"
# Entry confirmations accepted twice over the whole run (a send whose outcome could not be recorded: PostgreSQL down,
# or the instance killed) must each have the second attempt on their row.
C_CONFIRM_DUPES=0
C_CONFIRM_UNRECORDED=0
while read -r count to; do
  ((count > 1)) || continue
  C_CONFIRM_DUPES=$((C_CONFIRM_DUPES + 1))
  to=${to#To=%2B}
  attempts=$(db_psql -c "SELECT coalesce(max(\"Attempts\"), 0) FROM notifications WHERE \"Type\" = 'EntryConfirmation' AND \"ToE164\" = '+$to'")
  ((attempts >= count)) || C_CONFIRM_UNRECORDED=$((C_CONFIRM_UNRECORDED + 1))
done < <(accepted_texts | grep 'Body=You' | awk '{ print $1 }' | sort | uniq -c)
assert_eq "$C_CONFIRM_UNRECORDED" 0 "entry confirmations accepted twice without a second attempt on their row"
C_FIGURE="app1 SIGKILLed under load: $C_OK of $((C_OK + C_FAILED)) contestants acknowledged, all in the database once ($C_FAILED failed in flight, not acknowledged); $C_TEXTS winner texts all sent within ${C_DRAIN}s of the kill ($C_LEASED_BY_APP1 leased by app1 when killed, taken over after the lease); sent twice: $DUPES (each with a second attempt recorded: $((DUPES - UNRECORDED))), entry confirmations sent twice over all drills: $C_CONFIRM_DUPES, each with its second attempt recorded"
log "C: $C_FIGURE"

cat <<SUMMARY

$TEST_NAME: all drills passed in $((SECONDS - TEST_STARTED))s ($([[ $QUICK == 1 ]] && echo quick || echo full) mode)
  A. PostgreSQL restart   $A_FIGURE
  B. Twilio failing       $B_FIGURE
  C. instance SIGKILL     $C_FIGURE
SUMMARY
