#!/usr/bin/env bash
# Throughput with 1 and with 2 replicas of every service (issue 12, docs/benchmarks.md): for each replica count, the
# suite on the embedded default (fresh data directory, per-partner rate lifted), then
#   - identity rows/s: a generated Jiujiang roster (附件2, every row a new person) split into UPLOADS CSV files posted
#     at once through the gateway as civil-affairs-360400 (one upload goes to one replica; several spread over them),
#     timed from the first byte until every upload answered and identity-service's outbox is empty (all published);
#   - bulk discharges/s: DISCHARGES discharges (each person's only one) posted to POST /api/v1/discharges/bulk in
#     requests of 1,000, PARALLEL at a time, timed until settlement-service holds them all and its outbox is empty.
# Prints one line per measurement and the machine's load. A benchmark: not part of verify or CI.
#
#   infra/scripts/replicas-bench.sh                       # builds, runs 1 then 2 replicas, stops what it started
#   SKIP_BUILD=1 REPLICAS="1 2" ROWS=40000 UPLOADS=4 DISCHARGES=20000 PARALLEL=4 infra/scripts/replicas-bench.sh
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
REPLICAS="${REPLICAS:-1 2}"
ROWS="${ROWS:-40000}"
UPLOADS="${UPLOADS:-4}"
DISCHARGES="${DISCHARGES:-20000}"
PARALLEL="${PARALLEL:-4}"
WORK="$(mktemp -d /tmp/onestop-replicas-bench.XXXXXX)"
LAUNCHER_PID=""
log() { printf '[replicas-bench] %s\n' "$*"; }
stop_suite() {
  if [[ -n "$LAUNCHER_PID" ]] && kill -0 "$LAUNCHER_PID" 2>/dev/null; then
    kill -TERM "$LAUNCHER_PID" 2>/dev/null || true
    for _ in $(seq 1 90); do kill -0 "$LAUNCHER_PID" 2>/dev/null || break; sleep 1; done
    kill -KILL "$LAUNCHER_PID" 2>/dev/null || true
  fi
  LAUNCHER_PID=""
}
cleanup() {
  local rc=$?
  stop_suite
  if [[ $rc -eq 0 ]]; then rm -rf "$WORK"; else log "FAILED (exit $rc); logs kept in $WORK"; fi
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

if [[ "${SKIP_BUILD:-0}" != "1" ]]; then
  log "building (./mvnw -q -DskipTests package)"
  ./mvnw -q -DskipTests package
fi
for p in 5433 9092 8080 8081 8082 8083 8084 8180 8181 8182 8183 8184; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then log "port $p is in use: stop the other suite first"; exit 1; fi
done

# ID numbers (GB 11643 check digit) of Jiujiang 浔阳区, distinct per (pool, n): identity rows and discharges use
# different pools so that every discharge's person is new to settlement-service as well.
python3 - "$WORK" "$ROWS" "$UPLOADS" "$DISCHARGES" <<'EOF'
import datetime, json, sys
work, rows, uploads, discharges = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
def id_number(pool, n):
    day = datetime.date(1940 + pool * 30, 1, 1) + datetime.timedelta(days=n // 900)
    first = "360402" + day.strftime("%Y%m%d") + "%03d" % (100 + n % 900)
    return first + "10X98765432"[sum(int(c) * w for c, w in zip(first, W)) % 11]
per = rows // uploads
for u in range(uploads):
    with open(f"{work}/roster-{u}.csv", "w", encoding="utf-8") as f:
        f.write("乡(镇),行政村,户主姓名,身份证号码,家庭人口数,家庭成员姓名,身份证号码\n")
        for n in range(u * per, (u + 1) * per):
            f.write(f"甘棠街道,测试村,户主{n},{id_number(0, n)},1,,\n")
for r in range(0, discharges, 1000):
    batch = [{"hospitalId": "H360402001", "messageId": f"bench-{n}", "hospitalSettlementRef": f"ZY-BENCH-{n}",
              "idNumber": id_number(1, n), "regionCode": "360402", "insuranceType": "RESIDENT", "visitType": "INPATIENT",
              "admissionDate": "2026-03-01", "dischargeDate": "2026-03-05", "totalCost": "8000.00", "inScope": "8000.00"}
             for n in range(r, min(r + 1000, discharges))]
    with open(f"{work}/bulk-{r // 1000}.json", "w", encoding="utf-8") as f:
        json.dump(batch, f)
EOF

psql_count() { # database, query
  PGPASSWORD="$(cat "$DATA/secrets/postgres-superuser.password")" psql -h localhost -p 5433 -U postgres -d "$1" -Atc "$2"
}
outbox_rows() { # unpublished rows: the service's own "outbox" before the move to the messaging module, "messaging_outbox" after
  local rows=0 table
  for table in $(psql_count "$1" "select tablename from pg_tables where schemaname = 'public' and tablename in ('outbox', 'messaging_outbox')"); do
    rows=$((rows + $(psql_count "$1" "select count(*) from $table")))
  done
  echo "$rows"
}
token() {
  curl -fsS -u "$(grep "^$1:" "$DATA/gateway/demo-credentials.txt")" -d grant_type=client_credentials \
    localhost:8080/oauth2/token | python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])'
}
now() { date +%s.%N; }

