package dev.lambdachain.wallet;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import dev.lambdachain.core.Ed25519Signer;
import dev.lambdachain.support.SignedVector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The wallet against nodes that misbehave on purpose: a real HTTP server on 127.0.0.1 (the JDK's)
 * that trickles its answer, answers terminal escape sequences or lies about the id, and a key
 * "file" that is a FIFO. Each command must end with a clear error; the preemptive timeouts only
 * bound the wait, so a hang fails the test instead of stalling the build.
 */
class UntrustedNodeTest {
    /** The wallet's deadline in these tests: short, so that the trickling node is cut off quickly. */
    private static final Duration DEADLINE = Duration.ofSeconds(2);
    /** How long a command may take before the test calls it hung (the deadline plus generous slack). */
    private static final Duration HUNG = Duration.ofSeconds(30);
    private static final String ESCAPES = "\u001b[2J\u001b]0;pwned\u0007\u009b31m\u202eevil";

    @TempDir
    Path dir;

    private final WalletCli cli = new WalletCli(Clock.systemUTC(), new SecureRandom(), DEADLINE);
    private HttpServer server;

    private record Result(int status, String out, String err) {
    }

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void aNodeThatTricklesItsAnswerIsCutOffAtTheDeadline() throws Exception {
        serve(exchange -> {
            exchange.sendResponseHeaders(200, 10_000);
            try (OutputStream body = exchange.getResponseBody()) {
                for (int i = 0; i < 10_000; i++) { // one byte every 100 ms: 1000 s for the whole answer
                    body.write(' ');
                    body.flush();
                    Thread.sleep(100);
                }
            } catch (IOException | InterruptedException e) {
                // the wallet hung up, as it should
            }
        });

        Result result = runBounded("send", "--key", key().toString(), "--to", SignedVector.RECIPIENT,
                "--amount", "1", "--node", url());

        assertEquals(WalletCli.FAILED, result.status, result.err);
        assertTrue(result.err.startsWith("error: the node at " + url() + " did not answer GET /info in full within 2 s"),
                result.err);
        assertEquals("", result.out);
    }

    @Test
    void aNodesEscapeSequencesInAnErrorReachTheTerminalAsVisibleEscapes() throws Exception {
        serve(exchange -> answer(exchange, 400, "{\"error\":\"" + jsonEscaped(ESCAPES) + "\"}"));

        Result result = runBounded("balance", SignedVector.RECIPIENT, "--node", url());

        assertEquals(WalletCli.FAILED, result.status, result.err);
        assertEquals("error: the node answered 400: \\u001B[2J\\u001B]0;pwned\\u0007\\u009B31m\\u202Eevil",
                result.err.strip());
        assertPlain(result.err);
    }

    @Test
    void aNodesEscapeSequencesInAnAnswerAreShownEscaped() throws Exception {
        serve(exchange -> answer(exchange, 200, "{\"id\":\"x\",\"status\":\"" + jsonEscaped(ESCAPES) + "\"}"));

        Result result = runBounded("status", "x", "--node", url());

        assertEquals(WalletCli.OK, result.status, result.err);
        assertTrue(result.out.contains("\"status\" : \"\\u001B[2J\\u001B]0;pwned\\u0007\\u009B31m\\u202Eevil\""),
                result.out);
        assertPlain(result.out);
    }

    @Test
    void aNodeAnsweringAnotherIdThanTheTransactionsIsRefusedLoudly() throws Exception {
        String wrongId = "00".repeat(32);
        serve(exchange -> {
            String path = exchange.getRequestURI().getPath();
            exchange.getRequestBody().readAllBytes();
            if (path.equals("/info")) {
                answer(exchange, 200, "{\"genesis\":\"" + SignedVector.GENESIS + "\"}");
            } else if (path.startsWith("/balance/")) {
                answer(exchange, 200, "{\"next_sequence\":0}");
            } else {
                answer(exchange, 201, "{\"message\":\"ok\",\"transaction\":{\"id\":\"" + wrongId + "\"}}");
            }
        });

        Result result = runBounded("send", "--key", key().toString(), "--to", SignedVector.RECIPIENT,
                "--amount", "25", "--node", url());

        assertEquals(WalletCli.FAILED, result.status, result.err);
        assertTrue(result.err.startsWith("error: the node accepted the transaction but answered the id '" + wrongId
                + "', while its id is "), result.err);
        assertTrue(result.err.contains("do not trust this node"), result.err);
        assertFalse(result.out.contains(wrongId), "the node's id is not printed as the transaction's: " + result.out);
    }

    @Test
    void aKeyFileThatIsAFifoIsRefusedInsteadOfBlocking() throws Exception {
        Path fifo = dir.resolve("key.fifo");
        Process mkfifo;
        try {
            mkfifo = new ProcessBuilder("mkfifo", "-m", "600", fifo.toString()).inheritIO().start();
        } catch (IOException e) {
            assumeTrue(false, "no mkfifo on this system: " + e);
            return;
        }
        assertTrue(mkfifo.waitFor(10, TimeUnit.SECONDS) && mkfifo.exitValue() == 0, "mkfifo failed");

        Result result = runBounded("address", fifo.toString());

        assertEquals(WalletCli.FAILED, result.status, result.err);
        assertEquals("error: " + fifo + " is not a key file (not a regular file but a FIFO, socket or device)",
                result.err.strip());
    }

    private void serve(HttpHandler handler) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", handler);
        server.setExecutor(Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "misbehaving-node");
            thread.setDaemon(true);
            return thread;
        }));
        server.start();
    }

    private String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private static void answer(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream body = exchange.getResponseBody()) {
            body.write(bytes);
        }
    }

    /** {@code text} as the inside of a JSON string: every character below U+0020 and above U+007E as \\uXXXX. */
    private static String jsonEscaped(String text) {
        StringBuilder json = new StringBuilder();
        text.chars().forEach(c -> json.append(c < 0x20 || c > 0x7e ? String.format("\\u%04x", c) : String.valueOf((char) c)));
        return json.toString();
    }

    /** Nothing a terminal would act on: no control character but the line feed, no format character. */
    private static void assertPlain(String shown) {
        shown.chars().forEach(c -> assertTrue(c == '\n' || (Character.getType(c) != Character.CONTROL
                && Character.getType(c) != Character.FORMAT), () -> "U+" + Integer.toHexString(c) + " in " + shown));
    }

    private Path key() throws IOException {
        Path file = dir.resolve("sender.key");
        if (!Files.exists(file)) {
            KeyFile.write(file, Ed25519Signer.fromSeed(HexFormat.of().parseHex(SignedVector.SEED)));
        }
        return file;
    }

    private Result runBounded(String... args) {
        return assertTimeoutPreemptively(HUNG, () -> {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int status = cli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8));
            return new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        }, "the wallet command did not end");
    }
}
