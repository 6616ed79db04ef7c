package dev.lambdachain.consensus;

import dev.lambdachain.core.Account;
import dev.lambdachain.core.Amount;
import dev.lambdachain.core.Block;
import dev.lambdachain.core.BlockValidator;
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
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * Longest-valid-chain consensus. Asks every peer for /info in parallel, and for the longest
 * chain with our genesis finds the fork point, fetches only the blocks after it (paged),
 * verifies every one through {@link BlockValidator} against our balances as of the fork point,
 * and swaps them in under the mining lease when the result is longer than ours.
 */
public final class Consensus {
    static final int PAGE = 100;
    /** Most blocks adopted in one resolve; a longer lead is taken over several calls. */
    static final int MAX_BLOCKS_PER_RESOLVE = 500;
    private static final int MAX_PARALLEL_PEERS = 16;
    private static final long PROGRESS_EVERY_NANOS = 1_000_000_000L;

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

    /** Whether our chain was replaced, the head after resolving, and a line per peer. */
    public record Outcome(boolean replaced, Head head, String source, List<PeerReport> peers) {
    }

    /**
     * Resolves against every peer within {@code budgetMillis}: peers that do not answer in time
     * are reported as such, and a download cut short by the budget is adopted as far as it got
     * if that is already longer than our chain (the next resolve continues from there).
     */
    public Outcome resolve(long budgetMillis) {
        long deadline = clock.millis() + Math.max(1, budgetMillis);
        Head ours = store.blocks().head();
        List<String> peers = store.peers().all();
        Map<String, PeerClient.PeerInfo> infos = new HashMap<>();
        Map<String, String> outcomes = new HashMap<>();
        askAll(peers, infos, outcomes, deadline);

        List<String> longer = infos.entrySet().stream()
                .filter(e -> {
                    if (!e.getValue().genesis().equals(validator.genesisHash())) {
                        outcomes.put(e.getKey(), "ignored: its chain starts from another genesis");
                        return false;
                    }
                    if (e.getValue().height() <= ours.height()) {
                        outcomes.put(e.getKey(), "not longer than ours");
                        return false;
                    }
                    return true;
                })
                .sorted(Comparator.comparingLong((Map.Entry<String, PeerClient.PeerInfo> e) -> e.getValue().height())
                        .reversed())
                .map(Map.Entry::getKey)
                .toList();

        for (String peer : longer) {
            if (clock.millis() > deadline) {
                outcomes.put(peer, "not tried: the time budget ran out");
                continue;
            }
            try {
                Head adopted = adopt(peer, ours, infos.get(peer).height(), deadline);
                outcomes.put(peer, "adopted: chain now ends at height " + adopted.height());
                return new Outcome(true, adopted, peer, reports(peers, infos, outcomes));
            } catch (VerificationException | InvalidValueException | PeerClient.PeerFault e) {
                outcomes.put(peer, "rejected: " + e.getMessage());
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
        return new Outcome(false, store.blocks().head(), null, reports(peers, infos, outcomes));
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

    private Head adopt(String peer, Head ours, long theirHeight, long deadline) {
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
        Block parent = store.blocks().block(fork)
                .orElseThrow(() -> new ConflictException("our chain moved; try again"));
        long target = Math.min(theirHeight, fork + MAX_BLOCKS_PER_RESOLVE);
        List<Block> incoming = new ArrayList<>();
        long now = clock.millis();
        long reported = System.nanoTime();
        while (parent.height() < target && clock.millis() < deadline) {
            if (System.nanoTime() - reported >= PROGRESS_EVERY_NANOS) {
                reported = System.nanoTime();
                Log.info("resolve in progress", Map.of("peer", peer, "blocksFetched", incoming.size(),
                        "height", parent.height(), "targetHeight", target));
            }
            List<Block> page = client.blocks(peer, parent.height() + 1, (int) Math.min(PAGE, target - parent.height()));
            if (page.isEmpty()) {
                break;
            }
            for (Block block : page) {
                validator.verify(block, parent, ledger, now);
                ledger.apply(block);
                incoming.add(block);
                parent = block;
            }
        }
        if (parent.height() <= ours.height()) {
            throw new PeerClient.PeerFault(peer, "claimed height " + theirHeight + " but served only up to "
                    + parent.height());
        }
        swap(ours, dropped, incoming, fork);
        rejectStale(dropped, incoming, ledger);
        return store.blocks().head();
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

    /** Replaces our blocks above the fork with the verified incoming ones, holding the mining lease. */
    private void swap(Head ours, List<Block> dropped, List<Block> incoming, long fork) {
        String holder = UUID.randomUUID().toString();
        try {
            store.lease().acquire(holder, leaseDuration);
        } catch (ConflictException busy) {
            NodeMetrics.leaseConflict();
            throw busy;
        }
        try {
            if (!store.blocks().head().equals(ours)) {
                throw new ConflictException("our chain moved while resolving; try again");
            }
            Hash top = ours.hash();
            for (int i = dropped.size() - 1; i >= 0; i--) {
                Block block = dropped.get(i);
                Hash parentHash = i == 0 ? store.blocks().block(fork).orElseThrow().hash() : dropped.get(i - 1).hash();
                store.undo().run(block, parentHash);
                top = parentHash;
            }
            for (Block block : incoming) {
                Set<Hash> pendingHere = new HashSet<>();
                store.transactions().transactions(block.transactions().stream().map(tx -> tx.id()).toList())
                        .forEach((id, record) -> {
                            if (record.status() == TransactionRecord.Status.PENDING) {
                                pendingHere.add(id);
                            }
                        });
                store.append().run(block, top, pendingHere);
                top = block.hash();
            }
            NodeMetrics.reorganisation(dropped.size());
            Log.info("chain adopted", Map.of("dropped", dropped.size(), "adopted", incoming.size(), "fork", fork));
        } finally {
            store.lease().release(holder);
        }
    }

    private static List<PeerReport> reports(List<String> peers, Map<String, PeerClient.PeerInfo> infos,
                                            Map<String, String> outcomes) {
        return peers.stream().map(peer -> new PeerReport(peer,
                infos.containsKey(peer) ? infos.get(peer).height() : null,
                outcomes.getOrDefault(peer, "not consulted"))).toList();
    }
}
