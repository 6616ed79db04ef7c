package dev.lambdachain.local;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.lambdachain.api.Http;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The node's HTTP API on a loopback port, standing in for API Gateway: each request is routed by
 * the template, becomes a payload 2.0 event and runs its function on a pool thread, so requests
 * overlap the way separate Lambda containers would.
 */
final class LocalServer implements AutoCloseable {
    /** API Gateway refuses larger payloads before any function runs. */
    static final int MAX_BODY_BYTES = 10 * 1024 * 1024;
    /** How much of a refused body is read and thrown away before the connection is dropped instead. */
    private static final long DISCARD_BYTES = 16L * 1024 * 1024;
    /** Threads kept warm; more are started on demand, up to {@link #MAX_THREADS}. */
    private static final int THREADS = 32;
    /**
     * The JDK server reads a request's line and headers on a pool thread, so a client that sends
     * half a request holds a thread: allow many, and drop requests that take too long to arrive.
     */
    private static final int MAX_THREADS = 512;
    private static final String MAX_REQUEST_SECONDS = "30";
    private static final int STOP_GRACE_SECONDS = 1;

    private final HttpServer http;
    private final ExecutorService pool;
    private final Routes routes;
    private final Functions functions;

    private LocalServer(HttpServer http, ExecutorService pool, Functions functions) {
        this.http = http;
        this.pool = pool;
        this.routes = Routes.of(functions.definitions());
        this.functions = functions;
    }

