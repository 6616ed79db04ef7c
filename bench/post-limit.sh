#!/usr/bin/env bash
# POST /transactions/new against its limit on the same engine (issue 19, benchmark e): one shared
# Dynoxide server (`lambdachain.jar dynamodb`); for each build in JARS a node on it (difficulty 2,
# 16 funded senders) takes wrk -t2 -c16 POSTs (bench/post.lua) for DURATION after a warm-up, and
# right after it bench/src/.../PlainWriteLoop sends the same two-item TransactWriteItems a POST
# commits (the node's own codecs and SDK client, 16 threads, no HTTP, no checks) to another table
# of the same server for DURATION after a warm-up. The server is the last build's. Reports accepted/s, the loop's commits/s and
# their ratio; every accepted id is checked to be confirmed exactly once after a drain.
# Usage: JARS="before=/work/wt/before/target/lambdachain.jar after=target/lambdachain.jar" bench/post-limit.sh
#        (env: DURATION=15, WARMUP=5, PORT=5113, ENGINE_PORT=5114)   ~1.5 minutes per build
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$BENCH_ROOT"

DURATION=${DURATION:-15}
WARMUP=${WARMUP:-5}
PORT=${PORT:-5113}
ENGINE_PORT=${ENGINE_PORT:-5114}
URL=http://127.0.0.1:$PORT
ENGINE=http://127.0.0.1:$ENGINE_PORT
OUT=$(out_dir post-limit)
node() { python3 bench/node.py "$@"; }

# the plain loop, compiled against this checkout's classes (its codecs are the ones a POST of this build commits)
if ! build_log=$(mvn -q -B -o -DskipTests process-classes dependency:build-classpath -Dmdep.includeScope=runtime \
        -Dmdep.outputFile=target/runtime.classpath 2>&1); then
  echo "$build_log" >&2
  exit 1
fi
CLASSPATH_RUNTIME=$(cat target/runtime.classpath)
rm -rf target/bench-store-classes
javac --release 17 -nowarn -d target/bench-store-classes -cp "target/classes:$CLASSPATH_RUNTIME" \
  bench/src/dev/lambdachain/store/dynamodb/PlainWriteLoop.java
plain() { # TABLE SECONDS
  java -cp "target/classes:target/bench-store-classes:$CLASSPATH_RUNTIME" dev.lambdachain.store.dynamodb.PlainWriteLoop \
    "$ENGINE" "$1" 16 "$WARMUP" "$2"
}

BUILDS=${JARS:-this=$BENCH_ROOT/target/lambdachain.jar}
java -jar "${BUILDS##*=}" dynamodb --port "$ENGINE_PORT" >"$OUT/engine.log" 2>&1 &
STARTED_PIDS+=($!)
for _ in $(seq 100); do curl -s -o /dev/null "$ENGINE" && break; sleep 0.2; done

measure() { # LABEL JAR
  local label=$1
  JAR=$2
  require_jar
  quiet 2>&1 | tee -a "$OUT/quiet.txt"
  start_node "$PORT" "$OUT/node-$label.log" --difficulty 2 --dynamodb "$ENGINE" --table "bench-$label"
  node fund "$URL" sender 16 50000 >/dev/null
  mkdir -p "$OUT/ids-warm-$label" "$OUT/ids-$label"
  BENCH_TAG=warm$label BENCH_IDS=$OUT/ids-warm-$label wrk -t2 -c16 --timeout 10s -d"${WARMUP}s" -s bench/post.lua "$URL" >/dev/null
  BENCH_TAG=$label BENCH_IDS=$OUT/ids-$label wrk -t2 -c16 --timeout 10s -d"${DURATION}s" -s bench/post.lua "$URL" \
    | tee "$OUT/wrk-$label.txt"
  plain "plain-$label" "$DURATION" | tee "$OUT/plain-$label.txt"
  local accepted commits
  accepted=$(grep ACCEPTED_PER_SEC "$OUT/wrk-$label.txt" | cut -d' ' -f2)
  commits=$(grep PLAIN_COMMITS_PER_SEC "$OUT/plain-$label.txt" | cut -d' ' -f2)
  echo "| $label ($(git -C "$(dirname "$JAR")/.." rev-parse --short HEAD 2>/dev/null || echo '?')) | $accepted | $commits |" \
       "$(python3 -c "print(f'{100 * $accepted / $commits:.0f}%')") |" >>"$OUT/rows.md"
  node drain "$URL" >/dev/null
  node verify "$URL" "$label" "$OUT/ids-$label" 16 | tee -a "$OUT/verify.txt" || true
  stop_node "$NODE_PID"
}

for build in $BUILDS; do
  measure "${build%%=*}" "${build#*=}"
done

echo
echo "## POST /transactions/new against the plain write loop ($(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, one shared Dynoxide server, ${DURATION} s each after ${WARMUP} s warm-up)"
echo
echo "| build | POST accepted/s (wrk -t2 -c16) | plain TransactWriteItems loop commits/s (16 threads) | POST / loop |"
echo "|---|---:|---:|---:|"
cat "$OUT/rows.md"
echo
cat "$OUT/verify.txt"
if grep -q FAIL "$OUT/verify.txt"; then echo "FAIL: see above"; exit 1; fi
echo "PASS: every accepted transaction confirmed exactly once after the drain"
