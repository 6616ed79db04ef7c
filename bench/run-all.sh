#!/usr/bin/env bash
# The issue-8/11 benchmark suite (on Dynoxide) except mining hash rate and validation: builds the jar, then runs
# bench/http.sh, bench/profile-post.sh, bench/coldstart.sh and bench/concurrency.sh in turn (each
# can run alone). Loopback only; every process started is stopped on exit. ~10 minutes on 2 cores.
# Usage: bench/run-all.sh   (full output also in bench/out/run-all-<time>.log)
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p bench/out
LOG=bench/out/run-all-$(date -u +%Y%m%dT%H%M%SZ).log
{
  echo "# run-all $(date -u +%Y-%m-%dT%H:%M:%SZ) on $(nproc) cores, $(java -version 2>&1 | head -1)"
  mvn -q -DskipTests package
  for part in http profile-post coldstart concurrency; do
    start=$(date +%s)
    echo "=== bench/$part.sh"
    bench/$part.sh || echo "=== bench/$part.sh FAILED"
    echo "=== bench/$part.sh took $(( $(date +%s) - start )) s"
  done
  echo "=== total $SECONDS s"
} 2>&1 | tee "$LOG"
echo "full output: $LOG"
! grep -q "FAILED$" "$LOG"
