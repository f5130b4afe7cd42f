# shellcheck shell=bash
# shellcheck disable=SC2034  # settings and globals are read by the scripts that source this file
# Shared by the deploy scripts (sourced, never run): settings with their defaults, messages, the append-only deploy
# log, env files, the service-manager abstraction (systemd units in real deploys, plain processes with pid files
# in tests and on hosts without systemd), readiness waits and the nginx upstream switch.
#
# Every path, port and command is a variable with a default for a real server and can be overridden (the deploy
# test points them all into a temporary directory). docs/operations.md lists them.

CONTESTLET_SCRIPTS_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
CONTESTLET_REPO_DIR=$(cd "$CONTESTLET_SCRIPTS_DIR/.." && pwd)
SCRIPT_NAME=$(basename "$0" .sh)

: "${CONTESTLET_ENVIRONMENT:=production}"
: "${CONTESTLET_HOME:=/opt/contestlet}"                 # releases/ and one symlink per instance (blue, green, staging)
: "${CONTESTLET_CONFIG_DIR:=/etc/contestlet}"           # <environment>.env (operator-owned) and generated instance-<name>.env
: "${CONTESTLET_STATE_DIR:=/var/lib/contestlet}"        # deploy.log, health-probe.log, lock, pid files and logs (process mode)
: "${CONTESTLET_BACKUP_DIR:=/var/backups/contestlet}"
: "${CONTESTLET_BLUE_PORT:=5001}"
: "${CONTESTLET_GREEN_PORT:=5002}"
: "${CONTESTLET_STAGING_PORT:=5000}"
: "${CONTESTLET_BIND_ADDRESS:=127.0.0.1}"               # instances listen on loopback only; nginx is their only client
: "${CONTESTLET_INSTANCES:=1}"                          # instances per colour: blue, blue-2, blue-3, ... (docs/operations.md, scaling out)
: "${CONTESTLET_INSTANCE_PORT_STEP:=100}"               # blue-2 listens on the blue port + 100, blue-3 on + 200, ...
: "${CONTESTLET_SERVICE_MANAGER:=auto}"                 # auto | systemd | process
: "${CONTESTLET_SYSTEMD_UNIT:=contestlet}"              # template unit contestlet@.service (deploy/systemd)
: "${CONTESTLET_NGINX_BIN:=nginx}"
: "${CONTESTLET_NGINX_CONF:=}"                          # empty: nginx's own default (/etc/nginx/nginx.conf)
: "${CONTESTLET_NGINX_PREFIX:=}"
: "${CONTESTLET_NGINX_ERROR_LOG:=}"                     # nginx -e: where nginx writes before it has read its configuration
: "${CONTESTLET_NGINX_UPSTREAM_FILE:=/etc/nginx/contestlet-upstream.conf}"
: "${CONTESTLET_PUBLIC_URL:=http://127.0.0.1}"          # where nginx serves production; used to confirm a switch
: "${CONTESTLET_STAGING_URL:=http://127.0.0.1:$CONTESTLET_STAGING_PORT}"
: "${CONTESTLET_READY_TIMEOUT:=90}"                     # seconds a new instance gets to answer /health/ready
: "${CONTESTLET_NOT_READY_GRACE:=30}"                   # ... or less, when it answers 503 (not ready) this long
: "${CONTESTLET_WARMUP_PATHS:=/ /signin}"              # requested from a new colour before it gets traffic
: "${CONTESTLET_SWITCH_TIMEOUT:=15}"                    # seconds for nginx to route to the new colour after reload
: "${CONTESTLET_STOP_TIMEOUT:=30}"
: "${CONTESTLET_DOTNET:=dotnet}"

DEPLOY_STARTED_AT=${EPOCHREALTIME/[.,]/}
DEPLOY_VERSION=-
DEPLOY_COMMIT=-
DEPLOY_COLOUR=-
DEPLOY_NOTE=

info() { printf '%s %s: %s\n' "$(date -u +%H:%M:%S)" "$SCRIPT_NAME" "$*"; }
warn() { printf '%s %s: warning: %s\n' "$(date -u +%H:%M:%S)" "$SCRIPT_NAME" "$*" >&2; }

die() {
  DEPLOY_NOTE=$*
  printf '%s %s: error: %s\n' "$(date -u +%H:%M:%S)" "$SCRIPT_NAME" "$*" >&2
  exit 1
}

