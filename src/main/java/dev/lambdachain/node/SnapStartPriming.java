package dev.lambdachain.node;

import dev.lambdachain.metrics.NodeMetrics;
import dev.lambdachain.store.StoreUnavailableException;
import dev.lambdachain.wire.ProtocolJson;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;

/**
 * Warms the request path before a SnapStart snapshot is taken, so restored containers start
 * with the SDK, its HTTP client and Jackson loaded and JIT-warmed: one consistent read of the
 * head and a round trip of the genesis block through JSON. Does nothing outside SnapStart.
 */
final class SnapStartPriming implements Resource {
    private static final int ROUNDS = 20;
    private final Node node;

    private SnapStartPriming(Node node) {
        this.node = node;
    }

    static void register(Node node) {
        Core.getGlobalContext().register(new SnapStartPriming(node));
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        for (int i = 0; i < ROUNDS; i++) {
            try {
                node.queries().head();
            } catch (StoreUnavailableException noChainYet) {
                // a read-only function deployed before any writer ran: the SDK path is warm all the same
            }
            ProtocolJson.readBlock(ProtocolJson.block(node.config().chain().genesis()), node.validator().genesisHash());
        }
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        // nothing to renew: the node holds configuration and clients, no time- or random-based state;
        // the first invocation of a restored snapshot counts as a cold start
        NodeMetrics.restored();
    }
}
