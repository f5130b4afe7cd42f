#!/usr/bin/env bash
# Prints the deployment strategy's production stability metrics from the deploy log and the health-probe log.
set -euo pipefail
# shellcheck source=SCRIPTDIR/lib/deploy-common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/deploy-common.sh"

usage() {
  cat <<USAGE
Usage: scripts/deploy-metrics.sh [--env production|staging] [--since DATE] [--deploy-log FILE] [--probe-log FILE] [--check]

The deployment strategy's success metrics (docs/deployment-strategy.md §8), computed from what the scripts record:
  Uptime                 probes that found /health/ready up ÷ all probes (health-check.sh --once --record, every
                         minute from cron or deploy/systemd/contestlet-probe.timer, so each probe weighs the same
                         time). Target > 99.9%.
  Deployment success     deploy-production / deploy-staging runs with result ok ÷ all such runs in the deploy log.
                         A refused deploy (backup failed, tests failed, never ready) counts as a failure.
                         Target > 95%.
  Mean time to recovery  mean length of the outages in the probe log: from the first 'down' probe of a run to the
                         first 'up' probe after it. Target < 30 min.
  Emergency rollbacks    emergency-deploy.sh runs and their mean duration (deploy log).

  --env E           environment to report (default production)
  --since DATE      only entries at or after DATE (anything 'date -d' reads, e.g. '30 days ago')
  --deploy-log F    default \$CONTESTLET_STATE_DIR/deploy.log
  --probe-log F     default \$CONTESTLET_STATE_DIR/health-probe.log
  --check           exit 1 when a metric with data misses its target
USAGE
}

environment=production
since=0
deploy_file=$(deploy_log_file)
probe_file="$CONTESTLET_STATE_DIR/health-probe.log"
check=0
while [[ $# -gt 0 ]]; do
  case $1 in
    --env) environment=${2:?--env needs a name}; shift 2 ;;
    --since) since=$(date -u -d "${2:?--since needs a date}" +%s) || die "--since: cannot read the date '$2'"; shift 2 ;;
    --deploy-log) deploy_file=${2:?--deploy-log needs a file}; shift 2 ;;
    --probe-log) probe_file=${2:?--probe-log needs a file}; shift 2 ;;
    --check) check=1; shift ;;
    -h | --help) usage; exit 0 ;;
    *) usage >&2; die "unknown argument '$1'" ;;
  esac
done
[[ -f $deploy_file ]] || warn "no deploy log at $deploy_file"
[[ -f $probe_file ]] || warn "no health-probe log at $probe_file"

deploys=$(awk -F'\t' -v env="$environment" -v since="$since" '
  $2 >= since && $4 == env && ($3 == "deploy-production" || $3 == "deploy-staging") { total++; if ($8 == "ok") ok++ }
  $2 >= since && $4 == env && $3 == "emergency-deploy" { rollbacks++; seconds += $9 }
  END { printf "%d %d %d %.3f\n", total, ok, rollbacks, (rollbacks ? seconds / rollbacks : 0) }
' "${deploy_file}" 2>/dev/null || echo "0 0 0 0")
read -r deploy_total deploy_ok rollback_count rollback_mean <<<"$deploys"

probes=$(awk -F'\t' -v since="$since" '
  $1 >= since {
    total++
    if ($4 == "up") { up++; if (down_since) { incidents++; outage += $1 - down_since; down_since = 0 } }
    else if (!down_since) { down_since = $1 }
  }
  END { printf "%d %d %d %d %d\n", total, up, incidents, outage, (down_since ? 1 : 0) }
' "${probe_file}" 2>/dev/null || echo "0 0 0 0 0")
read -r probe_total probe_up incidents outage_seconds ongoing <<<"$probes"

verdict() { # $1: how many data points, $2: 1 when the target is met
  if [[ $1 == 0 ]]; then echo "no data"; elif [[ $2 == 1 ]]; then echo met; else echo MISSED; fi
}

uptime_text=n/a
uptime_met=0
if ((probe_total > 0)); then
  uptime_text=$(awk -v u="$probe_up" -v t="$probe_total" 'BEGIN { printf "%.3f%%", 100 * u / t }')
  uptime_met=$(awk -v u="$probe_up" -v t="$probe_total" 'BEGIN { print (100 * u / t > 99.9) ? 1 : 0 }')
fi
deploy_text=n/a
deploy_met=0
if ((deploy_total > 0)); then
  deploy_text=$(awk -v o="$deploy_ok" -v t="$deploy_total" 'BEGIN { printf "%.2f%%", 100 * o / t }')
  deploy_met=$(awk -v o="$deploy_ok" -v t="$deploy_total" 'BEGIN { print (100 * o / t > 95) ? 1 : 0 }')
fi
mttr_text=n/a
mttr_met=0
if ((incidents > 0)); then
  mttr_text=$(awk -v s="$outage_seconds" -v n="$incidents" 'BEGIN { printf "%.1f min", s / n / 60 }')
  mttr_met=$(awk -v s="$outage_seconds" -v n="$incidents" 'BEGIN { print (s / n / 60 < 30) ? 1 : 0 }')
fi

window=
((since > 0)) && window=" since $(date -u -d "@$since" +%Y-%m-%dT%H:%M:%SZ)"
echo "Contestlet operations metrics: $environment$window"
echo "  deploy log: $deploy_file"
echo "  probe log:  $probe_file"
printf '  %-22s %-10s %-36s %-16s %s\n' "Uptime" "$uptime_text" "($probe_up of $probe_total probes up)" "target > 99.9%" \
  "$(verdict "$probe_total" "$uptime_met")"
printf '  %-22s %-10s %-36s %-16s %s\n' "Deployment success" "$deploy_text" "($deploy_ok of $deploy_total deploys)" "target > 95%" \
  "$(verdict "$deploy_total" "$deploy_met")"
printf '  %-22s %-10s %-36s %-16s %s\n' "Mean time to recovery" "$mttr_text" "($incidents recovered, $ongoing ongoing)" "target < 30 min" \
  "$(verdict "$incidents" "$mttr_met")"
printf '  %-22s %-10s %s\n' "Emergency rollbacks" "$rollback_count" "(mean ${rollback_mean} s each)"

if [[ $check == 1 ]]; then
  missed=0
  for pair in "$probe_total:$uptime_met" "$deploy_total:$deploy_met" "$incidents:$mttr_met"; do
    [[ ${pair%%:*} != 0 && ${pair##*:} != 1 ]] && missed=1
  done
  ((ongoing == 0)) || missed=1
  [[ $missed == 0 ]] || die "a target is missed"
fi
