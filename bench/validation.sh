#!/usr/bin/env bash
# Validation benchmark: a 1,000-block chain with 100 transactions per block, replayed from its
# stored JSON through ChainValidator on 1 and 2 threads.
# Usage: bench/validation.sh [blocks] [txs-per-block] [rounds] [unsigned|signed]
#   full signed blocks (31 signed transactions and the coinbase): bench/validation.sh 1000 31 5 signed
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -DskipTests test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath
java -Xmx2g -cp "target/classes:target/test-classes:$(cat target/bench.classpath)" \
    dev.lambdachain.bench.ValidationBench "${1:-1000}" "${2:-100}" "${3:-10}" "${4:-unsigned}"
