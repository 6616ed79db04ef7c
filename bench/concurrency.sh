#!/usr/bin/env bash
# Concurrency check (issue 8; on Dynoxide since issue 11): 32 concurrent callers for 30 s against
# one local node (its own Dynoxide engine) at difficulty 4, one in 8 mining, the rest POSTing
# transactions from 16 pre-funded senders; then the consistency checks of bench/concurrency.py.
# Prints PASS/FAIL and exits 1 on FAIL.
# Usage: bench/concurrency.sh   (env: PORT=5102, SECONDS_=30, CALLERS=32)   ~1-2 minutes
set -euo pipefail
source "$(dirname "$0")/lib.sh"
require_jar
cd "$BENCH_ROOT"

PORT=${PORT:-5102}
URL=http://127.0.0.1:$PORT
OUT=$(out_dir concurrency)

start_node "$PORT" "$OUT/node.log" --difficulty 4
echo "## Concurrency ($(date -u +%Y-%m-%d), $(nproc) cores, node at difficulty 4, log $OUT/node.log)"
python3 bench/concurrency.py "$URL" --callers "${CALLERS:-32}" --seconds "${SECONDS_:-30}" --mine-every 8 \
  --senders 16 --fund-rich 40000 --fund-poor 300 --node-pid "$NODE_PID" | tee "$OUT/result.txt"
