# shellcheck shell=bash
# shellcheck disable=SC2034  # globals are read by the scripts that source this file
# Shared by the operations drills (scripts/tests/fault-test.sh, instances-test.sh, canary-test.sh); sourced, never run.
# Everything on loopback under one temporary directory $T: app instances of the built app (Staging settings, real
# Twilio client pointed at a fake), a private nginx with the checked-in site and a fake Twilio whose behaviour can be
# switched (accept, 503, time out), the entry-flow load generator (bench/Contestlet.Bench) and PostgreSQL helpers.
# The caller sets TEST_NAME before sourcing; every started process is stopped by cluster_cleanup (EXIT trap).

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)
APP_DLL=${CONTESTLET_APP_DLL:-$REPO/Contestlet.Web/bin/Debug/net10.0/Contestlet.Web.dll}
BENCH_DLL=${CONTESTLET_BENCH_DLL:-$REPO/bench/Contestlet.Bench/bin/Debug/net10.0/Contestlet.Bench.dll}
T=$(mktemp -d "/tmp/contestlet-$TEST_NAME.XXXXXX")
chmod 755 "$T"
mkdir -p "$T/logs" "$T/run" "$T/out" "$T/nginx/tmp"
TEST_STARTED=$SECONDS
QUICK=1
[[ ${CONTESTLET_DRILLS:-quick} == full ]] && QUICK=0

ADMIN_PHONE=+18187958204
QA_CODE=424242
QA_FIRST=15550300000  # QA test numbers (fixed code, no sign-in SMS): +15550300000 and up
QA_COUNT=${QA_COUNT:-400}

log() { printf '%s %s: %s\n' "$(date -u +%H:%M:%S)" "$TEST_NAME" "$*"; }
fail() {
  printf '%s %s: FAIL: %s\n' "$(date -u +%H:%M:%S)" "$TEST_NAME" "$*" >&2
  exit 1
}
trap 'fail "unexpected failure at line $LINENO: $BASH_COMMAND"' ERR
assert_eq() { [[ $1 == "$2" ]] || fail "$3: expected '$2', got '$1'"; }
http_code() { curl -sS --max-time "${2:-10}" -o /dev/null -w '%{http_code}' "$1" 2>/dev/null || echo 000; }

for tool in curl nginx psql; do command -v "$tool" >/dev/null || fail "$tool is not installed (scripts/test.sh installs it)"; done
[[ -f $APP_DLL ]] || fail "$APP_DLL is not built (dotnet build Contestlet.sln)"
[[ -f $BENCH_DLL ]] || fail "$BENCH_DLL is not built (dotnet build Contestlet.sln)"

