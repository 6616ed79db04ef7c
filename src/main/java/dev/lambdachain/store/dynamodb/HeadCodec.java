package dev.lambdachain.store.dynamodb;

import dev.lambdachain.core.ChainWork;
import dev.lambdachain.core.Hash;
import dev.lambdachain.core.Head;
import dev.lambdachain.core.InvalidValueException;
import dev.lambdachain.store.CorruptItemException;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionCheck;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.Update;

import java.util.Map;

import static dev.lambdachain.store.dynamodb.Attributes.n;
import static dev.lambdachain.store.dynamodb.Attributes.s;

/**
 * The head item ({@code META/HEAD}): height, hash and cumulative work ({@code work},
 * {@link ChainWork#sortKey}) of the main chain's tip, and the genesis hash the table was started with. The one item every block moves: its write rate is the chain's.
 */
final class HeadCodec {
    static final Map<String, AttributeValue> KEY = Attributes.key("META", "HEAD");
    static final String WORK = "work";

    private HeadCodec() {
    }

    /** The head of a new chain: genesis; fails when the table has a head already. */
    static TransactWriteItem start(String table, Hash genesis) {
        return TransactWriteItem.builder().put(Put.builder().tableName(table)
                .item(Map.of(Attributes.PK, KEY.get(Attributes.PK), Attributes.SK, KEY.get(Attributes.SK),
                        Attributes.VERSION, Attributes.format(), "height", n(0), "hash", s(genesis.hex()),
                        WORK, s(ChainWork.ZERO.sortKey()), "genesis", s(genesis.hex())))
                .conditionExpression("attribute_not_exists(pk)").build()).build();
    }

    /**
     * Moves the head from one block to another; fails unless it still is where the caller saw it
     * and no committed swap (or staged append) is still being folded: a block added over an open
     * overlay would be read from the overlay's staged items, where it is not.
     */
    static TransactWriteItem move(String table, long fromHeight, Hash fromHash, Head to) {
        return TransactWriteItem.builder().update(Update.builder().tableName(table).key(KEY)
                .updateExpression("SET height = :to, #h = :toHash, #w = :toWork")
                .conditionExpression("height = :from AND #h = :fromHash AND attribute_not_exists(overlayFrom)")
                .expressionAttributeNames(Map.of("#h", "hash", "#w", WORK))
                .expressionAttributeValues(Map.of(":to", n(to.height()), ":toHash", s(to.hash().hex()),
                        ":toWork", s(to.work().sortKey()), ":from", n(fromHeight), ":fromHash", s(fromHash.hex())))
                .build()).build();
    }

    /**
     * Claims the staging of a chain swap (or a staged append) in {@code epoch} on the head
     * {@code from}: names it in {@code stagingEpoch}, replacing any earlier claim, whose stager's
     * remaining writes and flip then fail ({@link #stagedBy}). So of two writers staging at once
     * (a lease that ran out) only the last to claim can write staged values or flip, and none can
     * overwrite the staged values of a committed swap. Fails unless the head is still
     * {@code from} and no swap is being folded.
     */
    static TransactWriteItem claim(String table, Head from, String epoch) {
        return TransactWriteItem.builder().update(Update.builder().tableName(table).key(KEY)
                .updateExpression("SET stagingEpoch = :epoch")
                .conditionExpression("height = :fromHeight AND #h = :fromHash AND attribute_not_exists(overlayFrom)")
                .expressionAttributeNames(Map.of("#h", "hash"))
                .expressionAttributeValues(Map.of(":epoch", s(epoch), ":fromHeight", n(from.height()),
                        ":fromHash", s(from.hash().hex())))
                .build()).build();
    }

    /** A check, in each staging transaction, that {@code epoch} still holds the staging claim ({@link #claim}). */
    static TransactWriteItem stagedBy(String table, String epoch) {
        return TransactWriteItem.builder().conditionCheck(ConditionCheck.builder().tableName(table).key(KEY)
                .conditionExpression("stagingEpoch = :epoch")
                .expressionAttributeValues(Map.of(":epoch", s(epoch)))
                .build()).build();
    }

    /**
     * The commit point of a chain swap: the head moves from {@code from} to {@code to}, now in
     * {@code epoch}, with the swap's blocks read from its staged items from {@code overlayFrom} on,
     * and the staging claim ends. Fails unless the head is still {@code from}, no other swap is
     * being folded and {@code epoch} still holds the claim.
     */
    static TransactWriteItem flip(String table, Head from, Head to, String epoch, long overlayFrom) {
        return TransactWriteItem.builder().update(Update.builder().tableName(table).key(KEY)
                .updateExpression("SET height = :to, #h = :toHash, #w = :toWork, epoch = :epoch, overlayFrom = :from"
                        + " REMOVE stagingEpoch")
                .conditionExpression("height = :fromHeight AND #h = :fromHash AND attribute_not_exists(overlayFrom)"
                        + " AND stagingEpoch = :epoch")
                .expressionAttributeNames(Map.of("#h", "hash", "#w", WORK))
                .expressionAttributeValues(Map.of(":to", n(to.height()), ":toHash", s(to.hash().hex()),
                        ":toWork", s(to.work().sortKey()), ":epoch", s(epoch), ":from", n(overlayFrom),
                        ":fromHeight", n(from.height()), ":fromHash", s(from.hash().hex())))
                .build()).build();
    }

    /** Ends a folded swap's overlay: readers read the main items again. Fails unless the head is still in {@code epoch}. */
    static TransactWriteItem endOverlay(String table, String epoch) {
        return TransactWriteItem.builder().update(Update.builder().tableName(table).key(KEY)
                .updateExpression("REMOVE overlayFrom")
                .conditionExpression("epoch = :epoch")
                .expressionAttributeValues(Map.of(":epoch", s(epoch)))
                .build()).build();
    }

    static ChainView view(Map<String, AttributeValue> item) {
        AttributeValue epoch = item.get("epoch");
        return new ChainView(decode(item), epoch == null ? "" : epoch.s(),
                item.containsKey("overlayFrom") ? Attributes.number(item, "overlayFrom") : -1);
    }

    static Head decode(Map<String, AttributeValue> item) {
        Attributes.checked(item);
        try {
            return new Head(Attributes.number(item, "height"), Hash.parse(Attributes.text(item, "hash"), "hash"),
                    ChainWork.fromSortKey(Attributes.text(item, WORK)));
        } catch (InvalidValueException e) {
            throw new CorruptItemException("head item does not decode: " + e.getMessage(), e);
        }
    }

    static String genesis(Map<String, AttributeValue> item) {
        return Attributes.text(Attributes.checked(item), "genesis");
    }
}
