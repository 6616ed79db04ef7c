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
 * condition cannot subtract. A key address also has {@code seq}, the sequence its next confirmed
 * transaction carries, and {@code next_seq = seq + its pending signed transactions}, the one a new
 * transaction must carry, kept for the same reason. Every change is an {@code ADD}, so concurrent
 * changes never overwrite each other and an account springs into existence at its first credit.
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
     * cover that much first: a block never overspends. {@code sequenceChange} and
     * {@code nextSequenceChange} move {@code seq} and {@code next_seq} (signed transactions
     * confirmed, returned to the mempool, first seen in a peer's block, rejected).
     */
    static TransactWriteItem change(String table, String address, long balanceChange, long pendingChange,
                                    Long mustHold, long sequenceChange, long nextSequenceChange) {
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":b", n(balanceChange));
        values.put(":p", n(pendingChange));
        values.put(":a", n(Math.subtractExact(balanceChange, pendingChange)));
        values.put(":v", Attributes.format());
        StringBuilder adds = new StringBuilder("ADD balance :b, pending_out :p, available :a");
        if (sequenceChange != 0) {
            values.put(":sq", n(sequenceChange));
            adds.append(", seq :sq");
        }
        if (nextSequenceChange != 0) {
            values.put(":nq", n(nextSequenceChange));
            adds.append(", next_seq :nq");
        }
        Update.Builder update = Update.builder().tableName(table).key(key(address))
                .updateExpression(adds + " SET v = :v");
        if (mustHold != null) {
            values.put(":hold", n(mustHold));
            update.conditionExpression("balance >= :hold");
        }
        return TransactWriteItem.builder().update(update.expressionAttributeValues(values).build()).build();
    }

    /**
     * Reserves {@code amount} of the available balance for a new pending transaction and, for a
     * signed one ({@code sequence} not null), takes the sender's next sequence, which must be
     * {@code sequence}: of two transactions racing for one sequence, one wins. Fails when less is
     * available or the sequence is not the next, returning the account as it was so the refusal
     * can say why without a read.
     */
    static TransactWriteItem reserve(String table, String address, long amount, Long sequence) {
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":spend", n(-amount), ":amount", n(amount),
                ":v", Attributes.format()));
        String updates = "ADD available :spend, pending_out :amount SET v = :v";
        String condition = "available >= :amount";
        if (sequence != null) {
            updates = "ADD available :spend, pending_out :amount, next_seq :one SET v = :v";
            values.put(":one", n(1));
            if (sequence == 0) {
                condition += " AND (attribute_not_exists(next_seq) OR next_seq = :seq)";
            } else {
                condition += " AND next_seq = :seq";
            }
            values.put(":seq", n(sequence));
        }
        return TransactWriteItem.builder().update(Update.builder().tableName(table).key(key(address))
                .updateExpression(updates)
                .conditionExpression(condition)
                .expressionAttributeValues(values)
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                .build()).build();
    }

    static Account decode(Map<String, AttributeValue> item) {
        Attributes.checked(item);
        return new Account(Attributes.text(item, Attributes.SK), Attributes.number(item, "balance"),
                Attributes.number(item, "pending_out"), Attributes.number(item, "available"),
                Attributes.number(item, "seq"), Attributes.number(item, "next_seq"));
    }
}
