package dev.lambdachain.consensus;

import dev.lambdachain.core.Account;
import dev.lambdachain.core.Amount;
import dev.lambdachain.core.Block;
import dev.lambdachain.core.BlockValidator;
import dev.lambdachain.core.CalculatedTargetRule;
import dev.lambdachain.core.ChainWork;
import dev.lambdachain.core.DaemonThreads;
import dev.lambdachain.core.Hash;
import dev.lambdachain.core.Head;
import dev.lambdachain.core.InvalidValueException;
import dev.lambdachain.core.Ledger;
import dev.lambdachain.core.Transaction;
import dev.lambdachain.core.TransactionRecord;
import dev.lambdachain.core.VerificationException;
import dev.lambdachain.log.Log;
import dev.lambdachain.metrics.NodeMetrics;
import dev.lambdachain.store.ChainStore;
import dev.lambdachain.store.ConflictException;
import dev.lambdachain.store.MiningLease;
import dev.lambdachain.store.PeerStanding;
import dev.lambdachain.store.StaleViewException;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * Heaviest-valid-chain consensus. Asks every peer for /info in parallel and, most claimed work
 * first, finds the fork point with each, fetches only the blocks after it (paged), verifies every
 * one through {@link BlockValidator} (targets on the candidate's own branch) against our balances
 * as of the fork point, counts their work itself, and swaps them in under the mining lease when
 * the result has strictly more work than ours (a tie keeps ours).
 */
public final class Consensus {
    static final int PAGE = 100;
    private static final int MAX_PARALLEL_PEERS = 16;
    private static final long PROGRESS_EVERY_NANOS = 1_000_000_000L;
    /** How long a peer that served an invalid chain waits first; each further one doubles it. */
    static final Duration FIRST_BACKOFF = Duration.ofSeconds(60);
    static final Duration MAX_BACKOFF = Duration.ofHours(1);
    /** How long a swap queues for a lease that mining holds. */
    static final Duration LEASE_WAIT = Duration.ofSeconds(5);
    private static final long LEASE_POLL_MILLIS = 50;

    private final ChainStore store;
    private final BlockValidator validator;
    private final PeerClient client;
    private final Duration leaseDuration;
    private final Clock clock;

    public Consensus(ChainStore store, BlockValidator validator, PeerClient client, Duration leaseDuration,
                     Clock clock) {
        this.store = store;
        this.validator = validator;
        this.client = client;
        this.leaseDuration = leaseDuration;
        this.clock = clock;
    }

    /** What one peer contributed: its claimed height and what became of it. */
    public record PeerReport(String peer, Long height, String outcome) {
    }

    /** The head after adopting a peer's chain, and how its chain fell short of its claim (null if it did not). */
    private record Adoption(Head head, String lie) {
    }

    /** Whether our chain was replaced, the head after resolving, and a line per peer. */
    public record Outcome(boolean replaced, Head head, String source, List<PeerReport> peers) {
    }

    /**
     * Resolves against every peer within {@code budgetMillis}. Peers are asked in order of what
     * they claim; a peer that serves less than it claimed, or anything invalid, is reported and
     * waits (growing back-off) before it is asked again, and the others are still tried: after an
     * adoption, every peer that still claims more than our new chain is. A download cut short by
     * the budget is adopted as far as it got if that is already longer than our chain (the next
     * resolve continues from there).
     */
    public Outcome resolve(long budgetMillis) {
        long deadline = clock.millis() + Math.max(1, budgetMillis);
        Head ours = store.blocks().head();
        List<PeerStanding> standings = store.peers().standings();
        List<String> peers = standings.stream().map(PeerStanding::url).toList();
        Map<String, PeerStanding> standingOf = new HashMap<>();
        standings.forEach(standing -> standingOf.put(standing.url(), standing));
        Map<String, PeerClient.PeerInfo> infos = new HashMap<>();
        Map<String, String> outcomes = new HashMap<>();
        long now = clock.millis();
        List<String> askable = new ArrayList<>();
        for (PeerStanding standing : standings) {
            if (standing.waitsAt(now)) {
                outcomes.put(standing.url(), "waiting: served an invalid chain " + standing.failures()
                        + " time(s) in a row; asked again in " + seconds(standing.retryAt() - now) + " s");
            } else {
                askable.add(standing.url());
            }
        }
        askAll(askable, infos, outcomes, deadline);

        List<String> candidates = infos.entrySet().stream()
                .filter(e -> {
                    if (!e.getValue().genesis().equals(validator.genesisHash())) {
                        outcomes.put(e.getKey(), "ignored: its chain starts from another genesis");
                        return false;
                    }
                    return true;
                })
                .sorted(Comparator.comparing((Map.Entry<String, PeerClient.PeerInfo> e) -> e.getValue(),
                        CLAIM_ORDER))
                .map(Map.Entry::getKey)
                .toList();

        String source = null;
        for (String peer : candidates) {
            PeerClient.PeerInfo claim = infos.get(peer);
            long claimed = claim.height();
            if (claim.work() != null ? claim.work().compareTo(ours.work()) <= 0 : claimed <= ours.height()) {
                outcomes.put(peer, claim.work() != null ? "claims no more work than ours" : "not longer than ours");
                continue;
            }
            if (clock.millis() > deadline) {
                outcomes.put(peer, "not tried: the time budget ran out");
                continue;
            }
            try {
                Adoption adoption = adopt(peer, ours, claim, deadline);
                ours = adoption.head();
                source = peer;
                if (adoption.lie() != null) {
                    outcomes.put(peer, "adopted up to height " + ours.height() + ", but " + penalise(standingOf.get(peer),
                            adoption.lie()));
                } else {
                    outcomes.put(peer, "adopted: chain now ends at height " + ours.height());
                    forgive(standingOf.get(peer));
                }
            } catch (VerificationException | InvalidValueException e) {
                outcomes.put(peer, "rejected: " + e.getMessage() + "; " + penalise(standingOf.get(peer), null));
            } catch (PeerClient.PeerFault e) {
                outcomes.put(peer, "rejected: " + e.getMessage()
                        + (e.invalid() ? "; " + penalise(standingOf.get(peer), null) : ""));
            } catch (ConflictException e) {
                throw e; // we lost a race for our own chain: the caller must hear it, not the peer
            } catch (StaleViewException e) {
                throw new ConflictException("our chain changed while the swap ran; try again");
            } catch (RuntimeException e) {
                // one peer's chain must never end resolving against the others
                Log.error("a peer's chain could not be checked", Map.of("peer", peer), e);
                outcomes.put(peer, "rejected: its chain could not be checked");
            }
        }
        return new Outcome(source != null, store.blocks().head(), source, reports(peers, infos, outcomes));
    }

    /** Most claimed work first; peers that claim no work (older nodes) after them, longest first. */
    private static final Comparator<PeerClient.PeerInfo> CLAIM_ORDER = Comparator
            .comparing(PeerClient.PeerInfo::work, Comparator.nullsLast(Comparator.<ChainWork>reverseOrder()))
            .thenComparing(Comparator.comparingLong(PeerClient.PeerInfo::height).reversed());

    /** Records an invalid chain from {@code peer} and says, in words, how long it now waits. */
    private String penalise(PeerStanding standing, String why) {
        long failures = standing.failures() + 1;
        long wait = Math.min(MAX_BACKOFF.toMillis(), FIRST_BACKOFF.toMillis() << Math.min(20, failures - 1));
        store.peerPenalties().penalise(standing.url(), failures, clock.millis() + wait);
        return (why == null ? "" : why + "; ") + "not asked again for " + seconds(wait) + " s (invalid "
                + failures + " time(s) in a row)";
    }

    private void forgive(PeerStanding standing) {
        if (standing.failures() > 0) {
            store.peerPenalties().forgive(standing.url());
        }
    }

    private static long seconds(long millis) {
        return Math.max(1, (millis + 999) / 1000);
    }

    private void askAll(List<String> peers, Map<String, PeerClient.PeerInfo> infos, Map<String, String> outcomes,
                        long deadline) {
        if (peers.isEmpty()) {
            return;
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(MAX_PARALLEL_PEERS, peers.size()),
                new DaemonThreads("peer-info"));
        try {
            Map<String, Future<PeerClient.PeerInfo>> asked = new HashMap<>();
            peers.forEach(peer -> asked.put(peer, pool.submit(() -> client.info(peer))));
            asked.forEach((peer, answer) -> {
                try {
                    infos.put(peer, answer.get(Math.max(0, deadline - clock.millis()), TimeUnit.MILLISECONDS));
                } catch (TimeoutException e) {
                    outcomes.put(peer, "no answer within the time budget");
                } catch (java.util.concurrent.ExecutionException e) {
                    outcomes.put(peer, "unreachable or invalid: " + e.getCause().getMessage());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    outcomes.put(peer, "interrupted");
                }
            });
        } finally {
            pool.shutdownNow();
        }
    }

    private Adoption adopt(String peer, Head ours, PeerClient.PeerInfo claim, long deadline) {
        long theirHeight = claim.height();
        long fork = forkPoint(peer, ours.height(), deadline);
        List<Block> dropped = fork == ours.height() ? List.of()
                : store.blocks().blocks(fork + 1, (int) (ours.height() - fork));
        if (dropped.size() != ours.height() - fork) {
            throw new ConflictException("our chain moved while resolving; try again");
        }
        Map<String, Account> accounts = new HashMap<>();
        Function<String, Account> account = address -> accounts.computeIfAbsent(address, store.accounts()::account);
        Ledger ledger = Ledger.on(Ledger.Lookup.of(
                address -> Amount.of(account.apply(address).balance()),
                address -> account.apply(address).confirmedSequence(),
                store.transactions()::isConfirmed).memoised());
        for (int i = dropped.size() - 1; i >= 0; i--) {
            ledger.revert(dropped.get(i));
        }
        Block forkBlock = store.blocks().block(fork)
                .orElseThrow(() -> new ConflictException("our chain moved; try again"));
        Block parent = forkBlock;
        ChainWork work = store.blocks().work(fork)
                .orElseThrow(() -> new ConflictException("our chain moved; try again"));
        long target = theirHeight;
        List<Block> incoming = new ArrayList<>();
        // the target rule reads timestamps on the candidate's own branch: ours up to the fork, theirs above
        Map<Long, Long> ourTimestamps = new HashMap<>();
        CalculatedTargetRule.Ancestors ancestors = h -> h > fork ? incoming.get((int) (h - fork - 1)).timestamp()
                : ourTimestamps.computeIfAbsent(h, below -> store.blocks().block(below)
                        .orElseThrow(() -> new ConflictException("our chain moved; try again")).timestamp());
        long now = clock.millis();
        boolean shortOfClaim = false;
        long reported = System.nanoTime();
        while (parent.height() < target && clock.millis() < deadline) {
            if (System.nanoTime() - reported >= PROGRESS_EVERY_NANOS) {
                reported = System.nanoTime();
                Log.info("resolve in progress", Map.of("peer", peer, "blocksFetched", incoming.size(),
                        "height", parent.height(), "targetHeight", target));
            }
            List<Block> page = client.blocks(peer, parent.height() + 1, (int) Math.min(PAGE, target - parent.height()));
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
        swap(dropped, incoming, new Head(fork, forkBlock.hash(), store.blocks().work(fork).orElseThrow()), work);
        rejectStale(dropped, incoming, ledger);
        return new Adoption(store.blocks().head(), lie);
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

    /**
     * Replaces our blocks above the fork with the verified incoming ones, holding the mining lease.
     * Blocks mined on our chain meanwhile are dropped too, as long as the fork block is still ours
     * (the incoming blocks were verified against the balances as of the fork, which only the
     * chain up to the fork decides) and the incoming chain still has more work.
     */
    private void swap(List<Block> dropped, List<Block> incoming, Head fork, ChainWork incomingWork) {
        String holder = MiningLease.holder("resolve");
        try {
            acquireQueued(holder);
        } catch (ConflictException busy) {
            NodeMetrics.leaseConflict();
            throw busy;
        }
        try {
            Head now = store.blocks().head();
            if (now.height() != fork.height() + dropped.size()
                    || !dropped.isEmpty() && !now.hash().equals(dropped.get(dropped.size() - 1).hash())) {
                if (now.height() < fork.height() || !store.blocks().block(fork.height()).map(Block::hash)
                        .equals(java.util.Optional.of(fork.hash()))) {
                    throw new ConflictException("our chain moved below the fork point while resolving; try again");
                }
                if (now.work().compareTo(incomingWork) >= 0) {
                    throw new ConflictException("our chain grew to as much work as the peer's while resolving");
                }
                dropped = store.blocks().blocks(fork.height() + 1, (int) (now.height() - fork.height()));
            }
            store.reorganise().run(now, fork, dropped, incoming);
            NodeMetrics.reorganisation(dropped.size());
            Log.info("chain adopted", Map.of("dropped", dropped.size(), "adopted", incoming.size(),
                    "fork", fork.height()));
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
        long waitUntil = clock.millis() + Math.min(LEASE_WAIT.toMillis(), leaseDuration.toMillis());
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

    private static List<PeerReport> reports(List<String> peers, Map<String, PeerClient.PeerInfo> infos,
                                            Map<String, String> outcomes) {
        return peers.stream().map(peer -> new PeerReport(peer,
                infos.containsKey(peer) ? infos.get(peer).height() : null,
                outcomes.getOrDefault(peer, "not consulted"))).toList();
    }
}
