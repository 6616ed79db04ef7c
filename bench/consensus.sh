#!/usr/bin/env bash
# Consensus benchmark (issue 14): one resolve catching up 10 blocks on chains of 100 and 5,000
# blocks, and one reorganisation 50 blocks deep, each on a fresh table of a Dynoxide server of its
# own, against a fake peer on 127.0.0.1. Usage: bench/consensus.sh [rounds]   (~3 minutes)
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -DskipTests test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath
java -Xmx1g -cp "target/classes:target/test-classes:$(cat target/bench.classpath)" \
    dev.lambdachain.bench.ConsensusBench "${1:-5}" | grep '^|'   # the node's log lines go to stdout too
