#!/usr/bin/env bash
# HTTP benchmark (issue 8): wrk --latency, 2 threads, 16 connections, 15 s on POST
# /transactions/new, GET /balance/{address} and GET /info against one local node (difficulty 2, so
# building the chain is cheap) whose chain is first 100 and then 5,000 blocks long. Every
# transaction wrk saw accepted (201) is then mined and checked to be confirmed exactly once.
# Usage: bench/http.sh   (env: PORT=5101, DURATION=15s, WARMUP=5s, LENGTHS="100 5000")   ~4-5 minutes
set -euo pipefail
source "$(dirname "$0")/lib.sh"
require_jar
cd "$BENCH_ROOT"

PORT=${PORT:-5101}
DURATION=${DURATION:-15s}
WARMUP=${WARMUP:-5s}
URL=http://127.0.0.1:$PORT
SENDERS=16
OUT=$(out_dir http)
ROWS=$OUT/rows.md
WRK=(wrk -t2 -c16 --latency --timeout 10s)
node() { python3 bench/node.py "$@"; }

start_node "$PORT" "$OUT/node.log" --difficulty 2
echo "node on $URL (difficulty 2), output in $OUT"
node fund "$URL" sender "$SENDERS" 50000

measure() { # LENGTH: chain length to measure at
  local length=$1 tag=post$1
  node mine-to "$URL" $((length - 1))
  # JIT warm-up, not recorded: each route once for $WARMUP
  "${WRK[@]}" -d"$WARMUP" "$URL/balance/sender00" >/dev/null
  "${WRK[@]}" -d"$WARMUP" "$URL/info" >/dev/null
  "${WRK[@]}" -d"$DURATION" "$URL/balance/sender00" | tee "$OUT/balance-$length.txt"
  python3 bench/wrkrow.py "GET /balance/sender00, $length blocks" "$OUT/balance-$length.txt" >>"$ROWS"
  "${WRK[@]}" -d"$DURATION" "$URL/info" | tee "$OUT/info-$length.txt"
  python3 bench/wrkrow.py "GET /info, $length blocks" "$OUT/info-$length.txt" >>"$ROWS"
  # POST: warm-up and measurement back to back; the chain does not grow until the drain below
  mkdir -p "$OUT/ids-warm$length" "$OUT/ids-$tag"
  BENCH_TAG=warm$length BENCH_IDS=$OUT/ids-warm$length "${WRK[@]}" -d"$WARMUP" -s bench/post.lua "$URL" >/dev/null
  BENCH_TAG=$tag BENCH_IDS=$OUT/ids-$tag "${WRK[@]}" -d"$DURATION" -s bench/post.lua "$URL" | tee "$OUT/post-$length.txt"
  python3 bench/wrkrow.py "POST /transactions/new, $length blocks" "$OUT/post-$length.txt" >>"$ROWS"
  node drain "$URL" | tee "$OUT/drain-$length.txt"
  node verify "$URL" "warm$length" "$OUT/ids-warm$length" 16 | tee -a "$OUT/verify.txt"
  node verify "$URL" "$tag" "$OUT/ids-$tag" 16 | tee -a "$OUT/verify.txt"
}

for length in ${LENGTHS:-100 5000}; do measure "$length"; done
curl -sf "$URL/validate" | tee "$OUT/validate.txt"; echo

echo
echo "## HTTP results ($(date -u +%Y-%m-%d), $(nproc) cores, wrk -t2 -c16 -d$DURATION --latency, difficulty 2)"
echo
echo "| route, chain length | requests/s | p50 ms | p99 ms | non-2xx | accepted (201)/s | socket errors |"
echo "|---|---:|---:|---:|---:|---:|---|"
cat "$ROWS"
echo
grep -h STATUSES "$OUT"/post-*.txt | sed 's/^/statuses: /'
cat "$OUT/verify.txt"
grep -q '"valid":true' "$OUT/validate.txt" || { echo "FAIL: /validate is not valid"; exit 1; }
if grep -q FAIL "$OUT/verify.txt"; then echo "FAIL: see $OUT/verify.txt"; exit 1; fi
echo "PASS: every accepted transaction confirmed exactly once; /validate true"
