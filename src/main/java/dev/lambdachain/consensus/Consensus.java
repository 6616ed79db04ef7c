package dev.lambdachain.consensus;

import dev.lambdachain.core.BlockValidator;
import dev.lambdachain.core.DaemonThreads;
import dev.lambdachain.core.Head;
import dev.lambdachain.core.InvalidValueException;
import dev.lambdachain.core.VerificationException;
import dev.lambdachain.log.Log;
import dev.lambdachain.log.RequestContext;
import dev.lambdachain.metrics.NodeMetrics;
import dev.lambdachain.store.ChainStore;
import dev.lambdachain.store.ConflictException;
import dev.lambdachain.store.PeerStanding;
import dev.lambdachain.store.StaleViewException;
import dev.lambdachain.store.SwapStoppedException;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import java.util.Optional;

/**
 * Heaviest-valid-chain consensus. Asks every peer for /info in parallel ({@link PeerSurvey}), then
 * downloads and verifies the blocks above the fork point with our chain of every peer that claims
 * more work than ours, in parallel ({@link SuffixDownloader}), and swaps in the heaviest verified
 * one under the mining lease ({@link ChainSwap}) when it has strictly more work than ours (a tie
 * keeps ours). A peer that serves an invalid chain, stalls or serves less than it claimed waits
 * before it is asked again ({@link PeerBackoff}).
 */
public final class Consensus {
    /** How many peers' chains are downloaded at once; the rest queue for a free slot. */
    private static final int MAX_PARALLEL_DOWNLOADS = 16;
    /** How long after the deadline and a last peer call a download may take to hand its result over. */
    private static final long DOWNLOAD_GRACE_MILLIS = 1_000;
    /**
     * How long after the download deadline a swap may write: 4 of the 5 s the resolve handler keeps
     * beyond its budget ({@code TimeBudget.RESOLVING}), leaving 1 s for the answer. A swap that
     * needs longer stops there, invisibly, and the next resolve (or /mine) carries it on.
     */
    static final long SWAP_MILLIS_AFTER_DEADLINE = 4_000;

    private final ChainStore store;
    private final PeerBackoff backoff;
    private final PeerSurvey survey;
    private final SuffixDownloader downloader;
    private final PeerClient client;
    private final ChainSwap swap;
    private final Clock clock;
    private final Log log;

    /**
     * @param leaseDuration how long a swap holds the mining lease
     * @param clock         the time for budgets, back-off and block timestamps
     * @param log           where progress, adoptions and faults are logged
     * @param metrics       where lease conflicts and reorganisations are counted
     */
    public Consensus(ChainStore store, BlockValidator validator, PeerClient client, Duration leaseDuration,
                     Clock clock, Log log, NodeMetrics metrics) {
        this.store = store;
        this.backoff = new PeerBackoff(store, clock);
        this.survey = new PeerSurvey(client, validator.genesisHash(), validator.params().rules(), clock);
        this.downloader = new SuffixDownloader(store, validator, client, clock, log);
        this.client = client;
        this.swap = new ChainSwap(store, leaseDuration, clock, log, metrics);
        this.clock = clock;
        this.log = log;
    }

    /** What one peer contributed: its claimed height (null if it did not say) and what became of it. */
    public record PeerReport(String peer, Long height, PeerOutcome outcome) {
    }

    /** Whether our chain was replaced, the head after resolving, the peer adopted last (or null), and a line per peer. */
    public record Outcome(boolean replaced, Head head, String source, List<PeerReport> peers) {
        public Resolution resolution() {
            return replaced ? Resolution.REPLACED : Resolution.KEPT;
        }

        /** The resolution in words; a replacement names the peer adopted last. */
        public String message() {
            return replaced ? Resolution.REPLACED.text() + " " + source : Resolution.KEPT.text();
        }
    }

    /**
     * Resolves against every peer within {@code budgetMillis}. Every peer that claims more work
     * than ours is downloaded at the same time, each with the whole budget, so a peer that stalls
     * holds up no other; the heaviest verified chain is adopted. A peer that serves less than it
     * claimed, stalls (a /chain call timed out, failed or was still running at the end) or serves
     * anything invalid is reported and waits (growing back-off) before it is asked again. A
     * download cut short by the budget is adopted as far as it got if that is already heavier
     * than our chain (the next resolve continues from there).
     *
     * @param budgetMillis the time to spend, in milliseconds (at least 1 is used)
     * @return the outcome, with a report for every known peer
     * @throws ConflictException the mining lease stayed held, or our own chain changed while resolving
     * @throws SwapStoppedException the swap needed more than this call's time (4 s after the budget):
     *                              nothing changed yet, the next resolve or /mine carries it on
     */
    public Outcome resolve(long budgetMillis) {
        return resolve(store.peers().standings(), budgetMillis);
    }

