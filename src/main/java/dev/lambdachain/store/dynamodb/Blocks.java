package dev.lambdachain.store.dynamodb;

import dev.lambdachain.core.Block;
import dev.lambdachain.core.ChainSlice;
import dev.lambdachain.core.ChainWork;
import dev.lambdachain.core.Hash;
import dev.lambdachain.core.Head;
import dev.lambdachain.store.ChainStore;
import dev.lambdachain.store.CorruptItemException;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;

import static dev.lambdachain.store.dynamodb.Attributes.s;

/**
 * Reads of the main chain: its head and its blocks by height or hash, strongly consistent, each from one
 * {@link ChainView}: below a chain swap's overlay from the main block items, in it from the swap's
 * staged items. A read whose view changed while it ran (a swap committed or finished folding) is
 * done again, so no answer mixes two chains.
 */
final class Blocks implements ChainStore.Blocks {
    private final ViewReads reads;

    Blocks(ViewReads reads) {
        this.reads = reads;
    }

    /** The view readers follow: head, epoch, overlay; see {@link ViewReads#view()}. */
    ChainView view() {
        return reads.view();
    }

    @Override
    public Head head() {
        return view().head();
    }

    @Override
    public Optional<Block> block(long height) {
        return reads.consistently(view -> block(view, height));
    }

    Optional<Block> block(ChainView view, long height) {
        if (height > view.head().height()) {
            return Optional.empty();
        }
        return reads.pager()
                .get(view.staged(height) ? BlockCodec.stagedKey(view.epoch(), true, height) : BlockCodec.key(height))
                .map(this::decode);
    }

    @Override
    public Optional<ChainWork> work(long height) {
        return reads.consistently(view -> height > view.head().height() ? Optional.<ChainWork>empty()
                : reads.pager().get(view.staged(height) ? BlockCodec.stagedKey(view.epoch(), true, height)
                        : BlockCodec.key(height)).map(BlockCodec::work));
    }

    /**
     * {@inheritDoc} Found through the {@code block-hash} index (main and
     * staged block items; the head item, which also has a hash, is left out) and read again at its
     * height in one view (strongly consistent), so a block the index still lists after a swap took
     * it off the chain is not returned.
     */
    @Override
    public Optional<Block> block(Hash hash) {
        List<Long> heights = reads.pager().query(QueryRequest.builder().indexName(BlockCodec.HASH_INDEX)
                        .keyConditionExpression("#h = :hash")
                        .expressionAttributeNames(Map.of("#h", BlockCodec.HASH))
                        .expressionAttributeValues(Map.of(":hash", s(hash.hex()))), 8).stream()
                .filter(entry -> Attributes.text(entry, Attributes.PK).startsWith(BlockCodec.PARTITION)
                        || Attributes.text(entry, Attributes.PK).startsWith(BlockCodec.stagePartition("")))
                .map(entry -> Attributes.text(entry, Attributes.SK))
                .filter(sk -> sk.length() >= 19 && !sk.equals(HeadCodec.KEY.get(Attributes.SK).s()))
                .map(sk -> Long.parseLong(sk.substring(sk.length() - 19)))
                .distinct().toList();
        return reads.consistently(view -> heights.stream().map(height -> block(view, height))
                .flatMap(Optional::stream).filter(block -> block.hash().equals(hash)).findFirst());
    }

    @Override
    public List<Block> blocks(long from, int limit) {
        return slice(from, limit).blocks();
    }

    @Override
    public ChainSlice slice(long from, int limit) {
        return reads.consistently(view -> new ChainSlice(view.head(),
                items(view, from, limit).stream().map(this::decode).toList()));
    }

    @Override
    public ChainSlice top() {
        return reads.consistently(view -> new ChainSlice(view.head(),
                items(view, view.head().height(), 1).stream().map(this::decode).toList()));
    }

    /** {@inheritDoc} Each reads its body's parts, if any, and decodes it in {@link StoredFormat}. */
    @Override
    public List<ChainStore.StoredBlock> stored(long from, int limit) {
        return reads.consistently(view -> items(view, from, limit).stream()
                .<ChainStore.StoredBlock>map(item -> () -> StoredFormat.decodeBlock(BlockCodec.body(item), parts(item),
                        reads.network())).toList());
    }

    private Block decode(Map<String, AttributeValue> item) {
        return BlockCodec.decode(item, parts(item), reads.network());
    }

    /**
     * The part items' transactions of a block stored in parts (none for one in a single item),
     * read in parallel, in order. Parts are written before the block item that names them, so a
     * missing one is corruption, not a race.
     */
    private List<String> parts(Map<String, AttributeValue> item) {
        int count = BlockCodec.partCount(item);
        if (count == 0) {
            return List.of();
        }
        Hash hash = BlockCodec.hash(item);
        return IntStream.range(0, count).parallel()
                .mapToObj(part -> reads.pager().get(BlockCodec.partKey(hash, part)).map(BlockCodec::partBody)
                        .orElseThrow(() -> new CorruptItemException("block item " + Attributes.describe(item)
                                + " names " + count + " parts; part " + part + " is missing", null)))
                .toList();
    }

    private List<Map<String, AttributeValue>> items(ChainView view, long from, int limit) {
        long first = Math.max(0, from);
        long last = Math.min(view.head().height(), first + limit - 1);
        if (last < first) {
            return List.of();
        }
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        long mainLast = view.overlaid() ? Math.min(last, view.overlayFrom() - 1) : last;
        if (first <= mainLast) {
            items.addAll(range(BlockCodec.PARTITION, BlockCodec.heightKey(first), BlockCodec.heightKey(mainLast),
                    (int) (mainLast - first + 1)));
        }
        long stagedFirst = Math.max(first, mainLast + 1);
        if (view.overlaid() && stagedFirst <= last) {
            items.addAll(range(BlockCodec.stagePartition(view.epoch()), BlockCodec.stagedSort(true, stagedFirst),
                    BlockCodec.stagedSort(true, last), (int) (last - stagedFirst + 1)));
        }
        return items;
    }

    /** Staged blocks of {@code epoch}, the new branch's ({@code incoming}) or the dropped ones, in height order. */
    List<Block> staged(String epoch, boolean incoming) {
        return reads.pager().query(QueryRequest.builder()
                        .keyConditionExpression("pk = :pk AND begins_with(sk, :kind)")
                        .expressionAttributeValues(Map.of(":pk", s(BlockCodec.stagePartition(epoch)),
                                ":kind", s(BlockCodec.stagedKind(incoming))))
                        .consistentRead(true), Integer.MAX_VALUE)
                .stream().map(this::decode).toList();
    }

    private List<Map<String, AttributeValue>> range(String partition, String fromKey, String toKey, int limit) {
        return reads.pager().query(QueryRequest.builder()
                .keyConditionExpression("pk = :pk AND sk BETWEEN :from AND :to")
                .expressionAttributeValues(Map.of(":pk", s(partition), ":from", s(fromKey), ":to", s(toKey)))
                .consistentRead(true), limit);
    }
}
