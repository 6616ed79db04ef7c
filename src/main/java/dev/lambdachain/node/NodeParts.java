package dev.lambdachain.node;

import dev.lambdachain.core.BlockValidator;
import dev.lambdachain.store.ChainStore;

import java.time.Clock;

/** What the node's services share: configuration, the store, the block rules and the one clock. */
record NodeParts(NodeConfig config, ChainStore store, BlockValidator validator, Clock clock) {
}