    /** Listens on 127.0.0.1:{@code port} (0 picks a free port). */
    static LocalServer start(int port, Functions functions) throws IOException {
        // The JDK server writes headers and body separately; without TCP_NODELAY a keep-alive
        // client's delayed ACK adds ~40 ms to every response.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        System.setProperty("sun.net.httpserver.maxReqTime", MAX_REQUEST_SECONDS);
        HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        ExecutorService pool = new ThreadPoolExecutor(THREADS, MAX_THREADS, 60, TimeUnit.SECONDS,
                new SynchronousQueue<>());
        LocalServer server = new LocalServer(http, pool, functions);
        http.createContext("/", server::exchange);
        http.setExecutor(pool);
        http.start();
        return server;
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + http.getAddress().getPort());
    }

    @Override
    public void close() {
        http.stop(STOP_GRACE_SECONDS);
        pool.shutdown();
        try {
            pool.awaitTermination(STOP_GRACE_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void exchange(HttpExchange exchange) {
        long started = System.nanoTime();
        try (exchange; InputStream body = exchange.getRequestBody()) {
            Reply reply = answer(exchange, body);
            send(exchange, reply);
            System.err.printf("%s %s %d %dms%n", exchange.getRequestMethod(), exchange.getRequestURI(),
                    reply.status(), (System.nanoTime() - started) / 1_000_000);
        } catch (IOException clientGone) {
            System.err.println(exchange.getRequestMethod() + " " + exchange.getRequestURI()
                    + " abandoned: " + clientGone);
        }
    }

    /** Whatever a function does or returns, the client gets JSON: anything unexpected is a logged 500. */
    private Reply answer(HttpExchange exchange, InputStream body) throws IOException {
        try {
            return Reply.of(respond(exchange, body));
        } catch (IOException e) {
            throw e;
        } catch (Throwable e) {
            System.err.println("error: " + exchange.getRequestMethod() + " " + exchange.getRequestURI() + " failed:");
            e.printStackTrace(System.err);
            return Reply.of(Http.error(500, "internal error"));
        }
    }

    private APIGatewayV2HTTPResponse respond(HttpExchange exchange, InputStream body) throws IOException {
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getRawPath();
        Headers request = exchange.getRequestHeaders();
        if (Preflight.is(method, request.getFirst("Origin"), request.getFirst("Access-Control-Request-Method"))) {
            discard(body);
            return APIGatewayV2HTTPResponse.builder().withStatusCode(204)
                    .withHeaders(Preflight.headers(request.getFirst("Access-Control-Request-Method"))).build();
        }
        Routes.Match match;
        try {
            match = routes.match(method, path);
        } catch (IllegalArgumentException e) {
            return Http.error(400, "the path is not valid URL encoding: " + path);
        }
        if (match instanceof Routes.NotFound) {
            return Http.error(404, "no route for " + method + " " + path);
        }
        if (match instanceof Routes.MethodNotAllowed notAllowed) {
            String allowed = String.join(", ", notAllowed.allowed());
            return withHeader(Http.error(405, method + " is not allowed on " + path + "; use " + allowed),
                    "Allow", allowed);
        }
        Routes.Found route = (Routes.Found) match;
        byte[] bytes = readBody(exchange, body);
        if (bytes == null) {
            return Http.error(413, "the request body is larger than " + MAX_BODY_BYTES + " bytes (API Gateway's limit)");
        }
        APIGatewayV2HTTPEvent event;
        try {
            event = GatewayEvent.of(exchange, route, bytes.length == 0 ? null : new String(bytes, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            return Http.error(400, "the query string is not valid URL encoding");
        }
        try {
            return functions.invoke(route.functionId(), event);
        } catch (Functions.UnavailableException e) {
            System.err.println("error: " + e.getMessage());
            return Http.error(500, e.getMessage());
        }
    }

    /**
     * The body, or null when it is over the limit: a declared length is checked before reading,
     * and a chunked body is read no further than one byte past the limit. A refused body is then
     * discarded up to {@link #DISCARD_BYTES}, so a client still sending reads the 413 instead of a
     * reset connection; past that the connection is dropped.
     */
    private static byte[] readBody(HttpExchange exchange, InputStream body) throws IOException {
        String declared = exchange.getRequestHeaders().getFirst("Content-Length");
        if (declared != null && Long.parseLong(declared.trim()) > MAX_BODY_BYTES) {
            discard(body);
            return null;
        }
        byte[] bytes = body.readNBytes(MAX_BODY_BYTES + 1);
        if (bytes.length > MAX_BODY_BYTES) {
            discard(body);
            return null;
        }
        return bytes;
    }

    private static void discard(InputStream body) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        long left = DISCARD_BYTES;
        int read;
        while (left > 0 && (read = body.read(buffer, 0, (int) Math.min(buffer.length, left))) > 0) {
            left -= read;
        }
    }

    private static void send(HttpExchange exchange, Reply reply) throws IOException {
        Headers headers = exchange.getResponseHeaders();
        reply.headers().forEach(headers::set);
        if (!headers.containsKey("Content-Type")) {
            headers.set("Content-Type", "application/json");
        }
        reply.cookies().forEach(cookie -> headers.add("Set-Cookie", cookie));
        exchange.sendResponseHeaders(reply.status(), reply.body().length == 0 ? -1 : reply.body().length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(reply.body());
        }
    }

    private static APIGatewayV2HTTPResponse withHeader(APIGatewayV2HTTPResponse response, String name, String value) {
        Map<String, String> headers = new HashMap<>(response.getHeaders());
        headers.put(name, value);
        response.setHeaders(headers);
        return response;
    }

    /** A function's response checked and decoded, ready to write; what API Gateway would refuse fails here. */
    private record Reply(int status, Map<String, String> headers, List<String> cookies, byte[] body) {
        static Reply of(APIGatewayV2HTTPResponse response) {
            if (response == null) {
                throw new IllegalStateException("the function returned no response");
            }
            if (response.getStatusCode() < 100 || response.getStatusCode() > 599) {
                throw new IllegalStateException("the function returned status " + response.getStatusCode());
            }
            String body = response.getBody() == null ? "" : response.getBody();
            return new Reply(response.getStatusCode(),
                    response.getHeaders() == null ? Map.of() : response.getHeaders(),
                    response.getCookies() == null ? List.of() : response.getCookies(),
                    response.getIsBase64Encoded() ? Base64.getDecoder().decode(body) : body.getBytes(StandardCharsets.UTF_8));
        }
    }
}
