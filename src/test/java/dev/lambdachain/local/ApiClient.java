package dev.lambdachain.local;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lambdachain.wire.Json;
import dev.lambdachain.wire.ProtocolJson;
import dev.lambdachain.support.TestJson;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Talks JSON to a running local server over real HTTP, as curl or a peer would. */
final class ApiClient {
    /** One answer: status, the raw response (for headers) and the body parsed as JSON. */
    record Answer(int status, HttpResponse<String> raw, JsonNode json) {
        String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI base;

    ApiClient(URI base) {
        this.base = base;
    }

    Answer get(String path) throws IOException, InterruptedException {
        return send("GET", path, HttpRequest.BodyPublishers.noBody());
    }

    Answer post(String path, String body) throws IOException, InterruptedException {
        return send("POST", path, HttpRequest.BodyPublishers.ofString(body));
    }

    Answer send(String method, String path, HttpRequest.BodyPublisher body) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(base.resolve(path)).method(method, body));
    }

    Answer send(HttpRequest.Builder request) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), response, TestJson.MAPPER.readTree(response.body()));
    }
}
