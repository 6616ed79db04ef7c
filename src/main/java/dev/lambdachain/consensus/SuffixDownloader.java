package dev.lambdachain.consensus;

import dev.lambdachain.core.Account;
import dev.lambdachain.core.Amount;
import dev.lambdachain.core.Block;
import dev.lambdachain.core.BlockValidator;
import dev.lambdachain.core.CalculatedTargetRule;
import dev.lambdachain.core.ChainWork;
import dev.lambdachain.core.Hash;
import dev.lambdachain.core.Head;
import dev.lambdachain.core.Ledger;
import dev.lambdachain.core.Transaction;
import dev.lambdachain.core.TransactionRecord;
import dev.lambdachain.core.VerificationException;
import dev.lambdachain.log.Log;
import dev.lambdachain.store.ChainStore;
import dev.lambdachain.store.ConflictException;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Finds where a peer's chain forks from ours (in a number of one-block calls logarithmic in the
 * fork's depth), fetches only its blocks above the fork (in pages of
 * {@value #PAGE}), verifies each through {@link BlockValidator} against our balances as of the
 * fork (targets read on the peer's own branch) and counts their work itself.
 */
final class SuffixDownloader {
    static final int PAGE = 100;
    private static final long PROGRESS_EVERY_NANOS = 1_000_000_000L;

    private final ChainStore store;
    private final BlockValidator validator;
    private final PeerClient client;
    private final Clock clock;
    private final Log log;

    SuffixDownloader(ChainStore store, BlockValidator validator, PeerClient client, Clock clock, Log log) {
        this.validator = Objects.requireNonNull(validator, "validator");
        this.store = store;
        this.client = client;
        this.clock = clock;
        this.log = log;
    }

    /**
     * Downloads and verifies {@code peer}'s chain above its fork with {@code ours}, up to the
     * height it claimed or until {@code deadline} (epoch millis), whichever comes first.
     *
     * @throws dev.lambdachain.core.VerificationException a block is invalid
     * @throws PeerClient.PeerFault the peer is unreachable, serves nonsense, shares no block with
     *                              us, or its valid chain has no more work than ours (invalid when
     *                              it also fell short of its claim; stalled when the budget ran out
     *                              while most of the time went on waiting for its answers)
     * @throws ConflictException our chain moved under the fork point while downloading
     */
    VerifiedSuffix download(String peer, Head ours, PeerClient.PeerInfo claim, long deadline) {
        long started = clock.millis();
        Calls calls = new Calls(peer);
        long theirHeight = claim.height();
        long fork = forkPoint(calls, ours.height(), deadline);
        List<Block> dropped = fork == ours.height() ? List.of()
                : store.blocks().blocks(fork + 1, (int) (ours.height() - fork));
        if (dropped.size() != ours.height() - fork) {
            throw new ConflictException("our chain moved while resolving; try again");
        }
        Map<Hash, Boolean> confirmed = new HashMap<>();
        Ledger ledger = ledgerAtFork(dropped, confirmed);
        Block forkBlock = store.blocks().block(fork)
                .orElseThrow(() -> new ConflictException("our chain moved; try again"));
        ChainWork forkWork = store.blocks().work(fork)
                .orElseThrow(() -> new ConflictException("our chain moved; try again"));
        List<Block> incoming = new ArrayList<>();
        // the target rule reads timestamps on the candidate's own branch: ours up to the fork, theirs above
        Map<Long, Long> ourTimestamps = new HashMap<>();
        CalculatedTargetRule.Ancestors ancestors = h -> h > fork ? incoming.get((int) (h - fork - 1)).timestamp()
                : ourTimestamps.computeIfAbsent(h, below -> store.blocks().block(below)
                        .orElseThrow(() -> new ConflictException("our chain moved; try again")).timestamp());
        long now = clock.millis();
        // the peer's branch as verified so far: the fork block, then each block it served
        class Tip {
            Block block = forkBlock;
            ChainWork work = forkWork;
        }
        Tip tip = new Tip();
        boolean shortOfClaim = false;
        long reported = System.nanoTime();
        while (tip.block.height() < theirHeight && clock.millis() < deadline) {
            if (System.nanoTime() - reported >= PROGRESS_EVERY_NANOS) {
                reported = System.nanoTime();
                log.info("resolve in progress", Map.of("peer", peer, "blocksFetched", incoming.size(),
                        "height", tip.block.height(), "targetHeight", theirHeight));
            }
            // each block is verified as soon as it is read: the first bad one refuses the rest of its page
            int served = calls.blocks(tip.block.height() + 1, (int) Math.min(PAGE, theirHeight - tip.block.height()),
                    block -> {
                        readConfirmations(List.of(block), confirmed);
                        try {
                            validator.verify(block, tip.block, ancestors, ledger, now);
                        } catch (VerificationException e) {
                            requireUnmoved(ours);
                            throw e;
                        }
                        ledger.apply(block);
                        incoming.add(block);
                        tip.work = tip.work.plus(block.powTarget());
                        tip.block = block;
                    });
            if (served == 0) {
                shortOfClaim = true;
                break;
            }
        }
        Block parent = tip.block;
        ChainWork work = tip.work;
        String lie = shortOfClaim ? "it claimed height " + theirHeight + " and served only up to " + parent.height()
                : parent.height() == theirHeight && claim.work() != null && work.compareTo(claim.work()) < 0
                ? "it claimed work " + claim.work() + " and its blocks prove " + work : null;
        if (work.compareTo(ours.work()) <= 0) {
            String served = "its valid chain up to height " + parent.height() + " has work " + work
                    + ", not more than our " + ours.work();
            if (lie != null) {
                throw PeerClient.PeerFault.invalid(peer, lie + "; " + served);
            }
            long elapsed = clock.millis() - started;
            if (parent.height() < theirHeight && 2 * calls.waitedMillis >= elapsed) {
                // cut by the budget, and the time went on waiting for the peer's answers, not on our checks
                throw PeerClient.PeerFault.stalled(peer, "served too slowly: " + incoming.size() + " blocks above the fork in "
                        + elapsed + " ms, " + calls.waitedMillis + " ms of it waiting for its answers, before the time budget"
                        + " ran out; " + served);
            }
            throw new PeerClient.PeerFault(peer, parent.height() < theirHeight
                    ? "served too little before the time budget ran out: " + served
                    : "has less work: " + served);
        }
        // a head that moved meanwhile is not refused here: a node that mines continuously would never
        // adopt (LeaseFairnessTest); the swap re-checks under the lease that the fork is still ours
        // and the incoming chain still heavier (ChainSwap)
        Head forkHead = new Head(fork, forkBlock.hash(), store.blocks().work(fork).orElseThrow());
        return new VerifiedSuffix(forkHead, dropped, incoming, work, ledger, lie);
    }

    /**
     * Our balances, sequences and confirmed ids are read from the store as the blocks are checked,
     * and stand for the fork only while our head is still {@code ours}: a block mined or adopted
     * meanwhile can make an honest peer's block look invalid (its transactions "already
     * confirmed"), so a block that fails while our head moved is not held against the peer. (A
     * block that passes while our head moved is kept: refusing it starved resolve on a node that
     * mines continuously; the swap re-checks the fork and the work under the lease.)
     *
     * @throws ConflictException when our head is no longer {@code ours}
     */
    private void requireUnmoved(Head ours) {
        if (!store.blocks().head().equals(ours)) {
            throw new ConflictException("our chain moved while the peer's blocks were checked; try again");
        }
    }

    /**
     * Our balances and sequences as they were at the fork: the head's, with {@code dropped}
     * reverted; whether a transaction is confirmed at our head is read from {@code confirmed}
     * first, and one by one from the store for an id it does not hold.
     */
    private Ledger ledgerAtFork(List<Block> dropped, Map<Hash, Boolean> confirmed) {
        Map<String, Account> accounts = new HashMap<>();
        Function<String, Account> account = address -> accounts.computeIfAbsent(address, store.accounts()::account);
        Ledger ledger = Ledger.on(Ledger.Lookup.of(
                address -> Amount.of(account.apply(address).balance()),
                address -> account.apply(address).confirmedSequence(),
                id -> confirmed.computeIfAbsent(id, store.transactions()::isConfirmed)).memoised());
        for (int i = dropped.size() - 1; i >= 0; i--) {
            ledger.revert(dropped.get(i));
        }
        return ledger;
    }

    /**
     * Reads into {@code confirmed}, in batches, whether each transaction of {@code blocks} is
     * confirmed at our head, so that verifying a big block asks the store a few times rather than
     * once per transaction.
     */
    private void readConfirmations(List<Block> blocks, Map<Hash, Boolean> confirmed) {
        List<Hash> unknown = blocks.stream().flatMap(block -> block.transactions().stream())
                .map(Transaction::id).filter(id -> !confirmed.containsKey(id)).distinct().toList();
        if (unknown.isEmpty()) {
            return;
        }
        Map<Hash, TransactionRecord> records = store.transactions().transactions(unknown);
        unknown.forEach(id -> confirmed.put(id, records.containsKey(id)
                && records.get(id).status() == TransactionRecord.Status.CONFIRMED));
    }

    /**
     * The highest height at which the peer's block is ours, in at most about 2·log2(d) + 2 calls
     * of one block each, d being how far below our head the fork lies: first galloping down from
     * our head (heads 0, 1, 3, 7, 15, ... blocks below it) until a block matches, then a binary
     * search between that match and the lowest miss above it. Blocks are linked by hash, so once
     * the peer's block at a height is ours every block below it is too.
     *
     * @throws PeerClient.PeerFault not even the peer's genesis is ours, or the budget ran out first
     */
    private long forkPoint(Calls calls, long ourHeight, long deadline) {
        long miss = ourHeight + 1;
        long match = -1;
        for (long below = 0; match < 0; below = below * 2 + 1) {
            long height = Math.max(0, ourHeight - below);
            if (isOurs(calls, height, deadline)) {
                match = height;
            } else if (height == 0) {
                throw new PeerClient.PeerFault(calls.peer, "shares no block with us, not even genesis");
            } else {
                miss = height;
            }
        }
        while (miss - match > 1) {
            long middle = match + (miss - match) / 2;
            if (isOurs(calls, middle, deadline)) {
                match = middle;
            } else {
                miss = middle;
            }
        }
        return match;
    }

    /** Whether the peer's block at {@code height} is ours, asking it for that one block. */
    private boolean isOurs(Calls calls, long height, long deadline) {
        if (clock.millis() > deadline) {
            throw PeerClient.PeerFault.stalled(calls.peer,
                    "did not show where its chain forks from ours before the time budget ran out");
        }
        List<Block> theirs = calls.blocks(height, 1);
        return !theirs.isEmpty() && store.blocks().block(height)
                .map(mine -> mine.hash().equals(theirs.get(0).hash()))
                .orElseThrow(() -> new ConflictException("our chain moved while resolving; try again"));
    }

    /** One download's /chain calls to its peer, and how long they kept it waiting in all (not counting our checks). */
    private final class Calls {
        private final String peer;
        private long waitedMillis;
        private long checkedMillis;

        Calls(String peer) {
            this.peer = peer;
        }

        List<Block> blocks(long from, int limit) {
            List<Block> blocks = new ArrayList<>();
            blocks(from, limit, blocks::add);
            return blocks;
        }

        /** {@link PeerClient#blocks(String, long, int, Consumer)}, timing the peer apart from {@code each}. */
        int blocks(long from, int limit, Consumer<Block> each) {
            long asked = clock.millis();
            long checkedBefore = checkedMillis;
            try {
                return client.blocks(peer, from, limit, block -> {
                    long started = clock.millis();
                    try {
                        each.accept(block);
                    } finally {
                        checkedMillis += clock.millis() - started;
                    }
                });
            } finally {
                waitedMillis += clock.millis() - asked - (checkedMillis - checkedBefore);
            }
        }
    }
}
