package dev.lambdachain.store.dynamodb;

import dev.lambdachain.store.ChainStore;
import dev.lambdachain.store.ConflictException;
import dev.lambdachain.store.StoreUnavailableException;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Adds peers in one transaction with the peer count: each new peer item and the raised count
 * commit together, under the condition that the count stays within the cap, so two concurrent
 * registrations cannot take the list past it. Peers registered meanwhile by another call are
 * left out and the rest tried again.
 */
final class RegisterPeers implements ChainStore.RegisterPeers {
    private static final int ATTEMPTS = 4;

    private final Table table;

    RegisterPeers(Table table) {
        this.table = table;
    }

    @Override
    public void run(List<String> urls, int cap) {
        List<String> known = new Peers(table.pager()).all();
        Set<String> fresh = new LinkedHashSet<>(urls);
        fresh.removeAll(known);
        if (known.size() + fresh.size() > cap) {
            throw full(cap, known.size());
        }
        for (int attempt = 1; !fresh.isEmpty(); attempt++) {
            List<TransactWriteItem> writes = new ArrayList<>();
            fresh.forEach(url -> writes.add(PeerCodec.put(table.name(), url)));
            writes.add(PeerCodec.raiseCount(table.name(), fresh.size(), cap));
            try {
                table.transactor().commit(writes);
                return;
            } catch (Transactor.Cancelled e) {
                if (e.failed(PeerCodec.COUNT_KEY)) {
                    throw full(cap, e.oldItem(PeerCodec.COUNT_KEY).map(PeerCodec::count).orElse(0L));
                }
                fresh.removeIf(url -> e.failed(PeerCodec.key(url)));
                if (attempt >= ATTEMPTS) {
                    throw new StoreUnavailableException("the peer list kept changing; try again");
                }
            }
        }
    }

    private static ConflictException full(int cap, long count) {
        return new ConflictException("this node keeps at most " + cap + " peers and has " + Math.max(0, count));
    }
}
