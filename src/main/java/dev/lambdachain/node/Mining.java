package dev.lambdachain.node;

import dev.lambdachain.core.Account;
import dev.lambdachain.core.Amount;
import dev.lambdachain.core.Block;
import dev.lambdachain.core.CalculatedTargetRule;
import dev.lambdachain.core.ChainParams;
import dev.lambdachain.core.Hash;
import dev.lambdachain.core.Head;
import dev.lambdachain.core.InvalidValueException;
import dev.lambdachain.core.Ledger;
import dev.lambdachain.core.ProofOfWork;
import dev.lambdachain.core.Transaction;
import dev.lambdachain.core.TransactionRecord;
import dev.lambdachain.log.Log;
import dev.lambdachain.metrics.NodeMetrics;
import dev.lambdachain.store.ChainStore;
import dev.lambdachain.store.ChainStore.MiningLease;
import dev.lambdachain.store.ConflictException;
import dev.lambdachain.store.StaleViewException;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Mines one block: take the lease, assemble the oldest payable pending transactions behind a
 * coinbase (each sender's signed ones in sequence order), search a nonce within the time budget, and append with the store's conditional
 * transaction. Losing the race for a height is a conflict and leaves every transaction pending.
 */
public final class Mining {
    private static final int ASSEMBLY_ATTEMPTS = 3;
    private static final long SAFETY_MARGIN_MILLIS = 500;
    private static final long LEASE_RESERVE_MILLIS = 3_000;

    private final NodeParts parts;
    private final NodeConfig config;
    private final ChainStore store;
    private final Clock clock;

    Mining(NodeParts parts) {
        this.parts = parts;
        this.config = parts.config();
        this.store = parts.store();
        this.clock = parts.clock();
    }

    /**
     * Mines a block paying {@code miner} within {@code budgetMillis}.
     *
     * @throws InvalidValueException when {@code miner} is not an address
     * @throws dev.lambdachain.store.ConflictException when another miner holds the lease or took the height
     * @throws TryAgainException when no nonce was found in time or the mempool kept changing
     */
    public Block mine(String miner, long budgetMillis) {
        if (!Transaction.isValidAddress(miner) || Transaction.COINBASE.equals(miner)) {
            throw new InvalidValueException("miner must be an address: 1 to 64 letters, digits, '_' or '-'");
        }
        ChainParams.checkPayee(miner, "miner", config.chain().signatureMode());
        // the search must end well inside the lease, leaving time to validate and append under it
        long leaseMillis = config.leaseDuration().toMillis();
        long budget = Math.min(budgetMillis - SAFETY_MARGIN_MILLIS,
                leaseMillis - Math.min(LEASE_RESERVE_MILLIS, leaseMillis / 4));
        long deadline = clock.millis() + Math.max(budget, 1);
        String holder = MiningLease.holder("mining");
        try {
            store.lease().acquire(holder, config.leaseDuration());
        } catch (ConflictException busy) {
            NodeMetrics.leaseConflict();
            NodeMetrics.mining("lease-busy", 0, 0);
            throw busy;
        }
        SearchTotals search = new SearchTotals();
        String outcome = "failed";
        try {
            store.reorganise().finish(); // a swap that stopped after its commit point is folded before we build on it
            for (int attempt = 1; ; attempt++) {
                try {
                    Block block = mineOnce(miner, deadline, search);
                    outcome = "mined";
                    Log.info("block mined", Map.of("height", block.height(), "attempts", search.attempts,
                            "transactions", block.transactions().size()));
                    return block;
                } catch (StaleViewException stale) {
                    if (attempt >= ASSEMBLY_ATTEMPTS) {
                        outcome = "mempool-changed";
                        throw new TryAgainException("the mempool kept changing under the block; try again", stale);
                    }
                }
            }
        } catch (ConflictException lost) {
            outcome = "lost-race";
            throw lost;
        } catch (TryAgainException late) {
            outcome = "mempool-changed".equals(outcome) ? outcome : "out-of-time";
            throw late;
        } finally {
            releaseQuietly(holder);
            NodeMetrics.mining(outcome, search.attempts, search.nanos / 1e9);
        }
    }

    /** Nonces tried and time spent searching over the attempts of one call. */
    private static final class SearchTotals {
        long attempts;
        long nanos;
    }

    /** A progress line while a search runs (about once a second): how far it got and how fast. */
    private static void logProgress(long height, long attempts, long elapsedNanos) {
        double seconds = elapsedNanos / 1e9;
        Log.info("mining in progress", Map.of("height", height, "attempts", attempts,
                "seconds", Math.round(seconds * 10) / 10.0,
                "attemptsPerSecond", seconds > 0 ? Math.round(attempts / seconds) : 0L));
    }

    /** A failed release must not turn a committed block into an error: the lease expires anyway. */
    private void releaseQuietly(String holder) {
        try {
            store.lease().release(holder);
        } catch (RuntimeException e) {
            Log.warn("mining lease not released; it expires by itself", Map.of("holder", holder), e);
        }
    }

    private Block mineOnce(String miner, long deadlineMillis, SearchTotals totals) {
        Head head = store.blocks().head();
        Block parent = store.blocks().block(head.height())
                .orElseThrow(() -> new IllegalStateException("head block " + head.height() + " is missing"));
        long timestamp = Math.max(clock.millis(), parent.timestamp());
        long height = head.height() + 1;

        List<TransactionRecord> candidates = store.mempool().oldest(2 * config.chain().maxTransactionsPerBlock());
        Map<String, Account> senders = store.accounts().accounts(
                candidates.stream().map(r -> r.transaction().sender()).distinct().toList());
        List<Transaction> body = new ArrayList<>();
        body.add(Transaction.coinbase(miner, config.chain().reward(), height, timestamp));
        Set<Hash> pendingIds = new HashSet<>();
        assemble(candidates, senders, timestamp, body, pendingIds);

        CalculatedTargetRule.Ancestors ancestors = h -> store.blocks().block(h)
                .orElseThrow(() -> new StaleViewException("block " + h + " left the main chain")).timestamp();
        Block template = config.chain().retargets()
                ? Block.assemble(height, timestamp, head.hash(), parts.validator().nextTarget(parent, ancestors), body)
                : Block.assemble(height, timestamp, head.hash(), config.chain().difficulty(), body);
        long searchStarted = System.nanoTime();
        ProofOfWork.Outcome search = ProofOfWork.search(template, config.miningThreads(),
                Duration.ofMillis(Math.max(1, deadlineMillis - clock.millis())),
                (attempts, elapsedNanos) -> logProgress(height, attempts, elapsedNanos));
        totals.attempts += search.attempts();
        totals.nanos += System.nanoTime() - searchStarted;
        Block block = search.block()
                .orElseThrow(() -> new TryAgainException(
                        "no proof of work found within the time budget; nothing was lost, try again", null));
        // each transaction is still PENDING, and the append's condition insists on it
        Ledger.Lookup confirmed = Ledger.Lookup.of(
                address -> Amount.of(senders.containsKey(address) ? senders.get(address).balance() : 0),
                address -> senders.containsKey(address) ? senders.get(address).confirmedSequence() : 0,
                id -> false);
        parts.validator().verify(block, parent, ancestors, Ledger.on(confirmed), clock.millis());
        store.append().run(block, head, pendingIds);
        return block;
    }

    /**
     * Adds to {@code body} the candidates (oldest first) that the chain can take now, each
     * signed sender's in sequence order, until the block is full. Rejects, with the reason on the
     * transaction, what can never be confirmed: a spend the confirmed balance cannot pay, a
     * sequence the chain has confirmed already (stale after a chain swap), and a sequence after
     * one that will never come (every pending transaction of the sender is in view and none
     * fills the gap). Leaves pending what may fit later.
     */
    private void assemble(List<TransactionRecord> candidates, Map<String, Account> senders, long timestamp,
                          List<Transaction> body, Set<Hash> pendingIds) {
        Map<String, Deque<Transaction>> bySequence = new HashMap<>();
        Map<String, Long> inView = new HashMap<>();
        for (TransactionRecord candidate : candidates) {
            Transaction tx = candidate.transaction();
            bySequence.computeIfAbsent(tx.sender(), s -> new ArrayDeque<>()).add(tx);
            if (tx.isSigned()) {
                inView.merge(tx.sender(), 1L, Long::sum);
            }
        }
        bySequence.replaceAll((sender, txs) -> txs.stream().sorted(Comparator.comparingLong(Transaction::sequence))
                .collect(Collectors.toCollection(ArrayDeque::new)));
        Map<String, Long> spent = new HashMap<>();
        Map<String, Long> nextSequence = new HashMap<>();
        // a sender paid by a pending transaction may yet afford what it cannot today: it waits, not rejected
        Set<String> fundedByPending = new HashSet<>();
        candidates.forEach(r -> fundedByPending.add(r.transaction().recipient()));
        Set<String> waiting = new HashSet<>();
        for (TransactionRecord candidate : candidates) {
            if (body.size() >= config.chain().maxTransactionsPerBlock()) {
                break;
            }
            // the sender's turn at this place in arrival order goes to its lowest sequence left
            Transaction tx = bySequence.get(candidate.transaction().sender()).poll();
            Account sender = senders.get(tx.sender());
            if (waiting.contains(tx.sender())) {
                continue; // behind a waiting transaction of the same sender, in order
            }
            if (tx.timestamp() - timestamp > config.chain().maxFutureDriftMillis()) {
                continue; // dated ahead of this block: a later block takes it
            }
            if (tx.isSigned()) {
                long expected = nextSequence.computeIfAbsent(tx.sender(), a -> sender.confirmedSequence());
                if (tx.sequence() < expected) {
                    store.reject().run(tx, "stale sequence: " + tx.sender() + "'s sequence " + tx.sequence()
                            + " is confirmed already by another transaction; its next sequence is " + expected);
                    continue;
                }
                if (tx.sequence() > expected) {
                    boolean allInView = inView.get(tx.sender()) == sender.nextSequence() - sender.confirmedSequence();
                    if (allInView) {
                        store.reject().run(tx, "sequence gap: " + tx.sender() + "'s sequence " + tx.sequence()
                                + " follows sequence " + expected + ", which no pending transaction has; sign again"
                                + " from sequence " + expected);
                    }
                    continue;
                }
            }
            long spends = Math.addExact(spent.getOrDefault(tx.sender(), 0L), tx.amount().units());
            if (spends > sender.balance()) {
                if (fundedByPending.contains(tx.sender())) {
                    waiting.add(tx.sender());
                } else {
                    store.reject().run(tx, "insufficient confirmed balance when mined: " + tx.sender() + " has "
                            + sender.balance() + ", needs " + spends);
                }
                continue;
            }
            spent.put(tx.sender(), spends);
            if (tx.isSigned()) {
                nextSequence.put(tx.sender(), tx.sequence() + 1);
            }
            body.add(tx);
            pendingIds.add(tx.id());
        }
    }
}