for R in $REPLICAS; do
  DATA="$WORK/data-$R"
  log "starting the suite with ONESTOP_REPLICAS=$R (ONESTOP_DATA_DIR=$DATA)"
  ONESTOP_DATA_DIR="$DATA" ONESTOP_REPLICAS="$R" ONESTOP_GATEWAY_RATE=1000000 \
    java -jar infra/launcher/target/onestop-launcher.jar >"$WORK/launcher-$R.log" 2>&1 &
  LAUNCHER_PID=$!
  for _ in $(seq 1 900); do
    grep -q "Press Ctrl-C" "$WORK/launcher-$R.log" && break
    kill -0 "$LAUNCHER_PID" 2>/dev/null || { tail -40 "$WORK/launcher-$R.log"; exit 1; }
    sleep 1
  done
  grep -q "Press Ctrl-C" "$WORK/launcher-$R.log" || { log "the suite did not start"; exit 1; }
  grep "service instances UP" "$WORK/launcher-$R.log" | sed "s/^/[replicas-bench] /"

  department="$(token civil-affairs-360400)"
  log "load $(cut -d' ' -f1-3 /proc/loadavg); identity: $ROWS rows in $UPLOADS uploads"
  start=$(now)
  for u in $(seq 0 $((UPLOADS - 1))); do
    curl -fsS -o "$WORK/upload-$R-$u.json" -H "Authorization: Bearer $department" -H 'Content-Type: text/csv' \
      --data-binary @"$WORK/roster-$u.csv" \
      "localhost:8080/api/v1/identity/batches/csv?department=CIVIL_AFFAIRS&category=DIBAO&regionCode=360402&departmentReference=bench-$R-$u&effectiveDate=2026-01-01" &
  done
  wait $(jobs -p | grep -v "^$LAUNCHER_PID$") 2>/dev/null || true
  until [[ "$(outbox_rows identity)" == 0 ]]; do sleep 0.2; done
  end=$(now)
  accepted=$(cat "$WORK"/upload-$R-*.json | python3 -c 'import json,sys; print(sum(json.loads(l)["acceptedRows"] for l in sys.stdin.read().replace("}{", "}\n{").splitlines()))')
  log "replicas=$R identity: $accepted rows accepted and published in $(python3 -c "print(round($end - $start, 1))") s = $(python3 -c "print(round($accepted / ($end - $start)))") rows/s (load $(cut -d' ' -f1 /proc/loadavg))"

  hospital="$(token hospital-h360402001)"
  log "load $(cut -d' ' -f1-3 /proc/loadavg); bulk: $DISCHARGES discharges, $PARALLEL requests at a time"
  start=$(now)
  ls "$WORK"/bulk-*.json | xargs -P "$PARALLEL" -I{} curl -fsS -o /dev/null -H "Authorization: Bearer $hospital" \
    -H 'Content-Type: application/json' --data-binary @{} localhost:8080/api/v1/discharges/bulk
  until [[ "$(psql_count settlement 'select count(*) from settlement')" -ge "$DISCHARGES" && "$(outbox_rows settlement)" == 0 ]]; do
    sleep 0.2
  done
  end=$(now)
  log "replicas=$R bulk: $DISCHARGES discharges settled and published in $(python3 -c "print(round($end - $start, 1))") s = $(python3 -c "print(round($DISCHARGES / ($end - $start)))") discharges/s (load $(cut -d' ' -f1 /proc/loadavg))"
  stop_suite
done
