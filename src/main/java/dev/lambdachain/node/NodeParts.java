package dev.lambdachain.node;

import dev.lambdachain.core.BlockValidator;
import dev.lambdachain.log.Log;
import dev.lambdachain.metrics.NodeMetrics;
import dev.lambdachain.store.ChainStore;

import java.time.Clock;

/**
 * What the node's services share: configuration, the store, the block rules, the one clock, and
 * the process's log and metrics.
 */
record NodeParts(NodeConfig config, ChainStore store, BlockValidator validator, Clock clock, Log log,
                 NodeMetrics metrics) {
}
