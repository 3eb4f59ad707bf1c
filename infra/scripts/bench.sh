#!/usr/bin/env bash
# One command for every throughput figure of docs/benchmarks.md (issue 17): on a fresh embedded default (the launcher
# on a temporary data directory, its ports shifted by a free ONESTOP_PORT_OFFSET so it never meets another suite), each
# benchmark beside its ceiling on the same servers in the same run, printed as ONE table: figure, value, ceiling,
# ratio, 1-minute load before → after, CPU seconds of the service and of PostgreSQL (/proc/<pid>/stat, PostgreSQL =
# postmaster with its reaped and live children). The table replaces the one between the markers in
# docs/benchmarks.md (with the date, the commit, the machine and its load).
#
#   ./mvnw -q -DskipTests package          # the README's first build command, once
#   infra/scripts/bench.sh                 # full counts (1,000,000 roster rows; ~47 min on an idle 2-core machine)
#   infra/scripts/bench.sh --quick         # small counts, ~6 min (2.5 of them starting the suite): a before/after check
#                                          # of a change; it does not wait for a quiet machine but marks each row
#                                          # measured above MAX_LOAD
#   infra/scripts/bench.sh --force         # measure rows even when the machine is busy (marked "forced")
#   infra/scripts/bench.sh --no-write      # print the table, leave docs/benchmarks.md alone
#   infra/scripts/bench.sh --check         # parse the options, check tools and jars, start nothing (CI)
#   infra/scripts/bench.sh --only=settle,open   # only these rows (engine settle open bulk roster absorb); implies --no-write
#   infra/scripts/bench.sh --profile       # also record every service with JFR and print, for each row, where the CPU of
#                                          # the service it measures went (infra/scripts/JfrTop.java; the work folder is kept)
#
# A row is refused (value "busy") when the 1-minute load average before it stays above MAX_LOAD (1.5) for QUIET_WAIT
# seconds, unless --force or --quick, which measure it and mark it. Rows and ceilings:
#   policy engine        JMH settleTypicalInpatientWithLedger (policy module)      vs the 1 M/s target
#   settle closed loop   SettleLoad, 16 connections, straight to settlement-service  vs pgbench of settle.sql, 16 clients,
#                        on a scratch database migrated from settlement-service's own migration files (no relay reads it)
#   settle open loop     SettleLoad at 500/s, three runs: p50 / p99 / p99.9           vs the target p99 < 50 ms
#   bulk                 discharges as the gateway principal → settled and announced  vs the same records produced +
#                        consumed on a scratch topic of the same broker
#   roster               a generated roster CSV through the gateway, stored and published vs COPY of the rows it left into
#                        the same tables of a scratch database + producing as many events of the same sizes
#   absorption           identity events → enrollment decisions published; identity events absorbed by settlement,
#                        enrollment and monitoring; settlement events → monitoring warnings published   vs the targets
#   absorption, backlog  ABSORB_N new persons' identity events produced at once as identity-service (infra/bench
#                        `identity`), so the consumers, not the roster's publishing, set the pace; CPU s of each
#                        consumer's JVM and of ITS database's PostgreSQL backends (pg_stat_activity by datname)
#   absorption, alone    a second backlog produced with the three consumers' JVMs stopped (SIGSTOP), each resumed in
#                        turn and timed from its resumption: what one consumer absorbs with the cores to itself
# Every call holds a credential: the straight settle calls an internal token minted with the gateway's key, the roster
# a civil-affairs partner token, the Kafka drivers the gateway's / operator's principals; the broker's super user only
# creates, writes and deletes scratch topics and reads group offsets. Kafka clients are Java (infra/bench): Debian's
# kcat fails SCRAM against this broker (infra/scripts/lib/kafka.sh). Everything started here is stopped on exit.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
QUICK=0 FORCE=0 WRITE=1 CHECK=0 ONLY="" PROFILE=0
for arg in "$@"; do
  case "$arg" in
    --quick) QUICK=1 ;;
    --force) FORCE=1 ;;
    --no-write) WRITE=0 ;;
    --check) CHECK=1 ;;
    --only=*) ONLY=",${arg#--only=},"; WRITE=0 ;;
    --profile) PROFILE=1 ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown option $arg (see --help)" >&2; exit 2 ;;
  esac
done
MAX_LOAD="${MAX_LOAD:-1.5}"
want() { [[ -z "$ONLY" || "$ONLY" == *",$1,"* ]]; } # a row's key: engine settle open bulk roster absorb
if (( QUICK )); then
  # one 5-s open-loop run, shorter JMH iterations, one 15-s JIT round, no three-at-once backlog, and no waiting for a
  # quiet machine (a row measured above MAX_LOAD is marked, not refused), so that a change can be checked before and
  # after; its CPU s columns, unlike its rates, hardly depend on the load
  JMH_ARGS=(-f 1 -wi 2 -w 1s -i 2 -r 1s); SETTLE_WARM=5; SETTLE_S=10; OPEN_WARM=2; OPEN_S=5; OPEN_RUNS=1; PGBENCH_S=5
  BULK_N=5000; ROSTER_ROWS=10000; QUIET_WAIT="${QUIET_WAIT:-0}"; WATCH_TIMEOUT=900
  ABSORB_N=10000
else
  JMH_ARGS=(-f 1 -wi 3 -w 3s -i 5 -r 3s); SETTLE_WARM=10; SETTLE_S=30; OPEN_WARM=10; OPEN_S=30; OPEN_RUNS=3; PGBENCH_S=30
  BULK_N=50000; ROSTER_ROWS=1000000; QUIET_WAIT="${QUIET_WAIT:-180}"; WATCH_TIMEOUT=2400
  ABSORB_N=100000
fi
JIT_WARM_ROUNDS="${JIT_WARM_ROUNDS:-$(( QUICK ? 1 : 3 ))}"
JIT_WARM_S="${JIT_WARM_S:-$(( QUICK ? 15 : 40 ))}"
MARK_BUSY=$(( FORCE || QUICK )) # measure a row on a busy machine and mark it, instead of refusing it
# one-off overrides of the settle rows' warm-up and measuring seconds (a JIT-warm service: docs/benchmarks.md › Profile)
SETTLE_WARM="${SETTLE_WARM_S:-$SETTLE_WARM}" SETTLE_S="${SETTLE_RUN_S:-$SETTLE_S}" OPEN_WARM="${OPEN_WARM_S:-$OPEN_WARM}"
# Starting the suite (six JVMs, Kafka, PostgreSQL) drives the 1-minute load average to ~11 on two cores, and it decays
# only over minutes: wait for it once after the start, bounded, before the first row (not with --force).
START_QUIET_WAIT="${START_QUIET_WAIT:-$(( QUICK ? 0 : 300 ))}"
CONNECTIONS=16
OPEN_RATE=500
log() { printf '[bench] %s\n' "$*" >&2; }

