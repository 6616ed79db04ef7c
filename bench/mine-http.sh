#!/usr/bin/env bash
# Mining through the API: a local node at difficulty 6 mines 30 coinbase-only blocks by GET /mine;
# implied rate = 30 x 16^6 / seconds, beside openssl's 64-byte SHA-256 rate measured in the same run.
# Usage: bench/mine-http.sh [blocks] [port]
set -euo pipefail
cd "$(dirname "$0")/.."
BLOCKS=${1:-30}
PORT=${2:-5150}
[ -f target/lambdachain.jar ] || mvn -q -DskipTests package
OPENSSL64=$(openssl speed -evp sha256 -bytes 64 -seconds 3 2>/dev/null | awk '/^sha256/ {print $2}' | tr -d k)
java -jar target/lambdachain.jar serve --port "$PORT" --difficulty 6 > target/mine-http.log 2>&1 &
NODE=$!
trap 'kill $NODE 2>/dev/null || true' EXIT
for _ in $(seq 1 60); do curl -s -o /dev/null "http://127.0.0.1:$PORT/info" && break; sleep 0.5; done
START=$(date +%s.%N)
for _ in $(seq 1 "$BLOCKS"); do
  STATUS=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/mine")
  [ "$STATUS" = 200 ] || { echo "GET /mine answered $STATUS" >&2; exit 1; }
done
END=$(date +%s.%N)
VALID=$(curl -s "http://127.0.0.1:$PORT/validate")
python3 - "$START" "$END" "$BLOCKS" "$OPENSSL64" "$VALID" <<'PY'
import json, sys
start, end, blocks, openssl_k, valid = float(sys.argv[1]), float(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4]), json.loads(sys.argv[5])
seconds = end - start
implied = blocks * 16**6 / seconds
openssl = openssl_k * 1000 / 64          # openssl prints kB/s for 64-byte inputs
print("| blocks at difficulty 6 | seconds | implied attempts/s | openssl 64-byte hashes/s | ratio | chain valid |")
print("|---|---|---|---|---|---|")
print(f"| {blocks} | {seconds:.1f} | {implied/1e6:.1f} M | {openssl/1e6:.2f} M | {implied/openssl:.1f}x | {valid['valid']} |")
PY
