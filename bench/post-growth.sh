#!/usr/bin/env bash
# Does the cost of POST /transactions/new follow the mempool's size? One fresh node (its own
# Dynoxide, difficulty 2, 16 funded senders), then WINDOWS back-to-back POST windows of WINDOW
# each (wrk -t2 -c16, bench/post.lua) with nothing mined in between, so the mempool grows by each
# window's accepted transactions. Per window: accepted/s, p99, and the CPU milliseconds the JVM
# and Dynoxide spent per accepted transaction. Then the mempool is drained and every accepted id
# is checked to be confirmed exactly once.
# Usage: bench/post-growth.sh   (env: PORT=5105, WINDOWS=6, WINDOW=10s, NODE_JAVA_OPTS=)   ~2 minutes
set -euo pipefail
source "$(dirname "$0")/lib.sh"
require_jar
cd "$BENCH_ROOT"

PORT=${PORT:-5105}
URL=http://127.0.0.1:$PORT
OUT=$(out_dir post-growth)
WRK=(wrk -t2 -c16 --latency --timeout 10s -s bench/post.lua)
# shellcheck disable=SC2086
start_node "$PORT" "$OUT/node.log" ${NODE_JAVA_OPTS:-} ${NODE_JAVA_OPTS:+--} --difficulty 2
python3 bench/node.py fund "$URL" sender 16 50000 >/dev/null
mkdir -p "$OUT/ids-warm"
BENCH_TAG=warm BENCH_IDS=$OUT/ids-warm "${WRK[@]}" -d10s "$URL" >/dev/null
echo "## POST cost against mempool size ($(date -u +%Y-%m-%dT%H:%MZ), java options: ${NODE_JAVA_OPTS:-none})"
echo
echo "| window | pending before | accepted/s | p50 ms | p99 ms | JVM ms CPU per accepted | Dynoxide ms CPU per accepted | others' CPU (cores) |"
echo "|---:|---:|---:|---:|---:|---:|---:|---:|"
pending=$(cat "$OUT"/ids-warm/*.txt | wc -l)
for w in $(seq "${WINDOWS:-6}"); do
  quiet 10 2>>"$OUT/quiet.txt"
  mkdir -p "$OUT/ids-g$w"
  before=$(python3 bench/cpu.py snapshot "$NODE_PID")
  BENCH_TAG=g$w BENCH_IDS=$OUT/ids-g$w /usr/bin/time -f "%U %S" -o "$OUT/w$w.time" "${WRK[@]}" -d"${WINDOW:-10s}" "$URL" >"$OUT/w$w.txt"
  python3 bench/cpu.py since "$NODE_PID" "$before" "$(awk '{print $1 + $2}' "$OUT/w$w.time")" >>"$OUT/w$w.txt"
  python3 - "$OUT/w$w.txt" "$w" "$pending" <<'PY'
import re, sys
sys.path.insert(0, "bench")
import wrkrow
text = open(sys.argv[1]).read()
r = wrkrow.parse(text)
acc = r["accepted"]
per = lambda cores: f"{1000 * float(cores) / acc:.2f}" if acc else "-"
print(f"| {sys.argv[2]} | {sys.argv[3]} | {acc:.0f} | {r['p50']:.2f} | {r['p99']:.2f} | {per(r['jvm'])} "
      f"| {per(r['engine'])} | {r['others']} |")
PY
  pending=$((pending + $(grep -h STATUSES "$OUT/w$w.txt" | sed -E 's/.*201=([0-9]+).*/\1/')))
done
echo
python3 bench/node.py drain "$URL"
status=0
for tag in warm $(seq -f "g%.0f" "${WINDOWS:-6}"); do
  python3 bench/node.py verify "$URL" "$tag" "$OUT/ids-$tag" 16 || status=1
done
exit $status
