package dev.lambdachain.store;

import dev.lambdachain.core.Account;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.Update;

import java.util.HashMap;
import java.util.Map;

import static dev.lambdachain.store.Attributes.n;
import static dev.lambdachain.store.Attributes.s;

/**
 * Account items ({@code ACCOUNT/<address>}): {@code balance} (confirmed), {@code pending_out} and
 * {@code available = balance - pending_out}, kept as an attribute of its own because a DynamoDB
 * condition cannot subtract. Every change is an {@code ADD}, so concurrent changes never overwrite
 * each other and an account springs into existence at its first credit. A chain swap stages its
 * changes beside them ({@code sEpoch}, {@code sBalance}, {@code sPending}, {@code sAvailable}:
 * differences, so acceptances meanwhile are not overwritten); readers whose view is in that epoch
 * add them, and the fold adds them to the main attributes and removes them in one update.
 */
final class AccountCodec {
    static final String PARTITION = "ACCOUNT";

    private AccountCodec() {
    }

    static Map<String, AttributeValue> key(String address) {
        return Attributes.key(PARTITION, address);
    }

    /**
     * Changes the balance by {@code balanceChange} and pending outgoing by {@code pendingChange};
     * {@code available} moves by the difference. With {@code mustHold}, the confirmed balance must
     * cover that much first: a block never overspends.
     */
    static TransactWriteItem change(String table, String address, long balanceChange, long pendingChange,
                                    Long mustHold) {
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":b", n(balanceChange));
        values.put(":p", n(pendingChange));
        values.put(":a", n(Math.subtractExact(balanceChange, pendingChange)));
        values.put(":v", Attributes.format());
        Update.Builder update = Update.builder().tableName(table).key(key(address))
                .updateExpression("ADD balance :b, pending_out :p, available :a SET v = :v");
        if (mustHold != null) {
            values.put(":hold", n(mustHold));
            update.conditionExpression("balance >= :hold");
        }
        return TransactWriteItem.builder().update(update.expressionAttributeValues(values).build()).build();
    }

    /**
     * Reserves {@code amount} of the available balance for a new pending transaction; fails when
     * less is available, returning the account as it was so the refusal can say why without a read.
     */
    static TransactWriteItem reserve(String table, String address, long amount) {
        return TransactWriteItem.builder().update(Update.builder().tableName(table).key(key(address))
                .updateExpression("ADD available :spend, pending_out :amount SET v = :v")
                .conditionExpression("available >= :amount")
                .expressionAttributeValues(Map.of(":spend", n(-amount), ":amount", n(amount), ":v", Attributes.format()))
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                .build()).build();
    }

    /** Stages a swap's change of one account, seen only by readers in {@code epoch} until it is folded. */
    static Update stage(String table, String address, String epoch, long balanceChange, long pendingChange) {
        return Update.builder().tableName(table).key(key(address))
                .updateExpression("SET sEpoch = :e, sBalance = :b, sPending = :p, sAvailable = :a, v = :v")
                .expressionAttributeValues(Map.of(":e", s(epoch), ":b", n(balanceChange), ":p", n(pendingChange),
                        ":a", n(Math.subtractExact(balanceChange, pendingChange)), ":v", Attributes.format()))
                .build();
    }

    /** Adds a staged change of {@code epoch} to the main attributes; fails when it is folded already. */
    static Update fold(String table, String address, String epoch) {
        return Update.builder().tableName(table).key(key(address))
                .updateExpression("SET balance = if_not_exists(balance, :z) + sBalance,"
                        + " pending_out = if_not_exists(pending_out, :z) + sPending,"
                        + " available = if_not_exists(available, :z) + sAvailable"
                        + " REMOVE sEpoch, sBalance, sPending, sAvailable")
                .conditionExpression("sEpoch = :e")
                .expressionAttributeValues(Map.of(":e", s(epoch), ":z", n(0)))
                .build();
    }

    static Account decode(Map<String, AttributeValue> item) {
        return decode(item, null);
    }

    /** The account as a reader in {@code epoch} sees it: with the swap's staged change when it belongs to that epoch. */
    static Account decode(Map<String, AttributeValue> item, String epoch) {
        Attributes.checked(item);
        AttributeValue staged = item.get("sEpoch");
        boolean mine = epoch != null && staged != null && epoch.equals(staged.s());
        return new Account(Attributes.text(item, Attributes.SK),
                Math.addExact(Attributes.number(item, "balance"), mine ? Attributes.number(item, "sBalance") : 0),
                Math.addExact(Attributes.number(item, "pending_out"), mine ? Attributes.number(item, "sPending") : 0),
                Math.addExact(Attributes.number(item, "available"), mine ? Attributes.number(item, "sAvailable") : 0));
    }
}
