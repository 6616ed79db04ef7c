package dev.lambdachain.consensus;

import dev.lambdachain.core.Block;
import dev.lambdachain.core.ChainWork;
import dev.lambdachain.core.Hash;
import dev.lambdachain.core.Head;
import dev.lambdachain.core.Ledger;
import dev.lambdachain.core.Transaction;
import dev.lambdachain.log.Log;
import dev.lambdachain.metrics.NodeMetrics;
import dev.lambdachain.store.ChainStore;
import dev.lambdachain.store.ChainStore.MiningLease;
import dev.lambdachain.store.ConflictException;
import dev.lambdachain.store.SwapStoppedException;

import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Puts a verified peer suffix in place of our blocks above the fork, holding the mining lease,
 * and then rejects the transactions of our dropped blocks that the adopted chain made stale.
 */
final class ChainSwap {
    /** How long a swap queues for a lease that mining holds. */
    static final Duration LEASE_WAIT = Duration.ofSeconds(5);
    private static final long LEASE_POLL_MILLIS = 50;

    private final ChainStore store;
    private final Duration leaseDuration;
    /** How long a swap queues: {@link #LEASE_WAIT}, or the lease duration if shorter. */
    private final long leaseWaitMillis;
    private final Clock clock;
    private final Log log;
    private final NodeMetrics metrics;

    ChainSwap(ChainStore store, Duration leaseDuration, Clock clock, Log log, NodeMetrics metrics) {
        this.leaseWaitMillis = Math.min(LEASE_WAIT.toMillis(), leaseDuration.toMillis());
        this.store = store;
        this.leaseDuration = leaseDuration;
        this.clock = clock;
        this.log = log;
        this.metrics = metrics;
    }

    /**
     * Adopts {@code suffix} and returns our head afterwards.
     *
     * @param deadlineMillis epoch milliseconds after which the swap stops (and the next call
     *                       carries it on)
     * @throws ConflictException    the lease stayed held for {@link #LEASE_WAIT}, or our chain moved
     *                              below the fork point or grew to as much work as the suffix
     * @throws SwapStoppedException the deadline came before the swap's commit point: nothing changed yet
     */
    Head adopt(VerifiedSuffix suffix, long deadlineMillis) {
        List<Block> dropped = swap(suffix.dropped(), suffix.incoming(), suffix.fork(), suffix.work(), deadlineMillis);
        rejectStale(dropped, suffix.incoming(), suffix.ledger());
        return store.blocks().head();
    }

    /**
     * Replaces our blocks above the fork with the verified incoming ones, holding the mining lease.
     * Blocks mined on our chain meanwhile are dropped too, as long as the fork block is still ours
     * (the incoming blocks were verified against the balances as of the fork, which only the
     * chain up to the fork decides) and the incoming chain still has more work. Incoming blocks
     * that are ours already, at the bottom, are kept and not taken again: the swap starts above them.
     *
     * @return the blocks the swap dropped: {@code dropped} and those mined on it meanwhile, less those kept
     */
    private List<Block> swap(List<Block> dropped, List<Block> incoming, Head fork, ChainWork incomingWork,
                             long deadlineMillis) {
        String holder = MiningLease.holder("resolve");
        try {
            acquireQueued(holder);
        } catch (ConflictException busy) {
            metrics.leaseConflict();
            throw busy;
        }
        try {
            Head now = store.blocks().head();
            if (now.height() != fork.height() + dropped.size()
                    || !dropped.isEmpty() && !now.hash().equals(dropped.get(dropped.size() - 1).hash())) {
                if (now.height() < fork.height() || !store.blocks().block(fork.height()).map(Block::hash)
                        .equals(Optional.of(fork.hash()))) {
                    throw new ConflictException("our chain moved below the fork point while resolving; try again");
                }
                if (now.work().compareTo(incomingWork) >= 0) {
                    throw new ConflictException("our chain grew to as much work as the peer's while resolving");
                }
                dropped = store.blocks().blocks(fork.height() + 1, (int) (now.height() - fork.height()));
            }
            // the lowest incoming blocks may be ours already: the peer's chain moved onto ours while its
            // fork was searched, or another resolve adopted part of the same chain meanwhile. They are
            // neither dropped nor taken again (one swap writing a block's transactions twice is refused)
            int same = 0;
            while (same < dropped.size() && same < incoming.size()
                    && dropped.get(same).hash().equals(incoming.get(same).hash())) {
                same++;
            }
            if (same > 0) {
                Block shared = dropped.get(same - 1);
                fork = new Head(shared.height(), shared.hash(), store.blocks().work(shared.height())
                        .orElseThrow(() -> new ConflictException("our chain moved while resolving; try again")));
                dropped = List.copyOf(dropped.subList(same, dropped.size()));
                incoming = List.copyOf(incoming.subList(same, incoming.size()));
            }
            store.reorganise().run(now, fork, dropped, incoming, deadlineMillis);
            metrics.reorganisation(dropped.size());
            log.info("chain adopted", Map.of("dropped", dropped.size(), "adopted", incoming.size(),
                    "fork", fork.height()));
            return dropped;
        } finally {
            store.lease().release(holder);
        }
    }

    /**
     * Takes the lease, queueing for it when it is held, so that back-to-back mining cannot starve
     * a swap: a miner's lease round ends within milliseconds of its block, and then the lease is
     * ours. Waits at most {@link #LEASE_WAIT} (or the lease duration, if shorter).
     */
    private void acquireQueued(String holder) {
        long waitUntil = clock.millis() + leaseWaitMillis;
        while (true) {
            try {
                store.lease().acquire(holder, leaseDuration);
                return;
            } catch (ConflictException held) {
                if (clock.millis() >= waitUntil) {
                    throw held;
                }
                store.lease().queue(holder, waitUntil);
                try {
                    Thread.sleep(LEASE_POLL_MILLIS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw held;
                }
            }
        }
    }

    /**
     * A transaction of our dropped blocks is back in the mempool with its sequence; when the
     * adopted chain confirmed that sequence of its sender with another transaction, it can never
     * be confirmed, and says so at once (GET /transactions/{id}) instead of waiting for a miner.
     */
    private void rejectStale(List<Block> dropped, List<Block> incoming, Ledger adopted) {
        Set<Hash> kept = new HashSet<>();
        incoming.forEach(block -> block.transactions().forEach(tx -> kept.add(tx.id())));
        for (Block block : dropped) {
            for (Transaction tx : block.transactions()) {
                long next = tx.isSigned() ? adopted.nextSequence(tx.sender()) : 0;
                if (tx.isSigned() && !kept.contains(tx.id()) && tx.sequence() < next) {
                    store.reject().run(tx, "stale sequence: the chain adopted from a peer confirmed " + tx.sender()
                            + "'s sequence " + tx.sequence() + " with another transaction; its next sequence is "
                            + next);
                }
            }
        }
    }
}
