package dev.lambdachain.store.dynamodb;

import dev.lambdachain.core.Block;
import dev.lambdachain.core.ChainWork;
import dev.lambdachain.core.Hash;
import dev.lambdachain.core.InvalidValueException;
import dev.lambdachain.core.Transaction;
import dev.lambdachain.store.CorruptItemException;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.lambdachain.store.dynamodb.Attributes.n;
import static dev.lambdachain.store.dynamodb.Attributes.s;

/**
 * Main-chain block items: partition {@code BLOCK}, sort key the height as 19 zero-padded digits
 * (so a query reads them in height order), the hash, the chain's cumulative work up to and with
 * this block ({@code work}, {@link ChainWork#sortKey}) and the body in {@link StoredFormat}.
 */
final class BlockCodec {
    static final String PARTITION = "BLOCK";
    static final String HASH = "hash";
    /** Keys-only index on {@code hash}: a block by hash (the head item, which also has a hash, is filtered out). */
    static final String HASH_INDEX = "block-hash";
    /**
     * A block of more transactions than this keeps them in part items of at most this many each
     * (partition {@code BODY#<block hash>}, sort key the part's number, 5 digits): a transaction
     * in format 1 is at most about 450 bytes, so a part stays far below DynamoDB's 400 KB item limit.
     */
    static final int PART_TRANSACTIONS = 500;
    /**
     * Block items per transaction where many are written together (a swap's staged and folded
     * blocks): each holds up to {@link #PART_TRANSACTIONS} transactions inline, so 8 stay well
     * within DynamoDB's 4 MB per TransactWriteItems.
     */
    static final int BLOCKS_PER_WRITE = 8;
    private static final String PARTS = "parts";
    private static final String PART_PARTITION = "BODY#";

    private BlockCodec() {
    }

    static String heightKey(long height) {
        return String.format("%019d", height);
    }

    static Map<String, AttributeValue> key(long height) {
        return Attributes.key(PARTITION, heightKey(height));
    }

    /** Puts a block at its height; fails when the height is taken (invariant 1). */
    static TransactWriteItem put(String table, Block block, ChainWork work) {
        return TransactWriteItem.builder().put(Put.builder().tableName(table)
                .item(item(PARTITION, heightKey(block.height()), block, work))
                .conditionExpression("attribute_not_exists(pk)").build()).build();
    }

    static String stagePartition(String epoch) {
        return "STAGE#" + epoch;
    }

    /** Sort key prefix of a swap's staged blocks: {@code N#} the new branch, {@code O#} the dropped blocks. */
    static String stagedKind(boolean incoming) {
        return incoming ? "N#" : "O#";
    }

    static String stagedSort(boolean incoming, long height) {
        return stagedKind(incoming) + heightKey(height);
    }

    static Map<String, AttributeValue> stagedKey(String epoch, boolean incoming, long height) {
        return Attributes.key(stagePartition(epoch), stagedSort(incoming, height));
    }

    /** A block of a chain swap staged beside the main chain (no condition: staging is repeatable). */
    static TransactWriteItem stage(String table, String epoch, boolean incoming, Block block, ChainWork work) {
        return TransactWriteItem.builder().put(Put.builder().tableName(table)
                .item(item(stagePartition(epoch), stagedSort(incoming, block.height()), block, work)).build()).build();
    }

    /** Writes a swap's block at its height over whatever was there (folding a committed swap: repeatable). */
    static TransactWriteItem overwrite(String table, Block block, ChainWork work) {
        return TransactWriteItem.builder().put(Put.builder().tableName(table)
                .item(item(PARTITION, heightKey(block.height()), block, work)).build()).build();
    }

    /**
     * A block item, main or staged: the same attributes under either key. A block of more than
     * {@link #PART_TRANSACTIONS} transactions has none in its body and their number of parts in
     * {@code parts} ({@link #putParts}).
     */
    private static Map<String, AttributeValue> item(String partition, String sort, Block block, ChainWork work) {
        Map<String, AttributeValue> item = new HashMap<>(Map.of(Attributes.PK, s(partition), Attributes.SK, s(sort),
                Attributes.VERSION, Attributes.format(), "height", n(block.height()), HASH, s(block.hash().hex()),
                HeadCodec.WORK, s(work.sortKey())));
        int parts = partCount(block);
        if (parts == 0) {
            item.put("body", s(StoredFormat.encodeBlock(block)));
        } else {
            item.put("body", s(StoredFormat.encodeBlock(block, List.of())));
            item.put(PARTS, n(parts));
        }
        return item;
    }

