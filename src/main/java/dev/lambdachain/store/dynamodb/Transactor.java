package dev.lambdachain.store.dynamodb;

import dev.lambdachain.store.StoreUnavailableException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Commits a list of write items as one TransactWriteItems: all or nothing. Retries with
 * back-off while the only trouble was a collision with another transaction; reports failed
 * conditions as a {@link Cancelled} that answers by item key which writes failed and what those
 * items held (where the write asked DynamoDB to return it), never by position.
 */
final class Transactor {
    private static final int ATTEMPTS = 8;
    private static final String CONDITION_FAILED = "ConditionalCheckFailed";
    private static final String COLLIDED = "TransactionConflict";

    private final DynamoDbClient db;

    Transactor(DynamoDbClient db) {
        this.db = db;
    }

    /**
     * @throws Cancelled when a condition failed; nothing was written
     * @throws StoreUnavailableException when collisions outlasted the retries
     */
    void commit(List<TransactWriteItem> writes) throws Cancelled {
        for (int attempt = 1; ; attempt++) {
            try {
                SdkErrors.call(() -> db.transactWriteItems(b -> b.transactItems(writes)));
                return;
            } catch (TransactionCanceledException e) {
                List<CancellationReason> reasons = e.cancellationReasons();
                if (reasons.stream().anyMatch(r -> CONDITION_FAILED.equals(r.code()))) {
                    throw new Cancelled(writes, reasons);
                }
                if (reasons.stream().noneMatch(r -> COLLIDED.equals(r.code()))) {
                    throw SdkErrors.translate(e);
                }
                if (attempt >= ATTEMPTS) {
                    throw new StoreUnavailableException("the store is busy with conflicting writes; try again", e);
                }
                Backoff.pause(attempt);
            }
        }
    }

    /** The key of the item a write touches. */
    static Map<String, AttributeValue> keyOf(TransactWriteItem write) {
        if (write.put() != null) {
            Map<String, AttributeValue> item = write.put().item();
            return Map.of(Attributes.PK, item.get(Attributes.PK), Attributes.SK, item.get(Attributes.SK));
        }
        if (write.update() != null) {
            return write.update().key();
        }
        if (write.delete() != null) {
            return write.delete().key();
        }
        return write.conditionCheck().key();
    }

    /** A transaction whose conditions failed, by the key of each failed item. */
    static final class Cancelled extends Exception {
        private final transient Map<Map<String, AttributeValue>, CancellationReason> failed = new HashMap<>();

        Cancelled(List<TransactWriteItem> writes, List<CancellationReason> reasons) {
            super(reasons.stream().map(CancellationReason::code).toList().toString());
            for (int i = 0; i < Math.min(writes.size(), reasons.size()); i++) {
                if (CONDITION_FAILED.equals(reasons.get(i).code())) {
                    failed.put(keyOf(writes.get(i)), reasons.get(i));
                }
            }
        }

        boolean failed(Map<String, AttributeValue> key) {
            return failed.containsKey(key);
        }

        /** What the failed item held, when its write asked for it; empty when it did not exist. */
        Optional<Map<String, AttributeValue>> oldItem(Map<String, AttributeValue> key) {
            CancellationReason reason = failed.get(key);
            return reason == null || !reason.hasItem() || reason.item().isEmpty()
                    ? Optional.empty() : Optional.of(reason.item());
        }
    }
}
