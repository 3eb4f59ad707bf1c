#!/usr/bin/env bash
# Identity absorption by settlement-service (issue 17): N IdentityChanged (NEW, N distinct persons, DIBAO in Jiujiang)
# produced to identity.changed.v1 as identity-service with ProduceLines.java, timed until settlement's processed_event
# holds N more rows (each poll's events applied in one transaction, books re-settled). Run cpu.sh before and after.
# Usage: BENCH_SECRET=<secret> PRODUCER_CP=<classpath with kafka-clients> identity.sh N kafka pgport seed
set -euo pipefail
: "${BENCH_SECRET:?set BENCH_SECRET to the secret BenchInfrastructure printed}"
: "${PRODUCER_CP:?set PRODUCER_CP to a classpath with kafka-clients, e.g. \$(cat /tmp/emb-cp.txt)}"
N=$1; KAFKA=$2; PG=$3; SEED=$4
FILE=$(mktemp)
python3 - "$N" "$SEED" > "$FILE" <<'PY'
import sys, uuid, hashlib
n, seed = int(sys.argv[1]), sys.argv[2]
for i in range(n):
    ref = hashlib.sha256(f"id-{seed}-{i}".encode()).hexdigest()
    print(f'{ref}|{{"eventId":"{uuid.uuid4()}","personRef":"{ref}","regionCode":"360402","department":"CIVIL_AFFAIRS",'
          f'"identityType":"DIBAO","change":"NEW","periodId":"{uuid.uuid4()}","validFrom":"2026-01-01","validTo":null,'
          f'"supersedesPeriodId":null,"departmentReference":"r-{seed}-{i}","batchId":"{uuid.UUID(int=int(hashlib.md5(seed.encode()).hexdigest(),16))}",'
          f'"recordedAt":"2026-01-02T00:00:00Z","maskedIdNumber":"360402***********{i%10}","householdRef":null}}')
PY
q() { PGPASSWORD="$BENCH_SECRET" psql -h localhost -p "$PG" -U settlement -tAq -c "$1" settlement; }
before=$(q "select count(*) from processed_event")
start=$(date +%s.%N)
echo "<configuration><root level=\"WARN\"/></configuration>" > "$FILE.xml"
java -Dlogback.configurationFile="$FILE.xml" -cp "$PRODUCER_CP" "$(dirname "$0")/java/org/onestop/settlement/bench/ProduceLines.java" "$KAFKA" identity-service "$BENCH_SECRET" identity.changed.v1 "$FILE"
posted=$(date +%s.%N)
while :; do
  now=$(q "select count(*) from processed_event")
  [ $((now - before)) -ge "$N" ] && break
  sleep 0.2
done
end=$(date +%s.%N)
python3 -c "print(f'identity: {$N} posted in {$posted-$start:.1f} s; absorbed in {$end-$start:.1f} s = {$N/($end-$start):.0f} events/s end to end')"
rm -f "$FILE" "$FILE.xml"
