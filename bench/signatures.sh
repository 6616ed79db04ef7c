#!/usr/bin/env bash
# Ed25519 benchmark: verifications (and key parsing, addresses, signing) per second on one thread,
# through BouncyCastle (what the node uses) and the JDK's provider side by side, then
# `openssl speed ed25519` on the same machine for scale.
# Usage: bench/signatures.sh [keys] [seconds-per-round] [rounds]
set -euo pipefail
cd "$(dirname "$0")/.."
# BouncyCastle as the Lambda runs it: its classes unpacked into target/classes, not its signed jar (pom.xml)
mvn -q -DskipTests test-compile dependency:build-classpath -Dmdep.excludeArtifactIds=bcprov-jdk18on \
    -Dmdep.outputFile=target/bench.classpath
java -cp "target/classes:target/test-classes:$(cat target/bench.classpath)" \
    dev.lambdachain.bench.SignatureBench "${1:-1000}" "${2:-2}" "${3:-5}"
echo
if command -v openssl >/dev/null; then
    # one process; rates per second of user CPU time (openssl's default without -elapsed), like the CPU-second
    # column; openssl takes whole seconds only
    seconds=${2:-2}
    seconds=${seconds%.*}
    seconds=$(( ${seconds:-0} > 0 ? seconds : 1 ))
    echo "openssl speed -seconds $seconds ed25519 ($(openssl version)):"
    openssl speed -seconds "$seconds" ed25519 2>/dev/null | grep -E '^ +sign|EdDSA \(Ed25519\)'
else
    echo "no openssl on PATH: no OpenSSL rate to compare"
fi
