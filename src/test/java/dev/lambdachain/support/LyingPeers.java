package dev.lambdachain.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.lambdachain.core.Amount;
import dev.lambdachain.core.Block;
import dev.lambdachain.core.Hash;
import dev.lambdachain.core.ProofOfWork;
import dev.lambdachain.core.Transaction;
import dev.lambdachain.wire.Json;
import dev.lambdachain.wire.ProtocolJson;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Fake peers on one loopback HTTP server, each under its own path prefix ({@code /name/info},
 * {@code /name/chain}), that answer whatever a test wants: an honest chain, or lies of every kind.
 * Blocks are mined for real (difficulty 4 takes milliseconds), so a lie can get past the proof of
 * work and reach the rules behind it.
 */
public final class LyingPeers implements AutoCloseable, AfterAllCallback {
    /** The JSON bytes after which an honest peer's /chain page ends, as a node's does (api.ChainHandler.PAGE_BYTES). */
    public static final int PAGE_BYTES = 4 << 20;
    /** Answers one request of a fake peer; {@code what} is "info" or "chain". */
    @FunctionalInterface
    public interface Behaviour {
        void answer(HttpExchange exchange, String what) throws IOException;
    }

    private final HttpServer server;
    private final java.util.Map<String, java.util.concurrent.atomic.AtomicInteger> requests =
            new java.util.concurrent.ConcurrentHashMap<>();
    private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
        Thread thread = new Thread(r, "lying-peer");
        thread.setDaemon(true);
        return thread;
    });

    /** Starts the server; as a {@code @RegisterExtension static} field it is stopped after the class. */
    public LyingPeers() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the fake peers' server", e);
        }
        server.setExecutor(pool);
        server.start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        close();
    }

    /** Adds a peer at {@code /name} and returns its base URL for /nodes/register. */
    public String add(String name, Behaviour behaviour) {
        java.util.concurrent.atomic.AtomicInteger asked = new java.util.concurrent.atomic.AtomicInteger();
        requests.put(name, asked);
        server.createContext("/" + name + "/", exchange -> {
            asked.incrementAndGet();
            String path = exchange.getRequestURI().getPath();
            String what = path.substring(path.lastIndexOf('/') + 1);
            try (exchange) {
                behaviour.answer(exchange, what);
            } catch (IOException nodeHungUp) {
                // the node gave up on us: that is often the point of the test
            }
        });
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/" + name;
    }

    /** A peer that serves {@code chain} (genesis first) honestly, claiming {@code claimedHeight}. */
    public String serving(String name, List<JsonNode> chain, long claimedHeight, Hash genesis) {
        return serving(name, chain, claimedHeight, genesis, null);
    }

    /** As above, also claiming {@code chainwork} (a decimal string) in /info when it is not null. */
    public String serving(String name, List<JsonNode> chain, long claimedHeight, Hash genesis, String chainwork) {
        return add(name, servingBehaviour(chain, claimedHeight, genesis, chainwork));
    }

    /** What {@link #serving} answers, for a test that also watches the requests. */
    public Behaviour servingBehaviour(List<JsonNode> chain, long claimedHeight, Hash genesis, String chainwork) {
        return (exchange, what) -> {
            if (what.equals("info")) {
                ObjectNode info = Json.object();
                info.put("height", claimedHeight);
                if (chainwork != null) {
                    info.put("chainwork", chainwork);
                }
                info.put("head", chain.get(chain.size() - 1).get("hash").asText());
                info.put("genesis", genesis.hex());
                reply(exchange, 200, Json.write(info));
                return;
            }
            long from = query(exchange, "from", 0);
            long limit = query(exchange, "limit", 100);
            ObjectNode page = Json.object();
            ArrayNode blocks = page.putArray("chain");
            long bytes = 0;
            long h = from;
            // as a node's /chain does (api.ChainHandler): the block that would take the page past its bytes starts the next
            for (; h < from + limit && h < chain.size(); h++) {
                bytes += Json.write(chain.get((int) h)).length();
                if (bytes > PAGE_BYTES && !blocks.isEmpty()) {
                    break;
                }
                blocks.add(chain.get((int) h));
            }
            page.put("length", chain.size());
            if (h < chain.size() && !blocks.isEmpty()) {
                page.put("next", h);
            }
            reply(exchange, 200, Json.write(page));
        };
    }

    /** How many requests the peer at {@code /name} has had. */
    public int requestsTo(String name) {
        return requests.get(name).get();
    }

    public static void reply(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    /**
     * Answers 200 with {@code prefix}, then {@code filler} again and again up to {@code total}
     * bytes, then {@code suffix}, in chunks generated as they are sent (the test never holds the
     * body); returns how many bytes went out before the other side hung up, or all of them.
     */
    public static long stream(HttpExchange exchange, String prefix, String filler, String suffix, long total) {
        byte[] chunk = filler.repeat(Math.max(1, (64 << 10) / filler.length())).getBytes(StandardCharsets.UTF_8);
        long sent = 0;
        try (OutputStream out = exchange.getResponseBody()) {
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, 0);
            sent += write(out, prefix.getBytes(StandardCharsets.UTF_8));
            while (sent < total) {
                sent += write(out, chunk);
            }
            sent += write(out, suffix.getBytes(StandardCharsets.UTF_8));
        } catch (IOException hungUp) {
            // the node cut us off: what such a test is about
        }
        return sent;
    }

    /**
     * Answers 200 with a /chain page of {@code count} blocks from height 1, each of
     * {@code transactions} copies of the transaction JSON {@code tx} and without proof of work,
     * generated block by block as it is sent; returns the bytes that went out, as {@link #stream}.
     */
    public static long streamBlocks(HttpExchange exchange, int count, int transactions, String tx) {
        StringBuilder block = new StringBuilder();
        for (int i = 0; i < transactions; i++) {
            block.append(i == 0 ? "" : ",").append(tx);
        }
        byte[] body = block.append("]}").toString().getBytes(StandardCharsets.UTF_8);
        long sent = 0;
        try (OutputStream out = exchange.getResponseBody()) {
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, 0);
            sent += write(out, "{\"chain\":[".getBytes(StandardCharsets.UTF_8));
            for (int h = 1; h <= count; h++) {
                String header = (h == 1 ? "" : ",") + unworkedHeader(h, Hash.of(new byte[]{(byte) h}));
                sent += write(out, header.getBytes(StandardCharsets.UTF_8));
                sent += write(out, body);
            }
            sent += write(out, "]}".getBytes(StandardCharsets.UTF_8));
        } catch (IOException hungUp) {
            // the node cut us off: what such a test is about
        }
        return sent;
    }

    /** A block's JSON up to its transactions' first: at {@code height}, on {@code parent}, difficulty 4, nonce 0. */
    public static String unworkedHeader(long height, Hash parent) {
        return "{\"height\":" + height + ",\"timestamp\":1700000000000,\"previous_hash\":\"" + parent.hex()
                + "\",\"merkle_root\":\"" + "00".repeat(32) + "\",\"difficulty\":4,\"nonce\":0,\"transactions\":[";
    }

    private static int write(OutputStream out, byte[] bytes) throws IOException {
        out.write(bytes);
        return bytes.length;
    }

    private static long query(HttpExchange exchange, String name, long fallback) {
        URI uri = exchange.getRequestURI();
        if (uri.getQuery() == null) {
            return fallback;
        }
        for (String pair : uri.getQuery().split("&")) {
            if (pair.startsWith(name + "=")) {
                return Long.parseLong(pair.substring(name.length() + 1));
            }
        }
        return fallback;
    }

    /** A block on {@code parent}: coinbase to {@code miner}, then {@code transactions}, mined at difficulty 4. */
    public static Block mine(Block parent, String miner, List<Transaction> transactions) {
        long timestamp = Math.max(System.currentTimeMillis(), parent.timestamp());
        List<Transaction> body = new ArrayList<>();
        body.add(Transaction.coinbase(miner, Amount.of(10), parent.height() + 1, timestamp));
        body.addAll(transactions);
        Block template = Block.assemble(parent.height() + 1, timestamp, parent.hash(), parent.difficulty(), body);
        return ProofOfWork.search(template, 2, System.nanoTime() + TimeUnit.SECONDS.toNanos(60))
                .orElseThrow(() -> new IllegalStateException("no nonce within a minute at difficulty 4"));
    }

    /** {@code count} coinbase-only blocks on {@code genesis}, as JSON, genesis included. */
    public static List<JsonNode> honestChain(Block genesis, int count) {
        List<JsonNode> chain = new ArrayList<>();
        chain.add(ProtocolJson.block(genesis));
        Block parent = genesis;
        for (int i = 0; i < count; i++) {
            parent = mine(parent, "honest-miner", List.of());
            chain.add(ProtocolJson.block(parent));
        }
        return chain;
    }

    @Override
    public void close() {
        server.stop(0);
        pool.shutdownNow();
    }
}
