#!/usr/bin/env bash
# Bulk path throughput: N DischargeSubmitted records (one per person-pool member in turn, Jiujiang, upstream insurance)
# posted to discharge.submitted.v1, then timed until the settlement table holds all N and the outbox is empty
# (i.e. every result event acknowledged by Kafka). Usage: BENCH_SECRET=<secret> BENCH_DIR=<dir> bulk.sh N kafka pgport [seed]
# BENCH_SECRET is the password BenchInfrastructure printed and BENCH_DIR the directory it was given (its secrets/ holds
# that password per principal): infra/bench's producer (`Bench produce-lines`, the relays' producer settings) sends as
# the topic's only writer, the gateway principal, naming the hospital in X-Onestop-Institution as the gateway does; psql
# reads as the settlement role (docs/security.md). The drivers' classpath is resolved once into BENCH_CP (default
# /tmp/bench-cp.txt):
#   ./mvnw -q -pl infra/bench -am compile dependency:build-classpath -Dmdep.includeScope=runtime -Dmdep.outputFile=/tmp/bench-cp.txt
# BULK_DATES=ordered uses another pool of 10,000 persons, each with one fixed discharge date (month 1 + p % 10, day 1 + p % 28), so every record
# is the latest of its person's book (the snapshot path); by default dates cycle and most records of a second run
# fall before the person's latest discharge (a replay of the whole book each).
set -euo pipefail
N=${1:-5000}; KAFKA=${2:-localhost:39092}; PG=${3:-35433}; SEED=${4:-$RANDOM}
: "${BENCH_SECRET:?set BENCH_SECRET to the secret BenchInfrastructure printed}"
: "${BENCH_DIR:?set BENCH_DIR to the directory BenchInfrastructure was given}"
ROOT="$(cd "$(dirname "$0")/../../.." && pwd)"
BENCH_CP="$(cat "${BENCH_CP:-/tmp/bench-cp.txt}"):$ROOT/infra/bench/target/classes"
FILE=$(mktemp)
python3 - "$N" "$SEED" "${BULK_DATES:-cycle}" > "$FILE" <<'PY'
import sys, uuid, hashlib
n, seed, dates = int(sys.argv[1]), sys.argv[2], sys.argv[3]
for i in range(n):
    ref = hashlib.sha256((f"bulk-ordered{i % 10000}" if dates == "ordered" else f"bulk{i % 10000}").encode()).hexdigest()
    m, d = (1 + (i % 10000) % 10, 1 + (i % 10000) % 28) if dates == "ordered" else (1 + i % 10, 1 + i % 28)
    burden = 500 + (i * 37) % 5000
    print(f'{ref}|{{"eventId":"{uuid.uuid4()}","hospitalId":"H36040200009","messageId":"b-{seed}-{i}","hospitalSettlementRef":"b-{seed}-{i}",'
          f'"personRef":"{ref}","regionCode":"360402","insuranceType":"RESIDENT","visitType":"INPATIENT",'
          f'"admissionDate":"2026-{m:02d}-{d:02d}","dischargeDate":"2026-{m:02d}-{d:02d}","totalCost":"{burden + 10000}.00",'
          f'"inScope":"{burden + 10000}.00","hifpPay":"10000.00","hifmiPay":"0"}}')
PY
q() { PGPASSWORD="$BENCH_SECRET" psql -h localhost -p "$PG" -U settlement -tAq -c "$1" settlement; }
before=$(q "select count(*) from settlement where hospital_id = 'H36040200009'")
start=$(date +%s.%N)
echo '<configuration><root level="WARN"/></configuration>' > "$FILE.xml" # the client logs DEBUG without one
java -Dlogback.configurationFile="$FILE.xml" -cp "$BENCH_CP" org.onestop.bench.Bench produce-lines \
     "$KAFKA" "$BENCH_DIR/secrets" gateway discharge.submitted.v1 "$FILE" X-Onestop-Institution=H36040200009
posted=$(date +%s.%N)
while :; do
  now=$(q "select count(*) from settlement where hospital_id = 'H36040200009'")
  [ $((now - before)) -ge "$N" ] && [ "$(q 'select count(*) from messaging_outbox')" = 0 ] && break
  sleep 0.2
done
end=$(date +%s.%N)
python3 -c "print(f'bulk: {$N} records posted in {$posted-$start:.1f} s; stored and published in {$end-$start:.1f} s = {$N/($end-$start):.0f} discharges/s end to end')"
rm -f "$FILE" "$FILE.xml"