# An unexpected failure under `set -e` would otherwise end the script without a word.
on_unexpected_error() {
  local status=$1 line=$2 command=$3
  [[ -n ${DEPLOY_NOTE:-} ]] && return
  DEPLOY_NOTE="unexpected failure at line $line: $command (exit $status)"
  printf '%s %s: error: %s\n' "$(date -u +%H:%M:%S)" "$SCRIPT_NAME" "$DEPLOY_NOTE" >&2
}
set -o errtrace
trap 'on_unexpected_error $? $LINENO "$BASH_COMMAND"' ERR

require_command() {
  local command
  for command in "$@"; do
    command -v "$command" >/dev/null 2>&1 || die "'$command' is not installed or not on PATH"
  done
}

now_ms() { local t=${EPOCHREALTIME/[.,]/}; echo $((t / 1000)); }
elapsed_ms_since() { echo $(($(now_ms) - $1)); }

environment_name() {
  case $CONTESTLET_ENVIRONMENT in
    production) echo Production ;;
    staging) echo Staging ;;
    development) echo Development ;;
    *) die "CONTESTLET_ENVIRONMENT must be production, staging or development (got '$CONTESTLET_ENVIRONMENT')" ;;
  esac
}

env_file() { echo "${CONTESTLET_ENV_FILE:-$CONTESTLET_CONFIG_DIR/$CONTESTLET_ENVIRONMENT.env}"; }

# ---------------------------------------------------------------------------------------------------------------
# The deploy log: one tab-separated line per run of a script, appended, never rewritten.
#   time (UTC ISO 8601) | epoch seconds | script | environment | version | commit | colour | result | duration s | note
# scripts/deploy-metrics.sh reads it; docs/operations.md describes it.
# ---------------------------------------------------------------------------------------------------------------
deploy_log_file() { echo "$CONTESTLET_STATE_DIR/deploy.log"; }