    /**
     * Resolves against the one registered peer {@code peer} that a head announcement named
     * (docs/RELAY.md): the same checks and back-off as {@link #resolve(long)}, on what the peer
     * itself says (its /info) and serves. What the announcement claimed costs the peer nothing
     * here: anyone can name any peer in one ({@code Announcements} weighs it).
     *
     * @param peer         a registered peer's URL, as {@code GET /nodes/resolve} lists it
     * @param budgetMillis the time to spend, in milliseconds
     * @return the outcome, empty when {@code peer} is not registered
     * @throws ConflictException as {@link #resolve(long)}
     * @throws SwapStoppedException as {@link #resolve(long)}
     */
    public Optional<Outcome> resolveFrom(String peer, long budgetMillis) {
        List<PeerStanding> standings = store.peers().standings().stream()
                .filter(standing -> standing.url().equals(peer)).toList();
        return standings.isEmpty() ? Optional.empty() : Optional.of(resolve(standings, budgetMillis));
    }

    private Outcome resolve(List<PeerStanding> standings, long budgetMillis) {
        long deadline = clock.millis() + Math.max(1, budgetMillis);
        Head ours = store.blocks().head();
        List<String> peers = standings.stream().map(PeerStanding::url).toList();
        Map<String, PeerStanding> standingOf = new HashMap<>();
        standings.forEach(standing -> standingOf.put(standing.url(), standing));
        Map<String, PeerOutcome> outcomes = new HashMap<>();
        Map<String, PeerClient.PeerInfo> infos = survey.ask(backoff.askable(standings, outcomes), outcomes, deadline,
                peer -> backoff.penalise(standingOf.get(peer), null));

        List<String> heavier = new ArrayList<>();
        for (String peer : survey.candidates(infos, outcomes)) {
            PeerClient.PeerInfo claim = infos.get(peer);
            if (claim.work() != null ? claim.work().compareTo(ours.work()) <= 0 : claim.height() <= ours.height()) {
                outcomes.put(peer, claim.work() != null ? PeerOutcome.notHeavier() : PeerOutcome.notLonger());
            } else if (clock.millis() > deadline) {
                outcomes.put(peer, PeerOutcome.outOfTime());
            } else {
                heavier.add(peer);
            }
        }
        Map<String, VerifiedSuffix> verified = download(heavier, ours, infos, standingOf, outcomes, deadline);

        // heaviest verified chain first; on equal work the one that claimed more (asked first) wins
        List<String> byWork = new ArrayList<>(verified.keySet());
        byWork.sort(Comparator.comparing((String peer) -> verified.get(peer).work()).reversed()
                .thenComparingInt(heavier::indexOf));
        String source = null;
        for (String peer : byWork) {
            VerifiedSuffix suffix = verified.get(peer);
            PeerStanding standing = standingOf.get(peer);
            if (source != null) {
                String lighter = "its valid chain has work " + suffix.work() + ", not more than the adopted "
                        + ours.work() + " of " + source;
                outcomes.put(peer, suffix.lie() == null ? PeerOutcome.notAdopted(lighter)
                        : PeerOutcome.invalidChain(suffix.lie() + "; " + lighter, backoff.penalise(standing, null)));
                continue;
            }
            try {
                ours = swap.adopt(suffix, deadline + SWAP_MILLIS_AFTER_DEADLINE);
            } catch (ConflictException | SwapStoppedException e) {
                throw e; // we lost a race for our own chain, or ran out of time: the caller must hear it, not the peer
            } catch (StaleViewException e) {
                throw new ConflictException("our chain changed while the swap ran; try again");
            } catch (RuntimeException e) {
                // one peer's chain must never end resolving against the others: the next heaviest is tried
                log.error("a peer's chain could not be adopted", Map.of("peer", peer), e);
                outcomes.put(peer, PeerOutcome.checkFailed());
                continue;
            }
            source = peer;
            if (suffix.lie() != null) {
                outcomes.put(peer, PeerOutcome.adoptedShortOfClaim(ours.height(),
                        backoff.penalise(standing, suffix.lie())));
            } else {
                outcomes.put(peer, PeerOutcome.adopted(ours.height()));
                backoff.forgive(standing);
            }
        }
        outcomes.forEach((peer, outcome) -> {
            if (outcome.kind() == PeerOutcome.Kind.OVERSIZED) {
                log.warn("a peer was cut off at a byte bound", Map.of("peer", peer, "outcome", outcome.text()), null);
            }
        });
        return new Outcome(source != null, store.blocks().head(), source, reports(peers, infos, outcomes));
    }

