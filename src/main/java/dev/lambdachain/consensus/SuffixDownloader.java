package dev.lambdachain.consensus;

import dev.lambdachain.core.Account;
import dev.lambdachain.core.Amount;
import dev.lambdachain.core.Block;
import dev.lambdachain.core.BlockValidator;
import dev.lambdachain.core.CalculatedTargetRule;
import dev.lambdachain.core.ChainWork;
import dev.lambdachain.core.Head;
import dev.lambdachain.core.Ledger;
import dev.lambdachain.log.Log;
import dev.lambdachain.store.ChainStore;
import dev.lambdachain.store.ConflictException;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Finds where a peer's chain forks from ours, fetches only its blocks above the fork (in pages of
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
     *                              it also fell short of its claim)
     * @throws ConflictException our chain moved under the fork point while downloading
     */
    VerifiedSuffix download(String peer, Head ours, PeerClient.PeerInfo claim, long deadline) {
        long theirHeight = claim.height();
        long fork = forkPoint(peer, ours.height(), deadline);
        List<Block> dropped = fork == ours.height() ? List.of()
                : store.blocks().blocks(fork + 1, (int) (ours.height() - fork));
        if (dropped.size() != ours.height() - fork) {
            throw new ConflictException("our chain moved while resolving; try again");
        }
        Ledger ledger = ledgerAtFork(dropped);
        Block forkBlock = store.blocks().block(fork)
                .orElseThrow(() -> new ConflictException("our chain moved; try again"));
        Block parent = forkBlock;
        ChainWork work = store.blocks().work(fork)
                .orElseThrow(() -> new ConflictException("our chain moved; try again"));
        List<Block> incoming = new ArrayList<>();
        // the target rule reads timestamps on the candidate's own branch: ours up to the fork, theirs above
        Map<Long, Long> ourTimestamps = new HashMap<>();
        CalculatedTargetRule.Ancestors ancestors = h -> h > fork ? incoming.get((int) (h - fork - 1)).timestamp()
                : ourTimestamps.computeIfAbsent(h, below -> store.blocks().block(below)
                        .orElseThrow(() -> new ConflictException("our chain moved; try again")).timestamp());
        long now = clock.millis();
        boolean shortOfClaim = false;
        long reported = System.nanoTime();
        while (parent.height() < theirHeight && clock.millis() < deadline) {
            if (System.nanoTime() - reported >= PROGRESS_EVERY_NANOS) {
                reported = System.nanoTime();
                log.info("resolve in progress", Map.of("peer", peer, "blocksFetched", incoming.size(),
                        "height", parent.height(), "targetHeight", theirHeight));
            }
            List<Block> page = client.blocks(peer, parent.height() + 1,
                    (int) Math.min(PAGE, theirHeight - parent.height()));
            if (page.isEmpty()) {
                shortOfClaim = true;
                break;
            }
            for (Block block : page) {
                validator.verify(block, parent, ancestors, ledger, now);
                ledger.apply(block);
                incoming.add(block);
                work = work.plus(block.powTarget());
                parent = block;
            }
        }
        String lie = shortOfClaim ? "it claimed height " + theirHeight + " and served only up to " + parent.height()
                : parent.height() == theirHeight && claim.work() != null && work.compareTo(claim.work()) < 0
                ? "it claimed work " + claim.work() + " and its blocks prove " + work : null;
        if (work.compareTo(ours.work()) <= 0) {
            String served = "its valid chain up to height " + parent.height() + " has work " + work
                    + ", not more than our " + ours.work();
            if (lie != null) {
                throw PeerClient.PeerFault.invalid(peer, lie + "; " + served);
            }
            throw new PeerClient.PeerFault(peer, parent.height() < theirHeight
                    ? "served too little before the time budget ran out: " + served
                    : "has less work: " + served);
        }
        Head forkHead = new Head(fork, forkBlock.hash(), store.blocks().work(fork).orElseThrow());
        return new VerifiedSuffix(forkHead, dropped, incoming, work, ledger, lie);
    }

    /** Our balances and sequences as they were at the fork: the head's, with {@code dropped} reverted. */
    private Ledger ledgerAtFork(List<Block> dropped) {
        Map<String, Account> accounts = new HashMap<>();
        Function<String, Account> account = address -> accounts.computeIfAbsent(address, store.accounts()::account);
        Ledger ledger = Ledger.on(Ledger.Lookup.of(
                address -> Amount.of(account.apply(address).balance()),
                address -> account.apply(address).confirmedSequence(),
                store.transactions()::isConfirmed).memoised());
        for (int i = dropped.size() - 1; i >= 0; i--) {
            ledger.revert(dropped.get(i));
        }
        return ledger;
    }

    /** Highest height where the peer's block equals ours, paging backwards from our head. */
    private long forkPoint(String peer, long ourHeight, long deadline) {
        long top = ourHeight;
        while (top >= 0) {
            if (clock.millis() > deadline) {
                throw new PeerClient.PeerFault(peer, "shares no block with our last " + (ourHeight - top)
                        + " before the time budget ran out");
            }
            long from = Math.max(0, top - PAGE + 1);
            int count = (int) (top - from + 1);
            List<Block> theirs = client.blocks(peer, from, count);
            List<Block> mine = store.blocks().blocks(from, count);
            for (int i = Math.min(theirs.size(), mine.size()) - 1; i >= 0; i--) {
                if (theirs.get(i).hash().equals(mine.get(i).hash())) {
                    return from + i;
                }
            }
            top = from - 1;
        }
        throw new PeerClient.PeerFault(peer, "shares no block with us, not even genesis");
    }
}
