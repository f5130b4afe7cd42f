#!/usr/bin/env bash
# Proof of the deployment strategy on this machine: real PostgreSQL, real nginx, real app builds, loopback only.
set -euo pipefail

usage() {
  cat <<'USAGE'
Usage: scripts/tests/deploy-test.sh

Runs the deploy scripts for real against a throwaway PostgreSQL database and a private nginx on 127.0.0.1, in
process mode (pid files instead of systemd), everything under one temporary directory:
  1. production deploy of version A (backup, publish, migrate, blue-green, health, smoke);
     a deploy whose backup fails is refused; a backup/restore round trip restores identical data;
     staging deploy (tests, migrate, restart, /health, smoke) and a staging deploy refused by failing tests;
  2. the admin signs in on A through the real sign-in pages (the code arrives through a fake Twilio on loopback);
     production deploy of version B (with an expand-only migration A does not know) while a bounded load generator
     sends requests through nginx: zero failed requests, no lost session (the admin session keeps being served
     /admin), and A stays ready on the schema B migrated (expand/contract);
  3. three deploys that fail their health checks (a colour whose database is unreachable; a build whose settings
     production refuses; three instances per colour of which one cannot start, its port taken): traffic stays on B,
     under load, and the failed colour is put back as it was (every new instance stopped, blue on A again);
  4. emergency rollback to A, under load: A serves on B's schema;
  5. the metrics script on this run's deploy log, and on fixed logs with known answers.
Prints requests sent, failed, and switch times; exits non-zero on any failure.

Environment:
  CONTESTLET_TEST_PG   Npgsql connection string of a server where the user may CREATE DATABASE
                       ("Host=127.0.0.1;Port=5432;Username=contestlet;Password=contestlet"). Without it,
                       scripts/test-postgres.sh starts a private server (and this script stops it again).
  CONTESTLET_DEPLOY_TEST_KEEP=1   keep the temporary directory (it is kept anyway when the test fails).
Needs dotnet, curl, flock, nginx and the PostgreSQL client (installed with apt-get when missing).
USAGE
}
[[ ${1:-} == -h || ${1:-} == --help ]] && { usage; exit 0; }
[[ $# -eq 0 ]] || { usage >&2; echo "deploy-test: unexpected argument '$1'" >&2; exit 2; }

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
SCRIPTS=$REPO/scripts
TEST_STARTED=$SECONDS
T=$(mktemp -d /tmp/contestlet-deploy-test.XXXXXX)
chmod 755 "$T"

log() { printf '%s deploy-test: %s\n' "$(date -u +%H:%M:%S)" "$*"; }
fail() {
  printf '%s deploy-test: FAIL: %s\n' "$(date -u +%H:%M:%S)" "$*" >&2
  exit 1
}
trap 'fail "unexpected failure at line $LINENO: $BASH_COMMAND"' ERR

# ------------------------------------------------------------------------------------------------ cleanup
PG_STARTED_HERE=0
DATABASES=()
LOAD_PIDS=()
SEED_PID=
cleanup() {
  local status=$? pid_file pid i
  trap - ERR
  set +e
  for pid in "${LOAD_PIDS[@]}" $SEED_PID; do kill "$pid" 2>/dev/null; done
  for pid_file in "$T"/state/run/*.pid; do
    [[ -f $pid_file ]] || continue
    pid=$(<"$pid_file")
    kill -TERM "$pid" 2>/dev/null
  done
  for pid_file in "$T"/state/run/*.pid; do
    [[ -f $pid_file ]] || continue
    pid=$(<"$pid_file")
    for ((i = 0; i < 100; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null
  done
  if [[ -f $T/nginx/nginx.pid ]]; then
    pid=$(<"$T/nginx/nginx.pid")
    kill -QUIT "$pid" 2>/dev/null
    for ((i = 0; i < 50; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  fi
  for db in "${DATABASES[@]}"; do
    admin_psql -c "DROP DATABASE IF EXISTS \"$db\" WITH (FORCE)" >/dev/null 2>&1
  done
  [[ $PG_STARTED_HERE == 1 ]] && "$SCRIPTS/test-postgres.sh" stop
  if [[ $status -eq 0 && ${CONTESTLET_DEPLOY_TEST_KEEP:-0} != 1 ]]; then
    rm -rf "$T"
  else
    echo "deploy-test: files kept in $T (instance logs in $T/state/logs, nginx in $T/nginx)" >&2
  fi
  exit "$status"
}
trap cleanup EXIT

# ------------------------------------------------------------------------------------------------ assertions
assert_eq() { [[ $1 == "$2" ]] || fail "$3: expected '$2', got '$1'"; }
assert_contains() { [[ $1 == *"$2"* ]] || fail "$3: '$2' not found in: ${1:0:400}"; }

http_code() { curl -sS --max-time 10 -o /dev/null -w '%{http_code}' "$1" 2>/dev/null || echo 000; }
health_field() { # URL FIELD
  local body
  body=$(curl -sS --max-time 10 "$1" 2>/dev/null || true)
  if [[ $body =~ \"$2\":\"([^\"]*)\" ]]; then echo "${BASH_REMATCH[1]}"; else echo -; fi
}

# ------------------------------------------------------------------------------------------------ tools
ensure_packages() { # command:package ...
  local pair missing=() sudo=
  for pair in "$@"; do command -v "${pair%%:*}" >/dev/null 2>&1 || missing+=("${pair#*:}"); done
  [[ ${#missing[@]} -eq 0 ]] && return 0
  if [[ $(id -u) -ne 0 ]]; then
    sudo -n true 2>/dev/null || fail "missing ${missing[*]}; install them (apt-get install ${missing[*]}) or run as root"
    sudo=sudo
  fi
  log "installing ${missing[*]} with apt-get"
  # Debian's postinst would start nginx on port 80; a policy-rc.d answering 101 tells it not to start services.
  local policy_created=0 ok=1
  if [[ ! -e /usr/sbin/policy-rc.d ]]; then
    $sudo sh -c 'printf "#!/bin/sh\nexit 101\n" >/usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d' && policy_created=1
  fi
  $sudo apt-get -o DPkg::Lock::Timeout=600 update -qq >/dev/null \
    && $sudo env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq "${missing[@]}" >/dev/null || ok=0
  [[ $policy_created == 1 ]] && $sudo rm -f /usr/sbin/policy-rc.d
  [[ $ok == 1 ]] || fail "apt-get install ${missing[*]} failed"
}
ensure_packages nginx:nginx pg_dump:postgresql-client psql:postgresql-client curl:curl flock:util-linux
command -v dotnet >/dev/null || fail "dotnet is not installed"

# ------------------------------------------------------------------------------------------------ PostgreSQL
if [[ -z ${CONTESTLET_TEST_PG:-} ]]; then
  port_in_use=0
  (exec 3<>/dev/tcp/127.0.0.1/"${CONTESTLET_PG_PORT:-54329}") 2>/dev/null && port_in_use=1
  CONTESTLET_TEST_PG=$("$SCRIPTS/test-postgres.sh" start) || fail "could not start a private PostgreSQL (scripts/test-postgres.sh)"
  [[ $port_in_use == 0 ]] && PG_STARTED_HERE=1
fi
PG_HOST=127.0.0.1 PG_PORT=5432 PG_USER='' PG_PASSWORD='' PG_ADMIN_DB=postgres
IFS=';' read -r -a pg_parts <<<"$CONTESTLET_TEST_PG"
for part in "${pg_parts[@]}"; do
  key=${part%%=*}
  key=${key,,}
  key=${key// /}
  value=${part#*=}
  case $key in
    host | server) PG_HOST=$value ;;
    port) PG_PORT=$value ;;
    username | userid | user) PG_USER=$value ;;
    password) PG_PASSWORD=$value ;;
    database) PG_ADMIN_DB=$value ;;
  esac
done
[[ -n $PG_USER ]] || fail "CONTESTLET_TEST_PG names no Username"
admin_psql() { PGPASSWORD=$PG_PASSWORD psql -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -d "$PG_ADMIN_DB" -v ON_ERROR_STOP=1 -qAt "$@"; }
db_psql() { local db=$1; shift; PGPASSWORD=$PG_PASSWORD psql -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -d "$db" -v ON_ERROR_STOP=1 -qAt "$@"; }
url_encode() {
  local s=$1 out='' c i
  for ((i = 0; i < ${#s}; i++)); do
    c=${s:i:1}
    if [[ $c =~ [A-Za-z0-9._~-] ]]; then out+=$c; else out+=$(printf '%%%02X' "'$c"); fi
  done
  echo "$out"
}
database_url() { echo "postgresql://$(url_encode "$PG_USER"):$(url_encode "$PG_PASSWORD")@$PG_HOST:$PG_PORT/$1"; }
create_database() {
  admin_psql -c "CREATE DATABASE \"$1\"" || fail "cannot create database $1 with CONTESTLET_TEST_PG"
  DATABASES+=("$1")
}
DB_PROD="contestlet_deploytest_$$"
DB_STAGING="${DB_PROD}_staging"
DB_RESTORE="${DB_PROD}_restore"
create_database "$DB_PROD"
create_database "$DB_STAGING"
create_database "$DB_RESTORE"

# ------------------------------------------------------------------------------------------------ ports, layout
# shellcheck source=SCRIPTDIR/lib/ports.sh
source "$REPO/scripts/tests/lib/ports.sh"
pick_port NGINX_PORT
# Blue's port with +100 and +200 free as well: the failed deploy with CONTESTLET_INSTANCES=3 runs blue-2 and blue-3 there.
for _ in {1..50}; do
  pick_port BLUE_PORT
  (exec 3<>/dev/tcp/127.0.0.1/$((BLUE_PORT + 100))) 2>/dev/null && continue
  (exec 3<>/dev/tcp/127.0.0.1/$((BLUE_PORT + 200))) 2>/dev/null && continue
  break
done
pick_port GREEN_PORT
pick_port STAGING_PORT
pick_port SEED_PORT
pick_port DEAD_PORT
pick_port TWILIO_PORT

export CONTESTLET_HOME=$T/opt CONTESTLET_CONFIG_DIR=$T/etc CONTESTLET_STATE_DIR=$T/state CONTESTLET_BACKUP_DIR=$T/backups
export CONTESTLET_BLUE_PORT=$BLUE_PORT CONTESTLET_GREEN_PORT=$GREEN_PORT CONTESTLET_STAGING_PORT=$STAGING_PORT
export CONTESTLET_SERVICE_MANAGER=process
export CONTESTLET_NGINX_PREFIX=$T/nginx CONTESTLET_NGINX_CONF=$T/nginx/nginx.conf CONTESTLET_NGINX_ERROR_LOG=$T/nginx/error.log
export CONTESTLET_NGINX_UPSTREAM_FILE=$T/nginx/contestlet-upstream.conf
export CONTESTLET_PUBLIC_URL=http://127.0.0.1:$NGINX_PORT
export CONTESTLET_STAGING_URL=http://127.0.0.1:$STAGING_PORT
export CONTESTLET_READY_TIMEOUT=180 CONTESTLET_NOT_READY_GRACE=30
unset CONTESTLET_ENV_FILE CONTESTLET_ENVIRONMENT DATABASE_URL CONTESTLET_DEPLOY_LOCK_HELD
mkdir -p "$T/etc" "$T/logs" "$T/nginx/tmp" "$T/nginx/extra" "$T/load" "$T/out"
PROXY=$CONTESTLET_PUBLIC_URL
BLUE=http://127.0.0.1:$BLUE_PORT
GREEN=http://127.0.0.1:$GREEN_PORT

# The sign-in page is checked strictly as soon as the source has one; until then smoke-test.sh accepts its 404
# (documented in smoke-test.sh --help and docs/operations.md).
SMOKE_FLAGS=()
if ! grep -rqs --include='*.razor' '@page "/signin' "$REPO/Contestlet.Web"; then
  SMOKE_FLAGS=(--signin-optional)
fi
export CONTESTLET_SMOKE_ARGS="${SMOKE_FLAGS[*]}"

write_env() { # FILE DATABASE_URL [extra lines...]
  local file=$1 url=$2
  shift 2
  {
    echo "DATABASE_URL=$url"
    echo "USE_MOCK_SMS=false"
    echo "TWILIO_ACCOUNT_SID=ACdeploytest0000000000000000000000"
    echo "TWILIO_AUTH_TOKEN=deploy-test-token"
    echo "TWILIO_PHONE_NUMBER=+15005550006"
    echo "# Nothing leaves the machine: Twilio is a fake on loopback (nginx, below) that logs each message."
    echo "Sms__Twilio__ApiBaseUrl=http://127.0.0.1:$TWILIO_PORT"
    echo "Sms__Twilio__AllowCustomApiBaseUrl=true"
    echo "ADMIN_PHONES=+18187958204"
    echo "SECRET_KEY=deploy-test-secret-key-0123456789abcdef0123"
    echo "DEBUG=false"
    echo "# Only written into winner texts; staging and production refuse a localhost address."
    echo "PUBLIC_BASE_URL=https://contestlet.deploy-test.invalid"
    printf '%s\n' "$@"
  } >"$file"
  chmod 600 "$file"
}
write_env "$T/etc/production.env" "$(database_url "$DB_PROD")"
write_env "$T/etc/production-dead-db.env" "postgresql://contestlet:contestlet@127.0.0.1:$DEAD_PORT/contestlet"
write_env "$T/etc/staging.env" "$(database_url "$DB_STAGING")" \
  "Sms__QaTestNumbers__0=+15555550100" "Sms__QaFixedCode=424242" "Serilog__WriteTo__0__Args__path=$T/logs/staging-.log"

# ------------------------------------------------------------------------------------------------ nginx
cat >"$T/nginx/nginx.conf" <<EOF
worker_processes 1;
pid $T/nginx/nginx.pid;
error_log $T/nginx/error.log warn;
events { worker_connections 1024; }
http {
    access_log $T/nginx/access.log;
    client_body_temp_path $T/nginx/tmp/client_body;
    proxy_temp_path $T/nginx/tmp/proxy;
    fastcgi_temp_path $T/nginx/tmp/fastcgi;
    uwsgi_temp_path $T/nginx/tmp/uwsgi;
    scgi_temp_path $T/nginx/tmp/scgi;
    include $T/nginx/contestlet.conf;
    # Extra servers a step adds for a while (the failed deploy with three instances: a server holding blue-3's port).
    include $T/nginx/extra/*.conf;

    # A fake Twilio REST API: logs each message's form body (To, From, Body) and answers like Twilio does.
    log_format twilio '\$request_body';
    server {
        listen 127.0.0.1:$TWILIO_PORT;
        location /2010-04-01/ {
            access_log $T/nginx/twilio.log twilio;
            proxy_pass http://127.0.0.1:$TWILIO_PORT/accepted;
        }
        location /accepted {
            access_log off;
            default_type application/json;
            return 201 '{"sid":"SM\$request_id","account_sid":"ACdeploytest0000000000000000000000","status":"queued","num_segments":"1","error_code":null,"error_message":null}';
        }
    }
}
EOF
# The checked-in site, with its public listen addresses replaced by one loopback port.
sed -e '/^[[:space:]]*listen /d' -e "s/^\([[:space:]]*\)server_name .*/&\n\1listen 127.0.0.1:$NGINX_PORT;/" \
  "$REPO/deploy/nginx/contestlet.conf" >"$T/nginx/contestlet.conf"
sed "s/127.0.0.1:5001/127.0.0.1:$BLUE_PORT/" "$REPO/deploy/nginx/contestlet-upstream.conf" >"$CONTESTLET_NGINX_UPSTREAM_FILE"
grep -q "listen 127.0.0.1:$NGINX_PORT;" "$T/nginx/contestlet.conf" || fail "could not rewrite the site's listen address"
nginx -p "$T/nginx" -c "$T/nginx/nginx.conf" -e "$T/nginx/error.log" -t -q 2>"$T/out/nginx-t.txt" || fail "nginx rejects deploy/nginx/contestlet.conf: $(cat "$T/out/nginx-t.txt")"
nginx -p "$T/nginx" -c "$T/nginx/nginx.conf" -e "$T/nginx/error.log" 2>"$T/out/nginx-start.txt" || fail "nginx did not start: $(cat "$T/out/nginx-start.txt")"
for _ in {1..50}; do [[ -s $T/nginx/nginx.pid ]] && break; sleep 0.1; done
[[ -s $T/nginx/nginx.pid ]] || fail "nginx wrote no pid file"
log "PostgreSQL $PG_HOST:$PG_PORT (databases $DB_PROD, $DB_STAGING), nginx 127.0.0.1:$NGINX_PORT, blue :$BLUE_PORT, green :$GREEN_PORT, staging :$STAGING_PORT"

# ------------------------------------------------------------------------------------------------ sources A and B
copy_source() {
  local dest=$1 items=(Directory.Build.props Directory.Packages.props global.json .editorconfig Contestlet.Domain Contestlet.Web) f
  for f in appsettings.Development.json appsettings.Staging.json appsettings.Production.json nuget.config NuGet.config NuGet.Config; do
    [[ -e $REPO/$f ]] && items+=("$f")
  done
  mkdir -p "$dest"
  tar -C "$REPO" --exclude=bin --exclude=obj --exclude=TestResults -cf - "${items[@]}" | tar -C "$dest" -xf -
}
# One copy of the working tree: A is published from it as it is; B after adding one expand-only migration (an
# incremental build, which keeps the test within its time on two cores).
copy_source "$T/src"

run_step() { # NAME LOGFILE command... : runs a script, keeps its output, shows its last lines on failure
  local name=$1 out=$2 started=$SECONDS status=0
  shift 2
  "$@" >"$out" 2>&1 || status=$?
  if [[ $status -eq 0 ]]; then
    log "$name: ok ($((SECONDS - started))s)"
    return 0
  fi
  log "$name: exit $status ($((SECONDS - started))s); last lines:"
  tail -n 25 "$out" | sed 's/^/    | /' >&2
  return "$status"
}

# ================================================================================================ 1. version A
run_step "deploy-production A (publish from source)" "$T/out/deploy-a.txt" \
  "$SCRIPTS/deploy-production.sh" --source "$T/src" --version 1.0.0-a --commit deploytesta \
  || fail "deploy-production.sh of version A failed"
assert_eq "$(health_field "$PROXY/health" version)" 1.0.0-a "version behind nginx after deploying A"
assert_eq "$(health_field "$PROXY/health" commit)" deploytesta "commit behind nginx after deploying A"
assert_contains "$(cat "$CONTESTLET_NGINX_UPSTREAM_FILE")" "active-colour: blue" "first deploy goes to blue"
RELEASE_A=$(readlink -f "$CONTESTLET_HOME/blue")
ls "$CONTESTLET_BACKUP_DIR"/contestlet-production-"$DB_PROD"-*.dump >/dev/null 2>&1 || fail "deploy-production.sh took no backup before deploying A"

# Demo contests (a Development-mode run of A seeds an empty contests table), so smoke tests open a real contest page.
(cd "$RELEASE_A" && exec env ASPNETCORE_ENVIRONMENT=Development ASPNETCORE_URLS="http://127.0.0.1:$SEED_PORT" \
  DATABASE_URL="$(database_url "$DB_PROD")" dotnet Contestlet.Web.dll) </dev/null >"$T/out/seed.txt" 2>&1 &
SEED_PID=$!
for _ in {1..120}; do [[ $(http_code "http://127.0.0.1:$SEED_PORT/health/ready") == 200 ]] && break; sleep 0.25; done
kill "$SEED_PID"
wait "$SEED_PID" 2>/dev/null || true
SEED_PID=
CONTESTS=$(db_psql "$DB_PROD" -c "SELECT count(*) FROM contests")
[[ $CONTESTS -gt 0 ]] || fail "demo data was not seeded (see $T/out/seed.txt)"
run_step "smoke-test through nginx on A, with a contest page" "$T/out/smoke-a.txt" \
  "$SCRIPTS/smoke-test.sh" --require-contest "${SMOKE_FLAGS[@]}" "$PROXY" || fail "smoke tests on A failed"

# A deploy whose backup fails must change nothing.
releases_before=$(find "$CONTESTLET_HOME/releases" -mindepth 1 -maxdepth 1 | wc -l)
if CONTESTLET_ENV_FILE=$T/etc/production-dead-db.env "$SCRIPTS/deploy-production.sh" --source "$T/src" \
  --version 1.0.0-x --commit deploytestx >"$T/out/deploy-refused.txt" 2>&1; then
  fail "deploy-production.sh went on although its backup could not be taken"
fi
assert_contains "$(cat "$T/out/deploy-refused.txt")" "refusing to deploy" "refused deploy message"
assert_eq "$(find "$CONTESTLET_HOME/releases" -mindepth 1 -maxdepth 1 | wc -l)" "$releases_before" "releases after a refused deploy"
assert_eq "$(health_field "$PROXY/health" version)" 1.0.0-a "version behind nginx after a refused deploy"
log "deploy-production with an unreachable database: refused at the backup, nothing changed"

# Backup/restore round trip: a fresh database restored from the backup holds exactly the same rows.
table_digest() { # DB: one line per table, row count and md5 of the sorted rows
  local db=$1 table
  for table in $(db_psql "$db" -c "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"); do
    printf '%s %s\n' "$table" "$(db_psql "$db" -c "SELECT count(*) || ' ' || coalesce(md5(string_agg(t::text, '|' ORDER BY t::text)), '-') FROM \"$table\" t")"
  done
}
BACKUP=$(DATABASE_URL=$(database_url "$DB_PROD") "$SCRIPTS/backup-db.sh" 2>"$T/out/backup.txt") || fail "backup-db.sh failed: $(cat "$T/out/backup.txt")"
[[ -s $BACKUP ]] || fail "backup-db.sh printed no backup file"
run_step "restore-db.sh into a scratch database" "$T/out/restore.txt" \
  "$SCRIPTS/restore-db.sh" --yes --database-url "$(database_url "$DB_RESTORE")" "$BACKUP" || fail "restore-db.sh failed"
table_digest "$DB_PROD" >"$T/out/digest-prod.txt"
table_digest "$DB_RESTORE" >"$T/out/digest-restore.txt"
diff -u "$T/out/digest-prod.txt" "$T/out/digest-restore.txt" >&2 || fail "the restored database differs from the original"
grep -q '^contests [1-9]' "$T/out/digest-restore.txt" || fail "the round trip compared no contest rows"
# A second restore over the now non-empty copy (--clean) gives the same data again.
db_psql "$DB_RESTORE" -c "DELETE FROM entries" >/dev/null
run_step "restore-db.sh over existing data" "$T/out/restore-2.txt" \
  "$SCRIPTS/restore-db.sh" --yes --database-url "$(database_url "$DB_RESTORE")" "$BACKUP" || fail "restore-db.sh over existing data failed"
table_digest "$DB_RESTORE" >"$T/out/digest-restore-2.txt"
diff -u "$T/out/digest-prod.txt" "$T/out/digest-restore-2.txt" >&2 || fail "the second restore differs from the original"
if "$SCRIPTS/restore-db.sh" --database-url "$(database_url "$DB_RESTORE")" "$BACKUP" >/dev/null 2>&1; then
  fail "restore-db.sh overwrote a database without --yes"
fi
log "backup/restore round trip: $(wc -l <"$T/out/digest-prod.txt") tables identical after two restores of a $(stat -c %s "$BACKUP")-byte backup"

# Staging: tests, migrate, restart, /health, smoke; then a deploy refused by failing tests leaves it untouched.
run_step "deploy-staging A" "$T/out/staging-a.txt" \
  env CONTESTLET_TEST_COMMAND="touch '$T/out/staging-tests-ran'" "$SCRIPTS/deploy-staging.sh" --source "$T/src" --release "$RELEASE_A" \
  || fail "deploy-staging.sh failed"
[[ -f $T/out/staging-tests-ran ]] || fail "deploy-staging.sh did not run the tests"
assert_eq "$(health_field "$CONTESTLET_STAGING_URL/health" environment)" Staging "staging environment"
assert_eq "$(health_field "$CONTESTLET_STAGING_URL/health" version)" 1.0.0-a "staging version"
STAGING_PID=$(<"$CONTESTLET_STATE_DIR/run/staging.pid")
if CONTESTLET_TEST_COMMAND=false "$SCRIPTS/deploy-staging.sh" --source "$T/src" --release "$RELEASE_A" >"$T/out/staging-refused.txt" 2>&1; then
  fail "deploy-staging.sh went on although the tests failed"
fi
assert_contains "$(cat "$T/out/staging-refused.txt")" "tests failed" "staging refusal message"
assert_eq "$(<"$CONTESTLET_STATE_DIR/run/staging.pid")" "$STAGING_PID" "staging was restarted although its tests failed"
assert_eq "$(http_code "$CONTESTLET_STAGING_URL/health/ready")" 200 "staging readiness after a refused deploy"
log "deploy-staging with failing tests: refused, staging untouched"
# A staging deploy whose instance refuses to start (a setting staging refuses, in its env file; migrate does not check
# it): staging is put back as it was, release and env file, by the restore the colours use (deploy-common.sh).
write_env "$T/etc/staging-refused.env" "$(database_url "$DB_STAGING")" \
  "Sms__QaTestNumbers__0=+15555550100" "Sms__QaFixedCode=424242" "Serilog__WriteTo__0__Args__path=$T/logs/staging-.log" \
  "Outbox__LeaseSeconds=1"
if CONTESTLET_ENV_FILE=$T/etc/staging-refused.env CONTESTLET_TEST_COMMAND=true "$SCRIPTS/deploy-staging.sh" --source "$T/src" \
  --release "$RELEASE_A" >"$T/out/staging-not-ready.txt" 2>&1; then
  fail "deploy-staging.sh went on although staging never became ready"
fi
STAGING_OUT=$(cat "$T/out/staging-not-ready.txt")
assert_contains "$STAGING_OUT" "LeaseSeconds" "the staging instance's refusal, shown by the deploy"
assert_contains "$STAGING_OUT" "restarting staging on its previous release" "staging's restore"
assert_contains "$STAGING_OUT" "error: staging never became ready on 1.0.0-a" "staging failure message"
assert_eq "$(http_code "$CONTESTLET_STAGING_URL/health/ready")" 200 "staging readiness after the failed deploy"
assert_eq "$(health_field "$CONTESTLET_STAGING_URL/health" version)" 1.0.0-a "staging version after the failed deploy"
! grep -q 'LeaseSeconds' "$CONTESTLET_CONFIG_DIR/instance-staging.env" || fail "staging's env file was not put back after the failed deploy"
[[ $(<"$CONTESTLET_STATE_DIR/run/staging.pid") != "$STAGING_PID" ]] || fail "staging was not restarted by the failed deploy (the test proves nothing)"
log "deploy-staging whose instance refuses to start: exit 1, staging back on its previous release and env file, ready"

# ------------------------------------------------------------------------------------------------ session probe
# A real signed-in session: the admin number signs in on A (blue) through the sign-in pages, with the code "texted"
# through the fake Twilio. The session cookie is data-protected with the key ring stored in the database, so B must
# accept it after the switch: /admin answers 200 to a signed-in admin and redirects anyone else to /signin.
# Cookies are handled here rather than by curl's jar: outside Development they are Secure, and the test speaks HTTP.
ADMIN_PHONE=+18187958204
declare -A JAR=()
merge_cookies() { # response headers
  local line name value
  while IFS= read -r line; do
    line=${line%$'\r'}
    [[ ${line,,} == set-cookie:* ]] || continue
    line=${line#*: }
    name=${line%%=*}
    value=${line#*=}
    value=${value%%;*}
    if [[ -z $value || ${line,,} == *"expires=thu, 01 jan 1970"* ]]; then unset "JAR[$name]"; else JAR[$name]=$value; fi
  done <<<"$1"
}
cookie_header() { local name out=''; for name in "${!JAR[@]}"; do out+="${out:+; }$name=${JAR[$name]}"; done; echo "$out"; }
request() { # URL [curl args...] → RESPONSE_STATUS, RESPONSE_LOCATION, RESPONSE_BODY; cookies into JAR
  local url=$1 cookies args=()
  shift
  cookies=$(cookie_header)
  [[ -n $cookies ]] && args=(-H "Cookie: $cookies")
  RESPONSE_BODY=$(curl -sS --max-time 30 -D "$T/out/response-headers.txt" "${args[@]}" "$@" "$url" 2>/dev/null) || true
  local headers
  headers=$(tr -d '\r' <"$T/out/response-headers.txt")
  merge_cookies "$headers"
  RESPONSE_STATUS=$(sed -n '1s/^HTTP[^ ]* \([0-9]*\).*/\1/p' <<<"$headers")
  RESPONSE_LOCATION=$(sed -n 's/^[Ll]ocation: //p' <<<"$headers" | tail -n 1)
}
form_token() {
  [[ $RESPONSE_BODY =~ name=\"__RequestVerificationToken\"\ value=\"([^\"]+)\" ]] || fail "no antiforgery token in the form of $1"
  FORM_TOKEN=${BASH_REMATCH[1]}
}
sign_in() { # BASE → SESSION (a Cookie header value)
  local base=$1 sent code
  JAR=()
  request "$base/signin"
  [[ $RESPONSE_STATUS == 200 ]] || fail "GET /signin answered $RESPONSE_STATUS"
  form_token /signin
  sent=$(wc -l <"$T/nginx/twilio.log" 2>/dev/null || echo 0)
  request "$base/signin" --data-urlencode "_handler=signin-phone" --data-urlencode "__RequestVerificationToken=$FORM_TOKEN" \
    --data-urlencode "Input.Phone=$ADMIN_PHONE"
  [[ $RESPONSE_STATUS == 30? && $RESPONSE_LOCATION == */signin/code* ]] \
    || fail "sending the code answered $RESPONSE_STATUS ${RESPONSE_LOCATION:-} $(grep -o 'role="alert"[^<]*<[^<]*' <<<"$RESPONSE_BODY" | head -n 2)"
  code=
  for _ in {1..100}; do
    code=$(tail -n +"$((sent + 1))" "$T/nginx/twilio.log" 2>/dev/null | sed -n 's/.*Body=\([0-9]\{6\}\)[^0-9].*/\1/p' | tail -n 1)
    [[ -n $code ]] && break
    sleep 0.1
  done
  [[ -n $code ]] || fail "the fake Twilio received no code (see $T/nginx/twilio.log)"
  request "$base/signin/code"
  [[ $RESPONSE_STATUS == 200 ]] || fail "GET /signin/code answered $RESPONSE_STATUS"
  form_token /signin/code
  request "$base/signin/code" --data-urlencode "_handler=signin-code" --data-urlencode "__RequestVerificationToken=$FORM_TOKEN" \
    --data-urlencode "Input.Code=$code"
  [[ $RESPONSE_STATUS == 30? ]] || fail "entering the code answered $RESPONSE_STATUS"
  [[ -n ${JAR[contestlet]:-} ]] || fail "signing in set no session cookie"
  SESSION=$(cookie_header)
}
session_accepted() { # BASE COOKIE → 0 when /admin serves the signed-in admin
  [[ $(curl -sS --max-time 30 -o /dev/null -w '%{http_code}' -H "Cookie: $2" "$1/admin" 2>/dev/null) == 200 ]]
}
sign_in "$BLUE"
session_accepted "$BLUE" "$SESSION" || fail "A does not accept the session it just issued"
session_accepted "$BLUE" "antiforgery=none" && fail "the session probe cannot fail: an anonymous visitor got /admin"
TAMPERED=${SESSION/contestlet=/contestlet=x}
session_accepted "$BLUE" "$TAMPERED" && fail "the session probe cannot fail: A accepted a tampered session cookie"
session_accepted "$CONTESTLET_STAGING_URL" "$SESSION" && fail "staging (its own database, so its own key ring) accepted A's session: the probe proves nothing"
log "session probe: the admin signed in on A (code through the fake Twilio); A serves /admin to that session, not to a tampered cookie, and an instance with another key ring rejects it"

# ------------------------------------------------------------------------------------------------ load generator
# Bounded: each worker stops at the stop file, after LOAD_MAX_SECONDS, or after LOAD_MAX_REQUESTS requests.
LOAD_WORKERS=3
LOAD_MAX_SECONDS=600
LOAD_MAX_REQUESTS=20000
load_worker() { # PHASE ID: /health (which version answers), / and /admin with the signed-in session
  local out="$T/load/$1-$2.log" n=0 deadline=$((SECONDS + LOAD_MAX_SECONDS)) response code version
  while [[ ! -e $T/load/$1.stop ]] && ((n < LOAD_MAX_REQUESTS && SECONDS < deadline)); do
    n=$((n + 1))
    case $((n % 3)) in
      0)
        response=$(curl -sS --max-time 10 -w $'\n%{http_code}' "$PROXY/health" 2>/dev/null) || true
        code=${response##*$'\n'}
        version=-
        [[ $response =~ \"version\":\"([^\"]*)\" ]] && version=${BASH_REMATCH[1]}
        printf '%s health %s %s\n' "${EPOCHREALTIME/[.,]/}" "${code:-000}" "$version" >>"$out"
        ;;
      1)
        code=$(curl -sS --max-time 10 -o /dev/null -H "Cookie: $SESSION" -w '%{http_code}' "$PROXY/" 2>/dev/null) || true
        printf '%s home %s -\n' "${EPOCHREALTIME/[.,]/}" "${code:-000}" >>"$out"
        ;;
      2)
        # 302 here means the session was not recognised: a lost session, counted apart from failures.
        code=$(curl -sS --max-time 10 -o /dev/null -H "Cookie: $SESSION" -w '%{http_code}' "$PROXY/admin" 2>/dev/null) || true
        printf '%s admin %s -\n' "${EPOCHREALTIME/[.,]/}" "${code:-000}" >>"$out"
        ;;
    esac
    sleep 0.02
  done
}
monitor_worker() { # PHASE URL: A's own readiness, straight to its port, while B migrates and takes over
  local out="$T/load/$1-monitor.log" deadline=$((SECONDS + LOAD_MAX_SECONDS)) code
  while [[ ! -e $T/load/$1.stop ]] && ((SECONDS < deadline)); do
    code=$(curl -sS --max-time 10 -o /dev/null -w '%{http_code}' "$2" 2>/dev/null) || code=000
    printf '%s ready %s\n' "${EPOCHREALTIME/[.,]/}" "$code" >>"$out"
    sleep 0.1
  done
}
start_load() { # PHASE [MONITOR_URL]
  local i
  LOAD_PIDS=()
  for ((i = 1; i <= LOAD_WORKERS; i++)); do
    load_worker "$1" "$i" &
    LOAD_PIDS+=($!)
  done
  if [[ -n ${2:-} ]]; then
    monitor_worker "$1" "$2" &
    LOAD_PIDS+=($!)
  fi
  for _ in {1..100}; do
    [[ $(cat "$T/load/$1"-[0-9]*.log 2>/dev/null | wc -l) -ge 20 ]] && return 0
    sleep 0.1
  done
  fail "the load generator sent no requests"
}
# Waits until the load has seen COUNT answers from VERSION through nginx (at most 60 s), so every phase ends with
# traffic observed on its final colour.
await_version() { # PHASE VERSION COUNT
  local i
  for ((i = 0; i < 600; i++)); do
    [[ $(cat "$T/load/$1"-[0-9]*.log 2>/dev/null | awk -v v="$2" '$2 == "health" && $3 == 200 && $4 == v' | wc -l) -ge $3 ]] && return 0
    sleep 0.1
  done
  return 0
}
# Stops a phase and sets SENT, FAILED, LOST, VERSIONS (in order of first appearance), SWITCH_WINDOW_MS, MONITOR_*.
stop_load() { # PHASE
  local pid
  touch "$T/load/$1.stop"
  for pid in "${LOAD_PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  LOAD_PIDS=()
  sort -n "$T/load/$1"-[0-9]*.log >"$T/load/$1.all"
  SENT=$(wc -l <"$T/load/$1.all")
  FAILED=$(awk '$3 != 200 && !($2 == "admin" && $3 ~ /^30/)' "$T/load/$1.all" | wc -l)
  LOST=$(awk '$2 == "admin" && $3 ~ /^30/' "$T/load/$1.all" | wc -l)
  VERSIONS=$(awk '$2 == "health" && $3 == 200 && !seen[$4]++ { printf "%s%s", sep, $4; sep = " -> " }' "$T/load/$1.all")
  SWITCH_WINDOW_MS=$(awk '$2 == "health" && $3 == 200 { if (first == "") first = $4; if ($4 == first) lastOld = $1; else if (!firstNew) firstNew = $1 }
    END { if (firstNew) printf "%d", (firstNew - lastOld) / 1000; else printf "-" }' "$T/load/$1.all")
  MONITOR_SENT=0
  MONITOR_FAILED=0
  if [[ -f $T/load/$1-monitor.log ]]; then
    MONITOR_SENT=$(wc -l <"$T/load/$1-monitor.log")
    MONITOR_FAILED=$(awk '$3 != 200' "$T/load/$1-monitor.log" | wc -l)
  fi
  awk '$3 != 200 { print "    not 200: " $0 }' "$T/load/$1.all" | head -n 10 >&2
}

# ================================================================================================ 2. A -> B under load
cp "$REPO/scripts/tests/fixtures/DeployTestExpandContests.cs" "$T/src/Contestlet.Web/Data/Migrations/Postgres/"
run_step "publish B (with an expand-only migration)" "$T/out/publish-b.txt" \
  "$SCRIPTS/publish-release.sh" --source "$T/src" --version 1.0.0-b --commit deploytestb || fail "publishing B failed"
RELEASE_B=$(tail -n 1 "$T/out/publish-b.txt")
[[ -f $RELEASE_B/Contestlet.Web.dll ]] || fail "publish-release.sh printed no release directory"
# Design-time packages (EF Core Design, Roslyn, Humanizer) stay out of the published app (docs/security.md).
design_time=$(find "$RELEASE_B" -maxdepth 1 \( -name 'Microsoft.EntityFrameworkCore.Design.dll' -o -name 'Microsoft.CodeAnalysis*.dll' \
  -o -name 'Humanizer*.dll' -o -name 'Mono.TextTemplating.dll' -o -name 'Microsoft.Build*.dll' \) -printf '%f ')
[[ -z $design_time ]] || fail "the published app ships design-time packages: $design_time"
! grep -qE '"(Microsoft\.EntityFrameworkCore\.Design|Humanizer\.Core|Microsoft\.CodeAnalysis[A-Za-z.]*)/' "$RELEASE_B/Contestlet.Web.deps.json" \
  || fail "Contestlet.Web.deps.json of the published app lists design-time packages"
"$SCRIPTS/health-check.sh" --once --record "$PROXY" >/dev/null

start_load ab "$BLUE/health/ready"
run_step "deploy-production B under load" "$T/out/deploy-b.txt" "$SCRIPTS/deploy-production.sh" --release "$RELEASE_B" \
  || { stop_load ab; fail "deploy-production.sh of version B failed"; }
await_version ab 1.0.0-b 10
stop_load ab
AB_SENT=$SENT AB_FAILED=$FAILED AB_LOST=$LOST AB_VERSIONS=$VERSIONS AB_WINDOW=$SWITCH_WINDOW_MS
AB_SWITCH_MS=$(sed -n 's/.*switch took \([0-9]*\) ms.*/\1/p' "$T/out/deploy-b.txt" | tail -n 1)
log "A -> B: $AB_SENT requests through nginx, $AB_FAILED failed, $AB_LOST lost sessions; versions seen $AB_VERSIONS; switch ${AB_SWITCH_MS} ms; A's readiness: $MONITOR_SENT probes, $MONITOR_FAILED not ready"
assert_eq "$AB_FAILED" 0 "failed requests across the A -> B switch"
assert_eq "$AB_LOST" 0 "sessions lost across the A -> B switch"
assert_eq "$AB_VERSIONS" "1.0.0-a -> 1.0.0-b" "versions served through nginx during the switch"
[[ $MONITOR_SENT -gt 10 ]] || fail "A's readiness was hardly probed ($MONITOR_SENT)"
assert_eq "$MONITOR_FAILED" 0 "A's /health/ready answers other than 200 while B migrated and took over (expand/contract)"
assert_contains "$(cat "$CONTESTLET_NGINX_UPSTREAM_FILE")" "active-colour: green" "B goes to green"

# Expand/contract: B's migration is applied, A does not know it, and A still serves and is ready on that schema.
assert_eq "$(db_psql "$DB_PROD" -c "SELECT count(*) FROM \"__EFMigrationsHistory\" WHERE \"MigrationId\" = '29990101000000_DeployTestExpandContests'")" 1 "B's migration in the history"
assert_eq "$(db_psql "$DB_PROD" -c "SELECT count(*) FROM information_schema.columns WHERE table_name = 'contests' AND column_name = 'deploy_test_note'")" 1 "B's new column"
assert_eq "$(health_field "$BLUE/health" version)" 1.0.0-a "blue kept running A"
assert_eq "$(health_field "$BLUE/health/ready" schema)" current "A's view of the schema B migrated"
run_step "smoke-test A directly, on B's schema" "$T/out/smoke-a-on-b.txt" \
  "$SCRIPTS/smoke-test.sh" --require-contest "${SMOKE_FLAGS[@]}" "$BLUE" || fail "A does not serve on the schema B migrated"

session_accepted "$GREEN" "$SESSION" || fail "B (green) rejects the session A issued: sessions would be lost"
session_accepted "$PROXY" "$SESSION" || fail "the session A issued is rejected through nginx after the switch"
session_accepted "$GREEN" "$TAMPERED" && fail "B accepted a tampered session cookie"
log "session: the admin session A issued is accepted by B (directly and through nginx); B rejects a tampered one"

# ================================================================================================ 3. failing deploys
start_load fail
# C1: a colour whose database is unreachable starts but never becomes ready.
if CONTESTLET_NOT_READY_GRACE=3 "$SCRIPTS/blue-green-deploy.sh" --release "$RELEASE_B" --env-file "$T/etc/production-dead-db.env" \
  >"$T/out/deploy-c1.txt" 2>&1; then
  stop_load fail
  fail "blue-green-deploy.sh switched to a colour whose database is unreachable"
fi
assert_contains "$(cat "$T/out/deploy-c1.txt")" "never became ready" "C1 failure message"
assert_contains "$(cat "$T/out/deploy-c1.txt")" "database=unreachable" "C1 names the reason"
assert_contains "$(cat "$CONTESTLET_NGINX_UPSTREAM_FILE")" "active-colour: green" "traffic after C1"
assert_eq "$(health_field "$BLUE/health" version)" 1.0.0-a "blue put back on A after C1"
# C2: a build whose settings production refuses at start-up (QA test numbers), through the whole production deploy.
cp -a "$RELEASE_B" "$T/opt/releases/c-refused-settings"
RELEASE_C=$T/opt/releases/c-refused-settings
sed -i 's/"QaTestNumbers": \[\]/"QaTestNumbers": [ "+15555550100" ], "QaFixedCode": "424242"/' "$RELEASE_C/appsettings.Production.json"
grep -q '+15555550100' "$RELEASE_C/appsettings.Production.json" || fail "could not break C's settings"
if "$SCRIPTS/deploy-production.sh" --release "$RELEASE_C" >"$T/out/deploy-c2.txt" 2>&1; then
  stop_load fail
  fail "deploy-production.sh switched to a build that refuses to start"
fi
assert_contains "$(cat "$T/out/deploy-c2.txt")" "QaTestNumbers" "C2 shows why the instance refused to start"
assert_eq "$(health_field "$BLUE/health/ready" version)" 1.0.0-a "blue ready on A again after C2 (rollback target kept)"
# C3: three instances per colour (CONTESTLET_INSTANCES=3), of which blue-3 cannot start (something else holds its port:
# here nginx, for the time of this deploy): blue and blue-2 get ready, blue-3 exits, and the whole colour is rolled back.
BLUE3_PORT=$((BLUE_PORT + 200))
printf 'server {\n    listen 127.0.0.1:%s;\n    return 444;\n}\n' "$BLUE3_PORT" >"$T/nginx/extra/hold-blue-3.conf"
nginx -p "$T/nginx" -c "$T/nginx/nginx.conf" -e "$T/nginx/error.log" -s reload 2>>"$T/out/nginx-reload.txt" || fail "nginx reload (holding blue-3's port) failed"
for _ in {1..50}; do (exec 3<>/dev/tcp/127.0.0.1/"$BLUE3_PORT") 2>/dev/null && break; sleep 0.1; done
(exec 3<>/dev/tcp/127.0.0.1/"$BLUE3_PORT") 2>/dev/null || fail "nginx does not hold blue-3's port $BLUE3_PORT"
if CONTESTLET_INSTANCES=3 "$SCRIPTS/blue-green-deploy.sh" --release "$RELEASE_B" >"$T/out/deploy-c3.txt" 2>&1; then
  stop_load fail
  fail "blue-green-deploy.sh switched to a colour of three instances of which one never started"
fi
rm "$T/nginx/extra/hold-blue-3.conf"
nginx -p "$T/nginx" -c "$T/nginx/nginx.conf" -e "$T/nginx/error.log" -s reload 2>>"$T/out/nginx-reload.txt" || fail "nginx reload (releasing blue-3's port) failed"
C3_OUT=$(cat "$T/out/deploy-c3.txt")
assert_contains "$C3_OUT" "blue ready (1 of 3)" "C3: blue got ready"
assert_contains "$C3_OUT" "blue-2 ready (2 of 3)" "C3: blue-2 got ready"
assert_contains "$C3_OUT" "instance blue-3 exited before it was ready" "C3: blue-3's failure"
assert_contains "$C3_OUT" "address already in use" "C3 shows why blue-3 exited"
assert_contains "$C3_OUT" "error: blue-3 never became ready with 1.0.0-b; traffic left on green" "C3 failure message"
assert_contains "$(cat "$CONTESTLET_NGINX_UPSTREAM_FILE")" "active-colour: green" "traffic after C3"
assert_eq "$(grep -c 'server 127.0.0.1:' "$CONTESTLET_NGINX_UPSTREAM_FILE")" 2 "servers in nginx's upstreams after C3 (green's one, in contestlet_app and contestlet_circuits)"
assert_eq "$(grep -c "server 127.0.0.1:$GREEN_PORT;" "$CONTESTLET_NGINX_UPSTREAM_FILE")" 2 "green in nginx's upstreams after C3"
for name in blue-2 blue-3; do
  [[ ! -e $CONTESTLET_STATE_DIR/run/$name.pid ]] || fail "$name still has a pid file after the failed deploy"
done
! curl -s --max-time 5 -o /dev/null "http://127.0.0.1:$((BLUE_PORT + 100))/health" || fail "blue-2 still answers after C3"
! curl -s --max-time 5 -o /dev/null "http://127.0.0.1:$BLUE3_PORT/health" || fail "something still answers on blue-3's port after C3"
assert_eq "$(health_field "$BLUE/health/ready" version)" 1.0.0-a "blue back on A after C3"
grep -q $'\tblue-green-deploy\tproduction\t1.0.0-b\tdeploytestb\tblue\tfailed\t.*blue-3 never became ready' "$CONTESTLET_STATE_DIR/deploy.log" \
  || fail "the deploy log does not record C3's failure"
C3_SECONDS=$(awk -F'\t' '$3 == "blue-green-deploy" && $8 == "failed" { d = $9 } END { print d }' "$CONTESTLET_STATE_DIR/deploy.log")
await_version fail 1.0.0-b 10
stop_load fail
FAIL_SENT=$SENT FAIL_FAILED=$FAILED FAIL_LOST=$LOST FAIL_VERSIONS=$VERSIONS
log "failed deploys C1 (database unreachable), C2 (settings refused) and C3 (3 instances, blue-3 cannot start; rolled back in ${C3_SECONDS}s): $FAIL_SENT requests, $FAIL_FAILED failed, $FAIL_LOST lost sessions; versions seen $FAIL_VERSIONS"
assert_eq "$FAIL_FAILED" 0 "failed requests during the failed deploys"
assert_eq "$FAIL_LOST" 0 "sessions lost during the failed deploys"
assert_eq "$FAIL_VERSIONS" 1.0.0-b "versions served while the failed deploys ran"
assert_contains "$(cat "$CONTESTLET_NGINX_UPSTREAM_FILE")" "active-colour: green" "traffic after the failed deploys"
assert_eq "$(health_field "$BLUE/health/ready" version)" 1.0.0-a "blue ready on A again after the failed deploys (rollback target kept)"

# ================================================================================================ 4. emergency rollback
BLUE_PID_BEFORE=$(<"$CONTESTLET_STATE_DIR/run/blue.pid")
start_load rollback
rollback_started=$(($(date +%s%N) / 1000000))
run_step "emergency-deploy (rollback to A)" "$T/out/rollback.txt" "$SCRIPTS/emergency-deploy.sh" || { stop_load rollback; fail "emergency-deploy.sh failed"; }
ROLLBACK_MS=$(($(date +%s%N) / 1000000 - rollback_started))
await_version rollback 1.0.0-a 10
stop_load rollback
RB_SENT=$SENT RB_FAILED=$FAILED RB_LOST=$LOST RB_VERSIONS=$VERSIONS
RB_SWITCH_MS=$(sed -n 's/.*nginx switch \([0-9]*\) ms.*/\1/p' "$T/out/rollback.txt" | tail -n 1)
log "rollback B -> A: $RB_SENT requests, $RB_FAILED failed, $RB_LOST lost sessions; versions seen $RB_VERSIONS; script ${ROLLBACK_MS} ms (nginx switch ${RB_SWITCH_MS} ms)"
assert_eq "$RB_FAILED" 0 "failed requests during the rollback"
assert_eq "$RB_LOST" 0 "sessions lost during the rollback"
assert_eq "$RB_VERSIONS" "1.0.0-b -> 1.0.0-a" "versions served during the rollback"
assert_eq "$(health_field "$PROXY/health" version)" 1.0.0-a "version behind nginx after the rollback"
assert_eq "$(health_field "$PROXY/health/ready" schema)" current "A ready behind nginx on B's schema"
session_accepted "$PROXY" "$SESSION" || fail "the admin session is lost after the rollback"
# "In seconds" because nothing is built, migrated or started: the standby process itself takes the traffic back.
assert_eq "$(<"$CONTESTLET_STATE_DIR/run/blue.pid")" "$BLUE_PID_BEFORE" "blue's process across the rollback (it must not be restarted)"
assert_eq "$(find "$CONTESTLET_HOME/releases" -mindepth 1 -maxdepth 1 -newer "$T/load/rollback-1.log" | wc -l)" 0 "releases built by the rollback"
run_step "smoke-test through nginx after the rollback" "$T/out/smoke-rollback.txt" \
  "$SCRIPTS/smoke-test.sh" --require-contest "${SMOKE_FLAGS[@]}" "$PROXY" || fail "smoke tests after the rollback failed"
"$SCRIPTS/health-check.sh" --once --record "$PROXY" >/dev/null

# ================================================================================================ 5. metrics
METRICS=$("$SCRIPTS/deploy-metrics.sh")
printf '    %s\n' "${METRICS//$'\n'/$'\n'    }"
# production deploys: A ok, refused (backup), B ok, C2 failed; one rollback; two probes, both up.
assert_contains "$METRICS" "(2 of 4 deploys)" "deployment count from this run's deploy log"
assert_contains "$METRICS" "(2 of 2 probes up)" "probes recorded in this run"
[[ $METRICS =~ Emergency\ rollbacks\ +1\  ]] || fail "the rollback is not in the metrics"
grep -q $'\tblue-green-deploy\tproduction\t1.0.0-b\tdeploytestb\tblue\tfailed\t' "$CONTESTLET_STATE_DIR/deploy.log" \
  || fail "the deploy log does not record the failed blue-green deploy"
# Known answers: 1000 one-minute probes with one 3-minute outage; 20 deploys, one failed.
for ((i = 0; i < 1000; i++)); do
  state=up
  ((i >= 500 && i < 503)) && state=down
  printf '%d\t-\thttp://x/health/ready\t%s\t200\t5\n' $((1700000000 + i * 60)) "$state"
done >"$T/out/probes.fixture"
for ((i = 1; i <= 20; i++)); do
  result=ok
  ((i == 7)) && result=failed
  printf '2026-01-01T00:00:00Z\t%d\tdeploy-production\tproduction\t1.0\tabc\tblue\t%s\t20.000\t-\n' $((1700000000 + i)) "$result"
done >"$T/out/deploys.fixture"
FIXED=$("$SCRIPTS/deploy-metrics.sh" --deploy-log "$T/out/deploys.fixture" --probe-log "$T/out/probes.fixture")
assert_contains "$FIXED" "99.700%" "uptime of the fixed probe log"
assert_contains "$FIXED" "95.00%" "deployment success of the fixed deploy log"
assert_contains "$FIXED" "3.0 min" "MTTR of the fixed probe log"
if "$SCRIPTS/deploy-metrics.sh" --deploy-log "$T/out/deploys.fixture" --probe-log "$T/out/probes.fixture" --check >/dev/null 2>&1; then
  fail "deploy-metrics.sh --check passed although uptime and deploy success miss their targets"
fi

# ================================================================================================ summary
cat <<SUMMARY

deploy-test: all checks passed in $((SECONDS - TEST_STARTED))s
  A -> B switch under load     requests sent $AB_SENT, failed $AB_FAILED, sessions lost $AB_LOST, nginx switch ${AB_SWITCH_MS} ms (load saw the last A answer ${AB_WINDOW} ms before the first B one; negative = overlap)
  failed deploys C1, C2, C3    requests sent $FAIL_SENT, failed $FAIL_FAILED, sessions lost $FAIL_LOST, traffic stayed on 1.0.0-b (C3: 3 instances, 2 ready, 1 failed: all 3 stopped, blue back on A, ${C3_SECONDS}s)
  emergency rollback to A      requests sent $RB_SENT, failed $RB_FAILED, sessions lost $RB_LOST, rollback ${ROLLBACK_MS} ms (nginx switch ${RB_SWITCH_MS} ms)
  expand/contract              A ready and serving on the schema B migrated
  session                      the admin signed in on A stays signed in on B and back on A
SUMMARY
