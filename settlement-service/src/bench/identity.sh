#!/usr/bin/env bash
# Identity absorption by settlement-service (issue 17): N IdentityChanged (NEW, N distinct persons, DIBAO in Jiujiang)
# produced to identity.changed.v1 as identity-service by infra/bench's producer (`Bench identity`), timed until
# settlement's processed_event holds N more rows (each poll's events applied in one transaction, books re-settled).
# Run cpu.sh before and after. infra/scripts/absorb-bench.sh measures all three consumers of the topic at once.
# Usage: BENCH_SECRET=<secret> BENCH_DIR=<dir given to BenchInfrastructure> identity.sh N kafka pgport seed
# (BENCH_CP: the file holding infra/bench's classpath, default /tmp/bench-cp.txt; bulk.sh says how to make it)
set -euo pipefail
: "${BENCH_SECRET:?set BENCH_SECRET to the secret BenchInfrastructure printed}"
: "${BENCH_DIR:?set BENCH_DIR to the directory BenchInfrastructure was given}"
N=$1; KAFKA=$2; PG=$3; SEED=$4
ROOT="$(cd "$(dirname "$0")/../../.." && pwd)"
BENCH_CP="$(cat "${BENCH_CP:-/tmp/bench-cp.txt}"):$ROOT/infra/bench/target/classes"
LOGBACK=$(mktemp)
echo '<configuration><root level="WARN"/></configuration>' > "$LOGBACK" # the client logs DEBUG without one
q() { PGPASSWORD="$BENCH_SECRET" psql -h localhost -p "$PG" -U settlement -tAq -c "$1" settlement; }
before=$(q "select count(*) from processed_event")
start=$(date +%s.%N)
java -Dlogback.configurationFile="$LOGBACK" -cp "$BENCH_CP" org.onestop.bench.Bench identity "$KAFKA" "$BENCH_DIR/secrets" "$N" "$SEED"
posted=$(date +%s.%N)
while :; do
  now=$(q "select count(*) from processed_event")
  [ $((now - before)) -ge "$N" ] && break
  sleep 0.2
done
end=$(date +%s.%N)
python3 -c "print(f'identity: {$N} posted in {$posted-$start:.1f} s; absorbed in {$end-$start:.1f} s = {$N/($end-$start):.0f} events/s end to end')"
rm -f "$LOGBACK"
