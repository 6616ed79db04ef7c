package dev.lambdachain.store.dynamodb;

import dev.lambdachain.store.ChainStore;
import dev.lambdachain.store.StoreUnavailableException;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Removes peers in one transaction with the peer count: each peer item's delete and the lowered
 * count commit together, so the count that caps registration stays the number of peer items.
 * Peers removed meanwhile by another call are left out and the rest tried again.
 */
record RemovePeers(Table table) implements ChainStore.RemovePeers {
    private static final int ATTEMPTS = 4;

    @Override
    public void run(List<String> urls) {
        Set<String> registered = new LinkedHashSet<>(urls);
        registered.retainAll(new Peers(table.pager()).all());
        for (int attempt = 1; !registered.isEmpty(); attempt++) {
            List<TransactWriteItem> writes = new ArrayList<>();
            registered.forEach(url -> writes.add(PeerCodec.delete(table.name(), url)));
            writes.add(PeerCodec.lowerCount(table.name(), registered.size()));
            try {
                table.transactor().commit(writes);
                return;
            } catch (Transactor.Cancelled e) {
                registered.removeIf(url -> e.failed(PeerCodec.key(url)));
                if (attempt >= ATTEMPTS) {
                    throw new StoreUnavailableException("the peer list kept changing; try again");
                }
            }
        }
    }
}
