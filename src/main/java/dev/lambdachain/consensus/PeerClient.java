package dev.lambdachain.consensus;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lambdachain.core.Block;
import dev.lambdachain.core.ChainWork;
import dev.lambdachain.core.Hash;
import dev.lambdachain.core.InvalidValueException;
import dev.lambdachain.core.NetworkRules;
import dev.lambdachain.wire.CappedBody;
import dev.lambdachain.wire.Fields;
import dev.lambdachain.wire.Json;
import dev.lambdachain.wire.ProtocolJson;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Talks to other nodes over HTTP with a hard deadline and a size cap on every answer, no
 * redirects, and the address guard checked before each call: a slow, huge or lying peer costs
 * at most one timeout and never an unbounded read.
 */
public final class PeerClient {
    /** /info is a few hundred bytes; anything near this is a lie. */
    static final int MAX_INFO_BYTES = 64 << 10;
    /**
     * A node's /chain page holds at most about 4 MB of blocks (or one block, at most about 2.1 MB at
     * the default limit; api.ChainHandler.PAGE_BYTES), so a page near 5 MB is a lie; parsed as a
     * tree it takes many times that.
     */
    static final int MAX_CHAIN_PAGE_BYTES = 5 << 20;
    /** A rule value longer than this (an address is 64 at most) is cut when reported. */
    private static final int MAX_RULE_CHARS = 80;

    private final HttpClient http;
    private final PeerAddress guard;
    private final Duration timeout;
    private final Clock clock;
    private final Hash network;

