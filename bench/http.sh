#!/usr/bin/env bash
# HTTP benchmark (issue 8): wrk --latency, 2 threads, 16 connections, 15 s on POST
# /transactions/new, GET /balance/{address} and GET /info against one local node (difficulty 2, so
# building the chain is cheap) whose chain is first 100 and then 5,000 blocks long. Every
# transaction wrk saw accepted (201) is then mined and checked to be confirmed exactly once. At
# the longest chain GET /info is measured once more with the POSTs' backlog still pending. The
# node runs its own Dynoxide engine (a child process); the table gives the JVM's and Dynoxide's CPU
# apart. ENGINE=URL (a `lambdachain.jar dynamodb` server) measures against a shared engine instead.
# Usage: bench/http.sh   (env: PORT=5101, DURATION=15s, WARMUP=5s, LENGTHS="100 5000", ENGINE=)   ~4-5 minutes
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

# run NAME LABEL [env...] -- wrk args: one measured wrk run, its output and the node's CPU in
# $OUT/NAME.txt, its table row appended to $ROWS
run() {
  local name=$1 label=$2 before
  shift 2
  local vars=()
  while [[ $1 != -- ]]; do vars+=("$1"); shift; done
  shift
  quiet 2>&1 | tee -a "$OUT/quiet.txt"
  before=$(python3 bench/cpu.py snapshot "$NODE_PID")
  env "${vars[@]}" /usr/bin/time -f "%U %S" -o "$OUT/$name.time" "${WRK[@]}" "$@" | tee "$OUT/$name.txt"
  python3 bench/cpu.py since "$NODE_PID" "$before" "$(awk '{print $1 + $2}' "$OUT/$name.time")" \
    | tee -a "$OUT/$name.txt"
  python3 bench/wrkrow.py row "$label" "$OUT/$name.txt" >>"$ROWS"
}

if [[ -n ${ENGINE:-} ]]; then
  start_node "$PORT" "$OUT/node.log" --difficulty 2 --dynamodb "$ENGINE"
else
  start_node "$PORT" "$OUT/node.log" --difficulty 2
fi
echo "node on $URL (difficulty 2, engine ${ENGINE:-its own Dynoxide}), output in $OUT"
node fund "$URL" sender "$SENDERS" 50000

measure() { # LENGTH: chain length to measure at
  local length=$1 tag=post$1
  node mine-to "$URL" $((length - 1))
  # JIT warm-up, not recorded: each route once for $WARMUP
  "${WRK[@]}" -d"$WARMUP" "$URL/balance/sender00" >/dev/null
  "${WRK[@]}" -d"$WARMUP" "$URL/info" >/dev/null
  run "balance-$length" "GET /balance/sender00, $length blocks" -- -d"$DURATION" "$URL/balance/sender00"
  run "info-$length" "GET /info, $length blocks" -- -d"$DURATION" "$URL/info"
  # POST: warm-up and measurement back to back; the chain does not grow until the drain below
  mkdir -p "$OUT/ids-warm$length" "$OUT/ids-$tag"
  BENCH_TAG=warm$length BENCH_IDS=$OUT/ids-warm$length "${WRK[@]}" -d"$WARMUP" -s bench/post.lua "$URL" >/dev/null
  run "post-$length" "POST /transactions/new, $length blocks" BENCH_TAG=$tag BENCH_IDS=$OUT/ids-$tag \
    -- -d"$DURATION" -s bench/post.lua "$URL"
  if [[ $length == "${LENGTHS##* }" ]]; then
    # GET /info once more with the POSTs' backlog still pending (it counts the mempool up to 100)
    local pending
    pending=$(cat "$OUT"/ids-warm$length/*.txt "$OUT"/ids-$tag/*.txt | wc -l)
    run "info-backlog-$length" "GET /info, $length blocks, $pending pending" -- -d"$DURATION" "$URL/info"
  fi
  node drain "$URL" | tee "$OUT/drain-$length.txt"
  node verify "$URL" "warm$length" "$OUT/ids-warm$length" 16 | tee -a "$OUT/verify.txt" || true
  node verify "$URL" "$tag" "$OUT/ids-$tag" 16 | tee -a "$OUT/verify.txt" || true
}

LENGTHS=${LENGTHS:-100 5000}
for length in $LENGTHS; do measure "$length"; done
node validate "$URL" | tee "$OUT/validate.txt" || true

echo
echo "## HTTP results ($(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, wrk -t2 -c16 -d$DURATION --latency, difficulty 2, engine: ${ENGINE:-own Dynoxide})"
echo
python3 bench/wrkrow.py header
cat "$ROWS"
echo
for length in $LENGTHS; do
  echo "POST at $length blocks: $(grep -h STATUSES "$OUT/post-$length.txt")"
done
if [[ $LENGTHS == "100 5000" ]]; then
  python3 bench/wrkrow.py ratio "GET /balance" "$OUT/balance-100.txt" "$OUT/balance-5000.txt"
  python3 bench/wrkrow.py ratio "GET /info" "$OUT/info-100.txt" "$OUT/info-5000.txt"
fi
cat "$OUT/verify.txt"
cat "$OUT/validate.txt"
if grep -q FAIL "$OUT/verify.txt" "$OUT/validate.txt"; then echo "FAIL: see above"; exit 1; fi
echo "PASS: every accepted transaction confirmed exactly once; /validate true over the whole chain"
