package dev.lambdachain.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lambdachain.support.NodeProcess;
import dev.lambdachain.support.RawHttp;
import dev.lambdachain.wire.Json;
import dev.lambdachain.wire.ProtocolJson;
import dev.lambdachain.support.TestJson;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Hostile-input sweep (branch sweep): the local runner (`java -jar target/lambdachain.jar serve`
 * and `invoke`) as a real process, fed raw bytes over loopback sockets.
 *
 * <p>Some of these pin the fixes of faults the sweep found; the rest pin the coverage.
 */
class LocalRunnerHostileIT {

    /**
     * LocalServer runs requests on a fixed pool of 32 threads and the JDK HttpServer reads
     * request headers and bodies on those threads with no read timeout: 32 connections that
     * send half a request line (or a Content-Length and half the body) and then nothing take
     * every thread. In the sweep /info did not answer for the 100 s the connections were held.
     */
    @Test
    void stalledConnectionsDoNotStopTheNodeServing() throws Exception {
        try (NodeProcess node = NodeProcess.serve()) {
            int port = Integer.parseInt(node.url().substring(node.url().lastIndexOf(':') + 1));
            List<Socket> stalled = new ArrayList<>();
            try {
                for (int i = 0; i < 40; i++) {
                    Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
                    socket.getOutputStream().write(("GET /info HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n").getBytes(StandardCharsets.US_ASCII));
                    socket.getOutputStream().flush();
                    stalled.add(socket);
                }
                Thread.sleep(500);
                RawHttp.Answer reply = RawHttp.exchange(port, "GET /info HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nConnection: close\r\n\r\n", 5_000);
                assertEquals(200, reply.status(), "with 40 stalled connections /info answered: " + reply);
            } finally {
                for (Socket socket : stalled) {
                    socket.close();
                }
            }
            assertTrue(node.get("/validate").json().get("valid").asBoolean());
        }
    }

    /**
     * The JDK HttpServer answered some malformed requests itself, before LocalServer saw them,
     * with an HTML page naming a Java exception ("<h1>400 Bad Request</h1>URISyntaxException
     * thrown", "NumberFormatException thrown"), and dropped an opaque request target such as
     * `GET mailto:x` or a bad chunk size without any answer. On Jetty every one is a JSON 4xx.
     */
    @Test
    void malformedRequestLinesAndHeadersGetAJsonErrorWithoutExceptionNames() throws Exception {
        try (NodeProcess node = NodeProcess.serve()) {
            int port = Integer.parseInt(node.url().substring(node.url().lastIndexOf(':') + 1));
            String host = "Host: 127.0.0.1:" + port + "\r\nConnection: close\r\n";
            String[] requests = {
                    "GET /balance/% HTTP/1.1\r\n" + host + "\r\n",
                    "GET /balance/%zz HTTP/1.1\r\n" + host + "\r\n",
                    "GET /chain?from=%zz HTTP/1.1\r\n" + host + "\r\n",
                    "GET /chain?limit=% HTTP/1.1\r\n" + host + "\r\n",
                    "GET //info HTTP/1.1\r\n" + host + "\r\n",
                    "GET /wallets?after=<script> HTTP/1.1\r\n" + host + "\r\n",
                    "GET /info\u0000 HTTP/1.1\r\n" + host + "\r\n",
                    "POST /transactions/new HTTP/1.1\r\n" + host + "Content-Length: abc\r\n\r\n{}",
                    "POST /transactions/new HTTP/1.1\r\n" + host + "Content-Length: 99999999999999999999\r\n\r\n{}",
                    "POST /transactions/new HTTP/1.1\r\n" + host + "Transfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n",
                    "GET mailto:x HTTP/1.1\r\n" + host + "\r\n",
                    "GET /no/such/route HTTP/1.1\r\n" + host + "\r\n",
                    "GET /info HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n"};
            List<String> wrong = new ArrayList<>();
            for (String request : requests) {
                RawHttp.Answer reply = RawHttp.exchange(port, request, 5_000);
                if (!reply.isJsonClientError() || reply.body().contains("Exception")) {
                    wrong.add(request.substring(0, request.indexOf('\r')) + " -> "
                            + (reply.status() < 0 ? "(no answer)" : reply.toString()));
                }
            }
            assertTrue(wrong.isEmpty(), "not a 4xx JSON error:\n" + String.join("\n", wrong));
            assertEquals(200, node.get("/info").status());
            assertFalse(node.output().contains("Exception"), node.output());
        }
    }

