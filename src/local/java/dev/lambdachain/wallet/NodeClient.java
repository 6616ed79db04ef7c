package dev.lambdachain.wallet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The wallet's view of a node: a few JSON calls to its public API (GET /info, GET /balance/{address},
 * GET /transactions/{id}, POST /transactions/new). Only signed transactions and public data cross
 * the network; the key stays in the wallet.
 */
final class NodeClient {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

    /** A node failed or refused a call; the message is its {@code error} text, or what went wrong on the way. */
    static final class NodeCallException extends Exception {
        NodeCallException(String message) {
            super(message);
        }
    }

    /** @param base the node's base URL, e.g. {@code http://127.0.0.1:5000} (a trailing slash is dropped) */
    NodeClient(String base) {
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
    }

    /** GET {@code path} (already URL-safe); the parsed body of a 2xx answer. */
    JsonNode get(String path) throws NodeCallException {
        return call(HttpRequest.newBuilder(URI.create(base + path)).GET());
    }

    /** POST a JSON {@code body} to {@code path}; the parsed body of a 2xx answer. */
    JsonNode post(String path, String body) throws NodeCallException {
        return call(HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private JsonNode call(HttpRequest.Builder request) throws NodeCallException {
        HttpResponse<String> response;
        try {
            response = http.send(request.timeout(TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new NodeCallException("cannot reach the node at " + base + ": "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NodeCallException("interrupted");
        }
        JsonNode body;
        try {
            body = JSON.readTree(response.body());
        } catch (IOException e) {
            throw new NodeCallException("the node answered " + response.statusCode() + " with no JSON");
        }
        if (response.statusCode() / 100 != 2) {
            throw new NodeCallException("the node answered " + response.statusCode() + ": "
                    + body.path("error").asText(response.body()));
        }
        return body;
    }
}
