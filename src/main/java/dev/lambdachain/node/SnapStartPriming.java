package dev.lambdachain.node;

import dev.lambdachain.core.Ed25519;
import dev.lambdachain.core.Ed25519Signer;
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
    private final Node node;

    private SnapStartPriming(Node node) {
        this.node = node;
    }

    static void register(Node node) {
        Core.getGlobalContext().register(new SnapStartPriming(node));
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        // a fixed key, made here and not at class initialisation: nothing secret or random goes into a
        // snapshot, and a function outside SnapStart never pays for it
        Ed25519Signer primingKey = Ed25519Signer.fromSeed(new byte[Ed25519.SEED_LENGTH]);
        byte[] message = {0};
        for (int i = 0; i < ROUNDS; i++) {
            try {
                node.queries().head();
            } catch (StoreUnavailableException noChainYet) {
                // a read-only function deployed before any writer ran: the SDK path is warm all the same
            }
            ProtocolJson.readBlock(ProtocolJson.block(node.config().chain().genesis()), node.validator().genesisHash());
            Ed25519.verify(primingKey.publicKey(), message, primingKey.sign(message));
        }
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        // nothing to renew: the node holds configuration and clients, no time- or random-based state;
        // the first invocation of a restored snapshot counts as a cold start
        node.metrics().restored();
    }
}
