package dev.lambdachain.consensus;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lambdachain.core.Block;
import dev.lambdachain.core.ChainWork;
import dev.lambdachain.core.Hash;
import dev.lambdachain.core.InvalidValueException;
import dev.lambdachain.core.NetworkRules;
import com.fasterxml.jackson.core.JsonProcessingException;
import dev.lambdachain.wire.CappedBody;
import dev.lambdachain.wire.StreamedBody;
import dev.lambdachain.wire.Fields;
import dev.lambdachain.wire.Json;
import dev.lambdachain.wire.ProtocolJson;

import java.io.IOException;
import java.io.InputStream;
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
import java.util.function.Consumer;

/**
 * Talks to other nodes over HTTP with a hard deadline and a size cap on every answer, no
 * redirects, and the address guard checked before each call: a slow, huge or lying peer costs
 * at most one timeout and never an unbounded read.
 */
public final class PeerClient {
    /** /info is a few hundred bytes; anything near this is a lie. */
    static final int MAX_INFO_BYTES = 64 << 10;
    /**
     * A node's /chain page holds at most about 4 MB of blocks (api.ChainHandler.PAGE_BYTES), or
     * one block, which may be larger under a higher block limit (then the bound is that block's
     * and 1 KiB): a page past this is cut off while it streams in.
     */
    static final int MAX_CHAIN_PAGE_BYTES = 5 << 20;
    /** A rule value longer than this (an address is 64 at most) is cut when reported. */
    private static final int MAX_RULE_CHARS = 80;

    private final HttpClient http;
    private final PeerAddress guard;
    private final Duration timeout;
    private final Clock clock;
    private final Hash network;
    private final int maxTransactions;
    /** The most bytes of one /chain page: {@link #MAX_CHAIN_PAGE_BYTES}, or one block within the limit and its page. */
    private final long chainPageBytes;