    /** @param network our genesis hash: the signed transactions in a peer's blocks are read for it */
    public PeerClient(PeerAddress guard, Duration timeout, Clock clock, Hash network) {
        this.network = network;
        this.guard = guard;
        this.timeout = timeout;
        this.clock = clock;
        this.http = HttpClient.newBuilder()
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /**
     * What a peer says of its chain (its {@code work} null when it does not say) and of its network
     * ({@code rules}, name to value text, empty when it does not say); believed only after its
     * blocks are fetched and verified, and used only to choose whom to ask first and to say how
     * another network differs from ours.
     */
    public record PeerInfo(long height, Hash head, Hash genesis, ChainWork work, Map<String, String> rules) {
    }

    public PeerInfo info(String peer) {
        JsonNode json = get(peer, "/info", MAX_INFO_BYTES);
        try {
            return new PeerInfo(Fields.longValue(json, "height"),
                    Hash.parse(Fields.text(json, "head"), "head"),
                    Hash.parse(Fields.text(json, "genesis"), "genesis"),
                    json.has("chainwork") ? ChainWork.parse(Fields.text(json, "chainwork"), "chainwork") : null,
                    rules(json.get("rules")));
        } catch (InvalidValueException e) {
            throw new PeerFault(peer, "answered /info with " + e.getMessage());
        }
    }

    /**
     * The peer's rules as name to value text: only names a rule can have and values up to
     * {@value #MAX_RULE_CHARS} characters, so that what a peer claims stays short in our outcome lines.
     */
    private static Map<String, String> rules(JsonNode rules) {
        Map<String, String> values = new HashMap<>();
        if (rules != null && rules.isObject()) {
            rules.properties().forEach(field -> {
                String value = field.getValue().isValueNode() ? field.getValue().asText() : field.getValue().toString();
                if (NetworkRules.isRuleName(field.getKey())) {
                    values.put(field.getKey(), value.length() > MAX_RULE_CHARS
                            ? value.substring(0, MAX_RULE_CHARS) + "..." : value);
                }
            });
        }
        return Map.copyOf(values);
    }

    /**
     * The peers the peer lists at GET /nodes ({@code {"nodes": ["http://host:port", ...]}}), at
     * most {@code most} of them, as it wrote them: only the strings, each still to be checked by
     * the caller's address guard.
     *
     * @throws PeerFault when the peer cannot be reached or its answer has no {@code nodes} array
     */
    public List<String> peers(String peer, int most) {
        JsonNode nodes = get(peer, "/nodes", MAX_INFO_BYTES).get("nodes");
        if (nodes == null || !nodes.isArray()) {
            throw PeerFault.invalid(peer, "answered /nodes without a nodes array");
        }
        List<String> listed = new ArrayList<>();
        for (JsonNode node : nodes) {
            if (listed.size() == most) {
                break;
            }
            if (node.isTextual()) {
                listed.add(node.asText());
            }
        }
        return listed;
    }

    /**
     * The process id the peer shows in /info ({@code instance}), or null when it shows none.
     *
     * @throws PeerFault when the peer cannot be reached or answers with no JSON object
     */
    public String instance(String peer) {
        JsonNode instance = get(peer, "/info", MAX_INFO_BYTES).get("instance");
        return instance != null && instance.isTextual() ? instance.asText() : null;
    }

    /** The longest one call to a peer may take, headers and body, in milliseconds. */
    long callMillis() {
        return timeout.toMillis();
    }

    /** Up to {@code limit} blocks from height {@code from}; each must be at the height asked for. */
    public List<Block> blocks(String peer, long from, int limit) {
        JsonNode json = get(peer, "/chain?from=" + from + "&limit=" + limit, MAX_CHAIN_PAGE_BYTES);
        JsonNode chain = json.get("chain");
        if (chain == null || !chain.isArray()) {
            throw PeerFault.invalid(peer, "answered /chain without a chain array");
        }
        if (chain.size() > limit) {
            throw PeerFault.invalid(peer, "sent " + chain.size() + " blocks where " + limit + " were asked for");
        }
        List<Block> blocks = new ArrayList<>(chain.size());
        for (JsonNode node : chain) {
            Block block;
            try {
                block = ProtocolJson.readBlock(node, network);
            } catch (InvalidValueException e) {
                throw PeerFault.invalid(peer, "sent a malformed block: " + e.getMessage());
            }
            long expected = from + blocks.size();
            if (block.height() != expected) {
                throw PeerFault.invalid(peer, "sent block " + block.height() + " where " + expected + " was asked for");
            }
            blocks.add(block);
        }
        return blocks;
    }

    /**
     * POSTs {@code body} as JSON to {@code peer + path} and completes with the HTTP status of the
     * answer once its body has been read and discarded: the relay's call (docs/RELAY.md), which
     * needs only the status. Completes exceptionally when the peer cannot be reached or sends no
     * answer within the peer timeout; the caller bounds its wait for the body and hangs up.
     *
     * @throws InvalidValueException when the address guard refuses {@code peer}, before any call
     */
    public CompletableFuture<Integer> post(String peer, String path, JsonNode body) {
        guard.checkAllowed(peer);
        HttpRequest request = HttpRequest.newBuilder(URI.create(peer + path))
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Json.write(body), StandardCharsets.UTF_8))
                .build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).thenApply(HttpResponse::statusCode);
    }

    private JsonNode get(String peer, String pathAndQuery, int maxBytes) {
        guard.checkAllowed(peer);
        HttpRequest request = HttpRequest.newBuilder(URI.create(peer + pathAndQuery))
                .timeout(timeout)
                .header("Accept", "application/json")
                .GET()
                .build();
        HttpResponse<byte[]> response;
        // one deadline for headers and body: a peer that answers at once and then trickles costs one timeout
        long budget = timeout.toMillis();
        long deadline = clock.millis() + budget;
        CompletableFuture<HttpResponse<byte[]>> call =
                http.sendAsync(request, info -> new CappedBody(maxBytes, deadline, clock));
        try {
            response = call.get(budget, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            call.cancel(true); // hang up: a slow peer must not keep a connection reading in the background
            throw PeerFault.stalled(peer, "timed out: " + pathAndQuery + " not answered in full within " + budget + " ms");
        } catch (ExecutionException e) {
            throw PeerFault.stalled(peer, "could not be reached: " + describe(e.getCause()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PeerFault(peer, "interrupted");
        }
        if (response.statusCode() != 200) {
            throw PeerFault.stalled(peer, "answered " + pathAndQuery + " with HTTP " + response.statusCode());
        }
        try {
            return Json.read(response.body(), "its answer");
        } catch (InvalidValueException e) {
            throw PeerFault.stalled(peer, "answered " + pathAndQuery + " with something that is not JSON");
        }
    }

    /** Why a call failed, in words: never an exception's class name. */
    private static String describe(Throwable cause) {
        if (cause instanceof java.net.ConnectException) {
            return "the connection was refused";
        }
        if (cause instanceof java.net.http.HttpTimeoutException) {
            return "it timed out";
        }
        if (cause instanceof IOException && cause.getMessage() != null && cause.getMessage().startsWith("answer ")) {
            return cause.getMessage();
        }
        return "the connection failed or broke off";
    }

    /**
     * A peer misbehaved or could not be reached; the message names it and says how. An
     * {@link #invalid()} fault is a lie in what it served; a {@link #stalled()} one is a call it
     * did not answer in full with a 200 and JSON within the call's deadline (timed out, refused,
     * broke off, an HTTP error). Either makes the peer wait before /chain is asked of it again.
     */
    public static final class PeerFault extends RuntimeException {
        private final boolean invalid;
        private final boolean stalled;

        /** A fault that is neither a lie nor a stall, such as a valid chain with too little work. */
        public PeerFault(String peer, String message) {
            this(peer, message, false, false);
        }

        private PeerFault(String peer, String message, boolean invalid, boolean stalled) {
            super(peer + " " + message);
            this.invalid = invalid;
            this.stalled = stalled;
        }

        /** The peer answered, and what it served was wrong. */
        public static PeerFault invalid(String peer, String message) {
            return new PeerFault(peer, message, true, false);
        }

        /** The peer did not answer a call in full, in time and with a 200 and JSON. */
        public static PeerFault stalled(String peer, String message) {
            return new PeerFault(peer, message, false, true);
        }

        public boolean invalid() {
            return invalid;
        }

        public boolean stalled() {
            return stalled;
        }
    }
}
