package dev.lambdachain.store.dynamodb;

import dev.lambdachain.core.Block;
import dev.lambdachain.core.ChainWork;
import dev.lambdachain.core.Hash;
import dev.lambdachain.core.Head;
import dev.lambdachain.core.Ledger;
import dev.lambdachain.core.Transaction;
import dev.lambdachain.core.TransactionRecord;
import dev.lambdachain.core.TransactionRecord.Status;
import dev.lambdachain.store.ChainStore;
import dev.lambdachain.store.ConflictException;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.IntConsumer;

import static dev.lambdachain.store.dynamodb.SwapWrites.update;

/**
 * Replaces the main chain above a fork point with a verified branch so that no reader ever sees
 * the two mixed or a shortened chain (docs/DYNAMODB.md, "Chain swap"), in three phases:
 *
 * <ol>
 *   <li><b>stage</b>, after claiming the staging on the head ({@link HeadCodec#claim}; every
 *   staging transaction checks the claim), many transactions, invisible: the branch's blocks (and the dropped ones, for
 *   recovery) as items of a new epoch, every account's change as a staged difference, every
 *   transaction's new status as a staged status, each tagged with the epoch;</li>
 *   <li><b>flip</b>, one conditional write, the commit point: the head moves to the branch's tip,
 *   names the epoch and the height its overlay starts at. Readers follow the head: from then on
 *   they read the branch's blocks from the staged items and add the staged changes;</li>
 *   <li><b>fold</b>, many idempotent writes, invisible: staged blocks become main block items,
 *   staged changes are added to the main attributes (each once, under the epoch's condition),
 *   then the overlay is ended and the staged items deleted.</li>
 * </ol>
 *
 * A crash while staging leaves items nobody reads (a later swap uses another epoch); a crash after
 * the flip leaves an overlay that {@link #finish} folds ({@link FoldSwap}), which every writer runs
 * first under the lease. A block too large for one DynamoDB transaction is appended by the same
 * three phases ({@link #append}): one commit protocol for appends and swaps.
 */
final class ReorganiseChain implements ChainStore.ReorganiseChain {
    private final Table table;
    private final Blocks blocks;
    private final Transactions transactions;
    private final IntConsumer afterWrite;

    ReorganiseChain(Table table, Blocks blocks, Transactions transactions, IntConsumer afterWrite) {
        this.table = table;
        this.blocks = blocks;
        this.transactions = transactions;
        this.afterWrite = afterWrite;
    }

    @Override
    public void run(Head from, Head fork, List<Block> dropped, List<Block> incoming) {
        commit(from, fork, dropped, incoming, "our chain moved while resolving; try again",
                "our chain moved while the swap was staged; nothing changed, try again");
    }

    /**
     * Appends {@code block} on {@code parent} the same way: a swap that drops nothing and adopts
     * one block, for a block too large for one DynamoDB transaction ({@link AppendBlock}). The
     * flip, conditional on the head still being {@code parent}, keeps one block per height.
     *
     * @throws ConflictException when the head moved: another block took the height
     */
    void append(Block block, Head parent) {
        String taken = "height " + block.height() + " was taken by another block first";
        commit(parent, parent, List.of(), List.of(block), taken, taken);
    }