# ------------------------------------------------------------------------------------------------ cleanup
EXTRA_PIDS=()
PRIVATE_PG_DIR=
DATABASES=()
cluster_cleanup() {
  local status=$? pid_file pid i
  trap - ERR
  set +e
  for pid in "${EXTRA_PIDS[@]}"; do kill "$pid" 2>/dev/null; done
  for pid_file in "$T"/run/*.pid; do
    [[ -f $pid_file ]] && kill -TERM "$(<"$pid_file")" 2>/dev/null
  done
  for pid_file in "$T"/run/*.pid; do
    [[ -f $pid_file ]] || continue
    pid=$(<"$pid_file")
    for ((i = 0; i < 100; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null
  done
  if [[ -f $T/nginx/nginx.pid ]]; then
    pid=$(<"$T/nginx/nginx.pid")
    kill -TERM "$pid" 2>/dev/null
    for ((i = 0; i < 50; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  fi
  for db in "${DATABASES[@]}"; do admin_psql -c "DROP DATABASE IF EXISTS \"$db\" WITH (FORCE)" >/dev/null 2>&1; done
  [[ -n $PRIVATE_PG_DIR ]] && private_pg stop
  if [[ $status -eq 0 && ${CONTESTLET_KEEP:-0} != 1 ]]; then
    rm -rf "$T"
  else
    echo "$TEST_NAME: files kept in $T (instance logs in $T/logs, nginx in $T/nginx)" >&2
  fi
  exit "$status"
}
trap cluster_cleanup EXIT

# shellcheck source=SCRIPTDIR/ports.sh
source "$REPO/scripts/tests/lib/ports.sh"

# ------------------------------------------------------------------------------------------------ PostgreSQL
PG_HOST=127.0.0.1 PG_PORT=54329 PG_USER=contestlet PG_PASSWORD=contestlet
admin_psql() { PGPASSWORD=$PG_PASSWORD psql -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -d postgres -v ON_ERROR_STOP=1 -qAt "$@"; }
db_psql() { PGPASSWORD=$PG_PASSWORD psql -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -d "$DB" -v ON_ERROR_STOP=1 -qAt "$@"; }

# The shared test server (scripts/test-postgres.sh, CONTESTLET_TEST_PG) with a database of this test's own.
use_shared_pg() {
  local part key value
  [[ -n ${CONTESTLET_TEST_PG:-} ]] || CONTESTLET_TEST_PG=$("$REPO/scripts/test-postgres.sh" start) || fail "could not start the test PostgreSQL"
  IFS=';' read -r -a parts <<<"$CONTESTLET_TEST_PG"
  for part in "${parts[@]}"; do
    key=${part%%=*} key=${key,,} key=${key// /} value=${part#*=}
    case $key in
      host | server) PG_HOST=$value ;;
      port) PG_PORT=$value ;;
      username | userid | user) PG_USER=$value ;;
      password) PG_PASSWORD=$value ;;
    esac
  done
  DB="contestlet_${TEST_NAME//-/_}_$$"
  admin_psql -c "CREATE DATABASE \"$DB\"" || fail "cannot create database $DB"
  DATABASES+=("$DB")
}

# A private cluster (same initdb approach as scripts/test-postgres.sh) that this test may stop and start at will:
# the shared server is never restarted.
private_pg() { # start|stop|restart
  CONTESTLET_PG_PORT=$PG_PORT CONTESTLET_PG_DIR=$PRIVATE_PG_DIR "$REPO/scripts/test-postgres.sh" "$1" >/dev/null
}
use_private_pg() { # PORT
  PG_PORT=$1
  PRIVATE_PG_DIR=/tmp/contestlet-$TEST_NAME-pg
  (exec 3<>/dev/tcp/127.0.0.1/"$PG_PORT") 2>/dev/null && private_pg stop
  private_pg start || fail "could not start a private PostgreSQL on 127.0.0.1:$PG_PORT"
  DB="contestlet_${TEST_NAME//-/_}"
  admin_psql -c "DROP DATABASE IF EXISTS \"$DB\" WITH (FORCE)" >/dev/null
  admin_psql -c "CREATE DATABASE \"$DB\"" || fail "cannot create database $DB"
}
database_url() { echo "postgresql://$PG_USER:$PG_PASSWORD@$PG_HOST:$PG_PORT/$DB"; }

# ------------------------------------------------------------------------------------------------ nginx and the fake Twilio
# The checked-in site (deploy/nginx/contestlet.conf) on one loopback port, its per-client limit_req lines removed (every
# simulated person comes from 127.0.0.1 here), plus a fake Twilio REST API on another port whose answer is one included
# file: accept (201, the body logged), 503, or hang (a request delayed for minutes: the app's attempt timeout fires).
pick_port NGINX_PORT
pick_port TWILIO_PORT
PROXY=http://127.0.0.1:$NGINX_PORT
UPSTREAM_FILE=$T/nginx/contestlet-upstream.conf
nginx_cmd() { nginx -p "$T/nginx" -c "$T/nginx/nginx.conf" -e "$T/nginx/error.log" "$@"; }
twilio_mode() { # accept|503|hang|slow (slow: accepts about 4 texts a second). A flag file read per request: no reload.
  local mode
  # limit_req lets a bucket's first request through undelayed: take it, so every request from now on hangs.
  [[ $1 != hang ]] || curl -s -o /dev/null --max-time 5 "http://127.0.0.1:$TWILIO_PORT/hang-warm" || true
  # The new flag first, then the others go: never a moment in which the fake accepts by mistake.
  [[ $1 == accept ]] || touch "$T/nginx/twilio-$1"
  for mode in 503 hang slow; do [[ $mode == "$1" ]] || rm -f "$T/nginx/twilio-$mode"; done
}
# Upstream for N instances: round-robin for pages, and a second upstream hashing the sign-in cookie for /_blazor.
write_upstream() { # PORT... (PORT:weight allowed)
  local spec port weight servers=''
  for spec in "$@"; do
    port=${spec%%:*} weight=1
    [[ $spec == *:* ]] && weight=${spec#*:}
    servers+="    server 127.0.0.1:$port weight=$weight max_fails=1 fail_timeout=5s;"$'\n'
  done
  # shellcheck disable=SC2016  # $cookie_contestlet is nginx's variable
  printf '# active-colour: test\nupstream contestlet_app {\n%s    keepalive 32;\n}\nupstream contestlet_circuits {\n    hash $cookie_contestlet consistent;\n%s}\n' \
    "$servers" "$servers" >"$UPSTREAM_FILE"
}
start_nginx() {
  cat >"$T/nginx/nginx.conf" <<EOF
worker_processes 1;
pid $T/nginx/nginx.pid;
error_log $T/nginx/error.log warn;
events { worker_connections 2048; }
http {
    access_log off;
    client_body_temp_path $T/nginx/tmp/client_body;
    proxy_temp_path $T/nginx/tmp/proxy;
    fastcgi_temp_path $T/nginx/tmp/fastcgi;
    uwsgi_temp_path $T/nginx/tmp/uwsgi;
    scgi_temp_path $T/nginx/tmp/scgi;
    include $T/nginx/contestlet.conf;

    log_format twilio '\$status \$request_body';
    limit_req_zone \$server_port zone=twilio_hang:1m rate=1r/m;
    limit_req_zone \$server_port zone=twilio_slow:1m rate=4r/s;
    server {
        listen 127.0.0.1:$TWILIO_PORT;
        access_log $T/nginx/twilio.log twilio;
        location /2010-04-01/ {
            if (-f $T/nginx/twilio-503) {
                return 503 '{"code":20500,"message":"Service unavailable (fake)","status":503}';
            }
            if (-f $T/nginx/twilio-hang) {
                rewrite ^ /hang last;
            }
            if (-f $T/nginx/twilio-slow) {
                rewrite ^ /slow last;
            }
            proxy_pass http://127.0.0.1:$TWILIO_PORT/accepted;
        }
        location = /hang {
            internal;
            limit_req zone=twilio_hang burst=10000;
            proxy_pass http://127.0.0.1:$TWILIO_PORT/accepted;
        }
        location = /slow {
            internal;
            limit_req zone=twilio_slow burst=10000;
            proxy_pass http://127.0.0.1:$TWILIO_PORT/accepted;
        }
        location = /hang-warm {
            access_log off;
            limit_req zone=twilio_hang burst=10000 nodelay;
            proxy_pass http://127.0.0.1:$TWILIO_PORT/accepted;
        }
        location /accepted {
            access_log off;
            default_type application/json;
            return 201 '{"sid":"SM\$request_id","account_sid":"ACopsdrill000000000000000000000000","status":"queued","num_segments":"1","error_code":null,"error_message":null}';
        }
    }
}
EOF
  # nginx listens on a port of its own here, not 80: the app's absolute redirects (Location) must keep it, so Host and
  # X-Forwarded-Host pass the client's host:port ($http_host) instead of the bare name.
  # shellcheck disable=SC2016  # nginx variables
  sed -e '/^[[:space:]]*listen /d' -e '/^[[:space:]]*limit_req zone=/d' -e 's/\(proxy_set_header \(Host\|X-Forwarded-Host\)\) \$host;/\1 $http_host;/' \
    -e "s|^\([[:space:]]*\)server_name .*|&\n\1listen 127.0.0.1:$NGINX_PORT;|" \
    -e "s|access_log /var/log/nginx/contestlet.access.log|access_log $T/nginx/access.log|" \
    "$REPO/deploy/nginx/contestlet.conf" >"$T/nginx/contestlet.conf"
  [[ -f $UPSTREAM_FILE ]] || write_upstream "$DEAD_PORT"
  twilio_mode accept
  nginx_cmd -t -q 2>"$T/out/nginx-t.txt" || fail "nginx rejects the configuration: $(cat "$T/out/nginx-t.txt")"
  nginx_cmd 2>"$T/out/nginx-start.txt" || fail "nginx did not start: $(cat "$T/out/nginx-start.txt")"
  for _ in {1..50}; do [[ -s $T/nginx/nginx.pid ]] && return 0; sleep 0.1; done
  fail "nginx wrote no pid file"
}
reload_nginx() { nginx_cmd -s reload 2>>"$T/nginx/error.log" || fail "nginx reload failed"; sleep 0.5; }
pick_port DEAD_PORT

# Texts the fake Twilio accepted (201), one "To Body" line each.
accepted_texts() { awk '$1 == 201' "$T/nginx/twilio.log" 2>/dev/null | sed 's/^201 //' | tr '&' '\n' | grep -E '^(To|Body)=' | paste -d' ' - - || true; }
accepted_count() { awk '$1 == 201' "$T/nginx/twilio.log" 2>/dev/null | wc -l; }

# ------------------------------------------------------------------------------------------------ app instances
# Staging settings (QA numbers need them; Production refuses QA numbers), the real Twilio client pointed at the fake,
# limited sending off (the fake is the only recipient), per-client limits opened (all load comes from 127.0.0.1), the
# outbox polling fast with short back-offs so a drill fits in seconds.
DRILL_SECRET_KEY=ops-drill-secret-key-0123456789abcdef0123
APP_ENV=()
app_environment() {
  local i name
  APP_ENV=(
    "ASPNETCORE_ENVIRONMENT=Staging" "ASPNETCORE_FORWARDEDHEADERS_ENABLED=true"
    "DATABASE_URL=$(database_url)" "USE_MOCK_SMS=false" "DEBUG=false"
    "TWILIO_ACCOUNT_SID=ACopsdrill000000000000000000000000" "TWILIO_AUTH_TOKEN=ops-drill-token" "TWILIO_PHONE_NUMBER=+15005550006"
    "Sms__Twilio__ApiBaseUrl=http://127.0.0.1:$TWILIO_PORT" "Sms__Twilio__AllowCustomApiBaseUrl=true" "Sms__Twilio__SendTimeoutSeconds=2"
    "Sms__LimitedSending__Enabled=false" "Sms__QaFixedCode=$QA_CODE" "Auth__AllowFictionalNumbers=true"
    "ADMIN_PHONES=$ADMIN_PHONE" "SECRET_KEY=$DRILL_SECRET_KEY"
    "PUBLIC_BASE_URL=https://contestlet.ops-drill.invalid"
    "Auth__Limits__SendsPerIpPerHour=1000000" "Auth__Limits__SmsBudgetPerHour=${SMS_BUDGET:-1000000}" "Auth__Limits__SmsBudgetPerDay=1000000"
    "Outbox__PollIntervalSeconds=0.5" "Outbox__BaseBackOffSeconds=1" "Outbox__MaxBackOffSeconds=4" "Outbox__MaxAttempts=20"
    "Outbox__LeaseSeconds=32" "Outbox__BatchSize=20"
    "Serilog__MinimumLevel__Default=Warning"
  )
  for name in CodeVerification Claim EntryList Readiness EntryPost; do
    APP_ENV+=("RateLimits__${name}__PermitLimit=100000" "RateLimits__${name}__WindowSeconds=60")
  done
  for ((i = 0; i < QA_COUNT; i++)); do APP_ENV+=("Sms__QaTestNumbers__$i=+$((QA_FIRST + i))"); done
}
migrate_and_seed() {
  app_environment
  (cd "$(dirname "$APP_DLL")" && env "${APP_ENV[@]}" dotnet "$APP_DLL" migrate) >"$T/out/migrate.txt" 2>&1 || { tail -n 20 "$T/out/migrate.txt" >&2; fail "migrate failed"; }
  # Demo contests: a Development run seeds an empty contests table (like scripts/tests/deploy-test.sh), with the
  # instances' SECRET_KEY so the data-protection key it makes is one they can open.
  local port pid
  pick_port port
  (cd "$(dirname "$APP_DLL")" && exec env ASPNETCORE_ENVIRONMENT=Development ASPNETCORE_URLS="http://127.0.0.1:$port" \
    DATABASE_URL="$(database_url)" SECRET_KEY="$DRILL_SECRET_KEY" Outbox__Enabled=false dotnet "$APP_DLL") </dev/null >"$T/out/seed.txt" 2>&1 &
  pid=$!
  for _ in {1..240}; do [[ $(http_code "http://127.0.0.1:$port/health/ready" 2) == 200 ]] && break; sleep 0.25; done
  kill "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null || true
  # The open contest with an entry-confirmation text (every entry queues one text in the outbox).
  CONTEST_ID=$(db_psql -c "SELECT \"Id\" FROM contests WHERE \"SmsEntryConfirmation\" IS NOT NULL AND \"EndsAt\" > now() AND \"StartsAt\" < now() ORDER BY \"Id\" LIMIT 1")
  [[ -n $CONTEST_ID ]] || fail "no open contest with an entry confirmation was seeded (see $T/out/seed.txt)"
  CONTEST_CODE=$(db_psql -c "SELECT \"Code\" FROM contests WHERE \"Id\" = $CONTEST_ID")
  # Seeded sample outbox rows are not this drill's: mark them sent so every text counted below is the drill's.
  db_psql -c "UPDATE notifications SET \"Status\" = 'Sent' WHERE \"Status\" <> 'Sent'" >/dev/null
}

app_port_var() { echo "APP_PORT_${1//-/_}"; }
app_start() { # NAME PORT [extra VAR=value...]
  local name=$1 port=$2 pid
  shift 2
  app_environment
  echo "---- $(date -u +%H:%M:%S) starting $name on $port" >>"$T/logs/$name.log"
  (cd "$(dirname "$APP_DLL")" && exec env "${APP_ENV[@]}" "ASPNETCORE_URLS=http://127.0.0.1:$port" "CONTESTLET_INSTANCE=$name" \
    "Serilog__WriteTo__0__Args__path=$T/logs/$name-.log" "$@" dotnet "$APP_DLL") </dev/null >>"$T/logs/$name.log" 2>&1 &
  pid=$!
  echo "$pid" >"$T/run/$name.pid"
  printf -v "$(app_port_var "$name")" '%s' "$port"
}
app_pid() { cat "$T/run/$1.pid"; }
app_wait_ready() { # NAME [TIMEOUT]
  local name=$1 port_var deadline
  port_var=$(app_port_var "$name")
  deadline=$((SECONDS + ${2:-120}))
  while ((SECONDS < deadline)); do
    [[ $(http_code "http://127.0.0.1:${!port_var}/health/ready" 3) == 200 ]] && return 0
    kill -0 "$(app_pid "$name")" 2>/dev/null || { tail -n 30 "$T/logs/$name.log" >&2; fail "instance $name exited"; }
    sleep 0.3
  done
  tail -n 30 "$T/logs/$name.log" >&2
  fail "instance $name not ready after ${2:-120}s"
}
app_stop() { # NAME [SIGNAL]
  local pid
  pid=$(app_pid "$1")
  kill "-${2:-TERM}" "$pid" 2>/dev/null || true
  for _ in {1..300}; do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  rm -f "$T/run/$1.pid"
}

# ------------------------------------------------------------------------------------------------ load
# The real entry flow (contest page, send code, verify, entered) for COUNT QA numbers from FIRST, bounded in count and
# time; one line per person in FILE: phone, ok|fail, error (with [friendly], [bare] or [stack-trace] for error pages).
bench() { # URL FIRST_INDEX COUNT CONCURRENCY MAX_SECONDS FILE [LABEL] [PAUSE_MS]
  dotnet "$BENCH_DLL" --base-url "$1" --contest "$CONTEST_CODE" --first-phone "+$((QA_FIRST + $2))" --contestants "$3" \
    --concurrency "$4" --max-seconds "$5" --code "$QA_CODE" --results "$6" --label "${7:-}" --pause-ms "${8:-0}" || true
}
