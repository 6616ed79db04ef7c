package dev.lambdachain.node;

import dev.lambdachain.core.Ed25519;
import dev.lambdachain.core.Ed25519Signer;
import dev.lambdachain.metrics.NodeMetrics;
import dev.lambdachain.store.StoreUnavailableException;
import dev.lambdachain.wire.ProtocolJson;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;

/**
 * Warms the request path before a SnapStart snapshot is taken, so restored containers start
 * with the SDK, its HTTP client and Jackson loaded and JIT-warmed: one consistent read of the
 * head, a round trip of the genesis block through JSON, and one Ed25519 signature made and
 * verified (BouncyCastle's first use loads its classes and builds its base-point tables). Does
 * nothing outside SnapStart.
 */
final class SnapStartPriming implements Resource {
    private static final int ROUNDS = 20;
    /** A fixed key: nothing secret or random may be captured in a snapshot. */
    private static final Ed25519Signer PRIMING_KEY = Ed25519Signer.fromSeed(new byte[Ed25519.SEED_LENGTH]);
    private static final byte[] PRIMING_MESSAGE = {0};
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
            Ed25519.verify(PRIMING_KEY.publicKey(), PRIMING_MESSAGE, PRIMING_KEY.sign(PRIMING_MESSAGE));
        }
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        // nothing to renew: the node holds configuration and clients, no time- or random-based state;
        // the first invocation of a restored snapshot counts as a cold start
        NodeMetrics.restored();
    }
}