    private void commit(Head from, Head fork, List<Block> dropped, List<Block> incoming, String moved,
                        String movedWhileStaged) {
        SwapWrites writes = new SwapWrites(table.transactor(), afterWrite);
        FoldSwap folding = new FoldSwap(table, blocks, writes);
        folding.finishOpen();
        if (!blocks.view().head().equals(from)) {
            throw new ConflictException(moved);
        }
        String epoch = UUID.randomUUID().toString();
        String name = table.name();
        Set<Hash> droppedIds = ids(dropped);
        Set<Hash> incomingIds = ids(incoming);
        Set<Hash> all = new LinkedHashSet<>(droppedIds);
        all.addAll(incomingIds);
        Map<Hash, TransactionRecord> known = transactions.transactions(all);

        try {
            writes.commit(List.of(HeadCodec.claim(name, from, epoch)));
        } catch (Transactor.Cancelled e) {
            throw new ConflictException(moved);
        }
        TransactWriteItem claimed = HeadCodec.stagedBy(name, epoch);
        // a large block's transactions first, in parts named by the block items staged next
        incoming.forEach(block -> BlockCodec.putParts(name, block).forEach(part ->
                writes.stageInChunks(List.of(part), "a block's part", 1, claimed)));
        List<TransactWriteItem> staged = new ArrayList<>();
        ChainWork work = fork.work();
        for (Block block : incoming) {
            work = work.plus(block.powTarget());
            staged.add(BlockCodec.stage(name, epoch, true, block, work));
        }
        Head to = incoming.isEmpty() ? fork : new Head(incoming.get(incoming.size() - 1).height(),
                incoming.get(incoming.size() - 1).hash(), work);
        for (Block block : dropped) {
            staged.add(BlockCodec.stage(name, epoch, false, block, ChainWork.ZERO));
        }
        writes.stageInChunks(staged, "a staged block", BlockCodec.BLOCKS_PER_WRITE, claimed);

        Map<String, AccountChange> changes = new LinkedHashMap<>();
        dropped.forEach(block -> Ledger.flows(block).forEach((address, flow) ->
                add(changes, address, AccountChange.ofBalance(-flow.net()))));
        incoming.forEach(block -> Ledger.flows(block).forEach((address, flow) ->
                add(changes, address, AccountChange.ofBalance(flow.net()))));
        List<TransactWriteItem> statuses = new ArrayList<>();
        long now = table.clock().millis();
        for (Block block : dropped) {
            statuses.add(update(TransactionSwapCodec.stageGone(name, block.transactions().get(0), epoch)));
            for (Transaction tx : block.transactions()) {
                if (tx.isSigned()) {
                    add(changes, tx.sender(), AccountChange.ofSequence(-1)); // the next sequence stays
                }
                if (!tx.isCoinbase() && !incomingIds.contains(tx.id())) {
                    add(changes, tx.sender(), AccountChange.ofPendingOut(tx.amount().units()));
                    TransactionRecord record = known.get(tx.id());
                    statuses.add(update(TransactionSwapCodec.stageReturn(name, tx, epoch,
                            record == null ? now : record.acceptedAt())));
                }
            }
        }
        for (Block block : incoming) {
            for (int index = 0; index < block.transactions().size(); index++) {
                Transaction tx = block.transactions().get(index);
                TransactionRecord record = known.get(tx.id());
                if (tx.isSigned()) {
                    add(changes, tx.sender(), AccountChange.ofSequence(1));
                    if (!droppedIds.contains(tx.id()) && (record == null || record.status() != Status.PENDING)) {
                        add(changes, tx.sender(), AccountChange.ofNextSequence(1)); // first seen here
                    }
                }
                if (tx.isCoinbase()) {
                    statuses.add(TransactionSwapCodec.stageForeign(name, tx, epoch, block.height(), index, now));
                } else if (droppedIds.contains(tx.id())) {
                    statuses.add(update(TransactionSwapCodec.stageConfirm(name, tx, epoch, Status.CONFIRMED,
                            block.height(), index)));
                } else if (record != null && record.status() == Status.PENDING) {
                    add(changes, tx.sender(), AccountChange.ofPendingOut(-tx.amount().units()));
                    statuses.add(update(TransactionSwapCodec.stageConfirm(name, tx, epoch, Status.PENDING,
                            block.height(), index)));
                } else {
                    statuses.add(TransactionSwapCodec.stageForeign(name, tx, epoch, block.height(), index, now));
                }
            }
        }
        List<TransactWriteItem> accounts = new ArrayList<>();
        changes.forEach((address, change) -> accounts.add(update(AccountCodec.stage(name, address, epoch, change))));
        writes.stageInChunks(accounts, "an account", claimed);
        writes.stageInChunks(statuses, "a transaction", claimed);

        try {
            writes.commit(List.of(HeadCodec.flip(name, from, to, epoch, fork.height() + 1)));
        } catch (Transactor.Cancelled e) {
            throw new ConflictException(movedWhileStaged);
        }
        folding.fold(epoch, fork.height(), dropped, incoming);
    }

    /** {@inheritDoc} Folds the overlay a swap left when it stopped after its commit point, if any. */
    @Override
    public void finish() {
        new FoldSwap(table, blocks, new SwapWrites(table.transactor(), afterWrite)).finishOpen();
    }

    private static void add(Map<String, AccountChange> changes, String address, AccountChange change) {
        changes.merge(address, change, AccountChange::plus);
    }

    /** The ids of the blocks' transactions but their coinbases. */
    static Set<Hash> ids(List<Block> chain) {
        Set<Hash> ids = new LinkedHashSet<>();
        chain.forEach(block -> block.transactions().stream().filter(tx -> !tx.isCoinbase())
                .forEach(tx -> ids.add(tx.id())));
        return ids;
    }
}
