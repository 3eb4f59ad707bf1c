#!/usr/bin/env bash
# Issue 11's done-criterion, tried from outside as an attacker on this machine would: the suite runs on its embedded
# default (a temporary ONESTOP_DATA_DIR), a little real traffic goes through the gateway, then every door is knocked on.
# Any breach fails the run, by name:
#   - every service port: no token, a token for another audience, an expired token, a bad signature, the old trust
#     headers, a partner's gateway token -> 401 problem details; only health and prometheus answer anonymously, and no
#     other actuator endpoint answers at all; services and servers listen on loopback only;
#   - Kafka: no credentials -> cannot produce or consume; the settlement-service principal cannot produce on
#     identity.changed.v1; a discharge naming another hospital than the one the gateway vouched for is dead-lettered
#     with the reason and never settled;
#   - PostgreSQL: no password or a wrong one -> refused; a service role cannot reach another service's database;
#   - personal data: every record on every topic and every stored mask is tried with RebuildAttempt (the same rule as
#     the tests: at least 10,000 candidates left); no 18-character ID number in logs, topics or metrics.
#
#   infra/scripts/boundary-check.sh              # builds, runs, checks, stops everything it started
#   SKIP_BUILD=1 infra/scripts/boundary-check.sh # with the jars already built (CI, after verify)
#
# Idempotent: fresh temporary directories every run; installs psql and ss only when missing.
set -euo pipefail
set -m

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
WORK="$(mktemp -d /tmp/onestop-boundary.XXXXXX)"
DATA="$WORK/data"
LAUNCHER_PID=""
FAILURES=0

log() { printf '[boundary-check] %s\n' "$*"; }
breach() { printf '[boundary-check] BREACH: %s\n' "$*" >&2; FAILURES=$((FAILURES + 1)); }
ok() { printf '[boundary-check] ok: %s\n' "$*"; }

stop_suite() {
  [[ -n "$LAUNCHER_PID" ]] || return 0
  if kill -0 "$LAUNCHER_PID" 2>/dev/null; then
    log "stopping the suite (launcher pid $LAUNCHER_PID)"
    kill -TERM "$LAUNCHER_PID" 2>/dev/null || true
    for _ in $(seq 1 60); do kill -0 "$LAUNCHER_PID" 2>/dev/null || break; sleep 1; done
    kill -KILL "$LAUNCHER_PID" 2>/dev/null || true
  fi
  wait "$LAUNCHER_PID" 2>/dev/null || true
  LAUNCHER_PID=""
}
on_exit() {
  local rc=$?
  stop_suite
  if [[ $rc -ne 0 ]]; then log "FAILED (exit $rc); data, logs and dumps kept in $WORK"; else rm -rf "$WORK"; fi
  exit $rc
}
trap on_exit EXIT
trap 'exit 130' INT TERM

