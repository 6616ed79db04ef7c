package dev.lambdachain.local;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.lambdachain.api.Http;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.BindException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The node's HTTP API on loopback (127.0.0.1 and, where there is IPv6, ::1), standing in for API
 * Gateway on Jetty: each request is checked against the node's own site ({@link OwnSite}), routed
 * by the template, becomes a payload 2.0 event and runs its function on a pool thread, so requests
 * overlap the way separate Lambda containers would. Waiting connections cost no thread; every
 * error the server answers itself is JSON (docs/LOCAL-RUNNER.md).
 */
final class LocalServer implements AutoCloseable {
    /** API Gateway refuses larger payloads before any function runs. */
    static final int MAX_BODY_BYTES = 10 * 1024 * 1024;
    /** How much of a refused body is read and thrown away before the connection is dropped instead. */
    private static final long DISCARD_BYTES = 16L * 1024 * 1024;
    /** Concurrent invocations at most (pool threads; Jetty's selectors take a few of them). */
    private static final int MAX_THREADS = 200;
    /** Open connections at most; past it Jetty stops accepting until one closes. */
    static final int MAX_CONNECTIONS = 2_000;
    /** A request's line and headers must arrive within this of the connection opening or the last answer. */
    static final long HEADER_TIMEOUT_MILLIS = 10_000;
    /** A connection that sends nothing for this long is closed (also bounds a stalled body). */
    private static final long IDLE_TIMEOUT_MILLIS = 30_000;
    /** A body must arrive at least this fast (bytes per second), so a trickled one cannot hold a thread. */
    private static final long MIN_BODY_BYTES_PER_SECOND = 1_024;
    private static final int STOP_GRACE_MILLIS = 1_000;

    /** The port to listen on is taken by another process. */
    static final class PortTakenException extends IOException {
        PortTakenException(int port) {
            super("port " + port + " is already in use on 127.0.0.1; stop what listens there or choose another --port");
        }
    }

    private final Server jetty;
    private final ScheduledExecutorService headerClock;
    private final Routes routes;
    private final Functions functions;
    private final OwnSite site;
    private final int port;

    private LocalServer(Server jetty, ScheduledExecutorService headerClock, Functions functions, OwnSite site, int port) {
        this.jetty = jetty;
        this.headerClock = headerClock;
        this.routes = Routes.of(functions.definitions());
        this.functions = functions;
        this.site = site;
        this.port = port;
    }

    /** Listens on loopback port {@code port} (0 picks a free port), for the loopback names only. */
    static LocalServer start(int port, Functions functions) throws IOException {
        return start(port, List.of(), functions);
    }

