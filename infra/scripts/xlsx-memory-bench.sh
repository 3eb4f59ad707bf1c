#!/usr/bin/env bash
# Issue 15: reads the same 100,000 Shanxi rows as XLSX and as CSV through identity-service's upload reader
# (ShanxiCsvReader), each in its own JVM with the same heap ceiling, and prints rows, time and peak heap
# (docs/benchmarks.md, "XLSX against CSV"). Not part of verify. Compiles identity-service's tests with the reactor
# (never installs anything).
#   infra/scripts/xlsx-memory-bench.sh            ROWS=100000 HEAP=256m by default
set -euo pipefail
cd "$(dirname "$0")/../.."
rows="${ROWS:-100000}"
heap="${HEAP:-256m}"
log() { printf '[xlsx-memory-bench] %s\n' "$*"; }

log "compiling identity-service and its tests"
./mvnw -B -ntp -q -o -pl identity-service -am test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test >/dev/null
cp="identity-service/target/test-classes:identity-service/target/classes:$(cat identity-service/target/bench.classpath)"
main=org.onestop.identity.batch.csv.XlsxMemoryBenchmark
dir="$(mktemp -d)"
trap 'rm -rf "$dir"' EXIT

java -Xmx1g -cp "$cp" "$main" generate "$dir" "$rows"
log "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
for format in csv xlsx; do
  file="$dir/list.$format"
  java -Xmx"$heap" -XX:+UseSerialGC -cp "$cp" "$main" read "$format" "$file"
done
log "again, each with a 64 MB heap ceiling (an OutOfMemoryError here means the path holds the file in memory)"
for format in csv xlsx; do
  java -Xmx64m -XX:+UseSerialGC -cp "$cp" "$main" read "$format" "$dir/list.$format" || log "$format failed at -Xmx64m"
done
