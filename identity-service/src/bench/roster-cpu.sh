#!/usr/bin/env bash
# CPU seconds per 1,000 roster rows of identity-service and of PostgreSQL (issue 17), split into "stored" (until the
# upload is answered) and "published" (until the outbox is empty), from /proc/<pid>/stat as bench.sh reads them. CPU
# seconds, unlike wall time, stay comparable on a shared machine (though inflated under heavy load). Needs a running
# identity-service on BenchInfrastructure (docs/benchmarks.md, "The roster path profiled") and:
#   IDENTITY_PID   the service's JVM          PG_DATA  BenchInfrastructure's <dir>/pg (postmaster.pid is read)
#   PG_PORT        its PostgreSQL port        DB_PASSWORD  the secret BenchInfrastructure printed
#   JWKS_PRIVATE   the private JWK set the service's ONESTOP_INTERNAL_JWKS_URI publishes (a launcher data dir's
#                  gateway/internal-jwks-private.json)        IDENTITY_URL  default http://127.0.0.1:8081
# Usage: identity-service/src/bench/roster-cpu.sh ROWS SEED   (a new SEED gives new persons: 附件2, one-person households)
set -euo pipefail
ROWS="$1" SEED="$2" URL="${IDENTITY_URL:-http://127.0.0.1:8081}"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
FILE="${TMPDIR:-/tmp}/roster-$ROWS-$SEED.csv"
[[ -f "$FILE" ]] || python3 - "$FILE" "$ROWS" "$SEED" <<'PY'
import datetime, sys
out, rows, seed = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
with open(out, "w", encoding="utf-8") as f:
    f.write("乡(镇),行政村,户主姓名,身份证号码,家庭人口数,家庭成员姓名,身份证号码\n")
    for n in range(rows):
        # 900 numbers a day, each seed 1,200 days later: distinct persons up to 1,080,000 rows a seed
        day = datetime.date(1930, 1, 1) + datetime.timedelta(days=n // 900 + seed * 1200)
        first = "360402" + day.strftime("%Y%m%d") + "%03d" % (100 + n % 900)
        f.write(f"甘棠街道,测试村,户主{n},{first}{'10X98765432'[sum(int(c) * w for c, w in zip(first, W)) % 11]},1,,\n")
PY
cpu() { # utime + stime of a process; with "tree", plus its reaped and live children (the postmaster's backends)
  python3 - "$@" <<'PY'
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
print(ticks / hz)
PY
}
PG_PID="$(head -1 "$PG_DATA/postmaster.pid")"
TOKEN="$(java "$ROOT/infra/scripts/InternalToken.java" "$JWKS_PRIVATE" identity-service sub=civil-affairs-360400 \
  partner_type=department department=CIVIL_AFFAIRS region=360400)"
outbox() { PGPASSWORD="$DB_PASSWORD" psql -h localhost -p "$PG_PORT" -U identity -d identity -qAt -c "select count(*) from messaging_outbox"; }
now() { date +%s%3N; }
s0="$(cpu "$IDENTITY_PID")" p0="$(cpu "$PG_PID" tree)" l0="$(cut -d' ' -f1 /proc/loadavg)" t0="$(now)"
curl -fsS -o "${TMPDIR:-/tmp}/roster-cpu.json" --max-time 1800 -H "Authorization: Bearer $TOKEN" -H 'Content-Type: text/csv' \
  --data-binary @"$FILE" "$URL/api/v1/identity/batches/csv?department=CIVIL_AFFAIRS&category=DIBAO&regionCode=360402&departmentReference=cpu-$ROWS-$SEED-$(date +%s)&effectiveDate=2026-01-01"
t1="$(now)" s1="$(cpu "$IDENTITY_PID")" p1="$(cpu "$PG_PID" tree)"
while [[ "$(outbox)" != 0 ]]; do sleep 0.2; done
t2="$(now)" s2="$(cpu "$IDENTITY_PID")" p2="$(cpu "$PG_PID" tree)" l2="$(cut -d' ' -f1 /proc/loadavg)"
python3 - "${TMPDIR:-/tmp}/roster-cpu.json" <<PY
import json, sys
r = json.load(open(sys.argv[1])); k = $ROWS / 1000
print(f"$ROWS rows, {r['acceptedRows']} accepted; stored {($t1 - $t0) / 1000:.1f} s, published {($t2 - $t0) / 1000:.1f} s; load $l0 -> $l2")
print(f"CPU ms per 1,000 rows: stored: service {($s1 - $s0) / k * 1000:.0f}, PostgreSQL {($p1 - $p0) / k * 1000:.0f}; "
      f"published: service {($s2 - $s1) / k * 1000:.0f}, PostgreSQL {($p2 - $p1) / k * 1000:.0f}; "
      f"total: service {($s2 - $s0) / k * 1000:.0f}, PostgreSQL {($p2 - $p0) / k * 1000:.0f}")
PY
