package dev.lambdachain.store.dynamodb;

import dev.lambdachain.core.Page;
import dev.lambdachain.store.StoreUnavailableException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.Select;
import software.amazon.awssdk.services.dynamodb.model.TransactGetItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every read of the table: one item, many items by key (BatchGetItem, 100 keys a call, retrying
 * unprocessed keys), and queries that follow DynamoDB's 1 MB pages ({@code LastEvaluatedKey})
 * until enough items are read. Reads of the base table are strongly consistent. SDK failures
 * leave it as the store's exceptions ({@link SdkErrors}).
 */
final class Pager {
    private static final int BATCH = 100;
    private static final int TOGETHER_ATTEMPTS = 4;

    private final DynamoDbClient db;
    private final String table;

    Pager(DynamoDbClient db, String table) {
        this.db = db;
        this.table = table;
    }

    String table() {
        return table;
    }

    Optional<Map<String, AttributeValue>> get(Map<String, AttributeValue> key) {
        GetItemResponse response = SdkErrors.call(() -> db.getItem(b -> b.tableName(table).key(key).consistentRead(true)));
        return response.hasItem() && !response.item().isEmpty() ? Optional.of(response.item()) : Optional.empty();
    }

    /**
     * The items of these keys as of one instant (DynamoDB TransactGetItems: a serialisable read of
     * at most 100 items), in the keys' order, empty where an item does not exist. A read that
     * collides with a transaction writing the same items is cancelled by DynamoDB and tried again.
     *
     * @throws StoreUnavailableException when it kept colliding after a few attempts
     */
    List<Optional<Map<String, AttributeValue>>> getTogether(List<Map<String, AttributeValue>> keys) {
        List<TransactGetItem> gets = keys.stream()
                .map(key -> TransactGetItem.builder().get(g -> g.tableName(table).key(key)).build()).toList();
        for (int attempt = 1; ; attempt++) {
            try {
                return SdkErrors.call(() -> db.transactGetItems(b -> b.transactItems(gets))).responses().stream()
                        .map(r -> r.hasItem() && !r.item().isEmpty() ? Optional.of(r.item()) : Optional.<Map<String, AttributeValue>>empty())
                        .toList();
            } catch (TransactionCanceledException collided) {
                if (attempt >= TOGETHER_ATTEMPTS) {
                    throw new StoreUnavailableException("a read kept colliding with writes; try again", collided);
                }
                Backoff.pause(attempt);
            }
        }
    }

    /** The items of these keys that exist, in no particular order. */
    List<Map<String, AttributeValue>> getAll(List<Map<String, AttributeValue>> keys) {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        for (int from = 0; from < keys.size(); from += BATCH) {
            Map<String, KeysAndAttributes> request = Map.of(table, KeysAndAttributes.builder()
                    .keys(keys.subList(from, Math.min(keys.size(), from + BATCH))).consistentRead(true).build());
            for (int attempt = 1; !request.isEmpty(); attempt++) {
                Map<String, KeysAndAttributes> ask = request;
                var response = SdkErrors.call(() -> db.batchGetItem(b -> b.requestItems(ask)));
                items.addAll(response.responses().getOrDefault(table, List.of()));
                request = response.hasUnprocessedKeys() ? response.unprocessedKeys() : Map.of();
                if (!request.isEmpty()) {
                    Backoff.pause(attempt);
                }
            }
        }
        return items;
    }

    /** Up to {@code limit} items of the query, across as many pages as it takes. */
    List<Map<String, AttributeValue>> query(QueryRequest.Builder request, int limit) {
        List<Map<String, AttributeValue>> items = new ArrayList<>(Math.min(limit, 1024));
        Map<String, AttributeValue> start = null;
        do {
            QueryRequest query = request.tableName(table).limit(limit - items.size()).exclusiveStartKey(start).build();
            QueryResponse response = SdkErrors.call(() -> db.query(query));
            items.addAll(response.items());
            start = nextKey(response);
        } while (start != null && items.size() < limit);
        return items;
    }

    /** How many items the query matches, counting no further than {@code cap}. */
    long count(QueryRequest.Builder request, long cap) {
        long count = 0;
        Map<String, AttributeValue> start = null;
        do {
            QueryRequest query = request.tableName(table).select(Select.COUNT)
                    .limit((int) Math.min(Integer.MAX_VALUE, cap - count)).exclusiveStartKey(start).build();
            QueryResponse response = SdkErrors.call(() -> db.query(query));
            count += response.count();
            start = nextKey(response);
        } while (start != null && count < cap);
        return count;
    }

    /** One page of at most {@code limit} items from {@code start}, and the key the next page starts after. */
    Page<Map<String, AttributeValue>> page(QueryRequest.Builder request, int limit, Map<String, AttributeValue> start) {
        QueryRequest query = request.tableName(table).limit(limit).exclusiveStartKey(start).build();
        QueryResponse response = SdkErrors.call(() -> db.query(query));
        Map<String, AttributeValue> next = nextKey(response);
        return new Page<>(response.items(), next == null ? null : next.get(Attributes.SK).s());
    }

    private static Map<String, AttributeValue> nextKey(QueryResponse response) {
        return response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty()
                ? response.lastEvaluatedKey() : null;
    }
}
