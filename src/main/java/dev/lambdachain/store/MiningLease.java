package dev.lambdachain.store;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static dev.lambdachain.store.Attributes.n;
import static dev.lambdachain.store.Attributes.s;

/**
 * The right to mine or swap the chain, held by one caller at a time across every process: the
 * lease item {@code META/LEASE} ({@code holder}, {@code expiresAt} in epoch ms), taken only when
 * no unexpired lease exists. A holder that dies blocks others only until its lease expires; a
 * live holder's lease is never taken. So that a chain swap is not starved by back-to-back mining,
 * a caller that found the lease held may queue ({@code waiter}, {@code waitUntil}): until the wait
 * ends, nobody else takes the freed lease. Releasing expires the lease and keeps the queue.
 */
public final class MiningLease {
    private static final Map<String, AttributeValue> KEY = Attributes.key("META", "LEASE");
    /** This process, as a 409 names it: {@code pid@host}. */
    private static final String PROCESS = ManagementFactory.getRuntimeMXBean().getName();

    private final Table table;

    MiningLease(Table table) {
        this.table = table;
    }

    /** A new holder name for {@code purpose} ("mining", "resolve"): the purpose, this process, a unique suffix. */
    public static String holder(String purpose) {
        return purpose + " in process " + PROCESS + " #" + UUID.randomUUID();
    }

    /**
     * Takes the lease for {@code holder} for {@code duration}.
     *
     * @throws ConflictException while another holder's lease is live (or another caller is queued),
     *         naming what holds it and when it ends, read from the refused write itself
     */
    public void acquire(String holder, Duration duration) {
        long now = table.clock().millis();
        PutItemRequest put = PutItemRequest.builder().tableName(table.name())
                .item(Map.of(Attributes.PK, KEY.get(Attributes.PK), Attributes.SK, KEY.get(Attributes.SK),
                        Attributes.VERSION, Attributes.format(), "holder", s(holder),
                        "expiresAt", n(now + duration.toMillis())))
                .conditionExpression("attribute_not_exists(pk) OR (expiresAt < :now AND (attribute_not_exists(waiter)"
                        + " OR waiter = :me OR waitUntil < :now))")
                .expressionAttributeValues(Map.of(":now", n(now), ":me", s(holder)))
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                .build();
        try {
            table.db().putItem(put);
        } catch (ConditionalCheckFailedException held) {
            throw refusal(held.hasItem() ? held.item() : Map.of(), now, duration);
        }
    }

    /**
     * Queues {@code holder} for the lease until {@code waitUntil} (epoch ms): once the current
     * holder releases it or it expires, only {@code holder} may take it until then. False when
     * another caller is queued already.
     */
    public boolean queue(String holder, long waitUntil) {
        long now = table.clock().millis();
        try {
            table.db().updateItem(b -> b.tableName(table.name()).key(KEY)
                    .updateExpression("SET waiter = :me, waitUntil = :until")
                    .conditionExpression("attribute_exists(pk) AND (attribute_not_exists(waiter) OR waiter = :me"
                            + " OR waitUntil < :now)")
                    .expressionAttributeValues(Map.of(":me", s(holder), ":until", n(waitUntil), ":now", n(now))));
            return true;
        } catch (ConditionalCheckFailedException taken) {
            return false;
        }
    }

    /** Gives the lease back if {@code holder} still has it, keeping anyone queued for it. */
    public void release(String holder) {
        try {
            table.db().updateItem(b -> b.tableName(table.name()).key(KEY)
                    .updateExpression("SET expiresAt = :released")
                    .conditionExpression("holder = :me")
                    .expressionAttributeValues(Map.of(":me", s(holder), ":released", n(0))));
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
