package dev.lambdachain.node;

import dev.lambdachain.consensus.Consensus;
import dev.lambdachain.consensus.PeerAddress;
import dev.lambdachain.core.ChainWork;
import dev.lambdachain.log.Log;
import dev.lambdachain.metrics.NodeMetrics;
import dev.lambdachain.store.ChainStore;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What this node does with a peer's announcement of its head (docs/RELAY.md): a hint, never
 * believed. Only a registered peer that claims more chain work than ours is heard, at most one
 * fetch per peer at a time and per {@link #MIN_INTERVAL}; the fetch is the consensus path
 * against that one peer ({@link Consensus#resolveFrom}), which checks every block and makes a
 * peer that announced work it does not serve wait (back-off). An adopted chain is announced on.
 */
public final class Announcements {
    /** The least time between two fetches on one peer's announcements (per process). */
    static final Duration MIN_INTERVAL = Duration.ofSeconds(1);

    /** What became of one announcement, in the words of the metric ({@code heard}, docs/OBSERVABILITY.md) and for people. */
    public record Heard(String outcome, String message) {
    }

    private final ChainStore store;
    private final Log log;
    private final NodeMetrics metrics;
    private final Consensus consensus;
    private final PeerAddress guard;
    private final Relay relay;
    private final Clock clock;
    /** Per registered peer (64 at most): when its next announcement may cost a fetch; Long.MAX_VALUE while one runs. */
    private final Map<String, Long> nextFetch = new ConcurrentHashMap<>();

    Announcements(NodeParts parts, Consensus consensus, PeerAddress guard, Relay relay) {
        this.store = parts.store();
        this.log = parts.log();
        this.metrics = parts.metrics();
        this.consensus = consensus;
        this.guard = guard;
        this.relay = relay;
        this.clock = parts.clock();
    }

    /**
     * Hears that {@code peer} has a head of chain work {@code work}; fetches and checks it within
     * {@code budgetMillis} when it is worth it.
     *
     * @param peer the announcer's address as it gave it (normalised as registration does)
     * @throws dev.lambdachain.core.InvalidValueException for an address that is not one
     * @throws dev.lambdachain.store.ConflictException when the fetch found our chain busy (mining lease)
     */
    public Heard heard(String peer, ChainWork work, long budgetMillis) {
        String url = guard.normalise(peer);
        if (work.compareTo(store.blocks().head().work()) <= 0) {
            return count(new Heard("ignored", "ignored: no more chain work than ours"), url);
        }
        Optional<String> registered = registered(url);
        if (registered.isEmpty()) {
            return count(new Heard("ignored", "ignored: " + url + " is not a registered peer"), url);
        }
        url = registered.get();
        long now = clock.millis();
        Long next = nextFetch.get(url);
        if ((next != null && next > now) || !claim(url, next)) {
            return count(new Heard("rate-limited", "ignored: a fetch from this peer ran less than "
                    + MIN_INTERVAL.toMillis() + " ms ago or is running"), url);
        }
        try {
            Optional<Consensus.Outcome> outcome = consensus.resolveFrom(url, work, budgetMillis);
            if (outcome.isEmpty()) {
                return count(new Heard("ignored", "ignored: " + url + " is not a registered peer"), url);
            }
            if (outcome.get().replaced()) {
                relay.afterAppended();
            }
            String peerOutcome = outcome.get().peers().get(0).outcome().text();
            return count(new Heard(outcome.get().replaced() ? "fetched" : "refused", peerOutcome), url);
        } finally {
            nextFetch.put(url, clock.millis() + MIN_INTERVAL.toMillis());
        }
    }

    /**
     * The registered peer that {@code url} names: the same URL, or on this machine the same port
     * and path under another loopback name (a runner announces itself as 127.0.0.1, its peers may
     * have registered it as localhost).
     */
    private Optional<String> registered(String url) {
        String key = loopbackAsOne(url);
        return store.peers().all().stream().filter(peer -> peer.equals(url) || loopbackAsOne(peer).equals(key))
                .findFirst();
    }

    private static String loopbackAsOne(String url) {
        return url.replaceFirst("^(https?://)(localhost|127\\.0\\.0\\.1|\\[::1\\])(?=[:/]|$)", "$1loopback");
    }

    /** Takes the peer's fetch slot if nobody took it since {@code seen} was read. */
    private boolean claim(String url, Long seen) {
        return seen == null ? nextFetch.putIfAbsent(url, Long.MAX_VALUE) == null
                : nextFetch.replace(url, seen, Long.MAX_VALUE);
    }

    private Heard count(Heard heard, String peer) {
        metrics.relayed("heard", heard.outcome(), 1);
        Map<String, String> fields = Map.of("peer", peer, "outcome", heard.outcome(), "detail", heard.message());
        if (heard.outcome().equals("fetched") || heard.outcome().equals("refused")) {
            log.info("announcement heard", fields);
        } else {
            log.debug("announcement heard", fields); // a flood of ignored ones must not flood the log
        }
        return heard;
    }
}
