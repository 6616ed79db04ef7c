package dev.lambdachain.store;

import dev.lambdachain.core.Block;
import dev.lambdachain.core.Hash;
import dev.lambdachain.core.Head;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.lambdachain.store.Attributes.s;

/** Reads of the main chain: its head and its blocks by height or hash, strongly consistent. */
public final class Blocks {
    private final Pager pager;
    private final Hash network;

    Blocks(Pager pager, Hash network) {
        this.pager = pager;
        this.network = network;
    }

    /**
     * The head of the main chain.
     *
     * @throws StoreUnavailableException when no writer has created the genesis block yet
     */
    public Head head() {
        return pager.get(HeadCodec.KEY).map(HeadCodec::decode).orElseThrow(() -> new StoreUnavailableException(
                "this node has no chain yet: its first write (POST /transactions/new or GET /mine) "
                        + "creates the genesis block; try again then"));
    }

    public Optional<Block> block(long height) {
        return pager.get(BlockCodec.key(height)).map(item -> BlockCodec.decode(item, network));
    }

    /**
     * The main-chain block with this hash, found through the {@code block-hash} index and read
     * again from its item (strongly consistent), so a block the index still lists after a swap
     * took it off the chain is not returned.
     */
    public Optional<Block> block(Hash hash) {
        List<Map<String, AttributeValue>> entries = pager.query(QueryRequest.builder().indexName(BlockCodec.HASH_INDEX)
                .keyConditionExpression("#h = :hash")
                .expressionAttributeNames(Map.of("#h", BlockCodec.HASH))
                .expressionAttributeValues(Map.of(":hash", s(hash.hex()))), 2);
        return entries.stream()
                .filter(entry -> BlockCodec.PARTITION.equals(Attributes.text(entry, Attributes.PK)))
                .findFirst()
                .flatMap(entry -> pager.get(Attributes.key(BlockCodec.PARTITION, Attributes.text(entry, Attributes.SK))))
                .map(item -> BlockCodec.decode(item, network))
                .filter(block -> block.hash().equals(hash));
    }

    /** Up to {@code limit} main-chain blocks from {@code from} upwards, in height order. */
    public List<Block> blocks(long from, int limit) {
        return items(from, limit).stream().map(item -> BlockCodec.decode(item, network)).toList();
    }

    /** The same blocks' stored bodies, undecoded, for a caller that decodes them in parallel ({@link StoredFormat#decodeBlock}). */
    public List<String> bodies(long from, int limit) {
        return items(from, limit).stream().map(BlockCodec::body).toList();
    }

    private List<Map<String, AttributeValue>> items(long from, int limit) {
        return pager.query(QueryRequest.builder()
                .keyConditionExpression("pk = :pk AND sk >= :from")
                .expressionAttributeValues(Map.of(":pk", s(BlockCodec.PARTITION),
                        ":from", s(BlockCodec.heightKey(Math.max(0, from)))))
                .consistentRead(true), limit);
    }
}
