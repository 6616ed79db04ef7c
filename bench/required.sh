#!/usr/bin/env bash
# Signed transactions on a required chain (issue 19, benchmarks b and f), for each build in JARS:
# one local node (its own Dynoxide) at difficulty 4 with --signature-mode required and the
# genesis supply on a bench key; 16 sender keys funded from it (bench/signed.py signs outside the
# node, checked against the protocol's pinned vector).
#   (b) BIG pending signed transactions (16 senders, consecutive sequences) POSTed, then ONE
#       GET /mine, timed: transactions it confirmed, wall time, and (when the build logs them) its
#       assembly, proof-of-work and check-and-commit times from its "block mined" line, with
#       ProofOfWorkSeconds from the metrics line for builds that log no phases.
#   (f) then signed POSTs for DURATION: wrk -t16 -c16 (one connection per sender, so each sender's
#       sequences arrive in order; bench/post-signed.lua), accepted/s.
# Then the mempool is drained and every accepted id is checked to be confirmed exactly once.
# Usage: JARS="before=/work/wt/before/target/lambdachain.jar after=target/lambdachain.jar" bench/required.sh
#        (env: BIG=4000, DURATION=30, PORT=5112; default JARS: this checkout's jar)   ~3 minutes per build
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$BENCH_ROOT"

BIG=${BIG:-4000}
DURATION=${DURATION:-30}
PORT=${PORT:-5112}
URL=http://127.0.0.1:$PORT
OUT=$(out_dir required)
node() { python3 bench/node.py "$@"; }
signed() { python3 bench/signed.py "$@"; }
signed check
GENESIS_KEY=$(signed address bench-genesis)
MINER_KEY=$(signed address bench-miner) # a required chain pays the coinbase to a key address
PER_SENDER=$(((BIG + 15) / 16))
POST_BODIES=${POST_BODIES:-4000} # per sender for (f): more than wrk can send in DURATION here

measure() { # LABEL JAR
  local label=$1 dir=$OUT/$1
  JAR=$2
  require_jar
  mkdir -p "$dir/big" "$dir/post" "$dir/ids"
  quiet 2>&1 | tee -a "$OUT/quiet.txt"
  start_node "$PORT" "$dir/node.log" --difficulty 4 --signature-mode required --genesis-address "$GENESIS_KEY" \
    --miner "$MINER_KEY"
  local genesis
  genesis=$(curl -s "$URL/info" | python3 -c 'import json,sys; print(json.load(sys.stdin)["genesis"])')
  signed bodies "$genesis" bench-genesis 0 16 60000 bench-sender 16 "$dir/fund.txt"
  node post-files "$URL" "$dir/fund.txt" >"$dir/fund.json"
  node drain "$URL" >/dev/null

  # (b) BIG pending, one /mine
  for i in $(seq 0 15); do
    signed bodies "$genesis" "bench-sender-$i" 0 "$PER_SENDER" 1 bench-recipient 64 "$dir/big/bodies-$i.txt"
  done
  node post-files "$URL" "$dir"/big/bodies-*.txt >"$dir/big.json"
  local mined_at before_lines
  before_lines=$(wc -l <"$dir/node.log")
  curl -s -o "$dir/mine.json" -w '%{time_total}' "$URL/mine" >"$dir/mine.time"
  sleep 0.5
  python3 - "$label" "$dir" "$before_lines" "$(git -C "$(dirname "$JAR")/.." rev-parse --short HEAD 2>/dev/null || echo '?')" \
    >>"$OUT/big.md" <<'EOF'
import json, sys
label, d, skip, commit = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
posted = json.load(open(f"{d}/big.json"))
mine = json.load(open(f"{d}/mine.json"))
wall = float(open(f"{d}/mine.time").read())
phases, pow_seconds = {}, None
for line in open(f"{d}/node.log").read().splitlines()[skip:]:
    if not line.startswith("{"):
        continue
    entry = json.loads(line)
    if entry.get("message") == "block mined":
        phases = entry
    if "ProofOfWorkSeconds" in entry:
        pow_seconds = entry["ProofOfWorkSeconds"]
ms = lambda key: f"{phases[key]:,}" if key in phases else "not logged"
print(f"| {label} ({commit}) | {posted['accepted']:,} | {len(mine['block']['transactions']) - 1:,} | {wall * 1000:,.0f} | "
      f"{ms('assemblyMillis')} | {ms('searchMillis') if 'searchMillis' in phases else f'{pow_seconds * 1000:,.0f}'} | "
      f"{ms('commitMillis')} |")
EOF
  cat "$dir/big.json" >>"$OUT/notes.txt"
  node drain "$URL" >/dev/null

  # (f) signed POSTs for DURATION
  for i in $(seq 0 15); do
    signed bodies "$genesis" "bench-sender-$i" "$PER_SENDER" "$POST_BODIES" 1 bench-recipient 64 "$dir/post/bodies-$i.txt"
  done
  BENCH_BODIES=$dir/post BENCH_IDS=$dir/ids wrk -t16 -c16 --timeout 10s -d"${DURATION}s" -s bench/post-signed.lua "$URL" \
    | tee "$dir/wrk.txt"
  echo "| $label | $(grep ACCEPTED_PER_SEC "$dir/wrk.txt" | cut -d' ' -f2) | $(grep STATUSES "$dir/wrk.txt" | cut -d' ' -f2-) |" \
    >>"$OUT/post.md"
  node drain "$URL" | tee -a "$OUT/verify.txt"
  node verify "$URL" bench-recipient "$dir/ids" 16 | tee -a "$OUT/verify.txt" || true
  stop_node "$NODE_PID"
}

for build in ${JARS:-this=$BENCH_ROOT/target/lambdachain.jar}; do
  measure "${build%%=*}" "${build#*=}"
done

echo
echo "## Signed transactions on a required chain ($(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, difficulty 4)"
echo
echo "(b) $BIG pending signed transactions, one GET /mine:"
echo
echo "| build | pending (accepted) | confirmed by the one /mine | /mine wall ms | assembly ms | proof of work ms | check + commit ms |"
echo "|---|---:|---:|---:|---:|---:|---:|"
cat "$OUT/big.md"
echo
echo "(f) signed POST /transactions/new, wrk -t16 -c16 -d${DURATION}s, one sender per connection:"
echo
echo "| build | accepted/s | answers |"
echo "|---|---:|---|"
cat "$OUT/post.md"
echo
cat "$OUT/verify.txt"
if grep -q FAIL "$OUT/verify.txt"; then echo "FAIL: see above"; exit 1; fi
echo "PASS: every accepted transaction confirmed exactly once after the drain"
