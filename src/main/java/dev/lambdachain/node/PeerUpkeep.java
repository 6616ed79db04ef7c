package dev.lambdachain.node;

import dev.lambdachain.consensus.Consensus;
import dev.lambdachain.consensus.PeerAddress;
import dev.lambdachain.consensus.PeerClient;
import dev.lambdachain.consensus.PeerOutcome;
import dev.lambdachain.core.InvalidValueException;
import dev.lambdachain.store.ConflictException;
import dev.lambdachain.store.PeerStanding;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What a resolve leaves behind for the peer list (docs/CONSENSUS.md, "Peers that find each
 * other"). A peer that did not answer it (unreachable, or no answer in time) counts one miss;
 * after {@link NodeConfig#peerDropAfterFailures()} in a row it is removed, and one that answers
 * starts again from none. With {@link NodeConfig#peerSharing()}, every peer that answered is
 * asked for its own peers (GET /nodes), and those we do not know are registered through the
 * address guard of POST /nodes/register while the list has room ({@link PeerRegistry#MAX_PEERS}),
 * each only once it answered /info, and never one that answers with our own
 * {@link Node#instance()} (an address of this node: remembered, and not asked again).
 */
public final class PeerUpkeep {
    /**
     * The most listed addresses asked for /info after one resolve: a peer listing 64 addresses
     * that never answer costs each resolve at most this many peer timeouts; the rest are asked
     * after later resolves.
     */
    static final int MAX_ADDRESSES_TRIED = 8;

    private final NodeParts parts;
    private final PeerClient client;
    private final PeerAddress guard;
    private final String instance;
    private final Set<String> ourAddresses = ConcurrentHashMap.newKeySet();

    /**
     * Asks peers through {@code client}; registers only what {@code guard} (the node's one address
     * guard) allows, and no address that answers with {@code instance}, this process's.
     */
    PeerUpkeep(NodeParts parts, PeerClient client, PeerAddress guard, String instance) {
        this.parts = parts;
        this.client = client;
        this.instance = instance;
        this.guard = guard;
    }

    /** The peers registered from our peers' lists and the peers removed for not answering, base URLs. */
    public record Outcome(List<String> learned, List<String> dropped) {
    }

    /**
     * Counts misses, drops dead peers and learns new ones after {@code resolved}; asks no peer for
     * its list once the clock reads {@code deadlineMillis} (epoch ms) or later.
     */
    public Outcome after(Consensus.Outcome resolved, long deadlineMillis) {
        Map<String, PeerStanding> standings = new LinkedHashMap<>();
        parts.store().peers().standings().forEach(standing -> standings.put(standing.url(), standing));
        List<String> dropped = drop(resolved.peers(), standings);
        dropped.forEach(standings::remove);
        List<String> learned = parts.config().peerSharing()
                ? learn(resolved.peers(), standings.keySet(), deadlineMillis) : List.of();
        if (!learned.isEmpty() || !dropped.isEmpty()) {
            parts.log().info("peer list changed", Map.of("learned", learned, "dropped", dropped));
        }
        return new Outcome(learned, dropped);
    }

    private List<String> drop(List<Consensus.PeerReport> reports, Map<String, PeerStanding> standings) {
        int limit = parts.config().peerDropAfterFailures();
        List<String> dead = new ArrayList<>();
        for (Consensus.PeerReport report : reports) {
            PeerOutcome.Kind kind = report.outcome().kind();
            if (kind == PeerOutcome.Kind.UNREACHABLE || kind == PeerOutcome.Kind.TIMEOUT) {
                long misses = parts.store().peerMisses().miss(report.peer());
                if (limit > 0 && misses >= limit) {
                    dead.add(report.peer());
                }
            } else if (report.height() != null && standings.containsKey(report.peer())
                    && standings.get(report.peer()).misses() > 0) {
                parts.store().peerMisses().answered(report.peer());
            }
        }
        if (!dead.isEmpty()) {
            parts.store().removePeers().run(dead);
        }
        return dead;
    }

    private List<String> learn(List<Consensus.PeerReport> reports, Set<String> known, long deadlineMillis) {
        int room = PeerRegistry.MAX_PEERS - known.size();
        List<String> found = new ArrayList<>();
        int tried = 0;
        for (Consensus.PeerReport report : reports) {
            if (found.size() >= room || tried >= MAX_ADDRESSES_TRIED || clock().millis() >= deadlineMillis) {
                break;
            }
            if (report.height() == null || !known.contains(report.peer())) {
                continue; // did not answer this resolve, or removed since
            }
            List<String> listed;
            try {
                listed = client.peers(report.peer(), PeerRegistry.MAX_PEERS);
            } catch (PeerClient.PeerFault e) {
                parts.log().debug("a peer's list could not be read", Map.of("peer", report.peer(), "why", e.getMessage()));
                continue;
            }
            for (String address : listed) {
                String peer = normalised(address);
                if (peer == null || known.contains(peer) || found.contains(peer) || ourAddresses.contains(peer)) {
                    continue;
                }
                if (found.size() >= room || tried >= MAX_ADDRESSES_TRIED || clock().millis() >= deadlineMillis) {
                    break;
                }
                tried++;
                if (allowed(peer) && answersAsAnother(peer)) {
                    found.add(peer);
                }
            }
        }
        if (found.isEmpty()) {
            return found;
        }
        try {
            parts.store().registerPeers().run(found, PeerRegistry.MAX_PEERS);
        } catch (ConflictException full) {
            return List.of(); // registrations meanwhile filled the list: nothing learned this time
        }
        return found;
    }

    /** True when {@code peer} answers /info, and not with our instance (then it is remembered as ours). */
    private boolean answersAsAnother(String peer) {
        try {
            if (instance.equals(client.instance(peer))) {
                ourAddresses.add(peer);
                return false;
            }
            return true;
        } catch (PeerClient.PeerFault e) {
            return false; // not learned while it does not answer
        }
    }

    /** The base URL of {@code listed} as registration writes it, or null when it is malformed. */
    private String normalised(String listed) {
        try {
            return guard.normalise(listed);
        } catch (InvalidValueException malformed) {
            return null;
        }
    }

    /** Whether the address guard of registration allows {@code peer} (it resolves the host). */
    private boolean allowed(String peer) {
        try {
            guard.checkAllowed(peer);
            return true;
        } catch (InvalidValueException refused) {
            return false;
        }
    }

    private Clock clock() {
        return parts.clock();
    }
}
