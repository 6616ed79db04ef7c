package dev.lambdachain.store.dynamodb;

import dev.lambdachain.store.ChainStore;
import dev.lambdachain.store.ConflictException;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;

import java.time.Duration;
import java.util.Map;

import static dev.lambdachain.store.dynamodb.Attributes.n;
import static dev.lambdachain.store.dynamodb.Attributes.s;

/**
 * The lease ({@link ChainStore.MiningLease}) as one item, {@code META/LEASE} ({@code holder},
 * {@code expiresAt} in epoch ms), taken only when no unexpired lease exists. A holder that dies blocks others only until its lease expires; a
 * live holder's lease is never taken. So that a chain swap is not starved by back-to-back mining,
 * a caller that found the lease held may queue ({@code waiter}, {@code waitUntil}): until the wait
 * ends, nobody else takes the freed lease. Releasing expires the lease and keeps the queue.
 */
final class MiningLease implements ChainStore.MiningLease {
    private static final Map<String, AttributeValue> KEY = Attributes.key("META", "LEASE");

    private final Table table;

    MiningLease(Table table) {
        this.table = table;
    }

    /** {@inheritDoc} The refusal is worded from the refused write's old item. */
    @Override
    public void acquire(String holder, Duration duration) {
        long now = table.clock().millis();
        PutItemRequest put = PutItemRequest.builder().tableName(table.name())
                .item(item(holder, now + duration.toMillis()))
                .conditionExpression("attribute_not_exists(pk) OR (expiresAt < :now AND (attribute_not_exists(waiter)"
                        + " OR waiter = :me OR waitUntil < :now))")
                .expressionAttributeValues(Map.of(":now", n(now), ":me", s(holder)))
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                .build();
        try {
            SdkErrors.call(() -> table.db().putItem(put));
        } catch (ConditionalCheckFailedException held) {
            throw refusal(held.hasItem() ? held.item() : Map.of(), now, duration);
        }
    }

    /** The lease item of {@code holder}, live until {@code expiresAt} (epoch ms). */
    static Map<String, AttributeValue> item(String holder, long expiresAt) {
        return Map.of(Attributes.PK, KEY.get(Attributes.PK), Attributes.SK, KEY.get(Attributes.SK),
                Attributes.VERSION, Attributes.format(), "holder", s(holder), "expiresAt", n(expiresAt));
    }

    @Override
    public boolean queue(String holder, long waitUntil) {
        long now = table.clock().millis();
        try {
            SdkErrors.call(() -> table.db().updateItem(b -> b.tableName(table.name()).key(KEY)
                    .updateExpression("SET waiter = :me, waitUntil = :until")
                    .conditionExpression("attribute_exists(pk) AND (attribute_not_exists(waiter) OR waiter = :me"
                            + " OR waitUntil < :now)")
                    .expressionAttributeValues(Map.of(":me", s(holder), ":until", n(waitUntil), ":now", n(now)))));
            return true;
        } catch (ConditionalCheckFailedException taken) {
            return false;
        }
    }

    @Override
    public void release(String holder) {
        try {
            SdkErrors.call(() -> table.db().updateItem(b -> b.tableName(table.name()).key(KEY)
                    .updateExpression("SET expiresAt = :released")
                    .conditionExpression("holder = :me")
                    .expressionAttributeValues(Map.of(":me", s(holder), ":released", n(0)))));
        } catch (ConditionalCheckFailedException expired) {
            // it expired and someone else holds it now: theirs to release
        }
    }

    private static ConflictException refusal(Map<String, AttributeValue> old, long now, Duration duration) {
        long expiresAt = old.containsKey("expiresAt") ? Attributes.number(old, "expiresAt") : now + duration.toMillis();
        if (expiresAt < now && old.containsKey("waiter")) {
            long seconds = Math.max(1, (Attributes.number(old, "waitUntil") - now + 999) / 1000);
            return new ConflictException("the lease is promised to " + name(old.get("waiter")) + " for up to "
                    + seconds + " s; pending transactions stay pending, try again then");
        }
        long seconds = Math.max(1, (expiresAt - now + 999) / 1000);
        return new ConflictException("the lease is held by " + name(old.get("holder")) + " (it ends within " + seconds
                + " s); pending transactions stay pending, try again then");
    }

    /** A holder's name without its unique suffix: "mining in process 123@host". */
    private static String name(AttributeValue holder) {
        if (holder == null || holder.s() == null) {
            return "another caller";
        }
        int suffix = holder.s().lastIndexOf(" #");
        return suffix < 0 ? holder.s() : holder.s().substring(0, suffix);
    }
}
