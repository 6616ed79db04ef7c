package dev.lambdachain.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.lambdachain.core.Hash;
import dev.lambdachain.core.Transaction;
import dev.lambdachain.support.LyingPeers;
import dev.lambdachain.support.NodeProcess;
import dev.lambdachain.support.TestJson;
import dev.lambdachain.support.TestKey;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Relay between real nodes over real HTTP (docs/RELAY.md): three runners, each with its own
 * engine, registered in a line A↔B↔C, and a counting peer that answers like a node. Nothing but
 * the POST or the /mine is called from outside; every wait is bounded.
 */
class RelayIT {
    private static final TestKey OWNER = TestKey.numbered(1);
    private static final TestKey SPENDER = TestKey.numbered(2);
    private static final long WAIT_MILLIS = 60_000;
    private static final String[] CHAIN = {"--signature-mode", "required", "--genesis-address", OWNER.address(),
            "--miner", TestKey.numbered(9).address(), "--difficulty", "2", "--mining-threads", "1"};

    @Test
    void aTransactionPostedToAReachesCsMempoolAndABlockMinedOnCReachesA() throws Exception {
        try (NodeProcess a = NodeProcess.serve(CHAIN); NodeProcess b = NodeProcess.serve(CHAIN);
             NodeProcess c = NodeProcess.serve(CHAIN)) {
            line(a, b, c);
            Hash genesis = genesis(a);
            Transaction funding = OWNER.pay(genesis, SPENDER.address(), 500, System.currentTimeMillis(), 0);
            assertEquals(201, a.post("/transactions/new", TestKey.write(TestKey.body(funding))).status());
            String id = funding.id().hex();
            waitFor(() -> pending(c, id), "the transaction in C's mempool");
            assertTrue(pending(b, id), "B passed it on, so B has it");

            assertEquals(200, c.get("/mine").status());
            String head = c.get("/info").json().get("head").asText();
            waitFor(() -> head.equals(a.get("/info").json().get("head").asText()), "C's block on A");
            assertEquals("confirmed", a.get("/transactions/" + id).json().get("status").asText());
            assertEquals(500, a.balance(SPENDER.address()));
            assertTrue(a.get("/validate").json().get("valid").asBoolean());
        }
    }

    /**
     * B hears one transaction twice (as a relay would bring it): it stores it once and offers it
     * to its peers once; a junk transaction is refused as a POST is and offered to nobody. The
     * marker transaction sent after them, once it arrives, shows B's earlier offers have gone out.
     */
    @Test
    void aTransactionHeardTwiceIsStoredAndRelayedOnceAndJunkIsRefusedAndNotRelayed() throws Exception {
        CountingPeer counter = CountingPeer.start();
        try (NodeProcess b = NodeProcess.serve(CHAIN)) {
            assertEquals(201, b.post("/nodes/register", "{\"nodes\":[\"" + counter.url() + "\"]}").status());
            Hash genesis = genesis(b);
            long now = System.currentTimeMillis();
            Transaction funding = OWNER.pay(genesis, SPENDER.address(), 500, now, 0);
            String body = TestKey.write(TestKey.body(funding));
            assertEquals(201, b.post("/transactions/new", body).status());
            NodeProcess.Reply again = b.post("/transactions/new", body);
            assertEquals(409, again.status(), again.json().toString());

            ObjectNode junk = TestKey.body(OWNER.pay(genesis, SPENDER.address(), 7, now, 1));
            junk.put("amount", 70); // altered after signing
            NodeProcess.Reply refused = b.post("/transactions/new", TestKey.write(junk));
            assertEquals(400, refused.status(), refused.json().toString());
            assertTrue(refused.json().get("error").asText().startsWith("signature does not verify"),
                    refused.json().toString());

            Transaction marker = OWNER.pay(genesis, SPENDER.address(), 1, now, 1);
            assertEquals(201, b.post("/transactions/new", TestKey.write(TestKey.body(marker))).status());
            waitFor(() -> counter.received(marker.signature()) == 1, "the marker at the counting peer");

            assertEquals(1, counter.received(funding.signature()), "offered once though heard twice");
            assertEquals(0, counter.received(junk.get("signature").asText()), "junk is offered to nobody");
            assertEquals(2, counter.total(), "the funding and the marker, nothing else");
            long stored = 0;
            for (JsonNode entry : b.get("/mempool").json().get("transactions")) {
                stored += entry.get("id").asText().equals(funding.id().hex()) ? 1 : 0;
            }
            assertEquals(1, stored, "stored once");
        } finally {
            counter.stop();
        }
    }

    /**
     * B, told of no peer, learns A from A's announcement of a chain it adopts (A registered B), and
     * keeps A as a peer: how a node at the end of a line of registrations finds the network.
     */
    @Test
    void aNodeToldOfNobodyLearnsThePeerWhoseAnnouncedChainItAdopts() throws Exception {
        try (NodeProcess a = NodeProcess.serve(CHAIN); NodeProcess b = NodeProcess.serve(CHAIN)) {
            register(a, b);
            assertEquals(0, b.get("/nodes").json().path("nodes").size(), "B is told of nobody");
            assertEquals(200, a.get("/mine").status());
            String head = a.get("/info").json().get("head").asText();
            waitFor(() -> head.equals(b.get("/info").json().get("head").asText()), "A's block on B");
            String peers = b.get("/nodes").json().toString();
            assertTrue(peers.contains(":" + a.port()), "B keeps A, whose chain it adopted: " + peers);
        }
    }