# ---------------------------------------------------------------- tools
need=()
command -v psql >/dev/null 2>&1 || need+=(postgresql-client)
command -v ss >/dev/null 2>&1 || need+=(iproute2)
if ((${#need[@]})); then
  log "installing ${need[*]}"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  log "building: ./mvnw -q -DskipTests package"
  ./mvnw -q -DskipTests package
fi
EVENTS_JAR="$(ls events/target/onestop-events-*.jar 2>/dev/null | grep -v -- '-sources\|-tests' | head -1)"
[[ -n "$EVENTS_JAR" ]] || { log "events/target/onestop-events-*.jar missing: build first"; exit 1; }

# ---------------------------------------------------------------- start the suite (private copy of the jars)
mkdir -p "$WORK/suite/infra/launcher/target"
cp infra/launcher/target/onestop-launcher.jar "$WORK/suite/infra/launcher/target/"
for m in gateway identity-service settlement-service enrollment-service monitoring-service; do
  mkdir -p "$WORK/suite/$m/target" && cp "$m/target/$m.jar" "$WORK/suite/$m/target/"
done
ports_busy() { local p; for p in 5433 9092 8080 8081 8082 8083 8084; do (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null && return 0; done; return 1; }
for _ in $(seq 1 40); do ports_busy || break; log "a suite port is busy (another launcher?); waiting 15 s"; sleep 15; done
ports_busy && { log "suite ports still busy"; exit 1; }
log "starting the suite: ONESTOP_DATA_DIR=$DATA java -jar infra/launcher/target/onestop-launcher.jar"
(cd "$WORK/suite" && exec env ONESTOP_DATA_DIR="$DATA" java -jar infra/launcher/target/onestop-launcher.jar) >"$WORK/launcher.log" 2>&1 &
LAUNCHER_PID=$!
ready=""
for _ in $(seq 1 600); do
  grep -q "Press Ctrl-C" "$WORK/launcher.log" && { ready=1; break; }
  kill -0 "$LAUNCHER_PID" 2>/dev/null || break
  sleep 1
done
[[ -n "$ready" ]] || { tail -40 "$WORK/launcher.log"; log "the suite did not start"; exit 1; }
log "suite up"

declare -A PORT=([identity-service]=8081 [settlement-service]=8082 [enrollment-service]=8083 [monitoring-service]=8084)
# one read endpoint per service, asked without the right credential
declare -A PROBE=([identity-service]=/api/v1/identity/batches [settlement-service]=/api/v1/settlements/00000000-0000-0000-0000-000000000000
                  [enrollment-service]=/api/v1/enrollment/tax-list [monitoring-service]=/api/v1/monitoring/warnings)
SECRETS="$DATA/secrets"
INTERNAL_KEY="$DATA/gateway/internal-jwks-private.json"
internal_token() { java infra/scripts/InternalToken.java "$INTERNAL_KEY" "$@"; }
partner_token() {
  curl -fsS -u "$(grep "^$1:" "$DATA/gateway/demo-credentials.txt")" -d grant_type=client_credentials localhost:8080/oauth2/token \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])'
}

# ---------------------------------------------------------------- 1. listening sockets: loopback only
ss -ltnH >"$WORK/listening.txt"
# the gateway (8080) is the one public door and may listen on every interface; nothing else may
for p in 8081 8082 8083 8084 9092 5433; do
  wide=$(awk -v p=":$p" '$4 ~ p"$" && $4 !~ /^(127\.|\[::1\]|\[::ffff:127\.)/' "$WORK/listening.txt")
  if [[ -n "$wide" ]]; then breach "port $p listens beyond loopback: $wide"; else ok "port $p on loopback only"; fi
done

# ---------------------------------------------------------------- 2. HTTP: nothing without the right internal token
expect_status() { # want description curl-args...
  local want="$1" what="$2"; shift 2
  local got
  got=$(curl -sS -o "$WORK/answer" -w '%{http_code}' "$@" || true)
  if [[ "$got" != "$want" ]]; then breach "$what: HTTP $got, expected $want ($(head -c 200 "$WORK/answer"))"; return 1; fi
  ok "$what: $got"
}
expect_problem() { # description curl-args... : 401 with a problem body
  local what="$1"; shift
  local type
  type=$(curl -sS -o "$WORK/answer" -w '%{http_code} %{content_type}' "$@" || true)
  if [[ "$type" != 401\ application/problem+json* ]]; then breach "$what: $type ($(head -c 200 "$WORK/answer"))"; return 1; fi
  ok "$what: 401 problem"
}
OPERATOR_PARTNER_TOKEN="$(partner_token operator)"
for svc in "${!PORT[@]}"; do
  url="http://127.0.0.1:${PORT[$svc]}${PROBE[$svc]}"
  other=identity-service; [[ "$svc" == identity-service ]] && other=settlement-service
  expect_problem "$svc without a token" "$url"
  expect_problem "$svc with an operator token for $other" -H "Authorization: Bearer $(internal_token "$other" sub=operator partner_type=operator)" "$url"
  expect_problem "$svc with an operator token expired 30 s ago" -H "Authorization: Bearer $(internal_token "$svc" sub=operator partner_type=operator ttl=-30)" "$url"
  genuine="$(internal_token "$svc" sub=operator partner_type=operator)"
  forged="${genuine%????}AAAA"; [[ "$forged" == "$genuine" ]] && forged="${genuine%????}BBBB"
  expect_problem "$svc with a token whose signature was altered" -H "Authorization: Bearer $forged" "$url"
  expect_problem "$svc with the old trust headers only" -H 'X-Onestop-Partner: operator' -H 'X-Onestop-Partner-Type: operator' "$url"
  if [[ -n "$OPERATOR_PARTNER_TOKEN" ]]; then
    expect_problem "$svc with an operator's gateway token (not an internal one)" -H "Authorization: Bearer $OPERATOR_PARTNER_TOKEN" "$url"
  fi
  expect_status 200 "$svc /actuator/health anonymously" "http://127.0.0.1:${PORT[$svc]}/actuator/health"
  expect_status 200 "$svc /actuator/prometheus anonymously" "http://127.0.0.1:${PORT[$svc]}/actuator/prometheus"
  for ep in env beans configprops bindings heapdump threaddump loggers mappings shutdown refresh; do
    for method in GET POST; do
      got=$(curl -sS -o /dev/null -w '%{http_code}' -X "$method" -H 'Content-Type: application/json' -d '{}' \
        "http://127.0.0.1:${PORT[$svc]}/actuator/$ep" || true)
      [[ "$got" == 2* ]] && breach "$svc $method /actuator/$ep answered $got"
    done
  done
  ok "$svc: no actuator endpoint but health and prometheus answers (GET and POST tried)"
done
for ep in env beans configprops gateway heapdump; do
  got=$(curl -sS -o /dev/null -w '%{http_code}' "http://127.0.0.1:8080/actuator/$ep" || true)
  [[ "$got" == 2* ]] && breach "gateway /actuator/$ep answered $got"
done
ok "gateway: no actuator endpoint but health and prometheus answers"

# ---------------------------------------------------------------- 3. real traffic, through the gateway, as partners do
ID_NUMBER="$(python3 - <<'PY'
import random
w=[7,9,10,5,8,4,2,1,6,3,7,9,10,5,8,4,2]; c="10X98765432"
first=f"210102{random.randint(1950,1999)}{random.randint(1,12):02d}{random.randint(1,28):02d}{random.randint(0,999):03d}"
print(first+c[sum(int(a)*b for a,b in zip(first,w))%11])
PY
)"
echo "$ID_NUMBER" >"$WORK/raw-numbers.txt"
REF="boundary-$(date +%s)-$RANDOM"
CIVIL="$(partner_token civil-affairs-210000)"
HOSPITAL="$(partner_token hospital-h210102001)"
expect_status 201 "Liaoning civil affairs pushes a 低保 grant through the gateway" -X POST localhost:8080/api/v1/identity/batches \
  -H "Authorization: Bearer $CIVIL" -H 'Content-Type: application/json' -d "{
  \"department\": \"CIVIL_AFFAIRS\", \"departmentReference\": \"$REF\",
  \"records\": [{\"identityType\": \"DIBAO\", \"regionCode\": \"210102\", \"idNumber\": \"$ID_NUMBER\", \"name\": \"边界\",
                 \"change\": \"NEW\", \"startDate\": \"2026-01-01\"}]}" || true
sleep 3
expect_status 201 "the Shenyang hospital settles through the gateway" -X POST localhost:8080/api/v1/settlements \
  -H "Authorization: Bearer $HOSPITAL" -H 'Content-Type: application/json' -d "{
  \"hospitalId\": \"H210102001\", \"messageId\": \"$REF-1\", \"hospitalSettlementRef\": \"$REF-1\",
  \"idNumber\": \"$ID_NUMBER\", \"regionCode\": \"210102\", \"insuranceType\": \"RESIDENT\", \"visitType\": \"INPATIENT\",
  \"hospitalLevel\": \"TERTIARY\", \"location\": \"IN_REGION\", \"referred\": true,
  \"admissionDate\": \"2026-03-01\", \"dischargeDate\": \"2026-03-10\",
  \"costs\": {\"totalCost\": \"30000.00\", \"inScope\": \"26000.00\", \"partlySelfPaid\": \"1000.00\", \"outOfCatalogue\": \"3000.00\"}}" || true

# ---------------------------------------------------------------- 4. Kafka: principals and ACLs
# infra/scripts/KafkaTool.java, the plain Java client (Debian's kcat fails SCRAM against this broker: lib/kafka.sh)
source infra/scripts/lib/kafka.sh
kafka_tool_init "$WORK"
MARK="forged-$REF"
if kafka_tool "$SECRETS" - produce identity.changed.v1 forged "{\"marker\":\"$MARK\"}" 2>"$WORK/kafka-anonymous.err"; then
  breach "a client without credentials produced on identity.changed.v1"
else ok "a client without credentials cannot produce ($(tail -1 "$WORK/kafka-anonymous.err"))"; fi
if kafka_tool "$SECRETS" - read identity.changed.v1 >"$WORK/anon-read.txt" 2>/dev/null && [[ -s "$WORK/anon-read.txt" ]]; then
  breach "a client without credentials read identity.changed.v1"
else ok "a client without credentials reads nothing"; fi
if kafka_tool "$SECRETS" settlement-service produce identity.changed.v1 forged "{\"marker\":\"$MARK\"}" 2>"$WORK/kafka-settlement.err"; then
  breach "the settlement-service principal produced on identity.changed.v1"
else ok "the settlement-service principal cannot produce on identity.changed.v1 ($(grep -o 'TopicAuthorizationException[^]]*]' "$WORK/kafka-settlement.err" | head -1))"; fi
kafka_tool "$SECRETS" operator read identity.changed.v1 >"$WORK/topic-identity.changed.v1.txt" 2>/dev/null || true
if grep -q "$MARK" "$WORK/topic-identity.changed.v1.txt"; then breach "a forged record reached identity.changed.v1"; fi
# a discharge the gateway vouched for as H360402001 but naming H210102001: must be dead-lettered, never settled
FORGED_MESSAGE="$REF-forged"
FORGED_EVENT="$(python3 -c 'import uuid; print(uuid.uuid4())')"
FORGED_PERSON="$(printf '%064d' 7)"
kafka_tool "$SECRETS" gateway produce discharge.submitted.v1 "$FORGED_PERSON" "{\"eventId\":\"$FORGED_EVENT\",\"messageId\":\"$FORGED_MESSAGE\",\"hospitalId\":\"H210102001\",\"hospitalSettlementRef\":\"$FORGED_MESSAGE\",\"personRef\":\"$FORGED_PERSON\",\"regionCode\":\"210102\",\"insuranceType\":\"RESIDENT\",\"visitType\":\"INPATIENT\",\"hospitalLevel\":\"TERTIARY\",\"location\":\"IN_REGION\",\"referred\":true,\"admissionDate\":\"2026-04-01\",\"dischargeDate\":\"2026-04-05\",\"totalCost\":\"1000.00\",\"inScope\":\"1000.00\",\"partlySelfPaid\":\"0.00\",\"outOfCatalogue\":\"0.00\"}" \
  X-Onestop-Institution=H360402001 ce_id="$FORGED_EVENT" ce_type=org.onestop.discharge.submitted.v1 \
  ce_specversion=1.0 ce_source=/boundary-check content-type=application/json 2>"$WORK/kafka-gateway.err" \
  || breach "the gateway principal could not produce the test discharge: $(tail -1 "$WORK/kafka-gateway.err")"
dlq=""
for _ in $(seq 1 60); do
  kafka_tool "$SECRETS" operator read discharge.submitted.v1.settlement-service.dlq >"$WORK/dlq.txt" 2>/dev/null || true
  grep -q "$FORGED_MESSAGE" "$WORK/dlq.txt" && { dlq=1; break; }
  sleep 1
done
if [[ -n "$dlq" ]]; then ok "the discharge naming another hospital was dead-lettered: $(grep "$FORGED_MESSAGE" "$WORK/dlq.txt" | grep -o 'x-dlq-reason=[^,	]*' | head -1)"
else breach "the discharge naming another hospital was not dead-lettered within 60 s"; fi
kafka_tool "$SECRETS" operator read settlement.completed.v1 >"$WORK/topic-settlement.completed.v1.txt" 2>/dev/null || true
if grep -q "$FORGED_MESSAGE" "$WORK/topic-settlement.completed.v1.txt"; then breach "the forged discharge was settled"; else ok "the forged discharge was not settled"; fi

# ---------------------------------------------------------------- 5. PostgreSQL: passwords and one role per database
export PGCONNECT_TIMEOUT=10
if PGPASSWORD= psql -w -h 127.0.0.1 -p 5433 -U postgres -d postgres -c 'select 1' >/dev/null 2>&1; then
  breach "psql as postgres without a password was admitted"; else ok "psql without a password is refused"; fi
if PGPASSWORD=postgres psql -w -h 127.0.0.1 -p 5433 -U postgres -d postgres -c 'select 1' >/dev/null 2>&1; then
  breach "psql as postgres with the old default password was admitted"; else ok "the old default password is refused"; fi
SETTLEMENT_PW="$(tr -d '\r\n' <"$SECRETS/postgres-settlement.password")"
if PGPASSWORD="$SETTLEMENT_PW" psql -w -h 127.0.0.1 -p 5433 -U settlement -d identity -c 'select 1' >/dev/null 2>&1; then
  breach "the settlement role reached the identity database"; else ok "the settlement role cannot reach the identity database"; fi
PGPASSWORD="$SETTLEMENT_PW" psql -w -h 127.0.0.1 -p 5433 -U settlement -d settlement -Atc 'select rolsuper from pg_roles where rolname = current_user' \
  >"$WORK/super.txt" 2>&1 || breach "the settlement role cannot reach its own database: $(cat "$WORK/super.txt")"
[[ "$(cat "$WORK/super.txt")" == f ]] && ok "the settlement role reaches its own database and is not a superuser"

# ---------------------------------------------------------------- 6. personal data: rebuild attempts, raw numbers
sleep 3
for topic in identity.changed.v1 settlement.completed.v1 enrollment.subsidy.v1 monitoring.alert.v1; do
  kafka_tool "$SECRETS" operator read "$topic" >"$WORK/topic-$topic.txt" 2>/dev/null || true
  log "$topic: $(grep -c . "$WORK/topic-$topic.txt" || true) record(s) read"
done
[[ -s "$WORK/topic-identity.changed.v1.txt" ]] || breach "no identity event was published: the rebuild check would prove nothing"
# every table of every service database, as that service's role: each row as one JSON line
for db in identity settlement enrollment monitoring gateway; do
  pw="$(tr -d '\r\n' <"$SECRETS/postgres-$db.password")"
  tables=$(PGPASSWORD="$pw" psql -w -h 127.0.0.1 -p 5433 -U "$db" -d "$db" -Atc \
    "select quote_ident(table_schema)||'.'||quote_ident(table_name) from information_schema.tables where table_type='BASE TABLE' and table_schema not in ('pg_catalog','information_schema')")
  for t in $tables; do
    PGPASSWORD="$pw" psql -w -h 127.0.0.1 -p 5433 -U "$db" -d "$db" -Atc "select row_to_json(r) from $t r" >"$WORK/table-$db-$t.txt" 2>/dev/null || true
  done
done
for port in 8080 8081 8082 8083 8084; do curl -fsS "http://127.0.0.1:$port/actuator/prometheus" >"$WORK/metrics-$port.txt" || true; done
if java -cp "$EVENTS_JAR" infra/scripts/RebuildCheck.java "$WORK"/topic-*.txt "$WORK"/table-*.txt "$WORK"/metrics-*.txt; then
  ok "no record, row or metric leaves fewer than 10,000 candidates for a masked number"
else
  breach "RebuildCheck found a rebuildable mask (above)"
fi
# identity-service alone stores the raw number, encrypted: it must not appear in clear anywhere else, nor there
raw_in=$(grep -l -F -f "$WORK/raw-numbers.txt" "$WORK"/topic-*.txt "$WORK"/table-*.txt "$WORK"/metrics-*.txt "$DATA"/logs/*.log 2>/dev/null || true)
[[ -z "$raw_in" ]] && ok "the raw ID number pushed appears in no topic, table, metric or log" || breach "the raw ID number appears in: $raw_in"
shaped=$(grep -l -E '(^|[^0-9A-Za-z])[1-8][0-9]{5}(18|19|20)[0-9]{2}(0[1-9]|1[0-2])(0[1-9]|[12][0-9]|3[01])[0-9]{3}[0-9Xx]([^0-9A-Za-z]|$)' \
  "$WORK"/topic-*.txt "$WORK"/metrics-*.txt "$DATA"/logs/*.log 2>/dev/null || true)
[[ -z "$shaped" ]] && ok "no 18-character ID number in topics, metrics or logs" || breach "an 18-character ID number appears in: $shaped"

stop_suite
if ((FAILURES > 0)); then log "$FAILURES breach(es)"; exit 1; fi
log "PASS: the boundary held"
