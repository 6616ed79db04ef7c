package dev.lambdachain.node;

import dev.lambdachain.core.Account;
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
import dev.lambdachain.store.ChainStore;
import dev.lambdachain.store.ChainStore.MiningLease;
import dev.lambdachain.store.ConflictException;
import dev.lambdachain.store.StaleViewException;

import java.time.Clock;
import java.time.Duration;
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
    /** Assembly looks at this many times a block's limit of the oldest pending transactions. */
    private static final int VIEW_FACTOR = 2;
    /** The most views of the mempool one block's assembly takes, each after rejecting from the one before. */
    private static final int VIEW_ROUNDS = 3;

    private final NodeParts parts;
    private final NodeConfig config;
    private final ChainStore store;
    private final Clock clock;
    private final Relay relay;

    Mining(NodeParts parts, Relay relay) {
        this.parts = parts;
        this.relay = relay;
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
            parts.metrics().leaseConflict();
            parts.metrics().mining(MiningOutcome.LEASE_BUSY, false, 0, 0);
            throw busy;
        }
        SearchTotals search = new SearchTotals();
        MiningOutcome outcome = MiningOutcome.FAILED;
        try {
            store.reorganise().finish(); // a swap that stopped after its commit point is folded before we build on it
            for (int attempt = 1; ; attempt++) {
                try {
                    Block block = mineOnce(miner, deadline, search);
                    outcome = MiningOutcome.MINED;
                    relay.afterAppended();
                    parts.log().info("block mined", Map.of("height", block.height(), "attempts", search.attempts,
                            "transactions", block.transactions().size(),
                            "assemblyMillis", search.assemblyNanos / 1_000_000,
                            "searchMillis", search.nanos / 1_000_000,
                            "commitMillis", search.commitNanos / 1_000_000));
                    return block;
                } catch (StaleViewException stale) {
                    if (attempt >= ASSEMBLY_ATTEMPTS) {
                        outcome = MiningOutcome.MEMPOOL_CHANGED;
                        throw new TryAgainException(outcome.text(), stale);
                    }
                }
            }
        } catch (ConflictException lost) {
            outcome = MiningOutcome.LOST_RACE;
            throw lost;
        } catch (TryAgainException late) {
            outcome = outcome == MiningOutcome.MEMPOOL_CHANGED ? outcome : MiningOutcome.OUT_OF_TIME;
            throw late;
        } finally {
            releaseQuietly(holder);
            parts.metrics().mining(outcome, outcome == MiningOutcome.MINED, search.attempts, search.nanos / 1e9);
        }
    }

    /**
     * Nonces tried and time spent over the attempts of one call, in ns: assembling the block
     * (mempool and account reads, the rules), searching for a nonce, and checking and committing it.
     */
    private static final class SearchTotals {
        long attempts;
        long nanos;
        long assemblyNanos;
        long commitNanos;
    }

    /** A progress line while a search runs (about once a second): how far it got and how fast. */
    private void logProgress(long height, long attempts, long elapsedNanos) {
        double seconds = elapsedNanos / 1e9;
        parts.log().info("mining in progress", Map.of("height", height, "attempts", attempts,
                "seconds", Math.round(seconds * 10) / 10.0,
                "attemptsPerSecond", seconds > 0 ? Math.round(attempts / seconds) : 0L));
    }

    /** A failed release must not turn a committed block into an error: the lease expires anyway. */
    private void releaseQuietly(String holder) {
        try {
            store.lease().release(holder);
        } catch (RuntimeException e) {
            parts.log().warn("mining lease not released; it expires by itself", Map.of("holder", holder), e);
        }
    }

    /** A decided block body and the accounts of the senders it was judged against. */
    private record Assembled(BlockAssembly.Plan plan, Map<String, Account> senders) {
    }

    /**
     * Decides the body behind {@code coinbase} from the oldest pending transactions and rejects
     * what can never fit. When that rejected some and the view was full while the block is not,
     * the view moves on past them and the body is decided again (up to {@link #VIEW_ROUNDS} views,
     * none begun after half the time to {@code deadlineMillis}). However many pending transactions
     * can never be mined, each block rejects up to that many views of them: they hold the others
     * back for a bounded number of blocks, never for good.
     */
    private Assembled assemble(Transaction coinbase, long deadlineMillis) {
        int window = VIEW_FACTOR * config.chain().maxTransactionsPerBlock();
        long halfway = clock.millis() + (deadlineMillis - clock.millis()) / 2;
        for (int view = 1; ; view++) {
            List<TransactionRecord> candidates = store.mempool().oldest(window);
            Map<String, Account> senders = store.accounts().accounts(
                    candidates.stream().map(r -> r.transaction().sender()).distinct().toList());
            BlockAssembly.Plan plan = BlockAssembly.plan(parts.validator(), candidates, senders, coinbase);
            // the block is decided; only now are the transactions that can never fit told why
            plan.rejected().forEach((tx, refusal) -> store.reject().run(tx, refusal.reason()));
            if (plan.rejected().isEmpty() || candidates.size() < window || view == VIEW_ROUNDS
                    || !parts.validator().hasRoomFor(plan.body().size() + 1) || clock.millis() > halfway) {
                return new Assembled(plan, senders);
            }
        }
    }

    private Block mineOnce(String miner, long deadlineMillis, SearchTotals totals) {
        long assemblyStarted = System.nanoTime();
        Head head = store.blocks().head();
        Block parent = store.blocks().block(head.height())
                .orElseThrow(() -> new IllegalStateException("head block " + head.height() + " is missing"));
        long timestamp = Math.max(clock.millis(), parent.timestamp());
        long height = head.height() + 1;

        Transaction coinbase = Transaction.coinbase(miner, config.chain().reward(), height, timestamp);
        Assembled assembled = assemble(coinbase, deadlineMillis);
        Map<String, Account> senders = assembled.senders();
        List<Transaction> body = assembled.plan().body();
        Set<Hash> pendingIds = body.stream().skip(1).map(Transaction::id).collect(Collectors.toSet());

        CalculatedTargetRule.Ancestors ancestors = h -> store.blocks().block(h)
                .orElseThrow(() -> new StaleViewException("block " + h + " left the main chain")).timestamp();
        Block template = config.chain().retargets()
                ? Block.assemble(height, timestamp, head.hash(), parts.validator().nextTarget(parent, ancestors), body)
                : Block.assemble(height, timestamp, head.hash(), config.chain().difficulty(), body);
        long searchStarted = System.nanoTime();
        totals.assemblyNanos += searchStarted - assemblyStarted;
        ProofOfWork.Outcome search = ProofOfWork.search(template, config.miningThreads(),
                Duration.ofMillis(Math.max(1, deadlineMillis - clock.millis())),
                (attempts, elapsedNanos) -> logProgress(height, attempts, elapsedNanos));
        totals.attempts += search.attempts();
        totals.nanos += System.nanoTime() - searchStarted;
        Block block = search.block()
                .orElseThrow(() -> new TryAgainException(MiningOutcome.OUT_OF_TIME.text(), null));
        // each transaction is still PENDING, and the append's condition insists on it
        long commitStarted = System.nanoTime();
        parts.validator().verify(block, parent, ancestors, Ledger.on(BlockAssembly.confirmed(senders)), clock.millis());
        store.append().run(block, head, pendingIds);
        totals.commitNanos += System.nanoTime() - commitStarted;
        return block;
    }
}
