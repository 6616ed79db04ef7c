package dev.lambdachain.node;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lambdachain.consensus.PeerClient;
import dev.lambdachain.core.Head;
import dev.lambdachain.core.Transaction;
import dev.lambdachain.log.Log;
import dev.lambdachain.metrics.NodeMetrics;
import dev.lambdachain.store.ChainStore;
import dev.lambdachain.wire.Json;
import dev.lambdachain.wire.ProtocolJson;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Offers what this node accepted to its peers (docs/RELAY.md): a signed transaction newly in the
 * mempool is POSTed, as its sender signed it, to the {@link #FAN_OUT} peers' /transactions/new,
 * and a new head is announced to their /nodes/announce. Each peer checks everything itself; a
 * transaction this node had before never gets here (its accept was a duplicate), so nothing is
 * relayed twice by one node and nothing loops. Every call has the peer timeout; a peer that is
 * down costs one timeout in a background thread, never a caller's answer.
 *
 * <p>The sending runs where {@link #runAfterwards(Executor, String)} says: the local runner
 * gives a small bounded executor; in Lambda no executor is given and the relay function, fed by
 * the chain table's stream, calls {@link #transaction(Transaction)} and {@link #head(Head)} itself.
 */
public final class Relay {
    /** The most peers one item is offered to. */
    public static final int FAN_OUT = 8;

    private final ChainStore store;
    private final Log log;
    private final NodeMetrics metrics;
    private final PeerClient client;
    private final Duration timeout;
    private final boolean enabled;
    private final String publicUrl;
    private volatile Executor afterwards;
    private volatile String self;

    /** Sends through {@code client}, the node's one peer client (its address guard, timeout and connections). */
    Relay(NodeParts parts, PeerClient client) {
        NodeConfig config = parts.config();
        this.store = parts.store();
        this.log = parts.log();
        this.metrics = parts.metrics();
        this.client = client;
        this.timeout = config.peerTimeout();
        this.enabled = config.relay();
        this.publicUrl = config.publicUrl();
        this.self = config.publicUrl();
    }

    /** Whether this node relays at all ({@code RELAY}). */
    public boolean enabled() {
        return enabled;
    }

    /**
     * From now on, {@link #afterAccepted(Transaction)} and {@link #afterAppended()} hand their
     * sending to {@code executor} (which may refuse work when full: the item is then not relayed);
     * {@code ownUrl} names this node in its announcements unless {@code PUBLIC_URL} is set.
     */
    public void runAfterwards(Executor executor, String ownUrl) {
        if (publicUrl == null) {
            self = ownUrl;
        }
        afterwards = executor;
    }

    /** A transaction just accepted into the mempool: relayed in the background, if there is one. */
    void afterAccepted(Transaction tx) {
        later("transaction", () -> transaction(tx));
    }

    /** A block just appended or a chain just adopted: the head announced in the background, if there is one. */
    public void afterAppended() {
        later("announcement", () -> head(store.blocks().head()));
    }

    private void later(String item, Runnable sending) {
        Executor executor = afterwards;
        if (!enabled || executor == null) {
            return;
        }
        try {
            executor.execute(() -> {
                try {
                    sending.run();
                } catch (RuntimeException e) {
                    // a store fault while reading the peers: this offer is lost, the next one tries again
                    log.error(item + " not relayed", Map.of("item", item), e);
                }
            });
        } catch (RejectedExecutionException full) {
            metrics.relayed(item, "dropped", 1);
        }
    }

    /**
     * POSTs a signed transaction, exactly as signed, to up to {@link #FAN_OUT} peers' /transactions/new
     * and waits for their answers (one peer timeout at most). An unsigned dev transfer is not relayed:
     * a peer would date it anew and so make another transaction of it.
     */
    public void transaction(Transaction tx) {
        if (!enabled || !tx.isSigned()) {
            return;
        }
        send("transaction", "/transactions/new", ProtocolJson.submission(tx), Map.of("transaction", tx.id().hex()));
    }

    /**
     * POSTs {"peer", "head", "height", "chainwork"} to up to {@link #FAN_OUT} peers' /nodes/announce;
     * nothing when this node does not know its own address (no {@code PUBLIC_URL}, no runner).
     */
    public void head(Head head) {
        String own = self;
        if (!enabled || own == null) {
            return;
        }
        ObjectNode body = Json.object();
        body.put("peer", own);
        body.put("head", head.hash().hex());
        body.put("height", head.height());
        body.put("chainwork", head.work().toString());
        send("announcement", "/nodes/announce", body, Map.of("head", head.hash().hex(), "height", head.height()));
    }

    private void send(String item, String path, ObjectNode body, Map<String, Object> about) {
        List<String> peers = new ArrayList<>(store.peers().all());
        Collections.shuffle(peers);
        peers = peers.subList(0, Math.min(FAN_OUT, peers.size()));
        List<CompletableFuture<String>> answers = new ArrayList<>();
        for (String peer : peers) {
            answers.add(post(peer, path, body));
        }
        Map<String, Integer> counts = new TreeMap<>();
        for (CompletableFuture<String> answer : answers) {
            String outcome;
            try {
                outcome = answer.get(timeout.toMillis() + 1_000, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                answer.cancel(true);
                outcome = "unreachable";
            }
            counts.merge(outcome, 1, Integer::sum);
        }
        counts.forEach((outcome, count) -> metrics.relayed(item, outcome, count));
        Map<String, Object> fields = new LinkedHashMap<>(about);
        fields.put("peers", peers.size());
        fields.put("outcomes", counts.toString());
        log.info(item + " relayed", fields);
    }

    /** The outcome in the metric's words: relayed (taken), known (409: had it), refused (other 4xx), unreachable. */
    private CompletableFuture<String> post(String peer, String path, ObjectNode body) {
        try {
            return client.post(peer, path, body).thenApply(Relay::outcome).exceptionally(failure -> "unreachable");
        } catch (RuntimeException refusedAddress) {
            return CompletableFuture.completedFuture("unreachable");
        }
    }

    private static String outcome(int status) {
        if (status == 409) {
            return "known";
        }
        if (status >= 200 && status < 300) {
            return "relayed";
        }
        return status >= 400 && status < 500 ? "refused" : "unreachable";
    }
}
