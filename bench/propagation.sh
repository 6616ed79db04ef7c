#!/usr/bin/env bash
# Propagation across five nodes (issue 20): runs FiveNodeNetworkIT (five `serve` processes in a
# ring, relay, peer sharing and schedules on, D killed and restarted) with a longer posting, then
# prints its report (target/five-node-network.json) as a Markdown table for BENCHMARKS.md.
#
# Usage: bench/propagation.sh            600 transfers over 60 s (about 5 minutes in all)
#        TRANSACTIONS=200 POSTING_SECONDS=20 bench/propagation.sh    the suite's own run
# Needs JDK 17, Maven and python3. Node logs: target/five-node-network/*.log.
set -euo pipefail
cd "$(dirname "$0")/.."
TRANSACTIONS=${TRANSACTIONS:-600}
POSTING_SECONDS=${POSTING_SECONDS:-60}
SENDERS=${SENDERS:-40}

python3 bench/cpu.py quiet 30
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
rm -f target/five-node-network.json
mvn -B -q verify -Dtest=NONE -Dit.test=FiveNodeNetworkIT \
    -Dsurefire.failIfNoSpecifiedTests=false -Dfailsafe.failIfNoSpecifiedTests=false \
    -Dfivenodes.transactions="$TRANSACTIONS" -Dfivenodes.posting-millis=$((POSTING_SECONDS * 1000)) \
    -Dfivenodes.senders="$SENDERS" >/dev/null
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

python3 - target/five-node-network.json "$load_before" "$load_after" <<'EOF'
import json
import sys
import datetime

report = json.load(open(sys.argv[1]))
tx = report["transactions"]
kill = report["kill"]
print(f"#### Run of {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%dT%H:%MZ}")
print()
print(f"{tx['posted']} signed transfers posted over {tx['posting_ms'] / 1000:.1f} s to random running nodes, "
      f"{tx['accepted']} accepted (refused: {tx['refused'] or 'none'}; unanswered: {tx['unanswered']}); "
      f"{report['blocks']} blocks; node {kill['node']} killed at {kill['at_ms'] / 1000:.1f} s and answering "
      f"again {kill['down_ms'] / 1000:.1f} s later; nodes polled every {report['poll_interval_ms']} ms. "
      f"Load average before: {sys.argv[2]}; after: {sys.argv[3]}.")
print()
print("| measured, from the POST (blocks: from the first node having it) | count | p50 ms | p99 ms | max ms |")
print("|---|---:|---:|---:|---:|")
rows = [
    ("transfer known to all five (mempool or chain)", "known_to_all_ms"),
    ("… posted while all five ran", "known_to_all_while_five_ran_ms"),
    ("transfer confirmed on all five", "confirmed_on_all_ms"),
    ("… posted while all five ran", "confirmed_on_all_while_five_ran_ms"),
    ("block in every node's chain", "block_propagation_ms"),
]
for label, key in rows:
    p = report[key]
    print(f"| {label} | {p['count']} | {p.get('p50', '')} | {p.get('p99', '')} | {p.get('max', '')} |")
print()
print("| node | transfers relayed | POSTs sent | POSTs per relayed transfer |")
print("|---|---:|---:|---:|")
for node in report["relay"]["per_node"]:
    print(f"| {node['node']} | {node['transactions_relayed']} | {node['requests']} | "
          f"{node['requests_per_relayed_transaction']:.2f} |")
print()
print(f"POSTs per transfer (fundings included), all nodes together: "
      f"{report['relay']['requests_per_transaction_all_nodes']:.2f}; answers: {report['relay']['answers']}.")
EOF
