#!/usr/bin/env bash
# Mining benchmark: openssl's SHA-256 limits and ProofOfWork.search attempts/s, one Markdown report.
# Usage: bench/mining.sh            (about 80 s; BENCH_SECONDS and BENCH_ROUNDS change the length)
set -euo pipefail
cd "$(dirname "$0")/.."

SECONDS_PER_ROUND=${BENCH_SECONDS:-2}
ROUNDS=${BENCH_ROUNDS:-5}

# Quiet unless the build fails (mvn -q still writes colour codes to stdout here).
# core's runtime dependencies (commons-codec for addresses) come from Maven's own classpath list;
# process-classes, not compile: BouncyCastle's classes are unpacked into target/classes there (pom.xml).
if ! build_log=$(mvn -q -B -DskipTests process-classes dependency:build-classpath -Dmdep.includeScope=runtime \
        -Dmdep.outputFile=target/runtime.classpath 2>&1); then
    echo "$build_log" >&2
    exit 1
fi
rm -rf target/bench-classes
CLASSPATH_RUNTIME=$(cat target/runtime.classpath)
javac --release 17 -nowarn -d target/bench-classes -cp "target/classes:$CLASSPATH_RUNTIME" bench/src/dev/lambdachain/core/*.java

# openssl divides by user CPU time; its line reads "sha256  <thousands of bytes per second>k".
openssl_bytes_per_second() {
    openssl speed -seconds 3 -evp sha256 -bytes "$1" 2>/dev/null \
        | awk '$1 == "sha256" { sub(/k$/, "", $2); printf "%.0f", $2 * 1000 }'
}
bytes_8192=$(openssl_bytes_per_second 8192)
bytes_64=$(openssl_bytes_per_second 64)

echo "### Run of $(date -u +%Y-%m-%dT%H:%MZ)"
echo
echo "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //'), $(nproc) CPUs;" \
     "$(java -version 2>&1 | head -2 | tail -1); $(openssl version | cut -d' ' -f1-2);" \
     "load average before: $(cut -d' ' -f1-3 /proc/loadavg)."
echo
java -XX:+UnlockDiagnosticVMOptions -Dbench.seconds="$SECONDS_PER_ROUND" -Dbench.rounds="$ROUNDS" \
     -cp "target/classes:target/bench-classes:$CLASSPATH_RUNTIME" dev.lambdachain.core.MiningBenchmark "$bytes_8192" "$bytes_64"
echo
echo "Load average after: $(cut -d' ' -f1-3 /proc/loadavg)."
