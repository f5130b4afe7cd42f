# shellcheck shell=bash
# A free loopback port for a test's own listener; sourced by the drills, never run.
#
# Ports are drawn from below the kernel's ephemeral range (net.ipv4.ip_local_port_range): a port inside it can be
# free when it is picked and taken a moment later by one of the many outgoing connections a drill makes (nginx to
# the app, the app to PostgreSQL), which once made an instance fail with "address already in use" in CI.

PICKED_PORTS=()
pick_port() { # VAR
  local low=32768 p attempt
  [[ -r /proc/sys/net/ipv4/ip_local_port_range ]] && read -r low _ </proc/sys/net/ipv4/ip_local_port_range
  local first=10000
  ((low - 1000 - first >= 2000)) || first=1024
  for attempt in {1..200}; do
    p=$((first + RANDOM % (low - 1000 - first)))  # room for the +100, +200 of extra instances
    [[ " ${PICKED_PORTS[*]} " == *" $p "* ]] && continue
    (exec 3<>/dev/tcp/127.0.0.1/"$p") 2>/dev/null && continue
    PICKED_PORTS+=("$p")
    printf -v "$1" '%s' "$p"
    return 0
  done
  echo "pick_port: no free port below $low (tried $attempt)" >&2
  return 1
}
