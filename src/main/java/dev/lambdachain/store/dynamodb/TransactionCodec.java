package dev.lambdachain.store.dynamodb;

import dev.lambdachain.core.Hash;
import dev.lambdachain.core.InvalidValueException;
import dev.lambdachain.core.Transaction;
import dev.lambdachain.core.TransactionRecord;
import dev.lambdachain.core.TransactionRecord.Status;
import dev.lambdachain.store.CorruptItemException;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.Update;

import java.util.HashMap;
import java.util.Map;

import static dev.lambdachain.store.dynamodb.Attributes.n;
import static dev.lambdachain.store.dynamodb.Attributes.s;

/**
 * Transaction items ({@code TX/<id>}) and their mempool entry. While a transaction is pending
 * its item carries the index attributes {@code mp} (its shard, {@code P#0}..{@code P#n-1},
 * chosen by id) and {@code arrival} (accept time and id, so each shard lists oldest first);
 * confirming or rejecting it removes them, which takes it out of the sparse {@code mempool} index.
 *
 * <p>While a transaction is confirmed on the main chain its item carries the address-history keys
 * {@code hs} (its sender), {@code hr} (its recipient) and {@code hpos} (height and index in the
 * block), which put it in the sparse {@code history-out} and {@code history-in} indexes; going back
 * to the mempool removes them. A coinbase has an item too (confirmed, in its recipient's history only).
 *
 * <p>A chain swap stages a new status beside the current one ({@link TransactionSwapCodec}); readers
 * in that epoch see it, as {@link #decode(Map, Hash, String)} does.
 */
final class TransactionCodec {
    static final String PARTITION = "TX";
    static final String MEMPOOL_INDEX = "mempool";
    static final String SHARD = "mp";
    static final String ARRIVAL = "arrival";
    static final String HISTORY_OUT_INDEX = "history-out";
    static final String HISTORY_IN_INDEX = "history-in";
    static final String SENT_BY = "hs";
    static final String RECEIVED_BY = "hr";
    static final String POSITION = "hpos";
    static final String STATUS = "status";

    private TransactionCodec() {
    }

    static Map<String, AttributeValue> key(Hash id) {
        return Attributes.key(PARTITION, id.hex());
    }

    /** The mempool shard of a transaction: its id's first four bytes modulo the shard count. */
    static String shard(Hash id, int shards) {
        byte[] bytes = id.bytes();
        long prefix = ((bytes[0] & 0xFFL) << 24) | ((bytes[1] & 0xFF) << 16) | ((bytes[2] & 0xFF) << 8) | (bytes[3] & 0xFF);
        return shardKey((int) (prefix % shards));
    }

    static String shardKey(int shard) {
        return "P#" + shard;
    }

    static String arrival(long acceptedAt, Hash id) {
        return String.format("%019d#%s", acceptedAt, id.hex());
    }

    /** Where a confirmed transaction stands in the chain: height and index in its block, sortable as text. */
    static String position(long height, int index) {
        return String.format("%019d#%05d", height, index);
    }

    /** A new pending transaction in the mempool; fails when the id is known already. */
    static TransactWriteItem putPending(String table, Transaction tx, long acceptedAt, int shards) {
        Map<String, AttributeValue> item = body(tx, Status.PENDING, acceptedAt);
        item.put(SHARD, s(shard(tx.id(), shards)));
        item.put(ARRIVAL, s(arrival(acceptedAt, tx.id())));
        return TransactWriteItem.builder().put(Put.builder().tableName(table).item(item)
                .conditionExpression("attribute_not_exists(pk)").build()).build();
    }

    /**
     * A pending transaction of ours confirmed at {@code height}, {@code index} in its block; fails
     * unless it is still pending.
     */
    static TransactWriteItem confirmPending(String table, Transaction tx, long height, int index) {
        return update(table, tx, "SET #st = :to, height = :height, hs = :hs, hr = :hr, hpos = :hpos REMOVE mp, arrival",
                Status.PENDING, Status.CONFIRMED, Map.of(":height", n(height), ":hs", s(tx.sender()),
                        ":hr", s(tx.recipient()), ":hpos", s(position(height, index))));
    }

    /**
     * A transaction first seen in a peer's block, confirmed at {@code height}; fails when it is
     * known here and not rejected (pending ones go through {@link #confirmPending}).
     */
    static TransactWriteItem confirmForeign(String table, Transaction tx, long height, int index, long now) {
        Map<String, AttributeValue> item = body(tx, Status.CONFIRMED, now);
        item.put("height", n(height));
        item.put(SENT_BY, s(tx.sender()));
        item.put(RECEIVED_BY, s(tx.recipient()));
        item.put(POSITION, s(position(height, index)));
        return putUnlessKnown(table, item);
    }

