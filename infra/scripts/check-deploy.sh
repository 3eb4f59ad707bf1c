#!/usr/bin/env bash
# Checks what a cluster would be given (issue 13, docs/deploy.md), on this machine, without a cluster:
#   1. promtool: the rules load, and their unit tests pass (every alert fires and stays quiet where it should);
#   2. amtool: the Alertmanager configuration loads, and each kind of alert reaches the receivers it should;
#   3. kubectl kustomize renders both overlays, and infra/deploy-check's K8sManifestsTest validates them against the
#      Kubernetes, Strimzi and Prometheus Operator models, the services' application.yml and the images the build makes.
# Installs what it lacks from Debian packages (prometheus, prometheus-alertmanager) only when missing; safe to rerun.
#   infra/scripts/check-deploy.sh                 (SKIP_JAVA=1 to leave out step 3's Maven run)
set -euo pipefail
cd "$(dirname "$0")/../.."
log() { printf '[check-deploy] %s\n' "$*"; }

declare -A needs=([promtool]=prometheus [amtool]=prometheus-alertmanager)
missing=()
for cmd in "${!needs[@]}"; do command -v "$cmd" >/dev/null 2>&1 || missing+=("${needs[$cmd]}"); done
if [ ${#missing[@]} -gt 0 ]; then
  log "installing ${missing[*]} (Debian)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

log "promtool check rules / test rules"
RULE_FILES=$(ls infra/prometheus/rules/*.yml | grep -v '_test\.yml$')
promtool check rules $RULE_FILES
promtool test rules infra/prometheus/rules/*_test.yml

log "amtool check-config and routes"
amtool check-config infra/alertmanager/alertmanager.yml
route() { # expected receivers, then the alert's labels
  local expected=$1; shift
  amtool config routes test --config.file=infra/alertmanager/alertmanager.yml --verify.receivers="$expected" "$@" \
    2>/dev/null >/dev/null || { log "route of {$*} is not $expected"; exit 1; }
  log "  {$*} -> $expected"
}
route operations-pager alertname=ServiceDown severity=critical team=operations
route operations-chat alertname=ConsumerLagHigh severity=warning team=operations
route departments-webhook,operations-chat alertname=WebhookBacklog severity=warning team=departments
route operations-chat alertname=Unlabelled

if [ "${SKIP_JAVA:-0}" != 1 ]; then
  command -v kubectl >/dev/null 2>&1 || log "no kubectl here: K8sManifestsTest renders with its own kustomize check"
  log "manifests: K8sManifestsTest and K8sWiringTest (models, kustomize render, env, images, secrets, wiring)"
  ./mvnw -B -ntp -q -pl infra/deploy-check -am verify -Dtest='K8s*Test' -Dsurefire.failIfNoSpecifiedTests=false
fi
log "OK"
