package dev.lambdachain.store;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;

import java.time.Duration;
import java.util.Map;

import static dev.lambdachain.store.Attributes.n;
import static dev.lambdachain.store.Attributes.s;

/**
 * The right to mine (or swap the chain), held by one caller at a time across every process: the
 * lease item {@code META/LEASE} ({@code holder}, {@code expiresAt} in epoch ms), put only when no
 * unexpired lease exists. A holder that dies blocks others only until its lease expires; a live
 * holder's lease is never taken.
 */
public final class MiningLease {
    private static final Map<String, AttributeValue> KEY = Attributes.key("META", "LEASE");

    private final Table table;

    MiningLease(Table table) {
        this.table = table;
    }

    /**
     * Takes the lease for {@code holder} for {@code duration}.
     *
     * @throws ConflictException while another holder's lease is live, saying when it ends (read
     *         from the refused write itself, not by a second read)
     */
    public void acquire(String holder, Duration duration) {
        long now = table.clock().millis();
        PutItemRequest put = PutItemRequest.builder().tableName(table.name())
                .item(Map.of(Attributes.PK, KEY.get(Attributes.PK), Attributes.SK, KEY.get(Attributes.SK),
                        Attributes.VERSION, Attributes.format(), "holder", s(holder),
                        "expiresAt", n(now + duration.toMillis())))
                .conditionExpression("attribute_not_exists(pk) OR expiresAt < :now")
                .expressionAttributeValues(Map.of(":now", n(now)))
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                .build();
        try {
            table.db().putItem(put);
        } catch (ConditionalCheckFailedException held) {
            long expiresAt = held.hasItem() ? Attributes.number(held.item(), "expiresAt") : now + duration.toMillis();
            long seconds = Math.max(1, (expiresAt - now + 999) / 1000);
            throw new ConflictException("another miner holds the mining lease (it ends within " + seconds
                    + " s); pending transactions stay pending, try again then");
        }
    }

    /** Gives the lease back if {@code holder} still has it. */
    public void release(String holder) {
        try {
            table.db().deleteItem(b -> b.tableName(table.name()).key(KEY)
                    .conditionExpression("holder = :me")
                    .expressionAttributeValues(Map.of(":me", s(holder))));
        } catch (ConditionalCheckFailedException expired) {
            // it expired and someone else holds it now: theirs to release
        }
    }
}
