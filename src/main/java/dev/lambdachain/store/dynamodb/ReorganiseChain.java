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
import dev.lambdachain.store.StaleViewException;
import dev.lambdachain.store.SwapStoppedException;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.ObjIntConsumer;

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
 * A run stops before a staging or fold transaction once its time budget is spent. Staging
 * progress is on the head (its claim counts the staging transactions written), so the next call
 * with the same change, or {@link #finish} once the change's blocks are staged, carries it on
 * where it stopped; a crash while staging leaves the same. A stop (or crash) after the flip leaves an
 * overlay that {@link #finish} folds ({@link FoldSwap}), which every writer runs first under the
 * lease. A block too large for one DynamoDB transaction is appended by the same
 * three phases ({@link #append}): one commit protocol for appends and swaps.
 */
final class ReorganiseChain implements ChainStore.ReorganiseChain {
    private final Table table;
    private final Blocks blocks;
    private final Transactions transactions;
    private final ObjIntConsumer<String> afterWrite;

    ReorganiseChain(Table table, Blocks blocks, Transactions transactions, ObjIntConsumer<String> afterWrite) {
        this.table = table;
        this.blocks = blocks;
        this.transactions = transactions;
        this.afterWrite = afterWrite;
    }

    /**
     * {@inheritDoc} A change whose staging began in an earlier call (the head's claim names the
     * same head, fork and tip) is carried on from the staging transaction it stopped at, not begun
     * again.
     */
    @Override
    public void run(Head from, Head fork, List<Block> dropped, List<Block> incoming, long deadlineMillis) {
        commit(from, fork, dropped, incoming, deadlineMillis, "our chain moved while resolving; try again",
                "our chain moved while the swap was staged; nothing changed, try again");
    }

    /**
     * Appends {@code block} on {@code parent} the same way: a swap that drops nothing and adopts
     * one block, for a block too large for one DynamoDB transaction ({@link AppendBlock}). The
     * flip, conditional on the head still being {@code parent}, keeps one block per height. It has
     * no budget of its own: the caller's invocation ends it at worst, and the next call carries it on
     * ({@link #finish}).
     *
     * @throws ConflictException when the head moved: another block took the height
     */
    void append(Block block, Head parent) {
        String taken = "height " + block.height() + " was taken by another block first";
        commit(parent, parent, List.of(), List.of(block), Long.MAX_VALUE, taken, taken);
    }

    private void commit(Head from, Head fork, List<Block> dropped, List<Block> incoming, long deadlineMillis,
                        String moved, String movedWhileStaged) {
        SwapWrites writes = writes(deadlineMillis);
        FoldSwap folding = new FoldSwap(table, blocks, writes);
        if (!folding.finishOpen()) {
            throw new SwapStoppedException("folding an earlier change of the chain took this call's time budget;"
                    + " nothing of this one is visible, try again");
        }
        if (!blocks.view().head().equals(from)) {
            throw new ConflictException(moved);
        }
        Hash tip = incoming.isEmpty() ? fork.hash() : incoming.get(incoming.size() - 1).hash();
        Optional<HeadCodec.Staging> begun = staging().filter(staging -> staging.from().equals(from.hash())
                && staging.fork() == fork.height() && staging.tip().equals(tip));
        String epoch = begun.map(HeadCodec.Staging::epoch).orElseGet(() -> UUID.randomUUID().toString());
        Plan plan = plan(epoch, fork, dropped, incoming);
        if (begun.isEmpty()) {
            try {
                writes.commit(SwapWrites.Kind.CLAIM, List.of(HeadCodec.claim(table.name(), from,
                        new HeadCodec.Staging(epoch, from.hash(), fork.height(), tip, plan.blockWrites(), 0))));
            } catch (Transactor.Cancelled e) {
                throw new ConflictException(moved);
            }
        }
        try {
            stageAndFlip(writes, folding, from, fork, dropped, incoming, plan,
                    begun.map(HeadCodec.Staging::done).orElse(0), movedWhileStaged);
        } catch (StaleViewException misfit) {
            abandon(writes, epoch); // else the next call would carry on a change that cannot commit
            throw misfit;
        }
    }

    /**
     * Stages {@code plan} from its step {@code done} on, flips and folds.
     *
     * @throws SwapStoppedException when the budget ran out before the flip: nothing is visible
     */
    private void stageAndFlip(SwapWrites writes, FoldSwap folding, Head from, Head fork, List<Block> dropped,
                              List<Block> incoming, Plan plan, int done, String movedWhileStaged) {
        String name = table.name();
        int staged = writes.stage(plan.steps(), done, steps -> HeadCodec.stagedBy(name, plan.epoch(), steps));
        if (staged < plan.steps().size()) {
            throw new SwapStoppedException("the change of the chain to height " + plan.to().height()
                    + " used this call's time budget with " + staged + " of its " + plan.steps().size()
                    + " staging transactions written; nothing of it is visible yet, and the next call carries it on");
        }
        try {
            writes.commit(SwapWrites.Kind.FLIP, List.of(HeadCodec.flip(name, from, plan.to(), plan.epoch(),
                    fork.height() + 1)));
        } catch (Transactor.Cancelled e) {
            throw new ConflictException(movedWhileStaged);
        }
        folding.fold(plan.epoch(), fork.height(), dropped, incoming, 0);
    }

    /**
     * The staging transactions of a change in {@code epoch}, in the order they are written: the
     * incoming blocks' parts, the staged blocks (with these two a later call can read the change
     * back), every transaction's staged status, every account's difference. The same change read
     * again gives as many steps, the same up to the last one written: a transaction whose staged
     * status is written cannot change any more without the head moving (its condition held; a
     * new one is put, so it can no longer be accepted), and the accounts' differences, computed from
     * the transactions' statuses, come after all of them. So a stopped staging is carried on by number.
     */
    private Plan plan(String epoch, Head fork, List<Block> dropped, List<Block> incoming) {
        String name = table.name();
        Set<Hash> droppedIds = ids(dropped);
        Set<Hash> incomingIds = ids(incoming);
        Set<Hash> all = new LinkedHashSet<>(droppedIds);
        all.addAll(incomingIds);
        Map<Hash, TransactionRecord> known = transactions.transactions(all);

        List<SwapWrites.Step> steps = new ArrayList<>();
        // a large block's transactions first, in parts named by the block items staged next
        incoming.forEach(block -> SwapWrites.chunk(steps, SwapWrites.Kind.PART, BlockCodec.putParts(name, block), 1));
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
        SwapWrites.chunk(steps, SwapWrites.Kind.STAGED_BLOCK, staged, BlockCodec.BLOCKS_PER_WRITE);
        int blockWrites = steps.size();

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
        SwapWrites.chunk(steps, SwapWrites.Kind.TRANSACTION, statuses, Integer.MAX_VALUE);
        SwapWrites.chunk(steps, SwapWrites.Kind.ACCOUNT, accounts, Integer.MAX_VALUE);
        return new Plan(epoch, to, steps, blockWrites);
    }

    /** A change's staging: its epoch, the head it flips to, its steps, how many of the first steps stage blocks. */
    private record Plan(String epoch, Head to, List<SwapWrites.Step> steps, int blockWrites) {
    }

    /**
     * {@inheritDoc} Folds the overlay a swap left when it stopped after its commit point, if any;
     * then carries on a change that stopped before it (out of time, or crashed) once its blocks are
     * all staged, reading them back from the staged items, to its end, however long that takes. A
     * stopped change that no longer fits the chain (a transaction changed meanwhile), or whose
     * blocks are not all staged, is abandoned: the caller is about to change the mempool and the
     * head, which its staged statuses and differences were computed from.
     */
    @Override
    public void finish() {
        SwapWrites writes = writes(Long.MAX_VALUE);
        FoldSwap folding = new FoldSwap(table, blocks, writes);
        folding.finishOpen();
        Head head = blocks.view().head();
        Optional<HeadCodec.Staging> stopped = staging().filter(staging -> staging.from().equals(head.hash()));
        if (stopped.isEmpty()) {
            return;
        }
        HeadCodec.Staging staging = stopped.get();
        if (!staging.blocksStaged()) {
            abandon(writes, staging.epoch());
            return;
        }
        List<Block> dropped = blocks.staged(staging.epoch(), false);
        List<Block> incoming = blocks.staged(staging.epoch(), true);
        Optional<Hash> forkHash = blocks.block(staging.fork()).map(Block::hash);
        Optional<ChainWork> forkWork = blocks.work(staging.fork());
        Hash tip = incoming.isEmpty() ? forkHash.orElse(null) : incoming.get(incoming.size() - 1).hash();
        try {
            if (forkHash.isEmpty() || forkWork.isEmpty() || !staging.tip().equals(tip)) {
                throw new StaleViewException("the staged blocks of change " + staging.epoch() + " are not all there");
            }
            Head fork = new Head(staging.fork(), forkHash.get(), forkWork.get());
            stageAndFlip(writes, folding, head, fork, dropped, incoming,
                    plan(staging.epoch(), fork, dropped, incoming), staging.done(),
                    "our chain moved while a stopped change was carried on");
        } catch (StaleViewException | ConflictException misfit) {
            abandon(writes, staging.epoch());
        }
    }

    /** Ends the staging claim of {@code epoch}, unless another writer claimed the staging since. */
    private void abandon(SwapWrites writes, String epoch) {
        writes.commitUnlessDone(SwapWrites.Kind.ABANDON, List.of(HeadCodec.abandon(table.name(), epoch)));
    }

    private Optional<HeadCodec.Staging> staging() {
        return table.pager().get(HeadCodec.KEY).flatMap(HeadCodec::staging);
    }

    private SwapWrites writes(long deadlineMillis) {
        return new SwapWrites(table.transactor(), afterWrite, table.clock(), deadlineMillis);
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