    /**
     * @param timeout         the longest one call may take, headers and body
     * @param network         our genesis hash: the signed transactions in a peer's blocks are read for it
     * @param maxTransactions the block limit (transactions, coinbase included): a peer's block over it
     *                        is refused as it arrives
     */
    public PeerClient(PeerAddress guard, Duration timeout, Clock clock, Hash network, int maxTransactions) {
        this.network = network;
        this.maxTransactions = maxTransactions;
        this.chainPageBytes = Math.max(MAX_CHAIN_PAGE_BYTES,
                ProtocolJson.maxBlockBytes(maxTransactions) + ProtocolJson.MAX_BLOCK_HEADER_BYTES);
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

    /** Up to {@code limit} blocks from height {@code from}, as {@link #blocks(String, long, int, Consumer)} reads them. */
    public List<Block> blocks(String peer, long from, int limit) {
        List<Block> blocks = new ArrayList<>();
        blocks(peer, from, limit, blocks::add);
        return blocks;
    }

    /**
     * Up to {@code limit} blocks from height {@code from}, each handed to {@code each} as soon as
     * it is read and before the next is (so that what {@code each} throws, such as a failed
     * verification, refuses the rest of the page); each must be at the height asked for. The page
     * is read as it arrives (docs/CONSENSUS.md "Byte bounds"): at most
     * {@value #MAX_CHAIN_PAGE_BYTES} bytes of it (more only when one block within the block limit can
     * be larger), and each block at most what a block within the limit can have. The call's
     * deadline counts the peer's time, not {@code each}'s.
     *
     * @return how many blocks the page held
     * @throws PeerFault oversized past either bound; invalid for a malformed page or block; stalled
     *                   when it is not answered in full in time with a 200 and JSON
     */
    public int blocks(String peer, long from, int limit, Consumer<Block> each) {
        ChainPageReader page = new ChainPageReader(peer, network, maxTransactions);
        return get(peer, "/chain?from=" + from + "&limit=" + limit, chainPageBytes,
                body -> page.read(body, from, limit, each));
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

    /** What is made of an answer's body as it arrives. */
    @FunctionalInterface
    private interface BodyReader<T> {
        T read(InputStream body) throws IOException;
    }

    private JsonNode get(String peer, String pathAndQuery, long maxBytes) {
        return get(peer, pathAndQuery, maxBytes, body -> {
            try {
                return Json.read(body, "its answer");
            } catch (InvalidValueException e) {
                throw PeerFault.stalled(peer, "answered " + pathAndQuery + " with something that is not JSON");
            }
        });
    }

    private <T> T get(String peer, String pathAndQuery, long maxBytes, BodyReader<T> reader) {
        guard.checkAllowed(peer);
        HttpRequest request = HttpRequest.newBuilder(URI.create(peer + pathAndQuery))
                .timeout(timeout)
                .header("Accept", "application/json")
                .GET()
                .build();
        HttpResponse<InputStream> response;
        // one deadline for headers and body: a peer that answers at once and then trickles costs one timeout
        long budget = timeout.toMillis();
        long deadline = clock.millis() + budget;
        CompletableFuture<HttpResponse<InputStream>> call =
                http.sendAsync(request, info -> new StreamedBody(maxBytes, deadline, clock));
        try {
            response = call.get(budget, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            call.cancel(true); // hang up: a slow peer must not keep a connection reading in the background
            throw timedOut(peer, pathAndQuery, budget);
        } catch (ExecutionException e) {
            throw PeerFault.stalled(peer, "could not be reached: " + describe(e.getCause()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PeerFault(peer, "interrupted");
        }
        try (InputStream body = response.body()) {
            if (response.statusCode() != 200) {
                throw PeerFault.stalled(peer, "answered " + pathAndQuery + " with HTTP " + response.statusCode());
            }
            return reader.read(body);
        } catch (CappedBody.TooLargeException e) {
            throw PeerFault.oversized(peer, "answered " + pathAndQuery + " with more than " + maxBytes
                    + " bytes (larger than it may send): cut off there");
        } catch (StreamedBody.LateException e) {
            throw timedOut(peer, pathAndQuery, budget);
        } catch (JsonProcessingException e) {
            throw PeerFault.stalled(peer, "answered " + pathAndQuery + " with something that is not JSON");
        } catch (IOException e) {
            if (Thread.currentThread().isInterrupted()) {
                throw new PeerFault(peer, "interrupted"); // we gave up on the peer, not it on us
            }
            throw PeerFault.stalled(peer, "could not be reached: " + describe(e));
        }
    }

    private static PeerFault timedOut(String peer, String pathAndQuery, long budget) {
        return PeerFault.stalled(peer, "timed out: " + pathAndQuery + " not answered in full within " + budget + " ms");
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
     * broke off, an HTTP error); an {@link #oversized()} one is an answer cut off at its byte bound
     * or a block over the block limit. Each makes the peer wait before /chain is asked of it again.
     */
    public static final class PeerFault extends RuntimeException {
        private enum Blame { NONE, INVALID, STALLED, OVERSIZED }

        private final Blame blame;

        /** A fault that is neither a lie nor a stall, such as a valid chain with too little work. */
        public PeerFault(String peer, String message) {
            this(peer, message, Blame.NONE);
        }

        private PeerFault(String peer, String message, Blame blame) {
            super(peer + " " + message);
            this.blame = blame;
        }

        /** The peer answered, and what it served was wrong. */
        public static PeerFault invalid(String peer, String message) {
            return new PeerFault(peer, message, Blame.INVALID);
        }

        /** The peer did not answer a call in full, in time and with a 200 and JSON. */
        public static PeerFault stalled(String peer, String message) {
            return new PeerFault(peer, message, Blame.STALLED);
        }

        /** The peer sent more than it may: an answer past its byte bound, or a block over the block limit. */
        public static PeerFault oversized(String peer, String message) {
            return new PeerFault(peer, message, Blame.OVERSIZED);
        }

        public boolean invalid() {
            return blame == Blame.INVALID;
        }

        public boolean stalled() {
            return blame == Blame.STALLED;
        }

        public boolean oversized() {
            return blame == Blame.OVERSIZED;
        }
    }
}
