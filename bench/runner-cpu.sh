#!/usr/bin/env bash
# The local runner's own CPU per request (issue 21: measure the HTTP front before and after a
# change): wrk on GET /info and GET /balance/genesis against one node (its own Dynoxide, in
# memory), and the node JVM's CPU time (utime + stime from /proc, without the engine, which is a
# child process counted apart) divided by the requests wrk completed. Run it on a quiet machine
# (it waits up to 30 s for one), once on each build to compare, e.g. main and a branch:
#   git stash / checkout A; mvn -q -DskipTests package; bench/runner-cpu.sh
#   git checkout B;         mvn -q -DskipTests package; bench/runner-cpu.sh
# Usage: bench/runner-cpu.sh   (env: PORT=5111, DURATION=20s, WARMUP=10s, CONNECTIONS=8)   ~2 minutes
# Needs wrk (apt-get install wrk).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
require_jar
cd "$BENCH_ROOT"
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 2; }

PORT=${PORT:-5111}
DURATION=${DURATION:-20s}
WARMUP=${WARMUP:-10s}
CONNECTIONS=${CONNECTIONS:-8}
URL=http://127.0.0.1:$PORT
OUT=$(out_dir runner-cpu)
WRK=(wrk -t2 -c"$CONNECTIONS" --timeout 10s)
TICKS=$(getconf CLK_TCK)

start_node "$PORT" "$OUT/node.log" --difficulty 2
echo "node on $URL, output in $OUT ($(git -C "$BENCH_ROOT" rev-parse --short HEAD 2>/dev/null || echo '?'))"

# measure NAME LABEL PATH: one wrk run (output in $OUT/NAME.txt); prints a table row
measure() {
  local name=$1 label=$2 path=$3 before after requests errors
  "${WRK[@]}" -d"$WARMUP" "$URL$path" >/dev/null # JIT warm-up, not counted
  quiet 2>>"$OUT/quiet.txt"
  before=$(python3 bench/cpu.py snapshot "$NODE_PID")
  "${WRK[@]}" -d"$DURATION" "$URL$path" >"$OUT/$name.txt"
  after=$(python3 bench/cpu.py snapshot "$NODE_PID")
  requests=$(awk '/requests in/ {print $1}' "$OUT/$name.txt")
  errors=$(awk '/Non-2xx|Socket errors/ {print}' "$OUT/$name.txt" | tr '\n' ' ')
  awk -v b="$before" -v a="$after" -v n="$requests" -v t="$TICKS" -v label="$label" -v errors="$errors" 'BEGIN {
    split(b, x, " "); split(a, y, " ");
    wall = y[5] - x[5]; jvm = (y[1] - x[1]) / t; engine = (y[2] - x[2]) / t;
    printf "| %s | %d | %.0f | %.1f | %.1f | %.2f | %s |\n", label, n, n / wall, 1e6 * jvm / n, 1e6 * engine / n,
      jvm / wall, errors == "" ? "none" : errors
  }'
}

echo
echo "## Runner CPU per request ($(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, wrk -t2 -c$CONNECTIONS -d$DURATION)"
echo
echo "| route | requests | per second | node JVM CPU µs/request | engine CPU µs/request | JVM cores | errors |"
echo "|---|---|---|---|---|---|---|"
measure info "GET /info" /info
measure balance "GET /balance/genesis" /balance/genesis
