#!/usr/bin/env bash
# CPU seconds (user + system) used so far by a process and by a PostgreSQL server (postmaster + its children).
# Read before and after a run; the differences divided by the records give CPU per record, a figure the other
# work streams' load on the shared machine distorts far less than wall-clock throughput.
# Usage: cpu.sh <service pid> <postgres data directory>   → "<service s> <postgres s>"
set -euo pipefail
pm=$(head -1 "$2/postmaster.pid")
t=$(getconf CLK_TCK)
s=$(awk '{print $14 + $15}' "/proc/$1/stat")
p=0
for q in $pm $(ps --ppid "$pm" -o pid=); do
  v=$(awk '{print $14 + $15}' "/proc/$q/stat" 2>/dev/null || echo 0); p=$((p + v))
done
python3 -c "print(f'{$s / $t:.2f} {$p / $t:.2f}')"