    /**
     * `invoke` must read an event file whose body API Gateway would pass (up to 10 MB) although the
     * node's strict JSON reader refuses strings over 1 MiB, and print the handler's 413 as `serve`
     * does, not exit 1 with the parser's complaint.
     */
    @Test
    void invokeAnswers413ForAnEventBodyOverOneMiBLikeServeDoes() throws Exception {
        String event = Files.readString(Path.of("events/transactions-new.json"));
        JsonNode json = TestJson.MAPPER.readTree(event);
        ((com.fasterxml.jackson.databind.node.ObjectNode) json).put("body", "x".repeat(2 << 20));
        Path file = Files.createTempFile("sweep-big-body", ".json");
        Path out = Files.createTempFile("sweep-invoke", ".out");
        Path err = Files.createTempFile("sweep-invoke", ".err");
        try {
            Files.writeString(file, Json.write(json));
            Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-jar", NodeProcess.jar().toAbsolutePath().toString(), "invoke", "NewTransactionFunction",
                    file.toString()).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            assertTrue(process.waitFor(60, TimeUnit.SECONDS), "invoke did not finish in 60 s");
            String stderr = Files.readString(err);
            assertEquals(0, process.exitValue(), stderr);
            JsonNode response = TestJson.MAPPER.readTree(Files.readString(out));
            assertEquals(413, response.path("statusCode").asInt(), response.toString());
        } finally {
            Files.deleteIfExists(file);
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    @Test
    void hundredMegabyteBodiesAre413AndTheNodeKeepsServing() throws Exception {
        try (NodeProcess node = NodeProcess.serve()) {
            int port = Integer.parseInt(node.url().substring(node.url().lastIndexOf(':') + 1));
            for (boolean chunked : new boolean[]{false, true}) {
                try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
                    socket.setSoTimeout(30_000);
                    OutputStream out = socket.getOutputStream();
                    out.write(("POST /transactions/new HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nConnection: close\r\n"
                            + (chunked ? "Transfer-Encoding: chunked\r\n" : "Content-Length: " + (100L << 20) + "\r\n")
                            + "\r\n").getBytes(StandardCharsets.US_ASCII));
                    byte[] chunk = new byte[1 << 20];
                    java.util.Arrays.fill(chunk, (byte) 'x');
                    try {
                        for (int i = 0; i < 100; i++) {
                            if (chunked) {
                                out.write((Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                            }
                            out.write(chunk);
                            if (chunked) {
                                out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                            }
                        }
                    } catch (IOException refusedMidway) {
                        // the node answered 413 and closed after discarding 16 MiB: expected
                    }
                    String reply = RawHttp.readAll(socket.getInputStream());
                    assertTrue(reply.startsWith("HTTP/1.1 413"), (chunked ? "chunked: " : "declared: ") + reply);
                    assertTrue(reply.contains("{\"error\":"), reply);
                }
            }
            assertEquals(200, node.get("/info").status());
        }
    }

    @Test
    void everyOtherMethodOnEveryRouteIsAJson405() throws Exception {
        try (NodeProcess node = NodeProcess.serve()) {
            int port = Integer.parseInt(node.url().substring(node.url().lastIndexOf(':') + 1));
            String[] routes = {"/chain", "/info", "/validate", "/transactions/new", "/transactions/abc", "/mine",
                    "/balance/alice", "/wallets", "/nodes/register", "/nodes/remove", "/nodes/resolve"};
            List<String> wrong = new ArrayList<>();
            for (String route : routes) {
                for (String method : new String[]{"OPTIONS", "PUT", "DELETE", "PATCH", "TRACE", "FOO"}) {
                    String reply = RawHttp.exchange(port, method + " " + route + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n"
                            + "Content-Length: 2\r\nConnection: close\r\n\r\n{}", 5_000).toString();
                    if (!reply.startsWith("HTTP/1.1 405") || !reply.contains("{\"error\":")) {
                        wrong.add(method + " " + route + " -> " + reply.replace("\r\n", " | "));
                    }
                }
            }
            assertTrue(wrong.isEmpty(), String.join("\n", wrong));
        }
    }

}