# --- tools and jars -------------------------------------------------------------------------------------------------
if ! command -v pgbench >/dev/null || ! command -v psql >/dev/null; then
  if (( CHECK )); then log "pgbench/psql missing: a run installs postgresql-client"; else
    log "installing pgbench and psql (postgresql-client)"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq && apt-get install -y -qq --no-install-recommends postgresql-client >/dev/null
  fi
fi
missing=()
for jar in infra/launcher/target/onestop-launcher.jar gateway/target/gateway.jar identity-service/target/identity-service.jar \
           settlement-service/target/settlement-service.jar enrollment-service/target/enrollment-service.jar \
           monitoring-service/target/monitoring-service.jar; do
  [[ -f "$jar" ]] || missing+=("$jar")
done
if (( ${#missing[@]} )); then
  log "missing ${missing[*]}: run the README's build first (./mvnw -q -DskipTests package)"
  (( CHECK )) && exit 0 || exit 1
fi
if (( CHECK )); then log "options, tools and jars fine (nothing started)"; exit 0; fi

WORK="$(mktemp -d /tmp/onestop-bench.XXXXXX)"
LAUNCHER_PID=""
WATCHERS=()
STOPPED=() # consumers' JVMs stopped by the "alone" rows (SIGSTOP), resumed on any exit
resume_all() { for p in "${STOPPED[@]}"; do kill -CONT "$p" 2>/dev/null || true; done; STOPPED=(); }
cleanup() {
  local rc=$?
  (( ${#STOPPED[@]} )) && resume_all # a stopped JVM would not even see the launcher's SIGTERM
  for w in "${WATCHERS[@]}"; do # background watchers (below) and their JVMs, by process id
    pkill -TERM -P "$w" 2>/dev/null || true
    kill -TERM "$w" 2>/dev/null || true
  done
  if [[ -n "$LAUNCHER_PID" ]] && kill -0 "$LAUNCHER_PID" 2>/dev/null; then
    log "stopping the suite (launcher $LAUNCHER_PID)"
    kill -TERM "$LAUNCHER_PID" 2>/dev/null || true
    for _ in $(seq 1 90); do kill -0 "$LAUNCHER_PID" 2>/dev/null || break; sleep 1; done
    kill -KILL "$LAUNCHER_PID" 2>/dev/null || true
  fi
  if [[ $rc -ne 0 ]]; then log "FAILED (exit $rc); logs kept in $WORK"; elif (( PROFILE )); then log "kept $WORK (--profile)"; else rm -rf "$WORK"; fi
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# The policy benchmark jar is built by its own profile (docs/benchmarks.md), only when the sources are newer.
if [[ ! -f policy/target/policy-benchmarks.jar ]] || [[ -n "$(find policy/src -newer policy/target/policy-benchmarks.jar -type f | head -1)" ]]; then
  log "building policy/target/policy-benchmarks.jar"
  ./mvnw -q -B -ntp -pl policy -Pbenchmarks -DskipTests package >"$WORK/policy-build.log" 2>&1 || { tail -30 "$WORK/policy-build.log"; exit 1; }
fi
log "resolving the drivers' classpath (infra/bench)"
./mvnw -q -B -ntp compile dependency:build-classpath -pl infra/bench -am -Dmdep.includeScope=runtime \
  -Dmdep.outputFile="$WORK/bench.classpath" >"$WORK/classpath.log" 2>&1 || { tail -30 "$WORK/classpath.log"; exit 1; }
BENCH_CP="$(cat "$WORK/bench.classpath"):infra/bench/target/classes"
# the single-file tools, compiled once (a source launch compiles on every call: seconds of CPU before each settle run)
TOOLS="$WORK/tools"
javac -d "$TOOLS" infra/scripts/InternalToken.java infra/scripts/JfrTop.java \
  settlement-service/src/bench/java/org/onestop/settlement/bench/SettleLoad.java
bench() { java -cp "$BENCH_CP" org.onestop.bench.Bench "$@" 2> >(grep -v '^SLF4J' >&2); }
kv() { # key, "k=v k=v" line → value
  tr ' ' '\n' <<<"$2" | sed -n "s/^$1=//p"
}
calc() { python3 -c "print($1)"; }
fmt() { python3 -c "print(f'{round($1):,}')"; } # 12,345

# --- rows -----------------------------------------------------------------------------------------------------------
ROWS="$WORK/rows.tsv"
: >"$ROWS"
load1() { cut -d' ' -f1 /proc/loadavg; }
LOAD_START="$(cut -d' ' -f1-3 /proc/loadavg)"
# figure, value, ceiling, ratio, load before, load after, CPU s service, CPU s PostgreSQL, note
row() { local IFS=$'\t'; printf '%s\n' "$*" >>"$ROWS"; log "row ($SECONDS s since the start): $*"; }
ROW_LOAD="" ROW_NOTE=""
# Waits up to QUIET_WAIT s for the load to fall under MAX_LOAD; refuses the row (returns 1 after recording it busy)
# unless --force, which measures anyway and marks the row.
begin_row() {
  local figure="$1" waited=0
  while ! awk -v m="$MAX_LOAD" -v l="$(load1)" 'BEGIN { exit !(l <= m) }' && (( waited < QUIET_WAIT )); do
    sleep 5; waited=$((waited + 5))
  done
  ROW_LOAD="$(load1)" ROW_NOTE=""
  if awk -v m="$MAX_LOAD" -v l="$ROW_LOAD" 'BEGIN { exit !(l > m) }'; then
    if (( ! MARK_BUSY )); then
      row "$figure" "busy" "" "" "$ROW_LOAD" "" "" "" "load $ROW_LOAD > $MAX_LOAD before the run: not measured (--force to measure anyway)"
      return 1
    fi
    ROW_NOTE="$( (( FORCE )) && echo forced || echo "--quick, measured") at load $ROW_LOAD > $MAX_LOAD; "
  fi
  return 0
}

# CPU seconds (utime + stime) of a process; with "tree", also its reaped children's and its live children's.
cpu() {
  python3 - "$@" <<'EOF'
import os, sys
hz = os.sysconf("SC_CLK_TCK")
def stat(pid):
    with open(f"/proc/{pid}/stat") as f:
        return f.read().rsplit(")", 1)[1].split()
pid, tree = sys.argv[1], len(sys.argv) > 2
s = stat(pid)
ticks = int(s[11]) + int(s[12]) + ((int(s[13]) + int(s[14])) if tree else 0)
if tree:
    for p in os.listdir("/proc"):
        if p.isdigit():
            try:
                c = stat(p)
            except OSError:
                continue
            if c[1] == pid:
                ticks += int(c[11]) + int(c[12])
print(f"{ticks / hz:.2f}")
EOF
}
service_cpu() { cpu "${PIDS[$1]}"; }
# A JVM's heap, sampled each second by jstat (the JDK's own counters) while a row runs: heap_watch pid file & ... kill it;
# heap_peak file prints "peak_used_mb=… peak_committed_mb=… samples=…" (used = survivors + eden + old, which includes
# garbage not yet collected: an upper bound of what the row needed at once).
heap_watch() { exec jstat -gc "$1" 1000 > "$2"; }
heap_peak() {
  awk 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
       $1 ~ /^[0-9.]+$/ { u = $c["S0U"] + $c["S1U"] + $c["EU"] + $c["OU"]; k = $c["S0C"] + $c["S1C"] + $c["EC"] + $c["OC"];
                          if (u > mu) mu = u; if (k > mk) mk = k; n++ }
       END { printf "peak_used_mb=%.0f peak_committed_mb=%.0f samples=%d\n", mu / 1024, mk / 1024, n }' "$1"
}
pg_cpu() { cpu "$PG_PID" tree; }
delta() { calc "round($2 - $1, 1)"; }

# A missed target's distance, for the note: "missed: 0.19 of it (needs ×5.3)", or "met (×1.2)".
verdict() { # value target
  calc "'met (×' + str(round($1 / $2, 2)) + ')' if $1 >= $2 else 'missed: ' + str(round($1 / $2, 2)) + ' of it (needs ×' + str(round($2 / max($1, 1e-9), 1)) + ')'"
}

# The roster's heap against the issue's 512 MB: identity-service's peak heap (heap_peak's line), with how it was sampled.
heap_verdict() {
  local used committed samples
  used="$(kv peak_used_mb "$1")" committed="$(kv peak_committed_mb "$1")" samples="$(kv samples "$1")"
  if (( samples == 0 )); then echo "not measured (jstat gave no sample)"; return; fi
  echo "$( (( used < 512 )) && echo "met" || echo "missed"): peak $used MB used of $committed MB committed (identity-service, -Xmx512m; jstat every 1 s, $samples samples)"
}

# A row of events a second against a target: figure, events, seconds, target/s, load before, load after, CPU s service,
# CPU s PostgreSQL, the note after the verdict.
rate_row() {
  row "$1" "$(fmt "$2 / $3")/s" "$(fmt "$4")/s (target)" "$(calc "round($2 / $3 / $4, 2)")" "$5" "$6" "$7" "$8" \
    "${ROW_NOTE}$(verdict "$2 / $3" "$4"); $9"
}
# The work per event of one consumer and the rate two cores spent on it and its backends alone would allow at most:
# events, CPU s service, CPU s of its PostgreSQL backends.
per_1000() {
  echo "$(calc "round(1000 * $2 / $1, 3)") + $(calc "round(1000 * $3 / $1, 3)") CPU s per 1,000 (service + its PostgreSQL: at most $(fmt "2 * $1 / max($2 + $3, 0.01)")/s on two cores)"
}

# 1. The policy engine, before the suite starts (nothing else of ours on the cores).
if want engine && begin_row "policy engine, one thread (JMH)"; then
  lb="$ROW_LOAD"
  jmh_cpu="$(python3 - "$WORK/jmh.json" "${JMH_ARGS[@]}" <<'EOF'
import resource, subprocess, sys
out, args = sys.argv[1], sys.argv[2:]
subprocess.run(["java", "-jar", "policy/target/policy-benchmarks.jar", "settleTypicalInpatientWithLedger", *args,
                "-prof", "gc", "-rf", "json", "-rff", out], check=True, stdout=subprocess.DEVNULL)
r = resource.getrusage(resource.RUSAGE_CHILDREN)
print(f"{r.ru_utime + r.ru_stime:.1f}")
EOF
)"
  read -r ops alloc < <(python3 - "$WORK/jmh.json" <<'EOF'
import json, sys
b = json.load(open(sys.argv[1]))[0]
sec = b.get("secondaryMetrics", {})
alloc = next((v["score"] for k, v in sec.items() if k.endswith("gc.alloc.rate.norm")), float("nan"))
print(round(b["primaryMetric"]["score"]), round(alloc))
EOF
)
  row "policy engine, one thread" "$(fmt "$ops")/s, ${alloc} B/op" "1,000,000/s (target)" "$(calc "round($ops / 1e6, 3)")" \
    "$lb" "$(load1)" "$jmh_cpu (JMH)" "–" "${ROW_NOTE}1,000,000/s $(verdict "$ops" 1000000); ≤ 2,048 B/op $(verdict 2048 "$alloc")"
fi

# --- the suite ------------------------------------------------------------------------------------------------------
port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
OFFSET=""
# every port below the kernel's ephemeral range, where no outgoing connection can take it while a service starts
EPHEMERAL_LOW="$(awk '{print $1}' /proc/sys/net/ipv4/ip_local_port_range 2>/dev/null || echo 32768)"
for candidate in $(shuf -i 10-23 -n 14); do
  o=$((candidate * 1000))
  (( 9092 + o < EPHEMERAL_LOW )) || continue
  ok=1
  for p in 5433 9092 8080 8081 8082 8083 8084 8085; do port_free $((p + o)) || { ok=0; break; }; done
  (( ok )) && { OFFSET=$o; break; }
done
[[ -n "$OFFSET" ]] || { log "no free port offset found"; exit 1; }
PG=$((5433 + OFFSET)) KAFKA="localhost:$((9092 + OFFSET))" GATEWAY="http://localhost:$((8080 + OFFSET))"
SETTLEMENT="http://localhost:$((8082 + OFFSET))"
DATA="$WORK/data" SECRETS="$WORK/data/secrets"
log "starting the suite (ONESTOP_DATA_DIR=$DATA ONESTOP_PORT_OFFSET=$OFFSET ONESTOP_GATEWAY_RATE=1000000)"
READINESS_TIMEOUT="${READINESS_TIMEOUT:-1200}"
# a busy machine (--force) may need far more than the launcher's 120 s per service to start them all at once
ONESTOP_DATA_DIR="$DATA" ONESTOP_PORT_OFFSET="$OFFSET" ONESTOP_GATEWAY_RATE=1000000 ONESTOP_READINESS_TIMEOUT="$READINESS_TIMEOUT" \
  java -jar infra/launcher/target/onestop-launcher.jar >"$WORK/launcher.log" 2>&1 &
LAUNCHER_PID=$!
for _ in $(seq 1 $((READINESS_TIMEOUT + 300))); do
  grep -q "Press Ctrl-C" "$WORK/launcher.log" && break
  kill -0 "$LAUNCHER_PID" 2>/dev/null || { tail -40 "$WORK/launcher.log"; exit 1; }
  sleep 1
done
grep -q "Press Ctrl-C" "$WORK/launcher.log" || { log "the suite did not start within $((READINESS_TIMEOUT + 300)) s"; exit 1; }
STARTED="$(grep -o '[0-9]* of [0-9]* service instances UP.*' "$WORK/launcher.log" | head -1)"
log "$STARTED"
if (( ! FORCE )); then
  waited=0
  while awk -v m="$MAX_LOAD" -v l="$(load1)" 'BEGIN { exit !(l > m) }' && (( waited < START_QUIET_WAIT )); do
    (( waited % 60 == 0 )) && log "waiting for the suite's start to settle: load $(load1) > $MAX_LOAD (${waited} of ${START_QUIET_WAIT} s)"
    sleep 5; waited=$((waited + 5))
  done
  log "load $(load1) after waiting ${waited} s for the start to settle"
fi
[[ "$STARTED" =~ ^([0-9]+)\ of\ ([0-9]+) && "${BASH_REMATCH[1]}" == "${BASH_REMATCH[2]}" ]] || { log "not every service started"; exit 1; }

declare -A PIDS
for s in gateway identity-service settlement-service enrollment-service monitoring-service; do
  PIDS[$s]="$(pgrep -P "$LAUNCHER_PID" -f "$s/target/$s.jar" | head -1)"
  [[ -n "${PIDS[$s]}" ]] || { log "no process of $s under the launcher"; exit 1; }
done
# the postmaster: pg_ctl daemonises it (its parent is init, not the launcher), so its pid comes from its data directory
PG_PID="$(head -1 "$DATA/postgres/postmaster.pid" 2>/dev/null || true)"
[[ "$PG_PID" =~ ^[0-9]+$ ]] && grep -q postgres "/proc/$PG_PID/comm" || { log "no running postmaster in $DATA/postgres"; exit 1; }
ADMIN="$(kv admin "$(bench admin-listener "$SECRETS" $(ss -ltnpH | grep "pid=$LAUNCHER_PID," | awk '{print $4}' | sed 's/.*://' | sort -un | grep -vx "$((9092 + OFFSET))"))")"
log "broker super user's listener: $ADMIN"
# --profile: every service is recorded from here on, before any row (starting JFR on a busy service retransforms JDK
# classes and sets off a recompilation storm that halved the first profiled row); each row's profile is a dump of the
# running recording read for that row's window only (infra/scripts/JfrTop.java).
PROFILES=()
if (( PROFILE )); then
  for s in "${!PIDS[@]}"; do jcmd "${PIDS[$s]}" JFR.start name=bench settings=profile maxage=30m filename="$WORK/$s.jfr" >/dev/null; done
fi
profile() { # service label from_ms to_ms: a dump now (the recording keeps the last 30 min), read after the last row
  (( PROFILE )) || return 0
  local s="$1" label="$2"
  jcmd "${PIDS[$s]}" JFR.dump name=bench filename="$WORK/$label.$s.jfr" >/dev/null
  PROFILES+=("$label.$s $3 $4")
}

psql_super() { PGPASSWORD="$(cat "$SECRETS/postgres-superuser.password")" psql -h localhost -p "$PG" -U postgres -v ON_ERROR_STOP=1 -qAt "$@"; }
outbox_rows() { psql_super -d "$1" -c "select count(*) from messaging_outbox"; }
wait_outbox_empty() { # database, timeout s
  local until=$((SECONDS + $2))
  while [[ "$(outbox_rows "$1")" != 0 ]]; do (( SECONDS < until )) || return 1; sleep 0.25; done
}
now_ms() { date +%s%3N; }
# In the background from before the run that feeds it, so the moment is taken when it happens, not when asked:
# waits until GROUP committed past EXPECTED records of TOPIC after MARK and, with OUTBOX_DB, until that database's
# outbox is empty; then writes the caught-up line plus done_ms=… into FILE.
watch_group() { # TOPIC GROUP MARK EXPECTED OUTBOX_DB|"" FILE
  local topic="$1" group="$2" mark="$3" expected="$4" db="$5" file="$6"
  (
    out="$(bench caught-up "$ADMIN" "$SECRETS" "$topic" "$group" "$mark" "$expected" "$WATCH_TIMEOUT")" || { echo "$out" >"$file"; exit 1; }
    if [[ -n "$db" ]]; then wait_outbox_empty "$db" 600 || { echo "outbox=not-empty" >"$file"; exit 1; }; fi
    echo "$out done_ms=$(now_ms)" >"$file"
  ) &
  WATCHERS+=($!)
}
internal_token() {
  java -cp "$TOOLS" InternalToken "$DATA/gateway/internal-jwks-private.json" settlement-service \
    sub=hospital-h360402001 partner_type=hospital institution=H360402001 region=360402
}
partner_token() {
  curl -fsS -u "$(grep "^$1:" "$DATA/gateway/demo-credentials.txt")" -d grant_type=client_credentials \
    "$GATEWAY/oauth2/token" | python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])'
}
settle_load() { # args of SettleLoad after the base URL; a fresh internal token (it lives 60 s)
  local token
  token="$(internal_token)"
  java -DdirectToken="$token" -Dhospital=H360402001 -cp "$TOOLS" org.onestop.settlement.bench.SettleLoad "$SETTLEMENT" "$@"
}
scratch_db() { # name owner migration-dirs… : a database of the owner's schema, migrated from the service's own files
  local name="$1" owner="$2"; shift 2
  psql_super -d postgres -c "drop database if exists $name" -c "create database $name owner $owner"
  bench migrate "jdbc:postgresql://localhost:$PG/$name" "$owner" "$(cat "$SECRETS/postgres-$owner.password")" "$@" >/dev/null
}

# 2. Synchronous settle, closed loop, against pgbench of the same transaction at the same concurrency.
# The JIT first: a service that has just started runs the settle path interpreted and compiles it for minutes (the
# first profile: C2 busy, 12 s of compilations in a 30-s window, ~35 ms of CPU per settle). JIT_WARM_ROUNDS closed-loop
# rounds of JIT_WARM_S s after 5 s each (each with a fresh token), unmeasured, before the settle rows, so they measure the service warm.
if want settle || want open; then
  for round in $(seq 1 "$JIT_WARM_ROUNDS"); do
    log "JIT warm-up round $round of $JIT_WARM_ROUNDS: $(settle_load closed "$JIT_WARM_S" 10000 5 "jit-$round-$(date +%s)" "$CONNECTIONS" | tr '\n' ' ')"
  done
fi
if want settle && begin_row "settle, closed loop, $CONNECTIONS connections"; then
  lb="$ROW_LOAD" s0="$(service_cpu settlement-service)" p0="$(pg_cpu)"
  measured_from=$(( $(now_ms) + SETTLE_WARM * 1000 ))
  out="$(settle_load closed "$SETTLE_S" 10000 "$SETTLE_WARM" "closed-$(date +%s)" "$CONNECTIONS")"
  log "$out"
  profile settlement-service settle "$measured_from" "$(( measured_from + SETTLE_S * 1000 ))"
  s1="$(service_cpu settlement-service)" p1="$(pg_cpu)" la="$(load1)"
  rps="$(sed -n 's/.* \([0-9.]*\) answers\/s.*/\1/p' <<<"$out")"
  scratch_db settlement_ceiling settlement settlement-service/src/main/resources/db/migration messaging/src/main/resources/db/messaging
  pc0="$(pg_cpu)"
  tps="$(PGPASSWORD="$(cat "$SECRETS/postgres-settlement.password")" pgbench -n -c "$CONNECTIONS" -j 2 -T "$PGBENCH_S" \
    -f settlement-service/src/bench/pgbench/settle.sql -h localhost -p "$PG" -U settlement settlement_ceiling 2>"$WORK/pgbench.err" \
    | sed -n 's/^tps = \([0-9.]*\) .*/\1/p')"
  pc1="$(pg_cpu)"
  [[ -n "$tps" ]] || { cat "$WORK/pgbench.err" >&2; exit 1; }
  psql_super -d postgres -c "drop database settlement_ceiling"
  row "settle, closed loop, $CONNECTIONS connections" "$(calc "round($rps)")/s" "$(calc "round($tps)") tps (pgbench, $CONNECTIONS clients)" \
    "$(calc "round($rps / $tps, 2)")" "$lb" "$la" "$(delta "$s0" "$s1")" "$(delta "$p0" "$p1")" \
    "${ROW_NOTE}ratio ≥ 0.80 $(verdict "$rps / $tps" 0.8); pgbench: PostgreSQL $(delta "$pc0" "$pc1") CPU s in ${PGBENCH_S} s; ${SETTLE_S} s after ${SETTLE_WARM} s warm-up"
fi

# 3. Synchronous settle, open loop at 500/s, three runs.
for run in $(seq 1 "$OPEN_RUNS"); do
  want open && begin_row "settle, open loop ${OPEN_RATE}/s, run $run" || continue
  lb="$ROW_LOAD" s0="$(service_cpu settlement-service)" p0="$(pg_cpu)"
  out="$(settle_load "$OPEN_RATE" "$OPEN_S" 10000 "$OPEN_WARM" "open-$run-$(date +%s)" 32)"
  log "$out"
  s1="$(service_cpu settlement-service)" p1="$(pg_cpu)" la="$(load1)"
  p50="$(sed -n 's/.* p50 \([0-9.]*\) ms.*/\1/p' <<<"$out")" p99="$(sed -n 's/.* p99 \([0-9.]*\) ms.*/\1/p' <<<"$out")"
  p999="$(sed -n 's/.* p99\.9 \([0-9.]*\) ms.*/\1/p' <<<"$out")" answered="$(sed -n 's/.* \([0-9]*\) answers\/s.*/\1/p' <<<"$out")"
  failed="$(sed -n 's/.* \([0-9]*\) failed.*/\1/p' <<<"$out")"
  p99_verdict="$(calc "'met' if $p99 < 50 else 'missed by ' + str(round($p99 - 50, 1)) + ' ms'")"
  row "settle, open loop ${OPEN_RATE}/s, run $run" "p50 $p50 / p99 $p99 / p99.9 $p999 ms" "p99 < 50 ms (target)" "–" \
    "$lb" "$la" "$(delta "$s0" "$s1")" "$(delta "$p0" "$p1")" \
    "${ROW_NOTE}p99 target $p99_verdict; $answered answers/s, $failed failed; ${OPEN_S} s after ${OPEN_WARM} s at half rate"
done

# 4. Bulk discharges, topic → stored + result event, against Kafka alone carrying the same records; its result events
#    then feed monitoring's row.
COMPLETED_MARK="$WORK/settlement-completed.mark"
if want bulk && begin_row "bulk discharge.submitted.v1 → stored + result event"; then
  lb="$ROW_LOAD" seed="$(date +%s)"
  bench mark "$KAFKA" "$SECRETS" settlement.completed.v1 "$COMPLETED_MARK"
  watch_group settlement.completed.v1 monitoring-service "$COMPLETED_MARK" "$BULK_N" monitoring "$WORK/monitoring.out"
  monitoring_watch=$!
  s0="$(service_cpu settlement-service)" p0="$(pg_cpu)" m0="$(service_cpu monitoring-service)"
  bulk_from="$(now_ms)"
  out="$(bench bulk "$KAFKA" "$SECRETS" "$BULK_N" "$seed" 900)"
  log "bulk: $out"
  s1="$(service_cpu settlement-service)" p1="$(pg_cpu)" la="$(load1)"
  profile settlement-service bulk "$bulk_from" "$(now_ms)"
  # monitoring's row is read before the ceiling runs, so the ceiling does not compete with monitoring's consumer
  wait "$monitoring_watch" || { log "monitoring did not catch up: $(cat "$WORK/monitoring.out")"; exit 1; }
  m1="$(service_cpu monitoring-service)" pm="$(pg_cpu)" lm="$(load1)"
  ceiling="$(bench kafka-ceiling "$ADMIN" "$SECRETS" "$BULK_N" "c$seed")"
  log "kafka ceiling: $ceiling"
  rate="$(calc "round($BULK_N / $(kv done_s "$out"))")"
  crate="$(calc "round($BULK_N / ($(kv produce_s "$ceiling") + $(kv consume_s "$ceiling")))")"
  row "bulk, $(fmt "$BULK_N") discharges → stored + result event" "$(fmt "$rate")/s" \
    "$(fmt "$crate")/s (produce $(kv produce_s "$ceiling") s + consume $(kv consume_s "$ceiling") s)" \
    "$(calc "round($rate / $crate, 3)")" "$lb" "$la" "$(delta "$s0" "$s1")" "$(delta "$p0" "$p1")" \
    "${ROW_NOTE}≥ 10,000/s $(verdict "$rate" 10000); ratio ≥ 0.20 $(verdict "$rate / $crate" 0.2); each a new person's first discharge"

  mon="$(cat "$WORK/monitoring.out")"
  profile monitoring-service monitoring "$(kv first_ms "$mon")" "$(kv done_ms "$mon")"
  events="$(kv events "$mon")" secs="$(calc "round(($(kv done_ms "$mon") - $(kv first_ms "$mon")) / 1000, 3)")"
  rate_row "monitoring, settlement events → warnings published" "$events" "$secs" 10000 \
    "$lb" "$lm" "$(delta "$m0" "$m1")" "$(delta "$p0" "$pm")" "the bulk row's $(fmt "$events") result events in $secs s, from the first one's production to monitoring's last commit and empty outbox: bounded by the bulk rate; CPU s from the bulk's start"
fi

# 5. The identity roster, stored and published, against COPY of its rows + producing its events; the identity events
#    then give the absorption rows.
IDENTITY_MARK="$WORK/identity-changed.mark"
if want roster && begin_row "roster $ROSTER_ROWS rows"; then
  lb="$ROW_LOAD"
  python3 - "$WORK/roster.csv" "$ROSTER_ROWS" <<'EOF'
import datetime, sys
# 附件2 of Jiujiang (infra/scripts/replicas-bench.sh): one-person households, GB 11643 check digits, all distinct
out, rows = sys.argv[1], int(sys.argv[2])
W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
with open(out, "w", encoding="utf-8") as f:
    f.write("乡(镇),行政村,户主姓名,身份证号码,家庭人口数,家庭成员姓名,身份证号码\n")
    for n in range(rows):
        day = datetime.date(1930, 1, 1) + datetime.timedelta(days=n // 900)
        first = "360402" + day.strftime("%Y%m%d") + "%03d" % (100 + n % 900)
        f.write(f"甘棠街道,测试村,户主{n},{first}{'10X98765432'[sum(int(c) * w for c, w in zip(first, W)) % 11]},1,,\n")
EOF
  bench mark "$KAFKA" "$SECRETS" identity.changed.v1 "$IDENTITY_MARK"
  declare -A WATCH
  for g in enrollment-service settlement-service monitoring-service; do
    watch_group identity.changed.v1 "$g" "$IDENTITY_MARK" "$ROSTER_ROWS" "$([[ $g == enrollment-service ]] && echo enrollment)" "$WORK/$g.identity.out"
    WATCH[$g]=$!
  done
  department="$(partner_token civil-affairs-360400)"
  declare -A C0 C1
  for s in identity-service settlement-service enrollment-service monitoring-service; do C0[$s]="$(service_cpu "$s")"; done
  heap_watch "${PIDS[identity-service]}" "$WORK/roster.heap" &
  HEAP_WATCH=$!
  WATCHERS+=("$HEAP_WATCH")
  p0="$(pg_cpu)" start_ms="$(now_ms)"
  curl -fsS -o "$WORK/roster.json" --max-time 900 -H "Authorization: Bearer $department" -H 'Content-Type: text/csv' \
    --data-binary @"$WORK/roster.csv" \
    "$GATEWAY/api/v1/identity/batches/csv?department=CIVIL_AFFAIRS&category=DIBAO&regionCode=360402&departmentReference=bench-$(date +%s)&effectiveDate=2026-01-01"
  stored_ms="$(now_ms)"
  wait_outbox_empty identity 900
  published_ms="$(now_ms)" i1="$(service_cpu identity-service)" p1="$(pg_cpu)" la="$(load1)"
  kill "$HEAP_WATCH" 2>/dev/null || true
  heap="$(heap_peak "$WORK/roster.heap")"
  log "identity-service heap during the roster: $heap"
  profile identity-service roster "$start_ms" "$published_ms"
  accepted="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["acceptedRows"])' "$WORK/roster.json")"
  [[ "$accepted" == "$ROSTER_ROWS" ]] || { log "only $accepted of $ROSTER_ROWS rows accepted: $(head -c 600 "$WORK/roster.json")"; exit 1; }
  rate="$(calc "round($accepted / (($published_ms - $start_ms) / 1000))")"
  declare -A ABSORB
  for g in enrollment-service settlement-service monitoring-service; do
    wait "${WATCH[$g]}" || { log "$g did not catch up: $(cat "$WORK/$g.identity.out")"; exit 1; }
    ABSORB[$g]="$(cat "$WORK/$g.identity.out")" C1[$g]="$(service_cpu "$g")"
    log "$g absorbed: ${ABSORB[$g]}"
    profile "$g" roster-absorb "$(kv first_ms "${ABSORB[$g]}")" "$(kv done_ms "${ABSORB[$g]}")"
  done
  pa="$(pg_cpu)" la2="$(load1)"

  scratch_db identity_ceiling identity identity-service/src/main/resources/db/migration messaging/src/main/resources/db/messaging
  superpw="$(cat "$SECRETS/postgres-superuser.password")"
  ceiling="$(bench copy-ceiling "jdbc:postgresql://localhost:$PG/identity" "jdbc:postgresql://localhost:$PG/identity_ceiling" \
    postgres "$superpw" "$KAFKA" "$ADMIN" "$SECRETS" "$IDENTITY_MARK" "$accepted")"
  log "copy ceiling: $ceiling"
  psql_super -d postgres -c "drop database identity_ceiling"
  crate="$(calc "round($accepted / ($(kv copy_s "$ceiling") + $(kv produce_s "$ceiling")))")"
  row "roster, $accepted rows stored and published" "$(fmt "$rate")/s ($(calc "round(($published_ms - $start_ms) / 1000, 1)") s; stored $(calc "round(($stored_ms - $start_ms) / 1000, 1)") s)" \
    "$(fmt "$crate")/s (COPY of $(kv rows "$ceiling") rows $(kv copy_s "$ceiling") s + produce $(kv produce_s "$ceiling") s)" \
    "$(calc "round($rate / $crate, 3)")" "$lb" "$la" "$(delta "${C0[identity-service]}" "$i1")" "$(delta "$p0" "$p1")" \
    "${ROW_NOTE}1,000,000 rows < 30 s, i.e. ≥ 33,334/s, $(verdict "$rate" 33334); ratio ≥ 0.30 $(verdict "$rate / $crate" 0.3); heap < 512 MB $(heap_verdict "$heap"); through the gateway as civil-affairs-360400"

  e="$(kv events "${ABSORB[enrollment-service]}")"
  secs="$(calc "round(($(kv done_ms "${ABSORB[enrollment-service]}") - $(kv first_ms "${ABSORB[enrollment-service]}")) / 1000, 3)")"
  rate_row "enrollment, identity events → subsidy decisions published" "$e" "$secs" 5000 \
    "$lb" "$la2" "$(delta "${C0[enrollment-service]}" "${C1[enrollment-service]}")" "$(delta "$p0" "$pa")" "$(fmt "$e") events in $secs s, from the first one's production to enrollment's last commit and empty outbox: bounded by the roster's publishing; CPU s cover the whole roster run"
  for g in settlement-service enrollment-service monitoring-service; do
    e="$(kv events "${ABSORB[$g]}")" secs="$(kv seconds "${ABSORB[$g]}")"
    rate_row "identity events absorbed by ${g%-service}" "$e" "$secs" 10000 \
      "$lb" "$la2" "$(delta "${C0[$g]}" "${C1[$g]}")" "$(delta "$p0" "$pa")" "$(fmt "$e") events in $secs s, from the first one's production to the group's last commit: bounded by the roster's publishing; CPU s cover the whole roster run"
  done
fi
# 6. Identity absorption from a backlog: ABSORB_N new persons' identity events produced at once (well under a second),
#    so each consumer's rate is its own, not the roster's publishing; PostgreSQL's CPU is split by database (the
#    backends of each service's connections), so each row gets its own consumer's share.
backend_cpu() { # database → CPU s of the PostgreSQL backends now connected to it
  local pids
  pids="$(psql_super -d postgres -c "select pid from pg_stat_activity where datname = '$1'" | tr '\n' ' ')"
  python3 - $pids <<'EOF'
import os, sys
t = 0
for pid in sys.argv[1:]:
    try:
        s = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
        t += int(s[11]) + int(s[12])
    except OSError:
        pass
print(f"{t / os.sysconf('SC_CLK_TCK'):.2f}")
EOF
}
BACKLOG_MARK="$WORK/identity-backlog.mark"
# (not in --quick, for its time: a change's before/after shows in the "alone" rows below)
if want absorb && (( ! QUICK )) && begin_row "identity backlog, $ABSORB_N events"; then
  lb="$ROW_LOAD"
  bench mark "$KAFKA" "$SECRETS" identity.changed.v1 "$BACKLOG_MARK"
  declare -A BWATCH B0 BP0
  for g in enrollment settlement monitoring; do
    watch_group identity.changed.v1 "$g-service" "$BACKLOG_MARK" "$ABSORB_N" "$([[ $g == enrollment ]] && echo enrollment)" "$WORK/$g.backlog.out"
    BWATCH[$g]=$!
    B0[$g]="$(service_cpu "$g-service")" BP0[$g]="$(backend_cpu "$g")"
  done
  out="$(bench identity "$KAFKA" "$SECRETS" "$ABSORB_N" "backlog-$(date +%s)")"
  log "identity backlog produced: $out"
  for g in enrollment settlement monitoring; do
    wait "${BWATCH[$g]}" || { log "$g did not catch up: $(cat "$WORK/$g.backlog.out")"; exit 1; }
    res="$(cat "$WORK/$g.backlog.out")" s1="$(service_cpu "$g-service")" p1="$(backend_cpu "$g")" la="$(load1)"
    profile "$g-service" backlog "$(kv first_ms "$res")" "$(kv done_ms "$res")"
    e="$(kv events "$res")"
    secs="$(calc "round(($(kv done_ms "$res") - $(kv first_ms "$res")) / 1000, 3)")"
    ds="$(delta "${B0[$g]}" "$s1")" dp="$(delta "${BP0[$g]}" "$p1")"
    per="$(per_1000 "$e" "$ds" "$dp")"
    if [[ $g == enrollment ]]; then
      rate_row "enrollment, $(fmt "$e") identity events from a backlog → subsidy decisions published" "$e" "$secs" 5000 \
        "$lb" "$la" "$ds" "$dp (its backends)" "$per; from the first event's production to the group's last commit and an empty outbox"
    fi
    rate_row "identity events absorbed by $g, $(fmt "$e") from a backlog" "$e" "$secs" 10000 \
      "$lb" "$la" "$ds" "$dp (its backends)" "$per; the three consumers ran at once on the same cores; from the first event's production to the group's last commit"
  done
fi
# What part of an alone row was the consumer's start: its first commit past the marks, seen s after its resumption,
# and its pace from there to its last commit (events/s). The row's figure stays the whole span from the resumption.
pace_after_first_commit() { # caught-up's line, resumption ms
  local moved="$(kv moved_ms "$1")" before="$(kv moved_events "$1")"
  if [[ -z "$moved" || "$moved" == 0 ]] || (( $(kv caught_ms "$1") <= moved )); then
    echo "its first commit was seen only with its last"; return
  fi
  echo "first commit seen $(calc "round(($moved - $2) / 1000, 1)") s after its resumption (rejoining its group, its first poll and transaction), then $(fmt "($(kv events "$1") - $before) / (($(kv caught_ms "$1") - $moved) / 1000)")/s to its last commit (watched every 250 ms)"
}
# 7. Each consumer alone: the targets are per consumer ("each absorbs ≥ 10,000/s"), and above the three shared the two
#    cores with each other. A second backlog of ABSORB_N is produced while the three consumers' JVMs are stopped
#    (SIGSTOP: they neither fetch nor heartbeat), then each is resumed in turn (SIGCONT) once the one before caught up,
#    and timed from its resumption to its group's commit past the last event (enrollment: also to its empty outbox),
#    the others stopped or idle. A consumer stopped for longer than its group's session timeout rejoins its group on
#    resumption: that rebalance is inside its time.
ALONE_MARK="$WORK/identity-alone.mark"
if want absorb && begin_row "identity backlog, each consumer alone"; then
  bench mark "$KAFKA" "$SECRETS" identity.changed.v1 "$ALONE_MARK"
  for g in settlement monitoring enrollment; do kill -STOP "${PIDS[$g-service]}"; STOPPED+=("${PIDS[$g-service]}"); done
  out="$(bench identity "$KAFKA" "$SECRETS" "$ABSORB_N" "alone-$(date +%s)")"
  log "identity backlog produced with the consumers stopped: $out"
  for g in settlement monitoring enrollment; do
    watch_group identity.changed.v1 "$g-service" "$ALONE_MARK" "$ABSORB_N" "$([[ $g == enrollment ]] && echo enrollment)" "$WORK/$g.alone.out"
    w=$! s0="$(service_cpu "$g-service")" p0="$(backend_cpu "$g")" la0="$(load1)"
    # the watcher is a JVM that needs ~1-2 s to start and log in: resumed before it watches, a consumer that catches
    # up within that time would be timed at the watcher's first look, not at its last commit
    sleep 4
    cont_ms="$(now_ms)"
    kill -CONT "${PIDS[$g-service]}"
    wait "$w" || { log "$g did not catch up alone: $(cat "$WORK/$g.alone.out")"; exit 1; }
    res="$(cat "$WORK/$g.alone.out")" s1="$(service_cpu "$g-service")" p1="$(backend_cpu "$g")" la="$(load1)"
    profile "$g-service" alone "$cont_ms" "$(kv done_ms "$res")"
    e="$(kv events "$res")" ds="$(delta "$s0" "$s1")" dp="$(delta "$p0" "$p1")"
    absorbed="$(calc "round(($(kv caught_ms "$res") - $cont_ms) / 1000, 3)")"
    per="$(per_1000 "$e" "$ds" "$dp")"
    if [[ $g == enrollment ]]; then
      decided="$(calc "round(($(kv done_ms "$res") - $cont_ms) / 1000, 3)")"
      rate_row "enrollment alone, $(fmt "$e") identity events from a backlog → subsidy decisions published" "$e" "$decided" 5000 \
        "$la0" "$la" "$ds" "$dp (its backends)" "$per; from its resumption to its group's last commit and an empty outbox, the other consumers idle"
    fi
    pace="$(pace_after_first_commit "$res" "$cont_ms")"
    rate_row "identity events absorbed by $g alone, $(fmt "$e") from a backlog" "$e" "$absorbed" 10000 \
      "$la0" "$la" "$ds" "$dp (its backends)" "$per; from its resumption to its group's last commit, the other consumers stopped or idle; $pace"
  done
  resume_all
fi
LOAD_END="$(cut -d' ' -f1-3 /proc/loadavg)"

# --- the table ------------------------------------------------------------------------------------------------------
COMMIT="$(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
git diff --quiet HEAD 2>/dev/null || COMMIT="$COMMIT + uncommitted changes"
MACHINE="$(nproc) cores ($(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)), $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo)"
# (an assignment takes the status of its last command substitution: each must succeed under set -e)
MODE="$( (( QUICK )) && echo "--quick" || echo "full")$( (( FORCE )) && echo ", --force" || true)"
python3 - "$ROWS" "$WORK/table.md" "$(date -u '+%Y-%m-%d %H:%M UTC')" "$COMMIT" "$MACHINE" "$LOAD_START" "$LOAD_END" "$MODE" "$STARTED" <<'EOF'
import sys
rows, out, date, commit, machine, load_start, load_end, mode, started = sys.argv[1:]
lines = [f"Measured {date} by `infra/scripts/bench.sh` ({mode}) at commit {commit}; machine: {machine}; "
         f"load average (1, 5, 15 min) {load_start} at the start, {load_end} at the end; suite: {started}.", "",
         "| figure | value | ceiling | ratio | load before → after | CPU s service | CPU s PostgreSQL | note |",
         "|---|---|---|---|---|---|---|---|"]
for r in open(rows, encoding="utf-8").read().splitlines():
    f = r.split("\t") + [""] * 9
    lines.append(f"| {f[0]} | {f[1]} | {f[2]} | {f[3]} | {f[4]} → {f[5]} | {f[6]} | {f[7]} | {f[8]} |")
open(out, "w", encoding="utf-8").write("\n".join(lines) + "\n")
EOF
echo
if (( ${#PROFILES[@]} )); then # each row's profile: the share of CPU, and the top frames of the suite's own code
  for p in "${PROFILES[@]}"; do
    read -r name from to <<<"$p"
    java -cp "$TOOLS" JfrTop "$WORK/$name.jfr" 25 "$from" "$to" >"$WORK/$name.profile.txt" 2>&1 && rm -f "$WORK/$name.jfr"
    echo "### $name (all of it: $WORK/$name.profile.txt)"
    sed -n '1,3p' "$WORK/$name.profile.txt"
    # (sed reads to the end: a head closing the pipe early could fail the pipeline under pipefail)
    sed -n '/^## self/,/^$/p' "$WORK/$name.profile.txt" | sed -n '1,12p'
    sed -n '/^## total, org.onestop only/,$p' "$WORK/$name.profile.txt" | sed -n '1,12p'
    echo
  done
fi
cat "$WORK/table.md"
log "measured in $SECONDS s"
if (( WRITE )); then
  python3 - docs/benchmarks.md "$WORK/table.md" <<'EOF'
import sys
doc, table = sys.argv[1], open(sys.argv[2], encoding="utf-8").read()
begin, end = "<!-- bench.sh table: begin -->", "<!-- bench.sh table: end -->"
text = open(doc, encoding="utf-8").read()
if begin not in text or end not in text:
    sys.exit(f"{doc} has no {begin} … {end} markers")
head, rest = text.split(begin, 1)
open(doc, "w", encoding="utf-8").write(head + begin + "\n" + table + end + rest.split(end, 1)[1])
EOF
  log "the table is in docs/benchmarks.md"
fi
