#!/usr/bin/env bash
# Sustained load (issue 19, benchmark a): for each build, one local node (its own Dynoxide) at
# difficulty 4, 16 funded senders; then for DURATION at once: wrk -t2 -c16 POSTing transfers
# (bench/post.lua) and one caller looping GET /mine (bench/node.py mine-for). Reports accepted/s
# (201 answers), confirmed/s (transactions in the blocks those /mine calls made, coinbase not
# counted) and confirmed as a share of accepted; then drains the mempool and checks every accepted
# id confirmed exactly once. Builds run one after the other in the same invocation:
# Usage: JARS="before=/work/wt/before/target/lambdachain.jar after=target/lambdachain.jar" bench/sustained.sh
#        (env: DURATION=60, PORT=5111; default JARS: this checkout's jar only)   ~2.5 minutes per build
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$BENCH_ROOT"

DURATION=${DURATION:-60}
PORT=${PORT:-5111}
URL=http://127.0.0.1:$PORT
OUT=$(out_dir sustained)
ROWS=$OUT/rows.md
node() { python3 bench/node.py "$@"; }

measure() { # LABEL JAR
  local label=$1
  JAR=$2
  require_jar
  quiet 2>&1 | tee -a "$OUT/quiet.txt"
  start_node "$PORT" "$OUT/node-$label.log" --difficulty 4
  node fund "$URL" sender 16 50000
  mkdir -p "$OUT/ids-$label"
  BENCH_TAG=$label BENCH_IDS=$OUT/ids-$label wrk -t2 -c16 --timeout 10s -d"${DURATION}s" -s bench/post.lua "$URL" \
    >"$OUT/wrk-$label.txt" &
  local wrk_pid=$!
  node mine-for "$URL" "$DURATION" >"$OUT/mine-$label.json"
  wait "$wrk_pid"
  local accepted
  accepted=$(cat "$OUT/ids-$label"/*.txt | wc -l)
  python3 - "$label" "$accepted" "$DURATION" "$OUT/mine-$label.json" "$(grep STATUSES "$OUT/wrk-$label.txt")" \
    "$(git -C "$(dirname "$JAR")/.." rev-parse --short HEAD 2>/dev/null || echo '?')" >>"$ROWS" <<'EOF'
import json, sys
label, accepted, seconds, mined, statuses, commit = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), json.load(open(sys.argv[4])), sys.argv[5], sys.argv[6]
share = 100 * mined["confirmed"] / accepted if accepted else 0
print(f"| {label} ({commit}) | {accepted:,} | {accepted / seconds:,.0f} | {mined['confirmed']:,} | "
      f"{mined['confirmed'] / seconds:,.0f} | {share:.0f}% | {mined['blocks']} | {mined['busy']} | {statuses.replace('STATUSES ', '')} |")
EOF
  node drain "$URL" | tee -a "$OUT/verify.txt"
  node verify "$URL" "$label" "$OUT/ids-$label" 16 | tee -a "$OUT/verify.txt" || true
  stop_node "$NODE_PID"
}

for build in ${JARS:-this=$BENCH_ROOT/target/lambdachain.jar}; do
  measure "${build%%=*}" "${build#*=}"
done

echo
echo "## Sustained load ($(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, ${DURATION} s, wrk -t2 -c16 POST + one /mine loop, difficulty 4)"
echo
echo "| build | accepted | accepted/s | confirmed in the window | confirmed/s | confirmed / accepted | blocks | /mine busy | POST answers |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|---|"
cat "$ROWS"
echo
cat "$OUT/verify.txt"
if grep -q FAIL "$OUT/verify.txt"; then echo "FAIL: see above"; exit 1; fi
echo "PASS: every accepted transaction confirmed exactly once after the drain"
