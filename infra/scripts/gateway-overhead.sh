#!/usr/bin/env bash
# The gateway's overhead (issue 7, docs/benchmarks.md): the suite on the embedded default with the per-partner rate
# lifted, then SettleLoad in compare mode — requests released on one fixed schedule, alternating between
# settlement-service (:8082, straight) and the gateway (:8080, a demo hospital's token), latency counted from each
# request's scheduled time — for previews (full calculation, nothing stored) and for settlements. Prints each run's
# "gateway adds" line and the machine's load before it. A benchmark: not part of verify or CI.
#
#   infra/scripts/gateway-overhead.sh                     # builds, runs, stops everything it started
#   SKIP_BUILD=1 RUNS=5 PREVIEW_RATE=200 SETTLE_RATE=100 SECONDS_PER_RUN=30 infra/scripts/gateway-overhead.sh
#
# Each run starts only when the machine is quiet again (1-minute load under QUIET_LOAD, waiting at most 180 s): the
# consumers that settlements wake (monitoring, enrollment) share the two cores, and a run started in their wake measures
# them. The rates are moderate on purpose: at 400 settlements/s the two cores saturate and both paths queue for seconds,
# which says nothing about what the gateway adds to one call.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
RUNS="${RUNS:-3}"
PREVIEW_RATE="${PREVIEW_RATE:-200}"  # requests/s in all, half per path
SETTLE_RATE="${SETTLE_RATE:-100}"
QUIET_LOAD="${QUIET_LOAD:-1.5}"
SECONDS_PER_RUN="${SECONDS_PER_RUN:-30}"
CONNECTIONS="${CONNECTIONS:-8}"     # per path
WORK="$(mktemp -d /tmp/onestop-gateway-overhead.XXXXXX)"
LAUNCHER_PID=""
log() { printf '[gateway-overhead] %s\n' "$*"; }
cleanup() {
  local rc=$?
  if [[ -n "$LAUNCHER_PID" ]] && kill -0 "$LAUNCHER_PID" 2>/dev/null; then
    kill -TERM "$LAUNCHER_PID" 2>/dev/null || true
    for _ in $(seq 1 60); do kill -0 "$LAUNCHER_PID" 2>/dev/null || break; sleep 1; done
    kill -KILL "$LAUNCHER_PID" 2>/dev/null || true
  fi
  if [[ $rc -eq 0 ]]; then rm -rf "$WORK"; else log "FAILED (exit $rc); logs kept in $WORK"; fi
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

if [[ "${SKIP_BUILD:-0}" != "1" ]]; then
  log "building (./mvnw -q -DskipTests package)"
  ./mvnw -q -DskipTests package
fi
for p in 5433 9092 8080 8081 8082 8083 8084; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then log "port $p is in use: stop the other suite first"; exit 1; fi
done

log "starting the suite (ONESTOP_DATA_DIR=$WORK/data ONESTOP_GATEWAY_RATE=1000000)"
ONESTOP_DATA_DIR="$WORK/data" ONESTOP_GATEWAY_RATE=1000000 java -jar infra/launcher/target/onestop-launcher.jar \
  >"$WORK/launcher.log" 2>&1 &
LAUNCHER_PID=$!
for _ in $(seq 1 600); do
  grep -q "Press Ctrl-C" "$WORK/launcher.log" && break
  kill -0 "$LAUNCHER_PID" 2>/dev/null || { tail -40 "$WORK/launcher.log"; exit 1; }
  sleep 1
done
grep -q "Press Ctrl-C" "$WORK/launcher.log" || { log "the suite did not start"; exit 1; }

token() { # a fresh one per run: a token lives 10 minutes, the whole benchmark longer
  curl -fsS -u "$(grep '^hospital-h360402001:' "$WORK/data/gateway/demo-credentials.txt")" \
    -d grant_type=client_credentials localhost:8080/oauth2/token | python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])'
}
direct_token() { # the straight path holds an internal token, as the gateway's calls do (docs/security.md); 60 s at most
  java infra/scripts/InternalToken.java "$WORK/data/gateway/internal-jwks-private.json" settlement-service \
    sub=hospital-h360402001 partner_type=hospital institution=H360402001 region=360402
}
LOAD=settlement-service/src/bench/java/org/onestop/settlement/bench/SettleLoad.java
compare() { # path rate seed seconds warmup
  local bearer internal
  (( $4 + $5 <= 55 )) || { log "a run with its warm-up must stay under 55 s: the straight path's internal token lives 60 s"; exit 1; }
  bearer="$(token)" # assigned on its own line, so a refused token request stops the script (set -e) instead of 401s
  internal="$(direct_token)"
  java -Dcompare=http://localhost:8080 -Dtoken="$bearer" -DdirectToken="$internal" -Dpath="$1" -Dhospital=H360402001 \
    "$LOAD" http://localhost:8082 "$2" "$4" 10000 "$5" "$3" "$CONNECTIONS"
}
quiet() {
  for _ in $(seq 1 36); do
    awk -v q="$QUIET_LOAD" '{ exit !($1 < q) }' /proc/loadavg && return 0
    sleep 5
  done
  log "the machine did not quiet down under $QUIET_LOAD within 180 s; running anyway"
}

for call in preview settle; do
  path=/api/v1/settlements/preview; rate="$PREVIEW_RATE"
  [[ "$call" == settle ]] && { path=/api/v1/settlements; rate="$SETTLE_RATE"; }
  quiet
  log "warming both paths up for ${call}s (not reported)"
  compare "$path" "$rate" "warm-$call-$(date +%s)" 30 10 >/dev/null
  for run in $(seq 1 "$RUNS"); do
    quiet
    log "$call run $run: load average $(cut -d' ' -f1-3 /proc/loadavg); $rate/s in all for ${SECONDS_PER_RUN} s after 10 s at half rate"
    compare "$path" "$rate" "$call-$run-$(date +%s)" "$SECONDS_PER_RUN" 10
  done
done
log "done: load average $(cut -d' ' -f1-3 /proc/loadavg)"
