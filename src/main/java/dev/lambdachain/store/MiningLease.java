package dev.lambdachain.store;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

import java.time.Duration;
import java.util.Map;

/**
 * The right to mine (or swap the chain), held by one caller at a time across every process: a
 * conditional put that succeeds only when no unexpired lease exists. A holder that dies blocks
 * others only until its lease expires; a live holder's lease is never taken.
 */
public final class MiningLease {
    private static final Map<String, AttributeValue> KEY =
            Map.of(ChainTable.PK, AttributeValue.fromS("META"), ChainTable.SK, AttributeValue.fromS("LEASE"));

    private final ChainTable table;

    public MiningLease(ChainTable table) {
        this.table = table;
    }

    /** Takes the lease for {@code holder}; false while another holder's lease is live. */
    public boolean tryAcquire(String holder, Duration duration) {
        long now = System.currentTimeMillis();
        try {
            table.client().putItem(b -> b.tableName(table.name())
                    .item(Map.of(ChainTable.PK, KEY.get(ChainTable.PK), ChainTable.SK, KEY.get(ChainTable.SK),
                            "holder", AttributeValue.fromS(holder),
                            "expiresAt", AttributeValue.fromN(Long.toString(now + duration.toMillis()))))
                    .conditionExpression("attribute_not_exists(pk) OR expiresAt < :now")
                    .expressionAttributeValues(Map.of(":now", AttributeValue.fromN(Long.toString(now)))));
            return true;
        } catch (ConditionalCheckFailedException held) {
            return false;
        }
    }

    /** When the current lease expires (epoch ms), or 0 when there is none. */
    public long expiresAt() {
        var item = table.client().getItem(b -> b.tableName(table.name()).key(KEY).consistentRead(true)).item();
        return item == null || !item.containsKey("expiresAt") ? 0 : Long.parseLong(item.get("expiresAt").n());
    }

    /** Gives the lease back if {@code holder} still has it. */
    public void release(String holder) {
        try {
            table.client().deleteItem(b -> b.tableName(table.name()).key(KEY)
                    .conditionExpression("holder = :me")
                    .expressionAttributeValues(Map.of(":me", AttributeValue.fromS(holder))));
        } catch (ConditionalCheckFailedException expired) {
            // it expired and someone else holds it now: theirs to release
        }
    }
}
