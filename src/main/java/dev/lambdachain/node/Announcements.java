package dev.lambdachain.node;

import dev.lambdachain.consensus.Consensus;
import dev.lambdachain.consensus.PeerAddress;
import dev.lambdachain.consensus.PeerOutcome;
import dev.lambdachain.core.ChainWork;
import dev.lambdachain.core.Hash;
import dev.lambdachain.core.InvalidValueException;
import dev.lambdachain.log.Log;
import dev.lambdachain.metrics.NodeMetrics;
import dev.lambdachain.store.ChainStore;
import dev.lambdachain.store.ConflictException;

import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What this node does with a peer's announcement of its head (docs/RELAY.md): a hint, never
 * believed, and never more than a bounded cost. In order, each step cheaper than the next:
 * a head already fetched or being fetched is not fetched again ({@link #REMEMBERED_HEADS});
 * beyond {@link #PER_SOURCE} announcements a second from one address and {@link #ALL_SOURCES}
 * from all, an announcement costs no store read ({@link Allowance}); only a registered peer that
 * claims more chain work than ours is heard, at most one fetch per peer at a time and per
 * {@link #MIN_INTERVAL}; the fetch is the consensus path against that one peer
 * ({@link Consensus#resolveFrom}), which checks every block and makes a peer whose own /info or
 * chain lies wait (back-off). A peer named in an announcement its chain does not back has its
 * announcements unheard for {@link #FIRST_UNHEARD}, doubling up to {@link #MAX_UNHEARD}: anyone
 * can name any peer in an announcement, so that lie costs the named peer its announcements, never
 * its place in resolve. An adopted chain is announced on.
 *
 * <p>An announcer that is not a registered peer is how a node that was told of nobody finds the
 * network (a peer that registered it announces to it): at most one such stranger a
 * {@link #STRANGER_INTERVAL} (per process) is registered through the address guard while the
 * list has room, and fetched from like a peer; it stays registered only when its chain was
 * adopted, so a stranger costs at most one fetch per interval and never keeps a slot it did not
 * earn.
 */
public final class Announcements {
    /** The least time between two fetches on one peer's announcements (per process). */
    static final Duration MIN_INTERVAL = Duration.ofSeconds(1);
    /** How long a peer's announcements go unheard after the first one its chain did not back. */
    static final Duration FIRST_UNHEARD = Duration.ofSeconds(10);
    static final Duration MAX_UNHEARD = Duration.ofMinutes(10);
    /** Announcements a second (and at once) one source address may get to a store read. */
    static final Allowance.Rate PER_SOURCE = new Allowance.Rate(10, 20);
    /** Announcements a second (and at once) all sources together may get to a store read. */
    static final Allowance.Rate ALL_SOURCES = new Allowance.Rate(50, 100);
    /** Heads fetched or being fetched that a further announcement of is ignored without a store read. */
    static final int REMEMBERED_HEADS = 1024;
    /** The least time between two announcers that are not registered peers being tried (per process). */
    static final Duration STRANGER_INTERVAL = Duration.ofSeconds(10);
    /** Past this many peers with a fetch turn kept, the turns that ended are forgotten. */
    private static final int REMEMBERED_PEERS = 256;

    /** A fetch that ended with one of these found no more work than ours behind the announcement. */
    private static final Set<PeerOutcome.Kind> UNSERVED = EnumSet.of(PeerOutcome.Kind.NOT_HEAVIER,
            PeerOutcome.Kind.NOT_LONGER, PeerOutcome.Kind.NOT_ADOPTED);

    /** What became of one announcement, in the words of the metric ({@code heard}, docs/OBSERVABILITY.md) and for people. */
    public record Heard(String outcome, String message) {
    }

    /** When a peer's next announcement may cost a fetch (Long.MAX_VALUE while one runs), and its unbacked ones in a row. */
    private record Turn(long next, int unbacked) {
    }

    private final ChainStore store;
    private final Log log;
    private final NodeMetrics metrics;
    private final Consensus consensus;
    private final PeerAddress guard;
    private final Relay relay;
    private final Clock clock;
    private final Allowance allowance;
    private final RecentItems<Hash, Boolean> heads = new RecentItems<>(REMEMBERED_HEADS);
    /** Per registered peer (64 at most at a time): its fetch turn. */
    private final Map<String, Turn> turns = new ConcurrentHashMap<>();
    /** When the next stranger may be tried, epoch ms. */
    private final AtomicLong nextStranger = new AtomicLong();

    Announcements(NodeParts parts, Consensus consensus, PeerAddress guard, Relay relay) {
        this.store = parts.store();
        this.log = parts.log();
        this.metrics = parts.metrics();
        this.consensus = consensus;
        this.guard = guard;
        this.relay = relay;
        this.clock = parts.clock();
        this.allowance = new Allowance(clock::millis, PER_SOURCE, ALL_SOURCES);
    }

    /**
     * Hears from {@code source} that {@code peer} has the head {@code head} of chain work
     * {@code work}; fetches and checks it within {@code budgetMillis} when it is worth it.
     *
     * @param source the address the announcement came from (API Gateway's source IP), or null when unknown
     * @param peer   the announcer's address as it gave it (normalised as registration does)
     * @throws dev.lambdachain.core.InvalidValueException for an address that is not one
     * @throws dev.lambdachain.store.ConflictException when the fetch found our chain busy (mining lease)
     */
    public Heard heard(String source, String peer, Hash head, ChainWork work, long budgetMillis) {
        String url = guard.normalise(peer);
        if (heads.get(head) != null) {
            return count(new Heard("ignored", "ignored: head " + head + " is fetched or being fetched already"), url);
        }
        if (!allowance.take(source)) {
            return count(new Heard("rate-limited", "ignored: more announcements than this node hears a second ("
                    + (long) PER_SOURCE.perSecond() + " from one address, " + (long) ALL_SOURCES.perSecond()
                    + " from all)"), url);
        }
        if (work.compareTo(store.blocks().head().work()) <= 0) {
            return count(new Heard("ignored", "ignored: no more chain work than ours"), url);
        }
        Optional<String> registered = registered(url);
        boolean stranger = registered.isEmpty();
        if (stranger && !strangersTurn()) {
            return count(new Heard("ignored", "ignored: " + url + " is not a registered peer"), url);
        }
        url = registered.orElse(url);
        long now = clock.millis();
        Turn seen = turns.get(url);
        if ((seen != null && seen.next() > now) || !claim(url, seen)) {
            String when = seen == null || seen.next() == Long.MAX_VALUE ? "while a fetch from it runs"
                    : "for " + seconds(seen.next() - now) + " s";
            return count(new Heard("rate-limited", "ignored: this peer's announcements are not heard " + when
                    + " (one fetch at a time, one a second, longer after one its chain did not back)"), url);
        }
        int unbacked = seen == null ? 0 : seen.unbacked();
        Turn after = new Turn(now + MIN_INTERVAL.toMillis(), unbacked);
        if (!heads.putIfAbsent(head, Boolean.TRUE)) {
            giveBack(url, seen);
            return count(new Heard("ignored", "ignored: head " + head + " is fetched or being fetched already"), url);
        }
        if (stranger && !registerStranger(url)) {
            heads.remove(head);
            giveBack(url, seen);
            return count(new Heard("ignored", "ignored: " + url + " is not a registered peer, and the address "
                    + "guard refuses it or the peer list is full"), url);
        }
        boolean adopted = false;
        try {
            Optional<Consensus.Outcome> outcome = consensus.resolveFrom(url, budgetMillis);
            if (outcome.isEmpty()) {
                return count(new Heard("ignored", "ignored: " + url + " is not a registered peer"), url);
            }
            Consensus.Outcome resolved = outcome.get();
            PeerOutcome peerOutcome = resolved.peers().get(0).outcome();
            if (resolved.replaced()) {
                adopted = true;
                if (stranger) {
                    log.info("peer learned from its announcement", Map.of("peer", url));
                }
                after = new Turn(clock.millis() + MIN_INTERVAL.toMillis(), 0);
                relay.afterAppended();
                return count(new Heard("fetched", peerOutcome.text()), url);
            }
            if (UNSERVED.contains(peerOutcome.kind()) && work.compareTo(resolved.head().work()) > 0) {
                long wait = Math.min(MAX_UNHEARD.toMillis(), FIRST_UNHEARD.toMillis() << Math.min(20, unbacked));
                after = new Turn(clock.millis() + wait, unbacked + 1);
                return count(new Heard("refused", peerOutcome.text() + "; its announcement of chain work " + work
                        + " was not backed by its chain: its announcements are not heard for " + seconds(wait)
                        + " s"), url);
            }
            return count(new Heard("refused", peerOutcome.text()), url);
        } finally {
            if (!adopted) {
                heads.remove(head); // another announcer may have it
                if (stranger) {
                    store.removePeers().run(List.of(url)); // it did not earn its slot
                }
            }
            turns.put(url, after);
            forgetEndedTurns();
        }
    }

    /** Takes the turn of a stranger (an announcer that is not a registered peer) if one is due. */
    private boolean strangersTurn() {
        long now = clock.millis();
        long due = nextStranger.get();
        return now >= due && nextStranger.compareAndSet(due, now + STRANGER_INTERVAL.toMillis());
    }

    /** Registers {@code url} when the address guard allows it and the list has room; false otherwise (nothing written). */
    private boolean registerStranger(String url) {
        try {
            guard.checkAllowed(url);
            store.registerPeers().run(List.of(url), PeerRegistry.MAX_PEERS);
            return true;
        } catch (InvalidValueException | ConflictException refusedOrFull) {
            return false;
        }
    }

    /** Undoes a fetch turn taken on {@code url} that was last {@code seen}. */
    private void giveBack(String url, Turn seen) {
        if (seen == null) {
            turns.remove(url);
        } else {
            turns.put(url, seen);
        }
    }

    private void forgetEndedTurns() {
        if (turns.size() > REMEMBERED_PEERS) {
            long now = clock.millis();
            turns.values().removeIf(turn -> turn.next() <= now);
        }
    }

    private static long seconds(long millis) {
        return Math.max(1, (millis + 999) / 1000);
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

    /** Takes the peer's fetch turn if nobody took it since {@code seen} was read. */
    private boolean claim(String url, Turn seen) {
        Turn running = new Turn(Long.MAX_VALUE, seen == null ? 0 : seen.unbacked());
        return seen == null ? turns.putIfAbsent(url, running) == null : turns.replace(url, seen, running);
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
