package dev.lambdachain.store.dynamodb;

import dev.lambdachain.core.Hash;
import dev.lambdachain.core.TransactionRecord;
import dev.lambdachain.store.ChainStore;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import static dev.lambdachain.store.dynamodb.Attributes.s;

/**
 * Reads of the pending transactions through the sparse {@code mempool} index, spread over
 * {@code shards} partition keys so that no one index partition takes every acceptance. Each
 * shard lists its transactions oldest first; the reads merge the shards by arrival.
 */
final class Mempool implements ChainStore.Mempool {
    private final Table table;
    private final Transactions transactions;

    Mempool(Table table, Transactions transactions) {
        this.table = table;
        this.transactions = transactions;
    }

    /**
     * {@inheritDoc} Over all shards, merged by arrival. The index is eventually consistent, so each
     * is checked against its item and only still-pending ones return.
     */
    @Override
    public List<TransactionRecord> oldest(int limit) {
        List<Map<String, AttributeValue>> entries = new ArrayList<>();
        for (int shard = 0; shard < table.shards(); shard++) {
            entries.addAll(table.pager().query(shardQuery(shard), limit));
        }
        List<Hash> candidates = entries.stream()
                .sorted(Comparator.comparing(entry -> Attributes.text(entry, TransactionCodec.ARRIVAL)))
                .limit(limit)
                .map(TransactionCodec::id)
                .toList();
        Map<Hash, TransactionRecord> current = transactions.transactions(candidates);
        return candidates.stream().map(current::get)
                .filter(r -> r != null && r.status() == TransactionRecord.Status.PENDING).toList();
    }

    /** {@inheritDoc} So /info stays cheap however large the mempool grows. */
    @Override
    public long size(long cap) {
        long count = 0;
        for (int shard = 0; shard < table.shards() && count < cap; shard++) {
            count += table.pager().count(shardQuery(shard), cap - count);
        }
        return count;
    }

    private static QueryRequest.Builder shardQuery(int shard) {
        return QueryRequest.builder().indexName(TransactionCodec.MEMPOOL_INDEX)
                .keyConditionExpression("mp = :shard")
                .expressionAttributeValues(Map.of(":shard", s(TransactionCodec.shardKey(shard))));
    }
}
