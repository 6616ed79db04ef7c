package dev.lambdachain.store.dynamodb;

import dev.lambdachain.core.ChainWork;
import dev.lambdachain.core.Hash;
import dev.lambdachain.core.Head;
import dev.lambdachain.core.InvalidValueException;
import dev.lambdachain.store.CorruptItemException;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.Update;

import java.util.Map;
import java.util.Optional;

import static dev.lambdachain.store.dynamodb.Attributes.n;
import static dev.lambdachain.store.dynamodb.Attributes.s;

/**
 * The head item ({@code META/HEAD}): height, hash and cumulative work ({@code work},
 * {@link ChainWork#sortKey}) of the main chain's tip, and the genesis hash the table was started with. The one item every block moves: its write rate is the chain's.
 */
final class HeadCodec {
    static final Map<String, AttributeValue> KEY = Attributes.key("META", "HEAD");
    static final String WORK = "work";
    /** The attributes of a staging claim ({@link #claim}), removed together when it ends. */
    private static final String STAGING = "stagingEpoch, stagingFrom, stagingFork, stagingTip, stagingBlocks, stagingDone";

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
     * What the head says of a staging in progress ({@link #claim}): its epoch, the head it started
     * from, the fork height and the tip of the branch it adopts (so the next call with the same
     * change knows it for its own), how many of its staging transactions stage blocks (with their
     * parts), and how many it has committed so far ({@code done}, moved by every staging
     * transaction: what a resumed staging skips).
     */
    record Staging(String epoch, Hash from, long fork, Hash tip, int blockWrites, int done) {
        /** True when every block of the change is staged: a writer without the branch in hand can read it back. */
        boolean blocksStaged() {
            return done >= blockWrites;
        }
    }

    /**
     * Claims the staging of a chain swap (or a staged append) described by {@code staging} (its
     * {@code done} is not read: a claim starts at 0) on the head {@code from}: names it in
     * {@code stagingEpoch}, replacing any earlier claim, whose stager's remaining writes and flip
     * then fail ({@link #stagedBy}). So of two writers staging at once (a lease that ran out) only
     * the last to claim can write staged values or flip, and none can overwrite the staged values
     * of a committed swap. Fails unless the head is still {@code from} and no swap is being folded.
     */
    static TransactWriteItem claim(String table, Head from, Staging staging) {
        return TransactWriteItem.builder().update(Update.builder().tableName(table).key(KEY)
                .updateExpression("SET stagingEpoch = :epoch, stagingFrom = :fromHash, stagingFork = :fork,"
                        + " stagingTip = :tip, stagingBlocks = :blocks, stagingDone = :zero")
                .conditionExpression("height = :fromHeight AND #h = :fromHash AND attribute_not_exists(overlayFrom)")
                .expressionAttributeNames(Map.of("#h", "hash"))
                .expressionAttributeValues(Map.of(":epoch", s(staging.epoch()), ":fromHeight", n(from.height()),
                        ":fromHash", s(from.hash().hex()), ":fork", n(staging.fork()), ":tip", s(staging.tip().hex()),
                        ":blocks", n(staging.blockWrites()), ":zero", n(0)))
                .build()).build();
    }

    /**
     * In each staging transaction: fails unless {@code epoch} still holds the staging claim
     * ({@link #claim}), and records that {@code done} staging transactions are committed, this one
     * included.
     */
    static TransactWriteItem stagedBy(String table, String epoch, int done) {
        return TransactWriteItem.builder().update(Update.builder().tableName(table).key(KEY)
                .updateExpression("SET stagingDone = :done")
                .conditionExpression("stagingEpoch = :epoch")
                .expressionAttributeValues(Map.of(":epoch", s(epoch), ":done", n(done)))
                .build()).build();
    }

    /**
     * Ends the staging claim of {@code epoch} without a flip, for a stopped change that no longer
     * fits the chain: no later call tries to carry it on. Fails unless {@code epoch} still holds it.
     */
    static TransactWriteItem abandon(String table, String epoch) {
        return TransactWriteItem.builder().update(Update.builder().tableName(table).key(KEY)
                .updateExpression("REMOVE " + STAGING)
                .conditionExpression("stagingEpoch = :epoch")
                .expressionAttributeValues(Map.of(":epoch", s(epoch)))
                .build()).build();
    }

    /** The staging in progress on the head {@code item}, if it names one. */
    static Optional<Staging> staging(Map<String, AttributeValue> item) {
        if (!item.containsKey("stagingEpoch") || !item.containsKey("stagingTip")) {
            return Optional.empty(); // none, or a claim of a node that did not record its progress
        }
        try {
            return Optional.of(new Staging(Attributes.text(item, "stagingEpoch"),
                    Hash.parse(Attributes.text(item, "stagingFrom"), "stagingFrom"),
                    Attributes.number(item, "stagingFork"), Hash.parse(Attributes.text(item, "stagingTip"), "stagingTip"),
                    (int) Attributes.number(item, "stagingBlocks"), (int) Attributes.number(item, "stagingDone")));
        } catch (InvalidValueException e) {
            throw new CorruptItemException("head item's staging does not decode: " + e.getMessage(), e);
        }
    }

    /**
     * In each of a fold's transactions: fails unless the head is still in {@code epoch} with its
     * overlay open, and records that {@code done} of the fold's transactions are committed.
     */
    static TransactWriteItem foldedBy(String table, String epoch, int done) {
        return TransactWriteItem.builder().update(Update.builder().tableName(table).key(KEY)
                .updateExpression("SET foldDone = :done")
                .conditionExpression("epoch = :epoch AND attribute_exists(overlayFrom)")
                .expressionAttributeValues(Map.of(":epoch", s(epoch), ":done", n(done)))
                .build()).build();
    }

    /** How many of the open overlay's fold transactions the head {@code item} records as committed (0: none). */
    static int foldDone(Map<String, AttributeValue> item) {
        return item.containsKey("foldDone") ? (int) Attributes.number(item, "foldDone") : 0;
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
                        + " REMOVE " + STAGING)
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
                .updateExpression("REMOVE overlayFrom, foldDone")
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
