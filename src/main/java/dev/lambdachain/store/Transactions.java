package dev.lambdachain.store;

import dev.lambdachain.core.Hash;
import dev.lambdachain.core.TransactionRecord;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** Reads of transaction items: where one or many transactions stand. */
public final class Transactions {
    private final Pager pager;
    private final Hash network;

    Transactions(Pager pager, Hash network) {
        this.pager = pager;
        this.network = network;
    }

    public Optional<TransactionRecord> transaction(Hash id) {
        return pager.get(TransactionCodec.key(id)).map(item -> TransactionCodec.decode(item, network));
    }

    /** Records of many transactions at once; unknown ids are absent from the map. */
    public Map<Hash, TransactionRecord> transactions(Collection<Hash> ids) {
        Map<Hash, TransactionRecord> found = new HashMap<>();
        pager.getAll(ids.stream().distinct().map(TransactionCodec::key).toList())
                .forEach(item -> found.put(TransactionCodec.id(item), TransactionCodec.decode(item, network)));
        return found;
    }

    public boolean isConfirmed(Hash id) {
        return transaction(id).map(r -> r.status() == TransactionRecord.Status.CONFIRMED).orElse(false);
    }
}
