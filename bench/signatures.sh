#!/usr/bin/env bash
# Ed25519 benchmark: verifications (and key parsing, addresses, signing) per second on one thread.
# Usage: bench/signatures.sh [keys] [seconds-per-round] [rounds]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -DskipTests test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath
java -cp "target/classes:target/test-classes:$(cat target/bench.classpath)" \
    dev.lambdachain.bench.SignatureBench "${1:-1000}" "${2:-2}" "${3:-5}"
