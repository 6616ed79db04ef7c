package dev.lambdachain.wallet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lambdachain.wire.CappedBody;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The wallet's view of a node: a few JSON calls to its public API (GET /info, GET /balance/{address},
 * GET /transactions/{id}, POST /transactions/new). Only signed transactions and public data cross
 * the network; the key stays in the wallet.
 *
 * <p>The node is not trusted to behave: every call of one client shares one deadline, set when the
 * client is made, that covers connecting, the headers and the whole body (a node that trickles its
 * answer is cut off when it passes); an answer over {@value #MAX_ANSWER_BYTES} bytes is refused; and
 * the node's own words in an error pass through {@link TerminalText#line} before anyone sees them.
 */
final class NodeClient {
    /** The default deadline of one wallet command, for all its calls to the node together. */
    static final Duration DEADLINE = Duration.ofSeconds(30);
    /** The wallet's calls answer a few hundred bytes; a larger answer is not one of them. */
    static final int MAX_ANSWER_BYTES = 1 << 20;
    /** How much of a node's error text is shown. */
    private static final int MAX_ERROR_CHARS = 500;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Clock CLOCK = Clock.systemUTC();

    private final URI base;
    /** {@link #CLOCK} millis when the deadline passes. */
    private final long deadline;
    private final Duration allowed;
    private final HttpClient http;

    /** A node failed or refused a call; the message is its {@code error} text, or what went wrong on the way. */
    static final class NodeCallException extends Exception {
        NodeCallException(String message) {
            super(message);
        }
    }

    /**
     * @param base    the node's base URL, e.g. {@code http://127.0.0.1:5000} (a trailing slash is dropped)
     * @param allowed how long all calls of this client may take together, counted from now
     * @throws IllegalArgumentException when {@code base} is not an http(s) URL with a host
     */
    NodeClient(String base, Duration allowed) {
        URI uri;
        try {
            uri = URI.create(base.endsWith("/") ? base.substring(0, base.length() - 1) : base);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--node is not a URL: " + base);
        }
        if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
            throw new IllegalArgumentException("--node must be an http(s) URL such as http://127.0.0.1:5000, got " + base);
        }
        this.base = uri;
        this.allowed = allowed;
        this.deadline = CLOCK.millis() + allowed.toMillis();
        this.http = HttpClient.newBuilder().connectTimeout(allowed).build();
    }

    /** GET {@code path} (already URL-safe); the parsed body of a 2xx answer. */
    JsonNode get(String path) throws NodeCallException {
        return call(HttpRequest.newBuilder(URI.create(base + path)).GET(), "GET " + path);
    }

    /** POST a JSON {@code body} to {@code path}; the parsed body of a 2xx answer. */
    JsonNode post(String path, String body) throws NodeCallException {
        return call(HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)), "POST " + path);
    }

    private JsonNode call(HttpRequest.Builder request, String what) throws NodeCallException {
        Duration left = Duration.ofMillis(deadline - CLOCK.millis());
        if (left.toMillis() <= 0) {
            throw late(what);
        }
        CompletableFuture<HttpResponse<byte[]>> exchange =
                http.sendAsync(request.timeout(left).build(), response -> new CappedBody(MAX_ANSWER_BYTES, deadline, CLOCK));
        HttpResponse<byte[]> response;
        try {
            response = exchange.get(left.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            exchange.cancel(true);
            throw late(what);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            while (cause instanceof CompletionException && cause.getCause() != null) {
                cause = cause.getCause();
            }
            if (cause instanceof HttpTimeoutException || cause instanceof IOException && CLOCK.millis() >= deadline) {
                throw late(what);
            }
            if (cause instanceof CappedBody.TooLargeException) {
                throw new NodeCallException("the node at " + base + " answered " + what + " with more than "
                        + MAX_ANSWER_BYTES + " bytes; that is not an answer of a lambdachain node");
            }
            throw new NodeCallException("cannot reach the node at " + base + ": "
                    + (cause.getMessage() == null ? cause.getClass().getSimpleName() : TerminalText.line(cause.getMessage())));
        } catch (InterruptedException e) {
            exchange.cancel(true);
            Thread.currentThread().interrupt();
            throw new NodeCallException("interrupted");
        }
        JsonNode body;
        try {
            body = JSON.readTree(response.body());
        } catch (IOException e) {
            body = null;
        }
        if (body == null || body.isMissingNode()) {
            throw new NodeCallException("the node answered " + what + " with " + response.statusCode() + " and no JSON");
        }
        if (response.statusCode() / 100 != 2) {
            String error = body.path("error").isTextual() ? body.path("error").textValue() : body.toString();
            throw new NodeCallException("the node answered " + response.statusCode() + ": "
                    + TerminalText.line(error.length() > MAX_ERROR_CHARS ? error.substring(0, MAX_ERROR_CHARS) + "..." : error));
        }
        return body;
    }

    private NodeCallException late(String what) {
        String limit = allowed.toMillis() % 1000 == 0 ? allowed.toSeconds() + " s" : allowed.toMillis() + " ms";
        return new NodeCallException("the node at " + base + " did not answer " + what + " in full within " + limit
                + ", the wallet's deadline for one command: it is down, overloaded or misbehaving");
    }
}
