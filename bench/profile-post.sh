#!/usr/bin/env bash
# Where POST /transactions/new spends its time: the HTTP benchmark's POST load (wrk -t2 -c16,
# 16 pre-funded senders, difficulty 2) for 15 s under a JFR recording (settings=profile, started
# with jcmd after a 5 s warm-up), summarised by bench/jfrsummary.py. Adds JFR's overhead, so its
# requests/s are not the benchmark's figure. Usage: bench/profile-post.sh   (env: PORT=5103)  ~1 minute
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
BENCH_TAG=warm BENCH_IDS=$OUT/ids "${WRK[@]}" -d5s "$URL" >/dev/null
jcmd "$NODE_PID" JFR.start name=post settings=profile filename="$OUT/post.jfr" >/dev/null
BENCH_TAG=prof BENCH_IDS=$OUT/ids "${WRK[@]}" -d15s "$URL" | tee "$OUT/wrk.txt"
jcmd "$NODE_PID" JFR.stop name=post >/dev/null
stop_node "$NODE_PID"

echo
echo "## POST /transactions/new under JFR ($(date -u +%Y-%m-%d), recording $OUT/post.jfr)"
echo
python3 bench/jfrsummary.py "$OUT/post.jfr" 8
