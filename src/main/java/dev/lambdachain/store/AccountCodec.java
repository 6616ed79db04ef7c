package dev.lambdachain.store;

import dev.lambdachain.core.Account;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.Update;

import java.util.HashMap;
import java.util.Map;

import static dev.lambdachain.store.Attributes.n;

/**
 * Account items ({@code ACCOUNT/<address>}): {@code balance} (confirmed), {@code pending_out} and
 * {@code available = balance - pending_out}, kept as an attribute of its own because a DynamoDB
 * condition cannot subtract. Every change is an {@code ADD}, so concurrent changes never overwrite
 * each other and an account springs into existence at its first credit.
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

    static Account decode(Map<String, AttributeValue> item) {
        Attributes.checked(item);
        return new Account(Attributes.text(item, Attributes.SK), Attributes.number(item, "balance"),
                Attributes.number(item, "pending_out"), Attributes.number(item, "available"));
    }
}
