package dev.lambdachain.store.dynamodb;

import dev.lambdachain.core.Hash;
import dev.lambdachain.core.TransactionRecord;
import dev.lambdachain.store.ChainStore;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Reads of transaction items: where one or many transactions stand, each read following one
 * {@link ChainView} (a chain swap's staged statuses count for readers in its epoch).
 */
final class Transactions implements ChainStore.Transactions {
    private final ViewReads reads;

    Transactions(ViewReads reads) {
        this.reads = reads;
    }

    @Override
    public Optional<TransactionRecord> transaction(Hash id) {
        return reads.consistently(view -> reads.pager().get(TransactionCodec.key(id))
                .filter(item -> !TransactionCodec.goneIn(item, view.epoch()))
                .map(item -> TransactionCodec.decode(item, reads.network(), view.epoch())));
    }

    @Override
    public Map<Hash, TransactionRecord> transactions(Collection<Hash> ids) {
        return reads.consistently(view -> {
            Map<Hash, TransactionRecord> found = new HashMap<>();
            reads.pager().getAll(ids.stream().distinct().map(TransactionCodec::key).toList()).stream()
                    .filter(item -> !TransactionCodec.goneIn(item, view.epoch()))
                    .forEach(item -> found.put(TransactionCodec.id(item),
                            TransactionCodec.decode(item, reads.network(), view.epoch())));
            return found;
        });
    }
}
