package dev.lambdachain.consensus;

import dev.lambdachain.core.BlockValidator;
import dev.lambdachain.core.ChainWork;
import dev.lambdachain.core.Head;
import dev.lambdachain.core.InvalidValueException;
import dev.lambdachain.core.VerificationException;
import dev.lambdachain.log.Log;
import dev.lambdachain.metrics.NodeMetrics;
import dev.lambdachain.store.ChainStore;
import dev.lambdachain.store.ConflictException;
import dev.lambdachain.store.PeerStanding;
import dev.lambdachain.store.StaleViewException;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Heaviest-valid-chain consensus. Asks every peer for /info in parallel ({@link PeerSurvey}) and,
 * most claimed work first, downloads and verifies each one's blocks above the fork point with our
 * chain ({@link SuffixDownloader}), and swaps them in under the mining lease ({@link ChainSwap})
 * when the result has strictly more work than ours (a tie keeps ours). A peer that serves an
 * invalid chain waits before it is asked again ({@link PeerBackoff}).
 */
public final class Consensus {
    private final ChainStore store;
    private final PeerBackoff backoff;
    private final PeerSurvey survey;
    private final SuffixDownloader downloader;
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
     * Resolves against every peer within {@code budgetMillis}. Peers are asked in order of what
     * they claim; a peer that serves less than it claimed, or anything invalid, is reported and
     * waits (growing back-off) before it is asked again, and the others are still tried: after an
     * adoption, every peer that still claims more than our new chain is. A download cut short by
     * the budget is adopted as far as it got if that is already longer than our chain (the next
     * resolve continues from there).
     *
     * @param budgetMillis the time to spend, in milliseconds (at least 1 is used)
     * @return the outcome, with a report for every known peer
     * @throws ConflictException the mining lease stayed held, or our own chain changed while resolving
     */
    public Outcome resolve(long budgetMillis) {
        return resolve(store.peers().standings(), budgetMillis);
    }

    /**
     * Resolves against the one registered peer {@code peer} that announced a head of chain work
     * {@code announced} (docs/RELAY.md): the same checks as {@link #resolve(long)}, and an
     * announcement of more work than ours that the peer then does not serve (it claims or
     * delivers no more than ours) costs it the back-off of an invalid chain.
     *
     * @param peer         a registered peer's URL, as {@code GET /nodes/resolve} lists it
     * @param announced    the chain work it announced
     * @param budgetMillis the time to spend, in milliseconds
     * @return the outcome, empty when {@code peer} is not registered
     * @throws ConflictException as {@link #resolve(long)}
     */
    public Optional<Outcome> resolveFrom(String peer, ChainWork announced, long budgetMillis) {
        List<PeerStanding> standings = store.peers().standings().stream()
                .filter(standing -> standing.url().equals(peer)).toList();
        if (standings.isEmpty()) {
            return Optional.empty();
        }
        Outcome outcome = resolve(standings, budgetMillis);
        PeerOutcome.Kind kind = outcome.peers().get(0).outcome().kind();
        boolean unserved = kind == PeerOutcome.Kind.NOT_HEAVIER || kind == PeerOutcome.Kind.NOT_LONGER
                || kind == PeerOutcome.Kind.NOT_ADOPTED;
        if (unserved && announced.compareTo(outcome.head().work()) > 0) {
            String penalty = backoff.penalise(standings.get(0), "announced chain work " + announced
                    + " and did not serve it");
            return Optional.of(new Outcome(outcome.replaced(), outcome.head(), outcome.source(),
                    List.of(new PeerReport(peer, outcome.peers().get(0).height(), PeerOutcome.invalidChain(
                            "its announcement was not backed by its chain", penalty)))));
        }
        return Optional.of(outcome);
    }

    private Outcome resolve(List<PeerStanding> standings, long budgetMillis) {
        long deadline = clock.millis() + Math.max(1, budgetMillis);
        Head ours = store.blocks().head();
        List<String> peers = standings.stream().map(PeerStanding::url).toList();
        Map<String, PeerStanding> standingOf = new HashMap<>();
        standings.forEach(standing -> standingOf.put(standing.url(), standing));
        Map<String, PeerOutcome> outcomes = new HashMap<>();
        Map<String, PeerClient.PeerInfo> infos = survey.ask(backoff.askable(standings, outcomes), outcomes, deadline);

        String source = null;
        for (String peer : survey.candidates(infos, outcomes)) {
            PeerClient.PeerInfo claim = infos.get(peer);
            long claimed = claim.height();
            if (claim.work() != null ? claim.work().compareTo(ours.work()) <= 0 : claimed <= ours.height()) {
                outcomes.put(peer, claim.work() != null ? PeerOutcome.notHeavier() : PeerOutcome.notLonger());
                continue;
            }
            if (clock.millis() > deadline) {
                outcomes.put(peer, PeerOutcome.outOfTime());
                continue;
            }
            try {
                VerifiedSuffix suffix = downloader.download(peer, ours, claim, deadline);
                ours = swap.adopt(suffix);
                source = peer;
                if (suffix.lie() != null) {
                    outcomes.put(peer, PeerOutcome.adoptedShortOfClaim(ours.height(),
                            backoff.penalise(standingOf.get(peer), suffix.lie())));
                } else {
                    outcomes.put(peer, PeerOutcome.adopted(ours.height()));
                    backoff.forgive(standingOf.get(peer));
                }
            } catch (VerificationException | InvalidValueException e) {
                outcomes.put(peer,
                        PeerOutcome.invalidChain(e.getMessage(), backoff.penalise(standingOf.get(peer), null)));
            } catch (PeerClient.PeerFault e) {
                outcomes.put(peer, e.invalid()
                        ? PeerOutcome.invalidChain(e.getMessage(), backoff.penalise(standingOf.get(peer), null))
                        : PeerOutcome.notAdopted(e.getMessage()));
            } catch (ConflictException e) {
                throw e; // we lost a race for our own chain: the caller must hear it, not the peer
            } catch (StaleViewException e) {
                throw new ConflictException("our chain changed while the swap ran; try again");
            } catch (RuntimeException e) {
                // one peer's chain must never end resolving against the others
                log.error("a peer's chain could not be checked", Map.of("peer", peer), e);
                outcomes.put(peer, PeerOutcome.checkFailed());
            }
        }
        return new Outcome(source != null, store.blocks().head(), source, reports(peers, infos, outcomes));
    }

    private static List<PeerReport> reports(List<String> peers, Map<String, PeerClient.PeerInfo> infos,
                                            Map<String, PeerOutcome> outcomes) {
        return peers.stream().map(peer -> new PeerReport(peer,
                infos.containsKey(peer) ? infos.get(peer).height() : null,
                outcomes.getOrDefault(peer, PeerOutcome.notConsulted()))).toList();
    }
}
