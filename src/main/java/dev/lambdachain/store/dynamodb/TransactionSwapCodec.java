package dev.lambdachain.store.dynamodb;

import dev.lambdachain.core.Transaction;
import dev.lambdachain.core.TransactionRecord.Status;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.Update;

import java.util.HashMap;
import java.util.Map;

import static dev.lambdachain.store.dynamodb.Attributes.n;
import static dev.lambdachain.store.dynamodb.Attributes.s;
import static dev.lambdachain.store.dynamodb.TransactionCodec.STATUS;
import static dev.lambdachain.store.dynamodb.TransactionCodec.arrival;
import static dev.lambdachain.store.dynamodb.TransactionCodec.body;
import static dev.lambdachain.store.dynamodb.TransactionCodec.key;
import static dev.lambdachain.store.dynamodb.TransactionCodec.position;
import static dev.lambdachain.store.dynamodb.TransactionCodec.putUnlessKnown;
import static dev.lambdachain.store.dynamodb.TransactionCodec.shard;

/**
 * A chain swap's writes to transaction items ({@link TransactionCodec}): it stages a new status
 * beside the current one ({@code sEpoch}, {@code sStatus}, {@code sHeight}, {@code sPos}, and
 * {@code sArrival} for one going back to the mempool, {@code sGone} for a dropped coinbase); readers
 * in that epoch see it, and the fold makes it the status, with its mempool and history keys, in one
 * update per item.
 */
final class TransactionSwapCodec {
    private TransactionSwapCodec() {
    }

    /**
     * A transaction's status as a swap stages it: what it must be now ({@code from}), what readers
     * in the swap's epoch see ({@code to}) at {@code height} (-1 for none), its history
     * {@code position} (null unless confirmed) and its mempool {@code arrival} (null unless it goes
     * back to the mempool).
     */
    record Staged(Status from, Status to, long height, String position, String arrival) {
    }

    /** Stages the return of a transaction of a dropped block to the mempool at its original {@code acceptedAt}. */
    static Update stageReturn(String table, Transaction tx, String epoch, long acceptedAt) {
        return stage(table, tx, epoch, new Staged(Status.CONFIRMED, Status.PENDING, -1, null,
                arrival(acceptedAt, tx.id())));
    }

    /**
     * Stages the confirmation at {@code height}, {@code index} in its block, of a transaction that is
     * {@code from} here now (CONFIRMED in a dropped block, or PENDING).
     */
    static Update stageConfirm(String table, Transaction tx, String epoch, Status from, long height, int index) {
        return stage(table, tx, epoch, new Staged(from, Status.CONFIRMED, height, position(height, index), null));
    }

    /** Stages the end of a dropped block's coinbase: readers in {@code epoch} no longer find it. */
    static Update stageGone(String table, Transaction tx, String epoch) {
        return Update.builder().tableName(table).key(key(tx.id()))
                .updateExpression("SET sEpoch = :e, sGone = :gone")
                .expressionAttributeValues(Map.of(":e", s(epoch), ":gone", AttributeValue.fromBool(true)))
                .build();
    }

    /**
     * Stages the confirmation at {@code height} of a transaction unknown here (or rejected), or of a
     * new block's coinbase: until the swap commits it reads as rejected, since only a chain not
     * adopted holds it.
     */
    static TransactWriteItem stageForeign(String table, Transaction tx, String epoch, long height, int index, long now) {
        Map<String, AttributeValue> item = body(tx, Status.REJECTED, now);
        item.put("reason", s("only in a chain this node has not adopted"));
        item.put("sEpoch", s(epoch));
        item.put("sStatus", s(Status.CONFIRMED.name()));
        item.put("sHeight", n(height));
        item.put("sPos", s(position(height, index)));
        return putUnlessKnown(table, item);
    }

    /** Back to the mempool as staged in {@code epoch}; fails when it is folded already. */
    static Update foldReturn(String table, Transaction tx, String epoch, int shards) {
        return Update.builder().tableName(table).key(key(tx.id()))
                .updateExpression("SET #st = sStatus, mp = :shard, arrival = sArrival"
                        + " REMOVE height, hs, hr, hpos, sEpoch, sStatus, sHeight, sPos, sArrival")
                .conditionExpression("sEpoch = :e")
                .expressionAttributeNames(Map.of("#st", STATUS))
                .expressionAttributeValues(Map.of(":e", s(epoch), ":shard", s(shard(tx.id(), shards)))).build();
    }

    /** Confirmed as staged in {@code epoch}, with its history keys; fails when it is folded already. */
    static Update foldConfirm(String table, Transaction tx, String epoch) {
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":e", s(epoch), ":hr", s(tx.recipient())));
        String sender = "";
        if (!tx.isCoinbase()) {
            values.put(":hs", s(tx.sender()));
            sender = ", hs = :hs";
        }
        return Update.builder().tableName(table).key(key(tx.id()))
                .updateExpression("SET #st = sStatus, height = sHeight, hpos = sPos, hr = :hr" + sender
                        + " REMOVE mp, arrival, reason, sEpoch, sStatus, sHeight, sPos, sArrival")
                .conditionExpression("sEpoch = :e")
                .expressionAttributeNames(Map.of("#st", STATUS))
                .expressionAttributeValues(values).build();
    }

    /** A dropped block's coinbase deleted as staged in {@code epoch}; fails when it is gone already. */
    static TransactWriteItem foldGone(String table, Transaction tx, String epoch) {
        return TransactWriteItem.builder().delete(Delete.builder().tableName(table).key(key(tx.id()))
                .conditionExpression("sEpoch = :e")
                .expressionAttributeValues(Map.of(":e", s(epoch))).build()).build();
    }

    /** Stages {@code staged} beside the transaction's status, on condition that it still is {@code staged.from}. */
    private static Update stage(String table, Transaction tx, String epoch, Staged staged) {
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":e", s(epoch));
        values.put(":to", s(staged.to().name()));
        values.put(":h", n(staged.height()));
        values.put(":from", s(staged.from().name()));
        String set = "SET sEpoch = :e, sStatus = :to, sHeight = :h";
        if (staged.arrival() != null) {
            values.put(":arrival", s(staged.arrival()));
            set += ", sArrival = :arrival";
        }
        if (staged.position() != null) {
            values.put(":pos", s(staged.position()));
            set += ", sPos = :pos";
        }
        return Update.builder().tableName(table).key(key(tx.id()))
                .updateExpression(set)
                .conditionExpression("#st = :from")
                .expressionAttributeNames(Map.of("#st", STATUS))
                .expressionAttributeValues(values).build();
    }
}
