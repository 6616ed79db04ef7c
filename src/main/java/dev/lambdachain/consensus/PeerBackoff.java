package dev.lambdachain.consensus;

import dev.lambdachain.store.ChainStore;
import dev.lambdachain.store.PeerStanding;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Which peers are asked this round: a peer that served an invalid chain, stalled or served less
 * than it claimed waits before it is asked again, {@link #FIRST_BACKOFF} after its first failure, doubling with each further one up to
 * {@link #MAX_BACKOFF}; a peer whose chain is adopted in full is forgiven.
 */
final class PeerBackoff {
    /** How long a peer that served an invalid chain or stalled waits first; each further failure doubles it. */
    static final Duration FIRST_BACKOFF = Duration.ofSeconds(60);
    static final Duration MAX_BACKOFF = Duration.ofHours(1);

    private final ChainStore store;
    private final Clock clock;

    PeerBackoff(ChainStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /**
     * The URLs of the peers that may be asked now, in the order of {@code standings}; for each
     * peer still waiting, puts a line into {@code outcomes} (keyed by URL) saying for how long.
     */
    List<String> askable(List<PeerStanding> standings, Map<String, PeerOutcome> outcomes) {
        long now = clock.millis();
        List<String> askable = new ArrayList<>();
        for (PeerStanding standing : standings) {
            if (standing.waitsAt(now)) {
                outcomes.put(standing.url(),
                        PeerOutcome.backingOff(standing.failures(), seconds(standing.retryAt() - now)));
            } else {
                askable.add(standing.url());
            }
        }
        return askable;
    }

    /**
     * Records one more invalid chain or stall from the peer of {@code standing} and returns, in words, how
     * long it now waits, after {@code why} (when not null).
     */
    String penalise(PeerStanding standing, String why) {
        long failures = standing.failures() + 1;
        long wait = Math.min(MAX_BACKOFF.toMillis(), FIRST_BACKOFF.toMillis() << Math.min(20, failures - 1));
        store.peerPenalties().penalise(standing.url(), failures, clock.millis() + wait);
        return (why == null ? "" : why + "; ") + "not asked again for " + seconds(wait) + " s (failed "
                + failures + " time(s) in a row)";
    }

    /** Clears the peer's failures, if it has any, after it served a chain in full. */
    void forgive(PeerStanding standing) {
        if (standing.failures() > 0) {
            store.peerPenalties().forgive(standing.url());
        }
    }

    private static long seconds(long millis) {
        return Math.max(1, (millis + 999) / 1000);
    }
}
