#!/usr/bin/env bash
# End-to-end check of issue 2's done-criterion with an independent Kafka client:
#   the README's first command brings up Kafka, PostgreSQL and identity-service on a fresh state; a GB18030 Shanxi
#   CSV pushed with curl appears on identity.changed.v1, read by an independent Kafka client as the operator principal, keyed by personRef (64 hex characters) and
#   without any raw 18-character ID number.
#
# Usage (from anywhere):  infra/scripts/identity-e2e.sh
#   SKIP_BUILD=1         use the jars already built instead of running `./mvnw -q -DskipTests package`
#   PORT_WAIT_SECONDS=n  how long to wait for ports 9092/5433/8081 to be free (default 300)
#   KEEP_DATA=1          keep the temporary data directory (logs) after the run
#
# Idempotent: every run uses a new temporary ONESTOP_DATA_DIR (fresh database and topics), and stops only the launcher it started (SIGINT, as Ctrl-C would). Exits non-zero on any failure.
set -euo pipefail
set -m # background jobs keep default signal handling, so the launcher can be stopped with SIGINT like Ctrl-C

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"

TOPIC=identity.changed.v1
BASE=http://localhost:8081
PORT_WAIT_SECONDS="${PORT_WAIT_SECONDS:-300}"
DATA_DIR="$(mktemp -d "${TMPDIR:-/tmp}/onestop-e2e-XXXXXX")"
LAUNCHER_PID=""
WORK="$DATA_DIR/e2e"
mkdir -p "$WORK"

log() { printf '[identity-e2e] %s\n' "$*"; }
fail() {
    printf '[identity-e2e] FAIL: %s\n' "$*" >&2
    if [[ -f "$WORK/launcher.out" ]]; then
        printf '[identity-e2e] last launcher lines:\n' >&2
        tail -n 30 "$WORK/launcher.out" >&2 || true
    fi
    local svc_log
    svc_log=$(ls -t "$DATA_DIR"/run*/logs/identity-service.log 2>/dev/null | head -1 || true)
    if [[ -n "$svc_log" ]]; then
        printf '[identity-e2e] last identity-service lines:\n' >&2
        tail -n 30 "$svc_log" >&2 || true
    fi
    exit 1
}

stop_launcher() {
    [[ -n "$LAUNCHER_PID" ]] || return 0
    if kill -0 "$LAUNCHER_PID" 2>/dev/null; then
        log "stopping the launcher (pid $LAUNCHER_PID) with SIGINT"
        kill -INT "$LAUNCHER_PID" 2>/dev/null || true
        for _ in $(seq 1 90); do
            kill -0 "$LAUNCHER_PID" 2>/dev/null || break
            sleep 1
        done
        if kill -0 "$LAUNCHER_PID" 2>/dev/null; then
            log "launcher still running after 90 s, sending SIGTERM"
            kill -TERM "$LAUNCHER_PID" 2>/dev/null || true
            sleep 20
            kill -0 "$LAUNCHER_PID" 2>/dev/null && kill -KILL "$LAUNCHER_PID" 2>/dev/null || true
        fi
    fi
    wait "$LAUNCHER_PID" 2>/dev/null || true
    LAUNCHER_PID=""
}