    /** Puts {@code item}; fails when its transaction is known here and not rejected. */
    static TransactWriteItem putUnlessKnown(String table, Map<String, AttributeValue> item) {
        return TransactWriteItem.builder().put(Put.builder().tableName(table).item(item)
                .conditionExpression("attribute_not_exists(pk) OR #st = :rejected")
                .expressionAttributeNames(Map.of("#st", STATUS))
                .expressionAttributeValues(Map.of(":rejected", s(Status.REJECTED.name())))
                .build()).build();
    }

    /**
     * A block's coinbase (or genesis supply), confirmed at {@code height}: in its recipient's history.
     * Unconditional, as the coinbase is the block's own: writing it again writes the same item.
     */
    static TransactWriteItem putCoinbase(String table, Transaction tx, long height, int index, long now) {
        Map<String, AttributeValue> item = body(tx, Status.CONFIRMED, now);
        item.put("height", n(height));
        item.put(RECEIVED_BY, s(tx.recipient()));
        item.put(POSITION, s(position(height, index)));
        return TransactWriteItem.builder().put(Put.builder().tableName(table).item(item).build()).build();
    }

    /** A pending transaction that can no longer be paid, out of the mempool with its reason. */
    static TransactWriteItem reject(String table, Transaction tx, String reason) {
        return update(table, tx, "SET #st = :to, reason = :reason REMOVE mp, arrival", Status.PENDING,
                Status.REJECTED, Map.of(":reason", s(reason)));
    }

    /** True when a swap of {@code epoch} took this item's coinbase off the chain: readers in it do not find it. */
    static boolean goneIn(Map<String, AttributeValue> item, String epoch) {
        return stagedIn(item, epoch) && item.containsKey("sGone");
    }

    /** Its place in the chain (history position) for a reader in {@code epoch}; null when not confirmed there. */
    static String positionIn(Map<String, AttributeValue> item, String epoch) {
        if (stagedIn(item, epoch)) {
            AttributeValue staged = item.get("sPos");
            return item.containsKey("sGone") || staged == null ? null : staged.s();
        }
        AttributeValue main = item.get(POSITION);
        return main == null ? null : main.s();
    }

    private static boolean stagedIn(Map<String, AttributeValue> item, String epoch) {
        AttributeValue staged = item.get("sEpoch");
        return epoch != null && staged != null && epoch.equals(staged.s());
    }

    static Hash id(Map<String, AttributeValue> item) {
        return Hash.parse(Attributes.text(item, Attributes.SK), "id");
    }

    static TransactionRecord decode(Map<String, AttributeValue> item, Hash network) {
        return decode(item, network, null);
    }

    /** The record as a reader in {@code epoch} sees it: with the swap's staged status when it belongs to that epoch. */
    static TransactionRecord decode(Map<String, AttributeValue> item, Hash network, String epoch) {
        Attributes.checked(item);
        if (stagedIn(item, epoch) && item.containsKey("sStatus")) {
            TransactionRecord main = decode(withoutStaged(item), network, null);
            long height = Attributes.number(item, "sHeight");
            return new TransactionRecord(main.transaction(), Status.valueOf(Attributes.text(item, "sStatus")), height,
                    null, main.acceptedAt());
        }
        Transaction tx;
        Status status;
        try {
            tx = StoredFormat.decodeTransaction(Attributes.text(item, "tx"), network);
            status = Status.valueOf(Attributes.text(item, STATUS));
        } catch (InvalidValueException | IllegalArgumentException e) {
            throw new CorruptItemException("transaction item " + Attributes.describe(item) + " does not decode: "
                    + e.getMessage(), e);
        }
        AttributeValue reason = item.get("reason");
        return new TransactionRecord(tx, status, item.containsKey("height") ? Attributes.number(item, "height") : -1,
                reason == null ? null : reason.s(), Attributes.number(item, "acceptedAt"));
    }

    private static Map<String, AttributeValue> withoutStaged(Map<String, AttributeValue> item) {
        Map<String, AttributeValue> main = new HashMap<>(item);
        main.remove("sEpoch");
        return main;
    }

    static Map<String, AttributeValue> body(Transaction tx, Status status, long acceptedAt) {
        Map<String, AttributeValue> item = new HashMap<>(key(tx.id()));
        item.put(Attributes.VERSION, Attributes.format());
        item.put(STATUS, s(status.name()));
        item.put("tx", s(StoredFormat.encodeTransaction(tx)));
        item.put("acceptedAt", n(acceptedAt));
        return item;
    }

    private static TransactWriteItem update(String table, Transaction tx, String expression, Status from, Status to,
                                            Map<String, AttributeValue> values) {
        Map<String, AttributeValue> all = new HashMap<>(values);
        all.put(":from", s(from.name()));
        all.put(":to", s(to.name()));
        return TransactWriteItem.builder().update(Update.builder().tableName(table).key(key(tx.id()))
                .updateExpression(expression)
                .conditionExpression("#st = :from")
                .expressionAttributeNames(Map.of("#st", STATUS))
                .expressionAttributeValues(all)
                .build()).build();
    }
}
