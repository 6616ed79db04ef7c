package dev.lambdachain.store.dynamodb;

import dev.lambdachain.core.Block;
import dev.lambdachain.core.ChainWork;
import dev.lambdachain.core.Hash;
import dev.lambdachain.core.InvalidValueException;
import dev.lambdachain.store.CorruptItemException;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

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

    /** A block item, main or staged: the same attributes under either key. */
    private static Map<String, AttributeValue> item(String partition, String sort, Block block, ChainWork work) {
        return Map.of(Attributes.PK, s(partition), Attributes.SK, s(sort), Attributes.VERSION, Attributes.format(),
                "height", n(block.height()), HASH, s(block.hash().hex()), HeadCodec.WORK, s(work.sortKey()),
                "body", s(StoredFormat.encodeBlock(block)));
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

    static Block decode(Map<String, AttributeValue> item, Hash network) {
        try {
            return StoredFormat.decodeBlock(body(item), network);
        } catch (InvalidValueException e) {
            throw new CorruptItemException("block item " + Attributes.describe(item) + " does not decode: "
                    + e.getMessage(), e);
        }
    }
}