cleanup() {
    local rc=$?
    stop_launcher
    if [[ "${KEEP_DATA:-0}" == 1 || $rc -ne 0 ]]; then
        log "data and logs kept in $DATA_DIR"
    else
        rm -rf "$DATA_DIR"
    fi
    exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM


# --- build (the README's first command) ---------------------------------------------------------------------------
if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
    log "building: ./mvnw -q -DskipTests package"
    ./mvnw -q -DskipTests package || fail "build failed"
fi
[[ -f infra/launcher/target/onestop-launcher.jar ]] || fail "infra/launcher/target/onestop-launcher.jar missing"
[[ -f identity-service/target/identity-service.jar ]] || fail "identity-service/target/identity-service.jar missing"

# --- start the launcher on a fresh data directory, once the fixed ports are free ------------------------------------
# Other runs on this machine may hold 9092/5433/8081, or take them between our check and our start: then the launcher
# exits with "Address already in use" and we wait and try again with a new data directory.
port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
deadline=$((SECONDS + PORT_WAIT_SECONDS))
ready=""
for attempt in 1 2 3 4 5; do
    while port_busy 9092 || port_busy 5433 || port_busy 8081; do
        ((SECONDS < deadline)) || fail "ports 9092/5433/8081 still busy after ${PORT_WAIT_SECONDS} s (another launcher?)"
        log "a port of 9092/5433/8081 is busy; waiting"
        sleep 10
    done
    RUN_DIR="$DATA_DIR/run$attempt"
    log "starting (attempt $attempt): ONESTOP_DATA_DIR=$RUN_DIR java -jar infra/launcher/target/onestop-launcher.jar"
    ONESTOP_DATA_DIR="$RUN_DIR" java -jar infra/launcher/target/onestop-launcher.jar >"$WORK/launcher.out" 2>&1 &
    LAUNCHER_PID=$!
    for _ in $(seq 1 300); do
        if ! kill -0 "$LAUNCHER_PID" 2>/dev/null; then
            wait "$LAUNCHER_PID" 2>/dev/null || true
            LAUNCHER_PID=""
            break
        fi
        # ready = OUR identity-service said so in OUR data directory, and the port answers UP
        if grep -qs 'Started IdentityServiceApplication' "$RUN_DIR/logs/identity-service.log" \
                && [[ "$(curl -s -m 2 "$BASE/actuator/health/readiness" || true)" == *'"UP"'* ]]; then
            ready=1
            break
        fi
        sleep 1
    done
    [[ -n "$ready" ]] && break
    if [[ -z "$LAUNCHER_PID" ]] && grep -q 'already in use' "$WORK/launcher.out"; then
        log "the launcher lost a port to another process; retrying"
        sleep 10
        continue
    fi
    fail "identity-service not ready on $BASE (launcher $([[ -n "$LAUNCHER_PID" ]] && echo running || echo exited))"
done
[[ -n "$ready" ]] || fail "could not start the launcher after 5 attempts"
log "identity-service is ready"
# identity-service admits only calls with an internal token (docs/security.md): the gateway creates the key on its first
# start and publishes the public half the service verifies with, so wait for it too, then mint one as the gateway would
for _ in $(seq 1 300); do
    [[ -s "$RUN_DIR/gateway/internal-jwks-private.json" ]] \
        && [[ "$(curl -s -m 2 http://localhost:8080/actuator/health/readiness || true)" == *'"UP"'* ]] && break
    sleep 1
done
[[ -s "$RUN_DIR/gateway/internal-jwks-private.json" ]] || fail "the gateway did not create its internal key"
TOKEN=$(java infra/scripts/InternalToken.java "$RUN_DIR/gateway/internal-jwks-private.json" identity-service \
    sub=civil-affairs-140000 partner_type=department department=CIVIL_AFFAIRS region=140000)

# --- a small Shanxi 附件3 list (one household of three), in GB18030 --------------------------------------------------
check_char() { # GB 11643 check character of 17 digits
    local s=$1 w=(7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2) c=10X98765432 sum=0 i
    for i in $(seq 0 16); do sum=$((sum + ${s:i:1} * w[i])); done
    printf '%s' "${c:sum%11:1}"
}
id_of() { printf '%s%s' "$1" "$(check_char "$1")"; }
HEAD=$(id_of 14010519700101001)
WIFE=$(id_of 14010519720202002)
CHILD=$(id_of 14010520050303003)
{
    printf '太原市小店区城乡低保对象动态调整名单\n'
    printf '乡(镇),行政村,户主姓名,身份证号码,家庭人口数,家庭成员姓名,身份证号码,动态调整工作类型,动态调整时间\n'
    printf '小店镇,北格村,王建国,%s,3,王建国,%s,新识别,2024-03-01\n' "$HEAD" "$HEAD"
    printf ',,,,,李秀英,%s,新识别,2024-03-01\n' "$WIFE"
    printf ',,,,,王小明,%s,新识别,2024-03-01\n' "$CHILD"
} | iconv -f UTF-8 -t GB18030 >"$WORK/list.csv"
file_is_gb18030=$(iconv -f UTF-8 -t UTF-8 "$WORK/list.csv" >/dev/null 2>&1 && echo no || echo yes)
[[ "$file_is_gb18030" == yes ]] || fail "the test file should not be valid UTF-8"

REFERENCE="e2e-$(date +%s)-$$"
log "posting a GB18030 CSV (3 rows) with curl, departmentReference=$REFERENCE"
status=$(curl -s -o "$WORK/answer.json" -w '%{http_code}' -X POST \
    "$BASE/api/v1/identity/batches/csv?department=CIVIL_AFFAIRS&category=DIBAO&regionCode=140105&departmentReference=$REFERENCE" \
    -H "Authorization: Bearer $TOKEN" -H 'Content-Type: text/csv' --data-binary @"$WORK/list.csv")
log "HTTP $status: $(cat "$WORK/answer.json")"
[[ "$status" == 201 ]] || fail "expected 201 Created, got $status"
grep -q '"acceptedRows":3' "$WORK/answer.json" || fail "expected 3 accepted rows"

# --- read the topic with an independent Kafka client ------------------------------------------------------------
# As the read-only "operator" principal, whose SCRAM secret the launcher generated (docs/security.md); the broker
# refuses a client without credentials. The client is infra/scripts/KafkaTool.java (the Java client, not the suite's
# code): Debian's kcat cannot authenticate with SCRAM against this broker (infra/scripts/lib/kafka.sh).
source infra/scripts/lib/kafka.sh
kafka_tool_init "$WORK"
SECRETS="$RUN_DIR/secrets"
[[ -r "$SECRETS/kafka-operator.password" ]] || fail "no operator secret in $SECRETS"
if kafka_tool "$SECRETS" - read "$TOPIC" >"$WORK/anonymous.txt" 2>/dev/null && [[ -s "$WORK/anonymous.txt" ]]; then
    fail "a client without credentials read $TOPIC"
fi
log "a client without credentials read nothing (refused)"
got=0
for _ in $(seq 1 60); do
    kafka_tool "$SECRETS" operator read "$TOPIC" 2>"$WORK/kafka.err" | awk -F'\t' '{print $1" "$3}' >"$WORK/topic.txt" || true
    got=$(grep -c . "$WORK/topic.txt" || true)
    ((got >= 3)) && break
    sleep 1
done
log "the operator read $got event(s) from $TOPIC:"
while IFS= read -r line; do printf '    %.160s…\n' "$line"; done <"$WORK/topic.txt"
((got == 3)) || fail "expected exactly 3 events on $TOPIC, read $got ($(tail -3 "$WORK/kafka.err"))"

while read -r key value; do
    [[ "$key" =~ ^[0-9a-f]{64}$ ]] || fail "key is not a 64-hex personRef: $key"
    [[ "$value" == *"\"personRef\":\"$key\""* ]] || fail "event value does not carry its key as personRef"
done <"$WORK/topic.txt"
if grep -Eq '(^|[^0-9])[0-9]{17}[0-9Xx]([^0-9]|$)' "$WORK/topic.txt"; then
    fail "an 18-character ID number appears on the topic"
fi
for id in "$HEAD" "$WIFE" "$CHILD"; do
    if grep -q "$id" "$WORK/topic.txt"; then fail "raw ID number found on the topic"; fi
done
keys=$(cut -d' ' -f1 "$WORK/topic.txt" | sort -u | wc -l)
((keys == 3)) || fail "expected 3 distinct personRef keys, got $keys"

log "PASS: 3 events on $TOPIC keyed by 64-hex personRef, no raw ID number"
stop_launcher
grep -E 'stopp|Stopp' "$WORK/launcher.out" | sed 's/^/    /' || true
