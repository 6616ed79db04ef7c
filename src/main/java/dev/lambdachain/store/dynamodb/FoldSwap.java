package dev.lambdachain.store.dynamodb;

import dev.lambdachain.core.Block;
import dev.lambdachain.core.ChainWork;
import dev.lambdachain.core.Hash;
import dev.lambdachain.core.Ledger;
import dev.lambdachain.store.CorruptItemException;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.lambdachain.store.dynamodb.SwapWrites.update;

/**
 * Phase 3 of a chain swap ({@link ReorganiseChain}), after its commit point: staged blocks become
 * main block items, staged changes are added to the main attributes (each once, under the epoch's
 * condition), then the overlay is ended and the staged items deleted. Repeatable to the end,
 * whatever part of it ran before; it stops when its run's budget is spent, invisibly (readers
 * follow the overlay until it ends), and the head records how many of its conditional chunks are
 * folded, so the next writer carries on from there ({@code foldDone}).
 */
final class FoldSwap {

    private final Table table;
    private final Blocks blocks;
    private final SwapWrites writes;

    FoldSwap(Table table, Blocks blocks, SwapWrites writes) {
        this.table = table;
        this.blocks = blocks;
        this.writes = writes;
    }

    /**
     * Folds the overlay a swap left when it stopped after its commit point, if any.
     *
     * @return true when no overlay is open any more, false when the budget ran out first
     */
    boolean finishOpen() {
        ChainView view = blocks.view();
        if (!view.overlaid()) {
            return true;
        }
        int done = table.pager().get(HeadCodec.KEY).map(HeadCodec::foldDone).orElse(0);
        return fold(view.epoch(), view.overlayFrom() - 1, blocks.staged(view.epoch(), false),
                blocks.staged(view.epoch(), true), done);
    }

    /**
     * Folds the swap of {@code epoch}, skipping the first {@code done} chunks of its conditional
     * writes (folded by an earlier run).
     *
     * @return true when it is folded and its overlay ended, false when the budget ran out first
     */
    boolean fold(String epoch, long forkHeight, List<Block> dropped, List<Block> incoming, int done) {
        String name = table.name();
        ChainWork work = blocks.work(forkHeight).orElseThrow(() -> new CorruptItemException(
                "the fork block " + forkHeight + " of swap " + epoch + " is missing", null));
        List<TransactWriteItem> main = new ArrayList<>();
        for (Block block : incoming) {
            work = work.plus(block.powTarget());
            main.add(BlockCodec.overwrite(name, block, work));
        }
        // written before the first conditional chunk: done once a chunk is
        for (int from = 0; done == 0 && from < main.size(); from += BlockCodec.BLOCKS_PER_WRITE) {
            if (!blocks.view().epoch().equals(epoch)) {
                return true; // folded and ended by another writer (our lease ran out): its chain is not ours to write
            }
            if (writes.outOfTime()) {
                return false;
            }
            writes.commitInChunks(SwapWrites.Kind.MAIN_BLOCK,
                    main.subList(from, Math.min(main.size(), from + BlockCodec.BLOCKS_PER_WRITE)), "a main block");
        }
        long newTop = forkHeight + incoming.size();
        List<TransactWriteItem> conditional = new ArrayList<>();
        for (Block block : dropped) {
            if (block.height() > newTop) {
                // only the dropped block itself: never one mined above a shorter new chain meanwhile
                conditional.add(BlockCodec.delete(name, block));
            }
        }

        Set<String> addresses = new LinkedHashSet<>();
        dropped.forEach(block -> addresses.addAll(Ledger.flows(block).keySet()));
        incoming.forEach(block -> addresses.addAll(Ledger.flows(block).keySet()));
        addresses.forEach(address -> conditional.add(update(AccountCodec.fold(name, address, epoch))));
        Set<Hash> incomingIds = ReorganiseChain.ids(incoming);
        for (Block block : dropped) {
            conditional.add(TransactionSwapCodec.foldGone(name, block.transactions().get(0), epoch));
            block.transactions().stream().filter(tx -> !tx.isCoinbase() && !incomingIds.contains(tx.id()))
                    .forEach(tx -> conditional.add(update(TransactionSwapCodec.foldReturn(name, tx, epoch,
                            table.shards()))));
        }
        for (Block block : incoming) {
            block.transactions().forEach(tx ->
                    conditional.add(update(TransactionSwapCodec.foldConfirm(name, tx, epoch))));
        }
        if (!writes.foldInChunks(conditional, done, chunks -> HeadCodec.foldedBy(name, epoch, chunks))) {
            return false;
        }
        // refused: another writer ended it first
        writes.commitUnlessDone(SwapWrites.Kind.END_OVERLAY, List.of(HeadCodec.endOverlay(name, epoch)));
        List<TransactWriteItem> cleanup = new ArrayList<>();
        incoming.forEach(block -> cleanup.add(delete(BlockCodec.stagedKey(epoch, true, block.height()))));
        dropped.forEach(block -> cleanup.add(delete(BlockCodec.stagedKey(epoch, false, block.height()))));
        writes.commitInChunks(SwapWrites.Kind.CLEANUP, cleanup, "a staged block");
        return true;
    }

    private TransactWriteItem delete(Map<String, AttributeValue> key) {
        return TransactWriteItem.builder().delete(b -> b.tableName(table.name()).key(key)).build();
    }
}
