package dev.lambdachain.store.dynamodb;

import dev.lambdachain.core.Account;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.Update;

import java.util.HashMap;
import java.util.Map;

import static dev.lambdachain.store.dynamodb.Attributes.n;
import static dev.lambdachain.store.dynamodb.Attributes.s;

/**
 * Account items ({@code ACCOUNT/<address>}): {@code balance} (confirmed), {@code pending_out} and
 * {@code available = balance - pending_out}, kept as an attribute of its own because a DynamoDB
 * condition cannot subtract. A key address also has {@code seq}, the sequence its next confirmed
 * transaction carries, and {@code next_seq = seq + its pending signed transactions}, the one a new
 * transaction must carry, kept for the same reason. Every change is an {@code ADD}, so concurrent
 * changes never overwrite each other and an account springs into existence at its first credit.
 * A chain swap stages its changes beside them ({@code sEpoch}, {@code sBalance}, {@code sPending},
 * {@code sAvailable}, {@code sSeq}, {@code sNextSeq}: differences, so acceptances meanwhile are not
 * overwritten); readers whose view is in that epoch add them, and the fold adds them to the main
 * attributes and removes them in one update.
 */
final class AccountCodec {
    static final String PARTITION = "ACCOUNT";

    private AccountCodec() {
    }

    static Map<String, AttributeValue> key(String address) {
        return Attributes.key(PARTITION, address);
    }

    /**
     * Adds {@code change} to the account ({@code available} moves by balance minus pending; the
     * sequences move for signed transactions confirmed, returned to the mempool, first seen in a
     * peer's block, rejected). With {@code mustHold}, the confirmed balance must cover that much
     * first: a block never overspends.
     */
    static TransactWriteItem change(String table, String address, AccountChange change, Long mustHold) {
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":b", n(change.balance()));
        values.put(":p", n(change.pendingOut()));
        values.put(":a", n(change.available()));
        values.put(":v", Attributes.format());
        StringBuilder adds = new StringBuilder("ADD balance :b, pending_out :p, available :a");
        if (change.sequence() != 0) {
            values.put(":sq", n(change.sequence()));
            adds.append(", seq :sq");
        }
        if (change.nextSequence() != 0) {
            values.put(":nq", n(change.nextSequence()));
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

    /** Stages a swap's change of one account, seen only by readers in {@code epoch} until it is folded. */
    static Update stage(String table, String address, String epoch, AccountChange change) {
        return Update.builder().tableName(table).key(key(address))
                .updateExpression("SET sEpoch = :e, sBalance = :b, sPending = :p, sAvailable = :a, sSeq = :sq,"
                        + " sNextSeq = :nq, v = :v")
                .expressionAttributeValues(Map.of(":e", s(epoch), ":b", n(change.balance()),
                        ":p", n(change.pendingOut()), ":a", n(change.available()), ":sq", n(change.sequence()),
                        ":nq", n(change.nextSequence()), ":v", Attributes.format()))
                .build();
    }

    /** Adds a staged change of {@code epoch} to the main attributes; fails when it is folded already. */
    static Update fold(String table, String address, String epoch) {
        return Update.builder().tableName(table).key(key(address))
                .updateExpression("SET balance = if_not_exists(balance, :z) + sBalance,"
                        + " pending_out = if_not_exists(pending_out, :z) + sPending,"
                        + " available = if_not_exists(available, :z) + sAvailable,"
                        + " seq = if_not_exists(seq, :z) + sSeq, next_seq = if_not_exists(next_seq, :z) + sNextSeq"
                        + " REMOVE sEpoch, sBalance, sPending, sAvailable, sSeq, sNextSeq")
                .conditionExpression("sEpoch = :e")
                .expressionAttributeValues(Map.of(":e", s(epoch), ":z", n(0)))
                .build();
    }

    static Account decode(Map<String, AttributeValue> item) {
        return decode(item, null);
    }

    private static long plus(Map<String, AttributeValue> item, String main, String staged, boolean mine) {
        return Math.addExact(Attributes.number(item, main), mine ? Attributes.number(item, staged) : 0);
    }

    /** The account as a reader in {@code epoch} sees it: with the swap's staged change when it belongs to that epoch. */
    static Account decode(Map<String, AttributeValue> item, String epoch) {
        Attributes.checked(item);
        AttributeValue staged = item.get("sEpoch");
        boolean mine = epoch != null && staged != null && epoch.equals(staged.s());
        return new Account(Attributes.text(item, Attributes.SK),
                plus(item, "balance", "sBalance", mine), plus(item, "pending_out", "sPending", mine),
                plus(item, "available", "sAvailable", mine), plus(item, "seq", "sSeq", mine),
                plus(item, "next_seq", "sNextSeq", mine));
    }
}
