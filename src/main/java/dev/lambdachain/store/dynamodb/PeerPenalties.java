package dev.lambdachain.store.dynamodb;

import dev.lambdachain.store.ChainStore;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * Single-item writes of a peer's standing: one more invalid chain (and when to ask it again), or
 * its slate wiped after a valid one. A peer removed meanwhile is left removed.
 */
final class PeerPenalties implements ChainStore.PeerPenalties {
    private final Table table;

    PeerPenalties(Table table) {
        this.table = table;
    }

    @Override
    public void penalise(String url, long failures, long retryAt) {
        try {
            SdkErrors.call(() -> table.db().updateItem(PeerCodec.penalise(table.name(), url, failures, retryAt)));
        } catch (ConditionalCheckFailedException gone) {
            // no longer registered: nothing to remember
        }
    }

    @Override
    public void forgive(String url) {
        try {
            SdkErrors.call(() -> table.db().updateItem(PeerCodec.forgive(table.name(), url)));
        } catch (ConditionalCheckFailedException gone) {
            // no longer registered: nothing to forget
        }
    }
}
