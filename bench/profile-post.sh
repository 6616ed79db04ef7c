#!/usr/bin/env bash
# Where POST /transactions/new spends its time: the HTTP benchmark's POST load (wrk -t2 -c16,
# 16 pre-funded senders, difficulty 2): a 15 s warm-up, 15 s without a recording (the baseline),
# then 15 s under JFR (settings=profile, started and stopped with jcmd), summarised by
# bench/jfrsummary.py. Usage: bench/profile-post.sh   (env: PORT=5103, JFR_SETTINGS=profile) ~80 s
set -euo pipefail
source "$(dirname "$0")/lib.sh"
require_jar
cd "$BENCH_ROOT"

PORT=${PORT:-5103}
URL=http://127.0.0.1:$PORT
OUT=$(out_dir profile-post)
WRK=(wrk -t2 -c16 --latency --timeout 10s -s bench/post.lua)

start_node "$PORT" "$OUT/node.log" --difficulty 2
python3 bench/node.py fund "$URL" sender 16 50000
mkdir -p "$OUT/ids"
BENCH_TAG=warm BENCH_IDS=$OUT/ids "${WRK[@]}" -d15s "$URL" >/dev/null
measure() { # NAME TAG: one 15 s POST run with the node's, wrk's and everyone else's CPU
  quiet
  local before
  before=$(python3 bench/cpu.py snapshot "$NODE_PID")
  BENCH_TAG=$2 BENCH_IDS=$OUT/ids /usr/bin/time -f "%U %S" -o "$OUT/$1.time" "${WRK[@]}" -d15s "$URL" >"$OUT/$1.txt"
  python3 bench/cpu.py since "$NODE_PID" "$before" "$(awk '{print $1 + $2}' "$OUT/$1.time")" >>"$OUT/$1.txt"
}
measure wrk-baseline base
jcmd "$NODE_PID" JFR.start name=post settings="${JFR_SETTINGS:-profile}" filename="$OUT/post.jfr" >/dev/null
measure wrk prof
jcmd "$NODE_PID" JFR.stop name=post >/dev/null
stop_node "$NODE_PID"

echo
echo "## POST /transactions/new under JFR ($(date -u +%Y-%m-%d), recording $OUT/post.jfr)"
python3 bench/wrkrow.py header
python3 bench/wrkrow.py row "without JFR (after 15 s warm-up)" "$OUT/wrk-baseline.txt"
python3 bench/wrkrow.py row "under JFR settings=${JFR_SETTINGS:-profile}" "$OUT/wrk.txt"
echo
python3 bench/jfrsummary.py "$OUT/post.jfr" 8
