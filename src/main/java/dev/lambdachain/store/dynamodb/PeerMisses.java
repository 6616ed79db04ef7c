package dev.lambdachain.store.dynamodb;

import dev.lambdachain.store.ChainStore;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * Single-item writes of a peer's misses: one atomic {@code ADD} per resolve it did not answer, so
 * two resolves at once count two, and a {@code REMOVE} once it answers. A peer removed meanwhile
 * is left removed.
 */
record PeerMisses(Table table) implements ChainStore.PeerMisses {
    @Override
    public long miss(String url) {
        try {
            return PeerCodec.misses(SdkErrors.call(() -> table.db().updateItem(PeerCodec.miss(table.name(), url)))
                    .attributes());
        } catch (ConditionalCheckFailedException gone) {
            return 0; // no longer registered: nothing to count
        }
    }

    @Override
    public void answered(String url) {
        try {
            SdkErrors.call(() -> table.db().updateItem(PeerCodec.answered(table.name(), url)));
        } catch (ConditionalCheckFailedException gone) {
            // no longer registered: nothing to forget
        }
    }
}