deploy_log() {
  local result=$1 note=${2:-} file duration
  file=$(deploy_log_file)
  mkdir -p "$(dirname "$file")"
  duration=$(( (${EPOCHREALTIME/[.,]/} - DEPLOY_STARTED_AT) / 1000 ))
  note=${note//$'\t'/ }
  note=${note//$'\n'/ }
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%d.%03d\t%s\n' \
    "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$(date -u +%s)" "$SCRIPT_NAME" "$CONTESTLET_ENVIRONMENT" \
    "$DEPLOY_VERSION" "$DEPLOY_COMMIT" "$DEPLOY_COLOUR" "$result" $((duration / 1000)) $((duration % 1000)) "$note" >>"$file"
}

# Installed as the EXIT trap by scripts that record their outcome.
finish_with_log() {
  local status=$1
  if [[ $status -eq 0 ]]; then
    deploy_log ok "${DEPLOY_NOTE:-}"
  else
    deploy_log failed "${DEPLOY_NOTE:-exit $status}"
  fi
}

# One deploy at a time per host. Nested scripts (deploy-production → blue-green-deploy) inherit the lock.
acquire_deploy_lock() {
  local wait=${1:-0}
  [[ ${CONTESTLET_DEPLOY_LOCK_HELD:-} == 1 ]] && return 0
  require_command flock
  mkdir -p "$CONTESTLET_STATE_DIR"
  exec 9>"$CONTESTLET_STATE_DIR/deploy.lock"
  flock -w "$wait" 9 || die "another deploy holds $CONTESTLET_STATE_DIR/deploy.lock; wait for it to finish"
  export CONTESTLET_DEPLOY_LOCK_HELD=1
}

# ---------------------------------------------------------------------------------------------------------------
# Env files in systemd's EnvironmentFile format: KEY=VALUE lines, # comments, optional quotes around the value.
# ---------------------------------------------------------------------------------------------------------------
ENV_ASSIGNMENTS=()

load_env_file() {
  local file=$1 line key value
  [[ -r $file ]] || die "env file $file is missing or unreadable (see deploy/env/*.env.example)"
  ENV_ASSIGNMENTS=()
  while IFS= read -r line || [[ -n $line ]]; do
    line=${line%$'\r'}
    [[ $line =~ ^[[:space:]]*(#|$) ]] && continue
    line=${line#export }
    [[ $line == *=* ]] || die "$file: not a KEY=VALUE line: ${line%%=*}"
    key=${line%%=*}
    value=${line#*=}
    [[ $key =~ ^[A-Za-z_][A-Za-z0-9_]*$ ]] || die "$file: invalid variable name '$key'"
    if [[ $value =~ ^\"(.*)\"$ || $value =~ ^\'(.*)\'$ ]]; then
      value=${BASH_REMATCH[1]}
    fi
    ENV_ASSIGNMENTS+=("$key=$value")
  done <"$file"
}

# Sets ENV_VALUE to the last assignment of a variable in an env file (empty when absent).
env_file_value() {
  local file=$1 wanted=$2 assignment
  load_env_file "$file"
  ENV_VALUE=
  for assignment in "${ENV_ASSIGNMENTS[@]}"; do
    [[ ${assignment%%=*} == "$wanted" ]] && ENV_VALUE=${assignment#*=}
  done
  return 0
}

# The minimal environment an app process gets besides its env file, like a systemd service.
base_environment() {
  local name
  BASE_ENV=("PATH=$PATH" "HOME=${HOME:-/root}")
  for name in LANG LC_ALL DOTNET_ROOT TMPDIR; do
    [[ -n ${!name:-} ]] && BASE_ENV+=("$name=${!name}")
  done
  return 0
}

# Runs a command of a release (`migrate`) with an environment's env file, as the service would see it.
run_app_command() {
  local release=$1 file=$2
  shift 2
  load_env_file "$file"
  base_environment
  (cd "$release" && env -i "${BASE_ENV[@]}" "ASPNETCORE_ENVIRONMENT=$(environment_name)" "${ENV_ASSIGNMENTS[@]}" \
    "$CONTESTLET_DOTNET" "$release/Contestlet.Web.dll" "$@") 9>&-
}

# ---------------------------------------------------------------------------------------------------------------
# Releases: immutable publish outputs under $CONTESTLET_HOME/releases, described by contestlet-release.env.
# ---------------------------------------------------------------------------------------------------------------
release_value() {
  local release=$1 key=$2 file="$1/contestlet-release.env"
  [[ -r $file ]] || { echo -; return 0; }
  sed -n "s/^$key=//p" "$file" | tail -n 1
}

check_release() {
  local release=$1
  [[ -d $release ]] || die "release directory $release does not exist"
  [[ -f $release/Contestlet.Web.dll ]] || die "$release holds no Contestlet.Web.dll; is it a publish output?"
  DEPLOY_VERSION=$(release_value "$release" VERSION)
  DEPLOY_COMMIT=$(release_value "$release" COMMIT)
}

# ---------------------------------------------------------------------------------------------------------------
# Instances: blue and green (production colours) and staging. Each is a symlink $CONTESTLET_HOME/<name> to a
# release, plus a generated env file $CONTESTLET_CONFIG_DIR/instance-<name>.env, run by the service manager.
# ---------------------------------------------------------------------------------------------------------------
instance_port() {
  local name=$1 index=1 base
  if [[ $name =~ ^(blue|green)-([2-9]|[1-9][0-9])$ ]]; then
    name=${BASH_REMATCH[1]}
    index=${BASH_REMATCH[2]}
  fi
  case $name in
    blue) base=$CONTESTLET_BLUE_PORT ;;
    green) base=$CONTESTLET_GREEN_PORT ;;
    staging) base=$CONTESTLET_STAGING_PORT ;;
    *) die "unknown instance '$1' (blue, green, blue-N, green-N or staging)" ;;
  esac
  echo $((base + (index - 1) * CONTESTLET_INSTANCE_PORT_STEP))
}

# The instances a colour is configured to run: blue, blue-2, ... up to $CONTESTLET_INSTANCES. Staging is one instance
# (docs/deployment-strategy.md §4), whatever CONTESTLET_INSTANCES says.
colour_instances() {
  local colour=$1 i
  [[ $colour == staging ]] && { echo staging; return 0; }
  [[ $CONTESTLET_INSTANCES =~ ^[1-9][0-9]?$ ]] || die "CONTESTLET_INSTANCES must be 1 to 99 (got '$CONTESTLET_INSTANCES')"
  printf '%s' "$colour"
  for ((i = 2; i <= CONTESTLET_INSTANCES; i++)); do printf ' %s-%d' "$colour" "$i"; done
  echo
}

# Every instance of a colour that exists on this host (configured now, or left from a run with more instances).
colour_instances_all() {
  local colour=$1 names file unit
  # shellcheck disable=SC2178  # names is a string, then an array for trimming
  names=" $(colour_instances "$colour") "
  if [[ $(service_manager) == systemd ]]; then
    for unit in $(systemctl list-units --all --plain --no-legend "$CONTESTLET_SYSTEMD_UNIT@$colour-*.service" 2>/dev/null | awk '{ print $1 }'); do
      unit=${unit#"$CONTESTLET_SYSTEMD_UNIT@"}
      unit=${unit%.service}
      [[ $names == *" $unit "* ]] || names+="$unit "
    done
  else
    for file in "$CONTESTLET_STATE_DIR/run/$colour"-*.pid; do
      [[ -f $file ]] || continue
      file=$(basename "$file" .pid)
      [[ $names == *" $file "* ]] || names+="$file "
    done
  fi
  read -r -a names <<<"$names"
  echo "${names[*]}"
}

# The instances of a colour that run now (what nginx should route to); the configured ones when none runs.
colour_members() {
  local colour=$1 name members=()
  for name in $(colour_instances_all "$colour"); do
    instance_running "$name" && members+=("$name")
  done
  ((${#members[@]})) || read -r -a members <<<"$(colour_instances "$colour")"
  echo "${members[*]}"
}

instance_url() { echo "http://$CONTESTLET_BIND_ADDRESS:$(instance_port "$1")"; }
instance_link() { echo "$CONTESTLET_HOME/$1"; }
instance_env_file() { echo "$CONTESTLET_CONFIG_DIR/instance-$1.env"; }
instance_release() { readlink -f "$(instance_link "$1")" 2>/dev/null || true; }

other_colour() {
  case ${1%%-*} in
    blue) echo green ;;
    green) echo blue ;;
    *) die "'$1' is not a colour (blue or green)" ;;
  esac
}

# Points the instance at a release and writes its env file: the environment's variables, then what the instance
# itself needs. Only ever called while the instance is stopped, so a running process never sees its files change.
install_instance() {
  local name=$1 release=$2 source_env=$3 link target_env tmp
  link=$(instance_link "$name")
  target_env=$(instance_env_file "$name")
  mkdir -p "$CONTESTLET_HOME" "$CONTESTLET_CONFIG_DIR"
  ln -sfn "$release" "$link.new"
  mv -T "$link.new" "$link"
  tmp="$target_env.new"
  (
    umask 077
    {
      echo "# Generated by $SCRIPT_NAME for instance '$name' from $source_env at $(date -u +%Y-%m-%dT%H:%M:%SZ). Do not edit:"
      echo "# change $source_env and deploy again."
      cat "$source_env"
      echo
      echo "ASPNETCORE_ENVIRONMENT=$(environment_name)"
      echo "ASPNETCORE_URLS=http://$CONTESTLET_BIND_ADDRESS:$(instance_port "$name")"
      echo "# Only nginx reaches the instance (loopback), so its X-Forwarded-For/-Proto headers are trusted:"
      echo "# per-IP limits and cookies see the real client."
      echo "ASPNETCORE_FORWARDEDHEADERS_ENABLED=true"
      echo "CONTESTLET_INSTANCE=$name"
    } >"$tmp"
  )
  mv "$tmp" "$target_env"
}

service_manager() {
  case $CONTESTLET_SERVICE_MANAGER in
    systemd | process) echo "$CONTESTLET_SERVICE_MANAGER" ;;
    auto)
      if [[ -d /run/systemd/system ]] && command -v systemctl >/dev/null 2>&1; then echo systemd; else echo process; fi
      ;;
    *) die "CONTESTLET_SERVICE_MANAGER must be auto, systemd or process (got '$CONTESTLET_SERVICE_MANAGER')" ;;
  esac
}

systemd_unit() { echo "$CONTESTLET_SYSTEMD_UNIT@$1.service"; }
pid_file() { echo "$CONTESTLET_STATE_DIR/run/$1.pid"; }
instance_log() { echo "$CONTESTLET_STATE_DIR/logs/$1.log"; }

pid_alive() {
  local pid=$1 stat
  [[ $pid =~ ^[0-9]+$ && -r /proc/$pid/stat ]] || return 1
  stat=$(</proc/"$pid"/stat) || return 1
  stat=${stat##*) }
  [[ ${stat:0:1} != Z ]]
}

instance_pid() {
  local file pid
  file=$(pid_file "$1")
  [[ -r $file ]] || return 1
  pid=$(<"$file")
  pid_alive "$pid" || return 1
  # Guards against a recycled pid: the process must be a Contestlet app.
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q 'Contestlet.Web.dll' || return 1
  echo "$pid"
}

instance_running() {
  local name=$1
  if [[ $(service_manager) == systemd ]]; then
    systemctl is-active --quiet "$(systemd_unit "$name")"
  else
    instance_pid "$name" >/dev/null
  fi
}

start_instance() {
  local name=$1 link release pid log
  link=$(instance_link "$name")
  release=$(readlink -f "$link") || die "instance $name points at no release ($link)"
  [[ -f $release/Contestlet.Web.dll ]] || die "instance $name points at $release, which holds no Contestlet.Web.dll"
  if [[ $(service_manager) == systemd ]]; then
    systemctl start "$(systemd_unit "$name")" || die "systemctl start $(systemd_unit "$name") failed; see journalctl -u $(systemd_unit "$name")"
    return 0
  fi
  instance_running "$name" && die "instance $name is already running (pid $(instance_pid "$name"))"
  load_env_file "$(instance_env_file "$name")"
  base_environment
  log=$(instance_log "$name")
  mkdir -p "$(dirname "$log")" "$(dirname "$(pid_file "$name")")"
  echo "---- $(date -u +%Y-%m-%dT%H:%M:%SZ) starting $name from $release" >>"$log"
  # The resolved release path, not the symlink: a later repoint can never mix two releases in one process.
  (cd "$release" && exec env -i "${BASE_ENV[@]}" "${ENV_ASSIGNMENTS[@]}" "$CONTESTLET_DOTNET" "$release/Contestlet.Web.dll") \
    </dev/null >>"$log" 2>&1 9>&- &
  pid=$!
  disown "$pid"
  echo "$pid" >"$(pid_file "$name")"
}

stop_instance() {
  local name=$1 pid i
  if [[ $(service_manager) == systemd ]]; then
    systemctl stop "$(systemd_unit "$name")" || die "systemctl stop $(systemd_unit "$name") failed"
    return 0
  fi
  if ! pid=$(instance_pid "$name"); then
    rm -f "$(pid_file "$name")"
    return 0
  fi
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < CONTESTLET_STOP_TIMEOUT * 10; i++)); do
    pid_alive "$pid" || break
    sleep 0.1
  done
  if pid_alive "$pid"; then
    warn "instance $name (pid $pid) did not stop within ${CONTESTLET_STOP_TIMEOUT}s; killing it"
    kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$(pid_file "$name")"
}

# The instance's output since its last start: the first lines (where a start-up refusal names the setting) and the last.
instance_log_tail() {
  local name=$1 log lines
  if [[ $(service_manager) == systemd ]]; then
    journalctl -u "$(systemd_unit "$name")" -n 40 --no-pager 2>/dev/null || true
    return 0
  fi
  log=$(instance_log "$name")
  [[ -r $log ]] || return 0
  lines=$(awk '/^---- .* starting /{ buffer = "" } { buffer = buffer $0 "\n" } END { printf "%s", buffer }' "$log")
  if [[ $(wc -l <<<"$lines") -gt 40 ]]; then
    head -n 20 <<<"$lines"
    echo "    [...]"
    tail -n 20 <<<"$lines"
  else
    echo "$lines"
  fi
  return 0
}

# ---------------------------------------------------------------------------------------------------------------
# HTTP checks (curl only: no jq on the servers).
# ---------------------------------------------------------------------------------------------------------------
json_field() {
  local field=$1 body=$2
  if [[ $body =~ \"$field\":\"([^\"]*)\" ]]; then echo "${BASH_REMATCH[1]}"; else echo -; fi
}

# One GET; sets HTTP_STATUS and HTTP_BODY. Never fails: a transport error is status 000.
http_get() {
  local url=$1 response headers=()
  # /health/ready tells its details (version, commit, schema) only to loopback or to a caller with HEALTH_TOKEN.
  [[ $url == */health* && -n ${CONTESTLET_HEALTH_TOKEN:-} ]] && headers=(-H "X-Health-Token: $CONTESTLET_HEALTH_TOKEN")
  response=$(curl -sS --max-time "${2:-5}" "${headers[@]}" -w $'\n%{http_code}' "$url" 2>/dev/null) || true
  HTTP_STATUS=${response##*$'\n'}
  HTTP_BODY=${response%$'\n'*}
  [[ $HTTP_STATUS =~ ^[0-9]{3}$ ]] || HTTP_STATUS=000
}

# What each instance of a colour (or staging) holds now (its release, its env file, whether it runs), kept in a scratch
# folder so that a deploy which fails can put every instance back as it was (restore_colour): emergency-deploy.sh keeps
# its standby, staging runs its previous release again. blue-green-deploy.sh, canary-deploy.sh and deploy-staging.sh
# all restore this way. forget_colour removes the scratch folder.
remember_colour() {
  local name dir env
  REMEMBERED_COLOUR=$1
  REMEMBERED_DIR=$(mktemp -d)
  for name in $(colour_instances "$REMEMBERED_COLOUR"); do
    dir="$REMEMBERED_DIR/$name"
    mkdir "$dir"
    instance_release "$name" >"$dir/release"
    env=$(instance_env_file "$name")
    if [[ -f $env ]]; then cp -p "$env" "$dir/env"; fi
    if instance_running "$name"; then touch "$dir/running"; fi
  done
}

restore_colour() {
  local name dir release restarted=() why=" so emergency-deploy.sh can still switch to it" without="emergency-deploy.sh has no standby until the next deploy"
  if [[ $REMEMBERED_COLOUR == staging ]]; then why='' without="staging is down"; fi
  for name in $(colour_instances_all "$REMEMBERED_COLOUR"); do stop_instance "$name"; done
  for dir in "$REMEMBERED_DIR"/*/; do
    name=$(basename "$dir")
    release=$(cat "$dir/release")
    [[ -n $release && -d $release ]] || continue
    ln -sfn "$release" "$(instance_link "$name")"
    if [[ -f $dir/env ]]; then cp -p "$dir/env" "$(instance_env_file "$name")"; fi
    if [[ -f $dir/running ]]; then
      info "restarting $name on its previous release $(basename "$release")$why"
      start_instance "$name"
      restarted+=("$name")
    fi
  done
  for name in "${restarted[@]}"; do
    release=$(cat "$REMEMBERED_DIR/$name/release")
    wait_instance_ready "$name" "$(release_value "$release" VERSION)" "$CONTESTLET_READY_TIMEOUT" \
      || warn "$name did not come back on $(basename "$release"); $without"
  done
}

forget_colour() {
  if [[ -n ${REMEMBERED_DIR:-} ]]; then rm -rf "$REMEMBERED_DIR"; fi
  REMEMBERED_DIR=
}

# Waits until the instance answers /health/ready with 200 (and the expected version, when known). Gives up early when
# the process dies (e.g. start-up validation refused the settings), or when it answers but keeps saying "not ready"
# (database unreachable, schema behind) for $CONTESTLET_NOT_READY_GRACE seconds: a slow start is waited for, a
# broken one is not.
wait_instance_ready() {
  local name=$1 version=$2 timeout=$3 url deadline not_ready_since=
  url="$(instance_url "$name")/health/ready"
  deadline=$((SECONDS + timeout))
  while ((SECONDS < deadline)); do
    http_get "$url" 5
    if [[ $HTTP_STATUS == 200 ]] && [[ $version == - || $(json_field version "$HTTP_BODY") == "$version" ]]; then
      return 0
    fi
    if ! instance_running "$name"; then
      warn "instance $name exited before it was ready; its output since it started:"
      instance_log_tail "$name" >&2
      return 1
    fi
    if [[ $HTTP_STATUS == 503 ]]; then
      [[ -n $not_ready_since ]] || not_ready_since=$SECONDS
      ((SECONDS - not_ready_since < CONTESTLET_NOT_READY_GRACE)) || break
    else
      not_ready_since=
    fi
    sleep 0.5
  done
  warn "instance $name is not ready (last answer: $HTTP_STATUS $(json_field status "$HTTP_BODY") database=$(json_field database "$HTTP_BODY") schema=$(json_field schema "$HTTP_BODY")) after $((timeout - deadline + SECONDS))s; its output since it started:"
  instance_log_tail "$name" >&2
  return 1
}

# ---------------------------------------------------------------------------------------------------------------
# nginx: the active colour is whatever the upstream file says; nothing else holds that truth.
# ---------------------------------------------------------------------------------------------------------------
nginx_cmd() {
  local args=()
  [[ -n $CONTESTLET_NGINX_PREFIX ]] && args+=(-p "$CONTESTLET_NGINX_PREFIX")
  [[ -n $CONTESTLET_NGINX_CONF ]] && args+=(-c "$CONTESTLET_NGINX_CONF")
  [[ -n $CONTESTLET_NGINX_ERROR_LOG ]] && args+=(-e "$CONTESTLET_NGINX_ERROR_LOG")
  "$CONTESTLET_NGINX_BIN" "${args[@]}" "$@" 9>&-
}

active_colour() {
  local file=$CONTESTLET_NGINX_UPSTREAM_FILE line
  [[ -r $file ]] || { echo none; return 0; }
  line=$(grep -m1 '^# active-colour:' "$file" || true)
  case ${line#*: } in
    blue) echo blue ;;
    green) echo green ;;
    *) echo none ;;
  esac
}

# Writes the upstream file: every running instance of COLOUR; with a canary, also CANARY's instances, weighted so the
# canary gets SHARE percent of new requests. Two upstreams with the same servers: contestlet_app (round-robin, pages
# and forms) and contestlet_circuits (the admin console's /_blazor: a consistent hash of the sign-in cookie keeps one
# admin's circuit on one instance; when that instance goes away the hash moves the admin to another and the console
# reconnects there).
write_upstream() {
  local colour=$1 canary=${2:-} share=${3:-0} file=$CONTESTLET_NGINX_UPSTREAM_FILE servers='' name weight=''
  if [[ -n $canary ]]; then
    [[ $share =~ ^[1-9][0-9]?$ ]] || die "the canary's share must be 1 to 99 percent (got '$share')"
    weight=" weight=$((100 - share))"
  fi
  for name in $(colour_members "$colour"); do
    servers+="    server $CONTESTLET_BIND_ADDRESS:$(instance_port "$name")$weight;  # $name"$'\n'
  done
  if [[ -n $canary ]]; then
    for name in $(colour_members "$canary"); do
      servers+="    server $CONTESTLET_BIND_ADDRESS:$(instance_port "$name") weight=$share;  # $name (canary)"$'\n'
    done
  fi
  {
    echo "# active-colour: $colour"
    [[ -z $canary ]] || echo "# canary: $canary $share%"
    echo "# Written by scripts/$SCRIPT_NAME.sh at $(date -u +%Y-%m-%dT%H:%M:%SZ). Do not edit by hand: blue-green-deploy.sh,"
    echo "# canary-deploy.sh and emergency-deploy.sh rewrite this file and reload nginx gracefully."
    echo "upstream contestlet_app {"
    printf '%s' "$servers"
    echo "    keepalive 32;"
    echo "}"
    echo "upstream contestlet_circuits {"
    echo "    hash \$cookie_contestlet consistent;"
    printf '%s' "$servers"
    echo "    keepalive 32;"
    echo "}"
  } >"$file.new"
  mv "$file.new" "$file"
}

# nginx -t, then a graceful reload; on any refusal the previous upstream file is put back. Dies on failure.
reload_nginx_with_upstream() {
  local file=$CONTESTLET_NGINX_UPSTREAM_FILE output
  if ! output=$(nginx_cmd -t 2>&1); then
    [[ -f $file.previous ]] && mv "$file.previous" "$file"
    die "nginx rejected the new upstream, upstream file restored: $output"
  fi
  if ! output=$(nginx_cmd -s reload 2>&1); then
    [[ -f $file.previous ]] && mv "$file.previous" "$file"
    nginx_cmd -s reload >/dev/null 2>&1 || true
    die "nginx reload failed, upstream file restored: $output"
  fi
}

# Points nginx at a colour with a graceful reload (old workers finish their requests), then waits until requests
# through nginx reach it. Restores the previous upstream file if nginx rejects the new configuration.
# Sets SWITCH_MS: from the upstream rewrite to the first answer from the new colour through nginx.
switch_traffic() {
  local colour=$1 version=$2 commit=$3 file=$CONTESTLET_NGINX_UPSTREAM_FILE started deadline
  started=$(now_ms)
  [[ -f $file ]] && cp -p "$file" "$file.previous"
  write_upstream "$colour"
  reload_nginx_with_upstream
  deadline=$((SECONDS + CONTESTLET_SWITCH_TIMEOUT))
  while ((SECONDS < deadline)); do
    http_get "$CONTESTLET_PUBLIC_URL/health" 3
    if [[ $HTTP_STATUS == 200 ]] && { [[ $version == - ]] \
      || [[ $(json_field version "$HTTP_BODY") == "$version" && $(json_field commit "$HTTP_BODY") == "$commit" ]]; }; then
      SWITCH_MS=$(elapsed_ms_since "$started")
      return 0
    fi
    sleep 0.05
  done
  die "nginx reloaded, but $CONTESTLET_PUBLIC_URL/health did not answer from $colour ($version) within ${CONTESTLET_SWITCH_TIMEOUT}s (last: $HTTP_STATUS $HTTP_BODY)"
}

# ---------------------------------------------------------------------------------------------------------------
# PostgreSQL: the environment's database as libpq's PG* variables, so passwords never appear on a command line. The
# app reads its own settings (`dotnet Contestlet.Web.dll db-env`, docs/operations.md): one parser of DATABASE_URL.
# ---------------------------------------------------------------------------------------------------------------

# Whether an app build has the db-env command (its name is a UTF-16 string in the assembly). An older release would
# ignore the argument and start a web server instead.
app_has_db_env() { LC_ALL=C grep -qaP 'd\x00b\x00-\x00e\x00n\x00v\x00' "$1"; }

# Sets APP_DLL to the app that answers db-env: $CONTESTLET_APP_DLL; else the release this environment runs (staging,
# or production's live colour); else the newest release on this host; else a build in the checkout these scripts
# belong to (the tests); else that checkout is built once (Release) here: a server's first deploy, or the first deploy
# since db-env exists, when every release on the host predates it.
find_app_dll() {
  local candidates=() colour dir
  if [[ -n ${CONTESTLET_APP_DLL:-} ]]; then
    [[ -f $CONTESTLET_APP_DLL ]] || die "CONTESTLET_APP_DLL ($CONTESTLET_APP_DLL) does not exist"
    app_has_db_env "$CONTESTLET_APP_DLL" || die "CONTESTLET_APP_DLL ($CONTESTLET_APP_DLL) has no db-env command; it predates it"
    APP_DLL=$CONTESTLET_APP_DLL
    return 0
  fi
  if [[ $CONTESTLET_ENVIRONMENT == staging ]]; then
    candidates+=("$(instance_release staging)")
  else
    colour=$(active_colour)
    [[ $colour == none ]] || candidates+=("$(instance_release "$colour")")
  fi
  if [[ -d $CONTESTLET_HOME/releases ]]; then
    candidates+=("$(find "$CONTESTLET_HOME/releases" -mindepth 2 -maxdepth 2 -name Contestlet.Web.dll -printf '%T@ %h\n' \
      | sort -rn | head -n 1 | cut -d' ' -f2-)")
  fi
  candidates+=("$CONTESTLET_REPO_DIR/Contestlet.Web/bin/Release/net10.0" "$CONTESTLET_REPO_DIR/Contestlet.Web/bin/Debug/net10.0")
  for dir in "${candidates[@]}"; do
    if [[ -n $dir && -f $dir/Contestlet.Web.dll ]] && app_has_db_env "$dir/Contestlet.Web.dll"; then
      APP_DLL=$dir/Contestlet.Web.dll
      return 0
    fi
  done
  [[ -f $CONTESTLET_REPO_DIR/Contestlet.Web/Contestlet.Web.csproj ]] \
    || die "no app build with db-env to read the database settings (none under $CONTESTLET_HOME/releases); set CONTESTLET_APP_DLL"
  info "no app build with db-env on this host yet: building $CONTESTLET_REPO_DIR/Contestlet.Web (Release) to read the database settings" >&2
  "$CONTESTLET_DOTNET" build -c Release --nologo -v quiet "$CONTESTLET_REPO_DIR/Contestlet.Web/Contestlet.Web.csproj" >&2 9>&- \
    || die "building $CONTESTLET_REPO_DIR/Contestlet.Web failed; the database settings cannot be read (or set CONTESTLET_APP_DLL)"
  dir=$CONTESTLET_REPO_DIR/Contestlet.Web/bin/Release/net10.0
  [[ -f $dir/Contestlet.Web.dll ]] && app_has_db_env "$dir/Contestlet.Web.dll" \
    || die "the build in $dir has no db-env command"
  APP_DLL=$dir/Contestlet.Web.dll
}

# Sets DB_ENV to the settings the app reads its database from: DATABASE_URL from --database-url (the argument), else
# from the process environment, else DATABASE_URL and Database__* from the environment's env file. Nothing else is
# passed, so db-env never sees the other secrets.
database_settings() {
  local explicit=$1 file assignment
  DB_ENV=()
  if [[ -n $explicit ]]; then
    DB_ENV=("DATABASE_URL=$explicit")
  elif [[ -n ${DATABASE_URL:-} ]]; then
    DB_ENV=("DATABASE_URL=$DATABASE_URL")
  else
    file=$(env_file)
    [[ -r $file ]] || die "no DATABASE_URL: pass --database-url, export DATABASE_URL, or create $file"
    load_env_file "$file"
    for assignment in "${ENV_ASSIGNMENTS[@]}"; do
      case ${assignment%%=*} in
        DATABASE_URL | Database__*) DB_ENV+=("$assignment") ;;
      esac
    done
  fi
}

# Exports PGHOST, PGPORT, PGDATABASE, PGUSER, PGPASSWORD, PGSSLMODE (and PGSSLROOTCERT, PGAPPNAME when set) for the
# database given by --database-url (the argument, may be empty), DATABASE_URL or the env file, as the app resolves it.
# Dies with the app's reason when that is SQLite, unset or not a valid URL.
export_pg_environment() {
  local explicit=${1:-} exports
  find_app_dll
  database_settings "$explicit"
  base_environment
  exports=$(cd "$(dirname "$APP_DLL")" && env -i "${BASE_ENV[@]}" "ASPNETCORE_ENVIRONMENT=$(environment_name)" "${DB_ENV[@]}" \
    "$CONTESTLET_DOTNET" "$APP_DLL" db-env 9>&-) || die "cannot read the database settings (see above; $APP_DLL db-env)"
  eval "$exports"
}