    /**
     * Listens on loopback port {@code port} (0 picks a free port) and answers requests whose Host is
     * a loopback name or one of {@code hostNames} with that port.
     *
     * @throws PortTakenException when the port is in use
     */
    static LocalServer start(int port, List<String> hostNames, Functions functions) throws IOException {
        QueuedThreadPool threads = new QueuedThreadPool(MAX_THREADS, 8);
        threads.setName("lambdachain-http");
        Server jetty = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setIdleTimeout(IDLE_TIMEOUT_MILLIS);
        http.setMinRequestDataRate(MIN_BODY_BYTES_PER_SECOND);
        HeaderDeadline deadline = new HeaderDeadline();
        ServerConnector ipv4 = connector(jetty, http, "127.0.0.1", port, deadline);
        try {
            ipv4.open();
        } catch (IOException e) {
            throw e.getCause() instanceof BindException ? new PortTakenException(port) : e;
        }
        int bound = ipv4.getLocalPort();
        jetty.addConnector(ipv4);
        ServerConnector ipv6 = connector(jetty, http, "::1", bound, deadline);
        try {
            ipv6.open();
            jetty.addConnector(ipv6);
        } catch (IOException noIpv6) {
            System.err.println("note: not listening on [::1]:" + bound + " (" + noIpv6.getMessage()
                    + "); 127.0.0.1 only");
        }
        jetty.addBean(new NetworkConnectionLimit(MAX_CONNECTIONS, jetty));
        jetty.setErrorHandler(new JsonErrors());
        ScheduledExecutorService headerClock = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "lambdachain-header-deadline");
            thread.setDaemon(true);
            return thread;
        });
        headerClock.scheduleWithFixedDelay(deadline::closeLate, 1, 1, TimeUnit.SECONDS);
        LocalServer server = new LocalServer(jetty, headerClock, functions, OwnSite.of(bound, hostNames), bound);
        jetty.setHandler(server.new Front(deadline));
        try {
            jetty.start();
        } catch (Exception e) {
            server.close();
            throw new IOException("the HTTP server did not start: " + e.getMessage(), e);
        }
        return server;
    }

    private static ServerConnector connector(Server jetty, HttpConfiguration http, String host, int port,
                                             HeaderDeadline deadline) {
        ServerConnector connector = new ServerConnector(jetty, 1, 1, new HttpConnectionFactory(http));
        connector.setHost(host);
        connector.setPort(port);
        connector.setIdleTimeout(IDLE_TIMEOUT_MILLIS);
        connector.addEventListener(deadline);
        return connector;
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + port);
    }

    @Override
    public void close() {
        headerClock.shutdownNow();
        try {
            jetty.setStopTimeout(STOP_GRACE_MILLIS);
            jetty.stop();
        } catch (Exception e) {
            System.err.println("warning: the HTTP server did not stop cleanly: " + e);
        }
    }

    /**
     * Closes connections whose next request's headers are late: Jetty's idle timeout alone lets a
     * client that sends one byte every few seconds keep a connection open for good.
     */
    private static final class HeaderDeadline implements Connection.Listener {
        /** Connections waiting for a request's headers, with the time (ms) they started waiting. */
        private final Map<Connection, Long> waiting = new ConcurrentHashMap<>();

        @Override
        public void onOpened(Connection connection) {
            waiting.put(connection, System.currentTimeMillis());
        }

        @Override
        public void onClosed(Connection connection) {
            waiting.remove(connection);
        }

        void headersArrived(Connection connection) {
            waiting.remove(connection);
        }

        void answered(Connection connection) {
            if (connection.getEndPoint().isOpen()) {
                waiting.put(connection, System.currentTimeMillis());
            }
        }

        void closeLate() {
            long late = System.currentTimeMillis() - HEADER_TIMEOUT_MILLIS;
            waiting.forEach((connection, since) -> {
                if (since < late && waiting.remove(connection, since)) {
                    connection.getEndPoint().close();
                }
            });
        }
    }

    /** Every request: site checks, routing, body limit, the function, the JSON reply, one log line. */
    private final class Front extends Handler.Abstract {
        private final HeaderDeadline deadline;

        Front(HeaderDeadline deadline) {
            this.deadline = deadline;
        }

        @Override
        public boolean handle(Request request, Response response, Callback callback) {
            long started = System.nanoTime();
            Connection connection = request.getConnectionMetaData().getConnection();
            deadline.headersArrived(connection);
            String target = request.getMethod() + " " + request.getHttpURI().getPathQuery();
            Reply reply;
            try {
                reply = answer(request);
            } catch (IOException unreadable) {
                // the client went away, or sent a body Jetty cannot parse (a bad chunk size): Jetty
                // answers that one with a 400 through JsonErrors
                System.err.println(target + " request unreadable: " + unreadable.getMessage());
                callback.failed(unreadable);
                return true;
            }
            write(request, response, reply, Callback.from(() -> {
                deadline.answered(connection);
                callback.succeeded();
            }, callback::failed));
            System.err.printf("%s %d %dms%n", target, reply.status(), (System.nanoTime() - started) / 1_000_000);
            return true;
        }
    }

    /** Whatever a function does or returns, the client gets JSON: anything unexpected is a logged 500. */
    private Reply answer(Request request) throws IOException {
        try {
            return Reply.of(respond(request));
        } catch (IOException e) {
            throw e;
        } catch (Throwable e) {
            System.err.println("error: " + request.getMethod() + " " + request.getHttpURI().getPathQuery() + " failed:");
            e.printStackTrace(System.err);
            return Reply.of(Http.error(500, "internal error"));
        }
    }

    private APIGatewayV2HTTPResponse respond(Request request) throws IOException {
        HttpFields headers = request.getHeaders();
        InputStream body = Request.asInputStream(request);
        Optional<String> wrongHost = site.refuseHost(headers.get(HttpHeader.HOST));
        if (wrongHost.isPresent()) {
            discard(body);
            return Http.error(421, wrongHost.get());
        }
        // HEAD is answered as GET (Jetty leaves the body out), except on the routes that act (below).
        String method = "HEAD".equals(request.getMethod()) ? "GET" : request.getMethod();
        String path = request.getHttpURI().getPath();
        String requestedMethod = headers.get(HttpHeader.ACCESS_CONTROL_REQUEST_METHOD);
        if (Preflight.is(method, headers.get(HttpHeader.ORIGIN), requestedMethod)) {
            discard(body);
            return APIGatewayV2HTTPResponse.builder().withStatusCode(204)
                    .withHeaders(Preflight.headers(requestedMethod, openRoute(requestedMethod, path))).build();
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
        if ("HEAD".equals(request.getMethod()) && route.ownerOnly()) {
            // GET /mine and GET /nodes/resolve act; a HEAD, which a client may send to probe, must not
            discard(body);
            return withHeader(Http.error(405, "HEAD is not allowed on " + path + ": it would run it; use GET"),
                    "Allow", "GET");
        }
        if (changesState(method, route)) {
            Optional<String> crossSite = site.refuseCrossSite(headers.get(HttpHeader.ORIGIN),
                    headers.get("Sec-Fetch-Site"));
            if (crossSite.isPresent()) {
                discard(body);
                return Http.error(403, crossSite.get());
            }
        }
        String text = readBody(request.getLength(), body);
        if (text == null) {
            return Http.error(413, "the request body is larger than " + MAX_BODY_BYTES + " bytes (API Gateway's limit)");
        }
        APIGatewayV2HTTPEvent event;
        try {
            event = GatewayEvent.of(request, route, method, text.isEmpty() ? null : text);
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

    /** Routes that write, or that only the owner may call when deployed, are closed to other sites' pages. */
    private static boolean changesState(String method, Routes.Found route) {
        return !"GET".equals(method) || route.ownerOnly();
    }

    /** Whether a preflight's requested method reaches a route open to anyone (no CORS for owner-only routes). */
    private boolean openRoute(String requestedMethod, String path) {
        try {
            return routes.match(requestedMethod.trim().toUpperCase(Locale.ROOT), path) instanceof Routes.Found found
                    && !found.ownerOnly();
        } catch (IllegalArgumentException badEncoding) {
            return false;
        }
    }

    /**
     * The body as text, or null when it is over API Gateway's limit: a declared length is checked
     * before reading, and any body is read no further than one byte past the limit. Only the first
     * {@link Functions#bodyBytesRead()} + 1 bytes are kept: every function refuses a longer body,
     * and sees from those that it is longer, so a 10 MB upload costs the heap no more than that.
     * A refused body is then discarded up to {@link #DISCARD_BYTES}, so a client still sending reads
     * the 413 instead of a reset connection; past that the connection is dropped.
     */
    private String readBody(long declared, InputStream body) throws IOException {
        if (declared > MAX_BODY_BYTES) {
            discard(body);
            return null;
        }
        int kept = Math.min(MAX_BODY_BYTES, functions.bodyBytesRead() + 1);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(Math.max(0, (int) Math.min(declared, kept)));
        byte[] buffer = new byte[16 * 1024];
        long total = 0;
        int read;
        while ((read = body.read(buffer)) > 0) {
            if (total < kept) {
                bytes.write(buffer, 0, (int) Math.min(read, kept - total));
            }
            total += read;
            if (total > MAX_BODY_BYTES) {
                discard(body);
                return null;
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static void discard(InputStream body) throws IOException {
        byte[] buffer = new byte[16 * 1024];
        long left = DISCARD_BYTES;
        int read;
        while (left > 0 && (read = body.read(buffer, 0, (int) Math.min(buffer.length, left))) > 0) {
            left -= read;
        }
    }

    private static void write(Request request, Response response, Reply reply, Callback callback) {
        response.setStatus(reply.status());
        HttpFields.Mutable headers = response.getHeaders();
        reply.headers().forEach(headers::put);
        if (!headers.contains(HttpHeader.CONTENT_TYPE)) {
            headers.put(HttpHeader.CONTENT_TYPE, "application/json");
        }
        reply.cookies().forEach(cookie -> headers.add(HttpHeader.SET_COOKIE, cookie));
        headers.put(HttpHeader.CONTENT_LENGTH, reply.body().length);
        response.write(true, ByteBuffer.wrap(reply.body()), callback);
    }

    private static APIGatewayV2HTTPResponse withHeader(APIGatewayV2HTTPResponse response, String name, String value) {
        Map<String, String> headers = new HashMap<>(response.getHeaders());
        headers.put(name, value);
        response.setHeaders(headers);
        return response;
    }

    /**
     * Jetty's own answers (a request it cannot parse: bad URL encoding, {@code Content-Length: abc},
     * a bad chunk size, headers too large) in the handlers' shape: {@code {"error": "..."}}.
     */
    private static final class JsonErrors extends ErrorHandler {
        @Override
        protected void generateResponse(Request request, Response response, int code, String message,
                                        Throwable cause, Callback callback) {
            // Jetty's own message for a bad %-escape is only "Bad Request"; its decoder's exception says why
            boolean badEscape = cause != null && cause.getCause() instanceof IllegalArgumentException;
            byte[] body = json(code, badEscape ? "the URL is not valid percent-encoding (% takes two hex digits)" : message);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
            response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
            response.write(true, ByteBuffer.wrap(body), callback);
        }

        @Override
        public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
            fields.put(HttpHeader.CONTENT_TYPE, "application/json");
            return ByteBuffer.wrap(json(status, reason));
        }

        private static byte[] json(int code, String message) {
            String reason = message == null || message.isBlank()
                    ? org.eclipse.jetty.http.HttpStatus.getMessage(code) : message;
            return Http.error(code, "the request is not valid HTTP: " + reason).getBody()
                    .getBytes(StandardCharsets.UTF_8);
        }
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