    /** How many part items hold the block's transactions: 0 when its body holds them all. */
    static int partCount(Block block) {
        int count = block.transactions().size();
        return count <= PART_TRANSACTIONS ? 0 : (count + PART_TRANSACTIONS - 1) / PART_TRANSACTIONS;
    }

    /**
     * The part items of a block of more than {@link #PART_TRANSACTIONS} transactions, each one
     * write of its own (a part is up to about 225 KB); none for a smaller block. Keyed by the
     * block's hash, so a main and a staged item of one block share them and writing them again is
     * harmless.
     */
    static List<TransactWriteItem> putParts(String table, Block block) {
        List<TransactWriteItem> puts = new ArrayList<>();
        List<Transaction> txs = block.transactions();
        for (int part = 0; part < partCount(block); part++) {
            List<Transaction> slice = txs.subList(part * PART_TRANSACTIONS,
                    Math.min(txs.size(), (part + 1) * PART_TRANSACTIONS));
            Map<String, AttributeValue> item = new HashMap<>(partKey(block.hash(), part));
            item.put(Attributes.VERSION, Attributes.format());
            item.put("txs", s(StoredFormat.encodeTransactions(slice)));
            puts.add(TransactWriteItem.builder().put(Put.builder().tableName(table).item(item).build()).build());
        }
        return puts;
    }

    static Map<String, AttributeValue> partKey(Hash block, int part) {
        return Attributes.key(PART_PARTITION + block.hex(), String.format("%05d", part));
    }

    /** The number of part items a stored block item names (0: its body holds every transaction). */
    static int partCount(Map<String, AttributeValue> item) {
        return item.containsKey(PARTS) ? Math.toIntExact(Attributes.number(item, PARTS)) : 0;
    }

    /** The block hash a stored block item holds (its parts are keyed by it). */
    static Hash hash(Map<String, AttributeValue> item) {
        try {
            return Hash.parse(Attributes.text(item, HASH), HASH);
        } catch (InvalidValueException e) {
            throw new CorruptItemException("block item " + Attributes.describe(item) + ": " + e.getMessage(), e);
        }
    }

    /** The transactions of a part item, undecoded. */
    static String partBody(Map<String, AttributeValue> part) {
        return Attributes.text(Attributes.checked(part), "txs");
    }

    /** Deletes a block item; fails unless it still holds this very block. */
    static TransactWriteItem delete(String table, Block block) {
        return TransactWriteItem.builder().delete(Delete.builder().tableName(table).key(key(block.height()))
                .conditionExpression("#h = :hash")
                .expressionAttributeNames(Map.of("#h", "hash"))
                .expressionAttributeValues(Map.of(":hash", s(block.hash().hex()))).build()).build();
    }

    static ChainWork work(Map<String, AttributeValue> item) {
        try {
            return ChainWork.fromSortKey(Attributes.text(Attributes.checked(item), HeadCodec.WORK));
        } catch (InvalidValueException e) {
            throw new CorruptItemException("block item " + Attributes.describe(item) + ": " + e.getMessage(), e);
        }
    }

    /** The stored body, undecoded, for a caller that decodes many in parallel. */
    static String body(Map<String, AttributeValue> item) {
        return Attributes.text(Attributes.checked(item), "body");
    }

    /** Decodes a block item whose transactions beyond its body are in {@code parts} (see {@link #partCount}). */
    static Block decode(Map<String, AttributeValue> item, List<String> parts, Hash network) {
        try {
            return StoredFormat.decodeBlock(body(item), parts, network);
        } catch (InvalidValueException e) {
            throw new CorruptItemException("block item " + Attributes.describe(item) + " does not decode: "
                    + e.getMessage(), e);
        }
    }
}
