#!/usr/bin/env bash
# Every benchmark of issue 19 (big blocks), this checkout's build side by side with the build of
# the commit before the issue, in one run, one after the other (nothing else should be running):
#   (a) bench/sustained.sh   sustained POST load with a /mine loop: accepted/s, confirmed/s
#   (b,f) bench/required.sh  one /mine of 4,000 signed pending; signed POST accepted/s
#   (e) bench/post-limit.sh  POST accepted/s against the plain two-item TransactWriteItems loop
#   (c) bench/signatures.sh  Ed25519 verifications/s, BouncyCastle and the JDK, beside openssl
#   (d) bench/validation.sh  100 full signed blocks replayed on 1 and 2 threads (each build its own
#                            script and its own block limit: 31 + coinbase before, 4,095 + coinbase now)
#   (g) artifact size and bench/coldstart.sh (invoke InfoFunction from a fresh JVM) of each build
# BEFORE is a checkout of the commit before the issue with its jar built (mvn -DskipTests package).
# Usage: BEFORE=/work/wt/before bench/issue19.sh   (~40 minutes; output in bench/out/issue19-<time>/)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BEFORE=${BEFORE:?set BEFORE to a checkout of the commit before issue 19, with its jar built}
cd "$ROOT"
OUT=$ROOT/bench/out/issue19-$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p "$OUT"
export JARS="before=$BEFORE/target/lambdachain.jar after=$ROOT/target/lambdachain.jar"
echo "before: $(git -C "$BEFORE" log -1 --format='%h %s' | cut -c1-80)" | tee "$OUT/summary.md"
echo "after:  $(git log -1 --format='%h %s' | cut -c1-80)" | tee -a "$OUT/summary.md"

section() { # NAME COMMAND...: runs it, keeps its whole output, adds its report (from the first "## ") to the summary
  local name=$1
  shift
  echo "=== $name: $*"
  "$@" >"$OUT/$name.log" 2>&1 || echo "($name exited $?)" >>"$OUT/$name.log"
  sed -n '/^## /,$p' "$OUT/$name.log" >>"$OUT/summary.md"
  tail -3 "$OUT/$name.log"
}

section sustained bash bench/sustained.sh
section required bash bench/required.sh
section post-limit bash bench/post-limit.sh
section signatures bash bench/signatures.sh
section validation-before bash -c "cd '$BEFORE' && bash bench/validation.sh 100 31 3 signed"
section validation-after bash bench/validation.sh 100 4095 3 signed
{
  echo "## Artifact size (what sam build zips: target/lambdachain-functions.jar plus its runtime dependencies)"
  for tree in "$BEFORE" "$ROOT"; do
    echo "- $(git -C "$tree" rev-parse --short HEAD): functions jar $(stat -c %s "$tree/target/lambdachain-functions.jar") bytes"
  done
} >>"$OUT/summary.md"
section coldstart-before bash -c "cd '$BEFORE' && RUNS=5 RSS_RUNS=3 bash bench/coldstart.sh"
section coldstart-after bash -c "RUNS=5 RSS_RUNS=3 bash bench/coldstart.sh"
echo "summary: $OUT/summary.md"
