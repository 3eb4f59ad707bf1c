#!/usr/bin/env bash
# Verifies the operations setup for real: promtool checks the Prometheus config and rules, the suite runs on the
# embedded default (a temporary ONESTOP_DATA_DIR), some traffic goes through it, a Prometheus on a temporary directory
# scrapes it, and EVERY Grafana panel query (infra/grafana/dashboards/*.json) is evaluated through Prometheus' HTTP API:
# a query that returns nothing fails the run. Panels whose metrics belong to a service that is not running are skipped
# only when that service is down, and are listed by name.
#
#   infra/scripts/verify-observability.sh          # builds, runs, verifies, stops everything it started
#   SKIP_BUILD=1 infra/scripts/verify-observability.sh
#
# Idempotent: every run uses fresh temporary directories; nothing is left running.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
WORK="$(mktemp -d /tmp/onestop-observability.XXXXXX)"
PROM_PORT="${PROM_PORT:-19090}"
SUITE_PORTS=(5433 9092 8080 8081 8082 8083 8084)
LAUNCHER_PID=""
PROM_PID=""
PG_EXPORTER_PID=""

log() { printf '[verify-observability] %s\n' "$*"; }

cleanup() {
  local rc=$?
  if [[ -n "$PG_EXPORTER_PID" ]] && kill -0 "$PG_EXPORTER_PID" 2>/dev/null; then
    kill "$PG_EXPORTER_PID" 2>/dev/null || true
    wait "$PG_EXPORTER_PID" 2>/dev/null || true
  fi
  if [[ -n "$PROM_PID" ]] && kill -0 "$PROM_PID" 2>/dev/null; then
    kill "$PROM_PID" 2>/dev/null || true
    wait "$PROM_PID" 2>/dev/null || true
  fi
  if [[ -n "$LAUNCHER_PID" ]] && kill -0 "$LAUNCHER_PID" 2>/dev/null; then
    log "stopping the suite (launcher pid $LAUNCHER_PID)"
    kill -TERM "$LAUNCHER_PID" 2>/dev/null || true
    for _ in $(seq 1 60); do kill -0 "$LAUNCHER_PID" 2>/dev/null || break; sleep 1; done
    kill -KILL "$LAUNCHER_PID" 2>/dev/null || true
  fi
  if [[ $rc -ne 0 ]]; then
    log "FAILED (exit $rc); logs kept in $WORK"
  else
    rm -rf "$WORK"
  fi
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---------------------------------------------------------------- 1. Prometheus and promtool
if ! command -v promtool >/dev/null || ! command -v prometheus >/dev/null; then
  log "installing Prometheus from Debian packages"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq prometheus >/dev/null
fi
log "$(prometheus --version 2>&1 | head -1)"

log "promtool check config / rules"
promtool check config infra/prometheus/prometheus.yml
# *_test.yml are promtool's unit tests of the rules (infra/scripts/check-deploy.sh runs them), not rule files
RULE_FILES=$(ls infra/prometheus/rules/*.yml | grep -v '_test\.yml$')
promtool check rules $RULE_FILES
promtool test rules infra/prometheus/rules/*_test.yml

# ---------------------------------------------------------------- 2. build and start the suite
if [[ "${SKIP_BUILD:-0}" != "1" ]]; then
  log "building (./mvnw -q -DskipTests package)"
  ./mvnw -q -DskipTests package
fi

busy_ports() {
  local busy=()
  for p in "${SUITE_PORTS[@]}" "$PROM_PORT"; do
    if (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then busy+=("$p"); fi
  done
  echo "${busy[*]:-}"
}
wait_for_free_ports() {
  for attempt in $(seq 1 "${PORT_WAIT_ATTEMPTS:-40}"); do
    busy="$(busy_ports)"
    [[ -z "$busy" ]] && return 0
    log "ports in use ($busy): another launcher is probably running; waiting 15 s (attempt $attempt)"
    sleep 15
  done
  log "ports still in use: $(busy_ports)"
  return 1
}

# The launcher finds <module>/target/<module>.jar relative to its working directory: run it from a private copy of
# the jars, so another engineer's build replacing a jar mid-run cannot break the JVMs that have it open.
mkdir -p "$WORK/suite/infra/launcher/target"
cp infra/launcher/target/onestop-launcher.jar "$WORK/suite/infra/launcher/target/"
for m in gateway identity-service settlement-service enrollment-service monitoring-service; do
  if [[ -f "$m/target/$m.jar" ]]; then mkdir -p "$WORK/suite/$m/target" && cp "$m/target/$m.jar" "$WORK/suite/$m/target/"; fi
done

ready=""
for start in $(seq 1 "${LAUNCH_ATTEMPTS:-10}"); do
  wait_for_free_ports
  rm -rf "$WORK/data"
  log "starting the suite: ONESTOP_DATA_DIR=$WORK/data java -jar infra/launcher/target/onestop-launcher.jar (jars copied to $WORK/suite)"
  (cd "$WORK/suite" && exec env ONESTOP_DATA_DIR="$WORK/data" java -jar infra/launcher/target/onestop-launcher.jar) >"$WORK/launcher.log" 2>&1 &
  LAUNCHER_PID=$!
  for _ in $(seq 1 600); do
    grep -q "Press Ctrl-C" "$WORK/launcher.log" && { ready=1; break; }
    kill -0 "$LAUNCHER_PID" 2>/dev/null || break
    sleep 1
  done
  if [[ -n "$ready" ]] && grep -lE "APPLICATION FAILED TO START|already in use" "$WORK"/data/logs/*-service.log "$WORK"/data/logs/gateway.log >/dev/null 2>&1; then
    # another launcher's service held a port: the launcher's readiness probe answered from that one. Start again.
    log "a service of ours could not bind its port (another launcher raced us); stopping and retrying ($start)"
    kill -TERM "$LAUNCHER_PID" 2>/dev/null || true
    wait "$LAUNCHER_PID" 2>/dev/null || true
    LAUNCHER_PID=""; ready=""
    sleep 10
    continue
  fi
  [[ -n "$ready" ]] && break
  if grep -q "already in use" "$WORK/launcher.log"; then
    log "another launcher took a port first; retrying ($start)"
    wait "$LAUNCHER_PID" 2>/dev/null || true
    LAUNCHER_PID=""
    sleep 10
    continue
  fi
  tail -40 "$WORK/launcher.log"; log "the suite did not start"; exit 1
done
[[ -n "$ready" ]] || { log "could not start the suite"; exit 1; }

declare -A PORT=([gateway]=8080 [identity-service]=8081 [settlement-service]=8082 [enrollment-service]=8083 [monitoring-service]=8084 [console]=8085)
declare -A UP=()
for s in "${!PORT[@]}"; do
  if curl -fsS "http://localhost:${PORT[$s]}/actuator/health/readiness" 2>/dev/null | grep -q '"UP"'; then UP[$s]=1; fi
done
log "services up: ${!UP[*]}"
for s in "${!PORT[@]}"; do [[ -n "${UP[$s]:-}" ]] || log "NOT running: $s (see $WORK/data/logs/$s.log)"; done
[[ -n "${UP[monitoring-service]:-}" ]] || { log "monitoring-service must be running"; exit 1; }

# ---------------------------------------------------------------- 3. traffic
ID_NUMBER="$(python3 - <<'PY'
import random
w=[7,9,10,5,8,4,2,1,6,3,7,9,10,5,8,4,2]; c="10X98765432"
first=f"210102{random.randint(1950,1999)}{random.randint(1,12):02d}{random.randint(1,28):02d}{random.randint(0,999):03d}"
print(first+c[sum(int(a)*b for a,b in zip(first,w))%11])
PY
)"
REF="verify-$(date +%s)-$RANDOM"
# Partners call the gateway (:8080) with a demo partner's token, as docs/gateway.md shows; the issue 7 checks below
# (another hospital refused at the gateway and again in settlement-service) run on the same traffic.
[[ -n "${UP[gateway]:-}" ]] || { log "the gateway must be running"; exit 1; }
CREDENTIALS="$WORK/data/gateway/demo-credentials.txt"
token() {
  curl -fsS -u "$(grep "^$1:" "$CREDENTIALS")" -d grant_type=client_credentials localhost:8080/oauth2/token \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])'
}
# a call straight to a service holds an internal token, as the gateway's do (docs/security.md): minted here with the
# gateway's internal key, which only this machine's operator can read
internal_token() { # audience claim=value...
  java infra/scripts/InternalToken.java "$WORK/data/gateway/internal-jwks-private.json" "$@"
}
LIAONING_CIVIL_AFFAIRS="$(token civil-affairs-210000)"
LIAONING_HOSPITAL="$(token hospital-h210102001)"
JIUJIANG_HOSPITAL="$(token hospital-h360402001)"
JIUJIANG_CIVIL_AFFAIRS="$(token civil-affairs-360400)"
if [[ -n "${UP[identity-service]:-}" ]]; then
  log "traffic: an identity batch (a 低保 grant in Liaoning) pushed by Liaoning civil affairs through the gateway"
  curl -fsS -X POST localhost:8080/api/v1/identity/batches -H "Authorization: Bearer $LIAONING_CIVIL_AFFAIRS" \
    -H 'Content-Type: application/json' -d "{
    \"department\": \"CIVIL_AFFAIRS\", \"departmentReference\": \"$REF\",
    \"records\": [{\"identityType\": \"DIBAO\", \"regionCode\": \"210102\", \"idNumber\": \"$ID_NUMBER\", \"name\": \"验证\",
                   \"change\": \"NEW\", \"startDate\": \"2026-01-01\"},
                  {\"identityType\": \"DIBAO\", \"regionCode\": \"210102\", \"idNumber\": \"210102199001011230\",
                   \"change\": \"NEW\", \"startDate\": \"2026-01-01\"}]}" >"$WORK/identity-batch.json"
  log "identity batch: $(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d["acceptedRows"],"accepted,",d["rejectedRows"],"rejected")' "$WORK/identity-batch.json")"
  # monitoring measures a settlement with the identities it holds when it absorbs it, and identities and settlements
  # come on two topics with no order between them (docs/monitoring.md): settle only once monitoring has the 低保 grant
  granted=""
  for waited in $(seq 0 60); do
    curl -fsS localhost:8084/actuator/prometheus | grep '^onestop_monitoring_events_total{' \
      | grep 'topic="identity.changed.v1"' | grep 'outcome="applied"' | awk '$NF > 0 { found = 1 } END { exit !found }' \
      && { granted=1; break; }
    sleep 1
  done
  [[ -n "$granted" ]] || { log "monitoring-service absorbed no identity event within 60 s"; exit 1; }
  log "monitoring-service holds the grant (after ${waited} s)"
  sleep 1   # settlement-service's own identity view, fed from the same topic
fi
if [[ -n "${UP[settlement-service]:-}" ]]; then
  log "traffic: two Liaoning inpatient settlements by the Shenyang demo hospital through the gateway (burden after insurance crosses the 5,000 line)"
  for n in 1 2; do
    curl -sS -o "$WORK/settle-$n.json" -w "settle $n: HTTP %{http_code}\n" -X POST localhost:8080/api/v1/settlements \
      -H "Authorization: Bearer $LIAONING_HOSPITAL" -H 'Content-Type: application/json' -d "{
      \"hospitalId\": \"H210102001\", \"messageId\": \"$REF-$n\", \"hospitalSettlementRef\": \"$REF-$n\",
      \"idNumber\": \"$ID_NUMBER\", \"regionCode\": \"210102\", \"insuranceType\": \"RESIDENT\", \"visitType\": \"INPATIENT\",
      \"hospitalLevel\": \"TERTIARY\", \"location\": \"IN_REGION\", \"referred\": true,
      \"admissionDate\": \"2026-0$((n+2))-01\", \"dischargeDate\": \"2026-0$((n+2))-10\",
      \"costs\": {\"totalCost\": \"30000.00\", \"inScope\": \"26000.00\", \"partlySelfPaid\": \"1000.00\", \"outOfCatalogue\": \"3000.00\"}}"
  done
  SHENYANG_INTERNAL="$(internal_token settlement-service sub=hospital-h210102001 partner_type=hospital \
    institution=H210102001 region=210102)"
  curl -sS -o /dev/null -w "preview of a bad request: HTTP %{http_code}\n" -X POST localhost:8082/api/v1/settlements/preview \
    -H "Authorization: Bearer $SHENYANG_INTERNAL" -H 'Content-Type: application/json' -d '{}' || true

  # issue 7's done-criterion on the embedded default: the hospital that settled reads its settlement; another
  # hospital is refused at the gateway (404 as if absent, its cancel never reaches the service) and, were the gateway
  # bypassed with an internal token of that hospital, by settlement-service itself; trust headers alone are nobody
  # (401); the settlement is unchanged
  SETTLEMENT_ID="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["settlementId"])' "$WORK/settle-1.json")"
  expect() { # expected-status description curl-args...
    local want="$1" what="$2"; shift 2
    local got; got="$(curl -sS -o /dev/null -w '%{http_code}' "$@")"
    [[ "$got" == "$want" ]] || { log "FAIL: $what answered $got, expected $want"; exit 1; }
    log "ok: $what → $got"
  }
  expect 200 "the Shenyang hospital reads its settlement" -H "Authorization: Bearer $LIAONING_HOSPITAL" \
    "localhost:8080/api/v1/settlements/$SETTLEMENT_ID"
  expect 404 "the Jiujiang hospital reads it through the gateway" -H "Authorization: Bearer $JIUJIANG_HOSPITAL" \
    "localhost:8080/api/v1/settlements/$SETTLEMENT_ID"
  expect 404 "the Jiujiang hospital cancels it through the gateway" -X POST -H "Authorization: Bearer $JIUJIANG_HOSPITAL" \
    -H 'Content-Type: application/json' -d '{"reason":"verify"}' "localhost:8080/api/v1/settlements/$SETTLEMENT_ID/cancel"
  expect 401 "settlement-service itself, asked with the Jiujiang hospital's old trust headers and no token" \
    -H 'X-Onestop-Partner: hospital-h360402001' -H 'X-Onestop-Partner-Type: hospital' \
    -H 'X-Onestop-Institution: H360402001' -H 'X-Onestop-Region: 360402' "localhost:8082/api/v1/settlements/$SETTLEMENT_ID"
  expect 404 "settlement-service itself, asked with the Jiujiang hospital's internal token" \
    -H "Authorization: Bearer $(internal_token settlement-service sub=hospital-h360402001 partner_type=hospital \
      institution=H360402001 region=360402)" "localhost:8082/api/v1/settlements/$SETTLEMENT_ID"
  expect 401 "settlement-service itself, asked with the Shenyang hospital's gateway token (not an internal one)" \
    -H "Authorization: Bearer $LIAONING_HOSPITAL" "localhost:8082/api/v1/settlements/$SETTLEMENT_ID"
  expect 401 "a call without a token" "localhost:8080/api/v1/settlements/$SETTLEMENT_ID"
  status="$(curl -fsS -H "Authorization: Bearer $LIAONING_HOSPITAL" "localhost:8080/api/v1/settlements/$SETTLEMENT_ID" \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["status"])')"
  [[ "$status" == "SETTLED" ]] || { log "FAIL: the settlement is $status after the refused cancel"; exit 1; }
  log "ok: the settlement is still SETTLED"
fi
if [[ -n "${UP[identity-service]:-}" && -n "${UP[settlement-service]:-}" ]]; then
  PERSON_REF="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["rows"][0]["personRef"])' "$WORK/identity-batch.json")"
  log "end to end: waiting for monitoring-service to warn Liaoning civil affairs about that person (Liaoning (七), relapse line 5,000), through the gateway"
  warnings_of() { # token query → the traffic person's warnings the token's department sees (a refused call fails the run)
    local answer; answer="$(curl -fsS -H "Authorization: Bearer $1" "localhost:8080/api/v1/monitoring/warnings?$2")"
    printf '%s' "$answer" | PERSON_REF="$PERSON_REF" python3 -c '
import json,os,sys
for w in json.load(sys.stdin):
    if w["personRef"] == os.environ["PERSON_REF"]:
        print(w["lineId"], "burden", w["burden"], "line", w["threshold"], "composition", w["composition"], "routed to", [r["department"] for r in w["routes"]])'
  }
  found=""
  for _ in $(seq 1 30); do
    found="$(warnings_of "$LIAONING_CIVIL_AFFAIRS" "region=210000&line=relapse")"
    [[ -n "$found" ]] && break
    sleep 1
  done
  [[ -n "$found" ]] || { log "no warning was raised for the traffic's person"; exit 1; }
  log "warning raised end to end: $found"
  jiujiang_sees="$(warnings_of "$JIUJIANG_CIVIL_AFFAIRS" "line=relapse")"
  [[ -z "$jiujiang_sees" ]] || { log "FAIL: Jiujiang civil affairs sees a Liaoning warning"; exit 1; }
  log "ok: Jiujiang civil affairs, listing the warnings routed to it, does not see it"
fi
MONITORING_OPERATOR="$(internal_token monitoring-service sub=operator partner_type=operator)"
curl -fsS -o /dev/null -H "Authorization: Bearer $MONITORING_OPERATOR" "localhost:8084/api/v1/monitoring/warnings?region=210000" \
  && log "monitoring query answered"
curl -sS -o /dev/null -w "monitoring bad query: HTTP %{http_code}\n" -H "Authorization: Bearer $MONITORING_OPERATOR" \
  "localhost:8084/api/v1/monitoring/warnings?region=999999" || true

# ---------------------------------------------------------------- 3b. PostgreSQL exporter beside the embedded database
# Debian's prometheus-postgres-exporter (issue 13): pg_up and pg_stat_* for the platform dashboard and PostgresDown.
# Should it not install or not connect, its panels are listed as skipped (needs postgres-exporter), never passed.
PG_EXPORTER_PORT="${PG_EXPORTER_PORT:-19187}"
PG_EXPORTER_UP=""
if ! command -v prometheus-postgres-exporter >/dev/null; then
  log "installing prometheus-postgres-exporter (Debian)"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends prometheus-postgres-exporter >/dev/null 2>&1 || true
fi
if command -v prometheus-postgres-exporter >/dev/null; then
  # the launcher's superuser password when it generates one (.data/secrets), the embedded default's otherwise
  PG_PASSWORD=postgres
  [[ -f "$WORK/data/secrets/postgres-superuser.password" ]] && PG_PASSWORD="$(cat "$WORK/data/secrets/postgres-superuser.password")"
  DATA_SOURCE_NAME="postgresql://postgres:${PG_PASSWORD}@localhost:5433/postgres?sslmode=disable" \
    prometheus-postgres-exporter --web.listen-address="127.0.0.1:$PG_EXPORTER_PORT" >"$WORK/pg-exporter.log" 2>&1 &
  PG_EXPORTER_PID=$!
  for _ in $(seq 1 20); do
    curl -fsS "http://127.0.0.1:$PG_EXPORTER_PORT/metrics" 2>/dev/null | grep -q '^pg_up 1' && { PG_EXPORTER_UP=1; break; }
    sleep 1
  done
  log "postgres exporter on :$PG_EXPORTER_PORT: $([[ -n "$PG_EXPORTER_UP" ]] && echo "pg_up 1" || echo "NOT connected (see $WORK/pg-exporter.log)")"
fi

# ---------------------------------------------------------------- 4. Prometheus on a temporary directory
mkdir -p "$WORK/prometheus/rules"
cp $RULE_FILES "$WORK/prometheus/rules/"
sed -e 's/scrape_interval: 15s/scrape_interval: 2s/' -e 's/evaluation_interval: 15s/evaluation_interval: 2s/' \
    -e "s/localhost:9090/localhost:$PROM_PORT/" infra/prometheus/prometheus.yml >"$WORK/prometheus/prometheus.yml"
if [[ -n "$PG_EXPORTER_UP" ]]; then
  # scrape_configs is the file's last key: the job is appended to it
  printf '  - job_name: postgres\n    static_configs:\n      - targets: ["127.0.0.1:%s"]\n' "$PG_EXPORTER_PORT" \
    >>"$WORK/prometheus/prometheus.yml"
fi
promtool check config "$WORK/prometheus/prometheus.yml" >/dev/null
prometheus --config.file="$WORK/prometheus/prometheus.yml" --storage.tsdb.path="$WORK/prometheus/data" \
  --web.listen-address="127.0.0.1:$PROM_PORT" >"$WORK/prometheus.log" 2>&1 &
PROM_PID=$!
API="http://127.0.0.1:$PROM_PORT/api/v1"
for _ in $(seq 1 60); do curl -fsS "$API/status/buildinfo" >/dev/null 2>&1 && break; sleep 1; done
log "Prometheus on :$PROM_PORT; waiting for scrapes"
for _ in $(seq 1 60); do
  n="$(curl -fsS --data-urlencode 'query=count(up == 1)' "$API/query" | python3 -c 'import json,sys; r=json.load(sys.stdin)["data"]["result"]; print(int(float(r[0]["value"][1])) if r else 0)')"
  [[ "$n" -ge "${#UP[@]}" ]] && break
  sleep 1
done
sleep 12   # several 2 s scrapes, so rate() over 1m windows has points; the traffic above is inside them
curl -fsS --data-urlencode 'query=up' "$API/query" | python3 -c '
import json,sys
for r in json.load(sys.stdin)["data"]["result"]:
    print("   target", r["metric"]["job"], "up" if r["value"][1] == "1" else "DOWN")'

# ---------------------------------------------------------------- 5. every dashboard panel query
UP_LIST="${!UP[*]}${PG_EXPORTER_UP:+ postgres-exporter}" API="$API" python3 - <<'PY'
import glob, json, os, sys, urllib.parse, urllib.request
api = os.environ["API"]; up = set(os.environ["UP_LIST"].split())
owner = {"onestop_settlement_": "settlement-service", "onestop_identity_": "identity-service",
         "onestop_enrollment_": "enrollment-service", "onestop_monitoring_": "monitoring-service",
         "resilience4j_": "monitoring-service",
         # exporters: Strimzi's JMX exporter and Kafka Exporter run on Kubernetes only (skipped here, and listed);
         # the PostgreSQL panels read Debian's exporter (3b) here, CloudNativePG's on Kubernetes
         "kafka_controller_": "kafka-jmx-exporter", "kafka_server_": "kafka-jmx-exporter",
         "kafka_consumergroup_": "kafka-exporter", "cnpg_": "postgres-exporter", "pg_up": "postgres-exporter",
         "pg_stat_": "postgres-exporter"}
failed, passed, skipped = [], 0, []
for path in sorted(glob.glob("infra/grafana/dashboards/*.json")):
    d = json.load(open(path, encoding="utf-8"))
    for p in d["panels"]:
        for t in p.get("targets", []):
            expr = t["expr"].replace("$__rate_interval", "1m").replace("$__interval", "15s").replace("$__range", "1h")
            # dashboard variables at "All"
            expr = expr.replace("$instance", ".*").replace("$region", ".*")
            needs = {svc for prefix, svc in owner.items() if prefix in expr}
            down = needs - up
            name = f'{d["title"]} / {p["title"]} [{t["refId"]}]'
            if down:
                skipped.append(f"{name}  (needs {', '.join(sorted(down))})")
                continue
            url = api + "/query?" + urllib.parse.urlencode({"query": expr})
            try:
                body = json.load(urllib.request.urlopen(url, timeout=30))
            except Exception as e:
                failed.append(f"{name}: {e}"); continue
            result = body.get("data", {}).get("result", [])
            if body.get("status") != "success" or not result:
                failed.append(f"{name}: returned nothing\n      {expr}")
            else:
                passed += 1
                print(f"   ok  {len(result):3d} series  {name}")
if skipped:
    print("SKIPPED (service not running), explicitly:")
    for s in skipped: print("   -", s)
if failed:
    print("FAILED:")
    for f in failed: print("   -", f)
    sys.exit(1)
print(f"all {passed} panel queries returned data ({len(skipped)} skipped)")
PY

# the alert rules were loaded and evaluate
curl -fsS "$API/rules" | python3 -c '
import json,sys
groups=json.load(sys.stdin)["data"]["groups"]
rules=[r for g in groups for r in g["rules"]]
bad=[r["name"] for r in rules if r.get("health") not in ("ok",)]
print(f"   {len(rules)} rules loaded, health ok: {len(rules)-len(bad)}" + (f"; not ok: {bad}" if bad else ""))
sys.exit(1 if bad else 0)'
log "PASSED"