    /**
     * An announcement is a hint: from a stranger (not a registered peer) it costs at most one fetch
     * per stranger interval, and the stranger is not kept when its chain is not adopted; of no
     * more work than ours it costs no fetch.
     */
    @Test
    void anAnnouncementFromAStrangerOrOfNoMoreWorkIsIgnoredAndBadOnesAre400() throws Exception {
        CountingPeer counter = CountingPeer.start();
        try (NodeProcess a = NodeProcess.serve(CHAIN)) {
            JsonNode info = a.get("/info").json();
            for (String head : List.of("ab", "cd")) {
                String stranger = "{\"peer\":\"" + counter.url() + "\",\"head\":\"" + head.repeat(32)
                        + "\",\"height\":5,\"chainwork\":\"" + "9".repeat(60) + "\"}";
                NodeProcess.Reply heard = a.post("/nodes/announce", stranger);
                assertEquals(202, heard.status());
                assertEquals(head.equals("ab") ? "refused" : "ignored", heard.json().get("outcome").asText(),
                        heard.json().toString());
            }
            assertEquals(1, counter.infoCalls(), "one fetch for the first stranger's turn, none for the second");
            assertEquals(0, a.get("/nodes").json().path("nodes").size(), "a stranger whose chain was not adopted is not kept");

            assertEquals(201, a.post("/nodes/register", "{\"nodes\":[\"" + counter.url() + "\"]}").status());
            String lighter = "{\"peer\":\"" + counter.url() + "\",\"head\":\"" + "ab".repeat(32)
                    + "\",\"height\":0,\"chainwork\":\"" + info.get("chainwork").asText() + "\"}";
            assertEquals("ignored", a.post("/nodes/announce", lighter).json().get("outcome").asText());
            assertEquals(1, counter.infoCalls(), "no fetch for no more work than ours");

            for (String bad : List.of("{}", "{\"peer\":\"ftp://x\",\"head\":\"" + "ab".repeat(32)
                    + "\",\"height\":1,\"chainwork\":\"1\"}", "{\"peer\":\"" + counter.url()
                    + "\",\"head\":\"ab\",\"height\":1,\"chainwork\":\"1\"}")) {
                NodeProcess.Reply reply = a.post("/nodes/announce", bad);
                assertEquals(400, reply.status(), bad + " -> " + reply.json());
                assertFalse(reply.json().get("error").asText().isBlank());
            }
        } finally {
            counter.stop();
        }
    }

    private static void line(NodeProcess a, NodeProcess b, NodeProcess c) {
        register(a, b);
        register(b, a);
        register(b, c);
        register(c, b);
    }

    private static void register(NodeProcess at, NodeProcess peer) {
        assertEquals(201, at.post("/nodes/register", "{\"nodes\":[\"" + peer.address() + "\"]}").status());
    }

    private static Hash genesis(NodeProcess node) {
        return Hash.parse(node.get("/info").json().get("genesis").asText(), "genesis");
    }

    private static boolean pending(NodeProcess node, String id) {
        NodeProcess.Reply reply = node.get("/transactions/" + id);
        return reply.status() == 200 && "pending".equals(reply.json().get("status").asText());
    }

    private static void waitFor(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.currentTimeMillis() + WAIT_MILLIS;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("not within " + WAIT_MILLIS + " ms: " + what);
            }
            Thread.sleep(100);
        }
    }

    /** A peer that takes every relayed transaction (201) and counts them by signature, and counts /info calls. */
    private static final class CountingPeer {
        private final HttpServer server;
        private final Map<String, AtomicInteger> bySignature = new ConcurrentHashMap<>();
        private final AtomicInteger total = new AtomicInteger();
        private final AtomicInteger infoCalls = new AtomicInteger();

        private CountingPeer(HttpServer server) {
            this.server = server;
        }

        static CountingPeer start() throws IOException {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            CountingPeer peer = new CountingPeer(server);
            server.createContext("/transactions/new", peer::transaction);
            server.createContext("/info", exchange -> {
                peer.infoCalls.incrementAndGet();
                LyingPeers.reply(exchange, 503, "{\"error\":\"counting only\"}");
            });
            server.start();
            return peer;
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort();
        }

        int received(String signature) {
            AtomicInteger count = bySignature.get(signature);
            return count == null ? 0 : count.get();
        }

        int total() {
            return total.get();
        }

        int infoCalls() {
            return infoCalls.get();
        }

        void stop() {
            server.stop(0);
        }

        private void transaction(HttpExchange exchange) throws IOException {
            JsonNode body = TestJson.MAPPER.readTree(exchange.getRequestBody());
            bySignature.computeIfAbsent(body.path("signature").asText(), s -> new AtomicInteger()).incrementAndGet();
            total.incrementAndGet();
            LyingPeers.reply(exchange, 201, "{\"message\":\"counted\"}");
        }
    }
}