    /**
     * Downloads and verifies the chains of {@code peers} (most claimed work first) against
     * {@code ours}, all at once, at most {@value #MAX_PARALLEL_DOWNLOADS} at a time, so that a peer
     * that stalls costs its own download and never another peer's turn. Every download ends by
     * {@code deadline} plus one peer call; one still running then is cut and counts as stalled.
     *
     * @return the verified suffix of each peer whose chain has more work than {@code ours}; every
     *         other peer gets its line in {@code outcomes} (a stall or an invalid chain with back-off)
     * @throws ConflictException our chain moved under a fork point while downloading
     */
    private Map<String, VerifiedSuffix> download(List<String> peers, Head ours, Map<String, PeerClient.PeerInfo> infos,
                                                 Map<String, PeerStanding> standingOf,
                                                 Map<String, PeerOutcome> outcomes, long deadline) {
        Map<String, VerifiedSuffix> verified = new HashMap<>();
        if (peers.isEmpty()) {
            return verified;
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(MAX_PARALLEL_DOWNLOADS, peers.size()),
                new DaemonThreads("peer-download"));
        try {
            Map<String, Future<VerifiedSuffix>> downloads = new LinkedHashMap<>();
            RequestContext context = RequestContext.current();
            // the downloads log progress: as this request, when there is one
            peers.forEach(peer -> downloads.put(peer, pool.submit(() -> {
                Supplier<VerifiedSuffix> work = () -> downloader.download(peer, ours, infos.get(peer), deadline);
                return context == null ? work.get() : context.during(work);
            })));
            long waitUntil = deadline + client.callMillis() + DOWNLOAD_GRACE_MILLIS;
            for (Map.Entry<String, Future<VerifiedSuffix>> download : downloads.entrySet()) {
                String peer = download.getKey();
                PeerStanding standing = standingOf.get(peer);
                try {
                    verified.put(peer, download.getValue().get(Math.max(0, waitUntil - clock.millis()),
                            TimeUnit.MILLISECONDS));
                } catch (TimeoutException e) {
                    download.getValue().cancel(true);
                    outcomes.put(peer, PeerOutcome.stalled(peer + " did not finish serving /chain within the time budget",
                            backoff.penalise(standing, null)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    outcomes.put(peer, PeerOutcome.interrupted());
                } catch (ExecutionException e) {
                    outcomes.put(peer, failed(peer, e.getCause(), standing));
                }
            }
        } finally {
            pool.shutdownNow();
        }
        return verified;
    }

    /** The outcome of a download that threw {@code cause}; a lie or a stall costs the peer back-off. */
    private PeerOutcome failed(String peer, Throwable cause, PeerStanding standing) {
        if (cause instanceof ConflictException conflict) {
            throw conflict; // we lost a race for our own chain: the caller must hear it, not the peer
        }
        if (cause instanceof StaleViewException) {
            throw new ConflictException("our chain changed while downloading; try again");
        }
        if (cause instanceof VerificationException || cause instanceof InvalidValueException) {
            return PeerOutcome.invalidChain(cause.getMessage(), backoff.penalise(standing, null));
        }
        if (cause instanceof PeerClient.PeerFault fault) {
            if (fault.oversized()) {
                return PeerOutcome.oversized(fault.getMessage(), backoff.penalise(standing, null));
            }
            if (fault.invalid()) {
                return PeerOutcome.invalidChain(fault.getMessage(), backoff.penalise(standing, null));
            }
            return fault.stalled() ? PeerOutcome.stalled(fault.getMessage(), backoff.penalise(standing, null))
                    : PeerOutcome.notAdopted(fault.getMessage());
        }
        // one peer's chain must never end resolving against the others
        log.error("a peer's chain could not be checked", Map.of("peer", peer), cause);
        return PeerOutcome.checkFailed();
    }

    private static List<PeerReport> reports(List<String> peers, Map<String, PeerClient.PeerInfo> infos,
                                            Map<String, PeerOutcome> outcomes) {
        return peers.stream().map(peer -> new PeerReport(peer,
                infos.containsKey(peer) ? infos.get(peer).height() : null,
                outcomes.getOrDefault(peer, PeerOutcome.notConsulted()))).toList();
    }
}
