package dev.lambdachain.node;

import dev.lambdachain.consensus.PeerAddress;
import dev.lambdachain.core.InvalidValueException;

import java.util.ArrayList;
import java.util.List;

/**
 * Registers peers: each address normalised and checked against the address guard, then added
 * with the store's conditional write, which keeps the list within {@link #MAX_PEERS} however
 * many registrations run at once; and removes them again.
 */
public final class PeerRegistry {
    /** Resolve asks every peer: the list stays small enough to ask within one invocation. */
    public static final int MAX_PEERS = 64;

    private final NodeParts parts;
    private final PeerAddress guard;

    /** Registers through {@code guard}, the node's one address guard (built from its settings). */
    PeerRegistry(NodeParts parts, PeerAddress guard) {
        this.parts = parts;
        this.guard = guard;
    }

    /**
     * Adds the peers of {@code addresses} ({@code host:port} or http(s) URLs) and returns the list.
     *
     * @throws InvalidValueException for an address that is malformed or not allowed
     * @throws dev.lambdachain.store.ConflictException when the list would pass {@link #MAX_PEERS}
     */
    public List<String> register(List<String> addresses) {
        List<String> peers = new ArrayList<>();
        for (String address : addresses) {
            String peer = guard.normalise(address);
            guard.checkAllowed(peer);
            peers.add(peer);
        }
        parts.store().registerPeers().run(peers, MAX_PEERS);
        return parts.store().peers().all();
    }

    /**
     * Removes the peers of {@code addresses} (written as for {@link #register}, normalised the same
     * way, so {@code localhost:5001} removes {@code http://localhost:5001}) and returns the list.
     * Addresses that are not registered are no error; nothing is resolved, so a peer whose name
     * no longer resolves can still be removed.
     *
     * @throws InvalidValueException for an address that is malformed
     */
    public List<String> remove(List<String> addresses) {
        parts.store().removePeers().run(addresses.stream().map(guard::normalise).toList());
        return parts.store().peers().all();
    }
}
