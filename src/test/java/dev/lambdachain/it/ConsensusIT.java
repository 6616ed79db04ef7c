package dev.lambdachain.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.lambdachain.support.NodeProcess;
import org.junit.jupiter.api.Test;

import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Longest-valid-chain consensus between real nodes over real HTTP on 127.0.0.1, and against lying peers. */
class ConsensusIT {
    /**
     * Resolve only, asked by the test: with relay on, a block mined on B is announced to A, which
     * adopts it as a stranger's (docs/RELAY.md) and so is no longer the fork these tests build.
     */
    private static final String[] RESOLVE_ONLY = {"--relay", "false"};

    @Test
    void shorterNodeAdoptsTheLongerChainAndItsBalances() throws Exception {
        try (NodeProcess a = NodeProcess.serve(RESOLVE_ONLY); NodeProcess b = NodeProcess.serve(RESOLVE_ONLY)) {
            a.send("genesis", "alice", 100);
            a.get("/mine");
            a.send("alice", "bob", 40);
            a.get("/mine");
            a.get("/mine");
            assertEquals(201, b.post("/nodes/register", "{\"nodes\":[\"" + a.address() + "\"]}").status());
            JsonNode resolved = b.get("/nodes/resolve").json();
            assertTrue(resolved.get("replaced").asBoolean(), resolved.toString());
            assertEquals(a.get("/info").json().get("head"), b.get("/info").json().get("head"));
            assertEquals(60, b.balance("alice"));
            assertEquals(40, b.balance("bob"));
            assertEquals(30, b.balance("miner"));
            assertTrue(b.get("/validate").json().get("valid").asBoolean());

            JsonNode again = b.get("/nodes/resolve").json();
            assertFalse(again.get("replaced").asBoolean(), "an equal chain is not adopted");
        }
    }

    @Test
    void forkedNodeSwitchesToTheLongerForkAndKeepsItsOwnTransactionsPending() throws Exception {
        try (NodeProcess a = NodeProcess.serve(RESOLVE_ONLY); NodeProcess b = NodeProcess.serve(RESOLVE_ONLY)) {
            a.send("genesis", "shared", 500);
            a.get("/mine");
            b.post("/nodes/register", "{\"nodes\":[\"" + a.address() + "\"]}");
            assertTrue(b.get("/nodes/resolve").json().get("replaced").asBoolean());

            String onlyOnB = b.send("shared", "bea", 7).json().get("transaction").get("id").asText();
            b.get("/mine");
            a.send("shared", "abe", 9);
            a.get("/mine");
            a.get("/mine");

            JsonNode resolved = b.get("/nodes/resolve").json();
            assertTrue(resolved.get("replaced").asBoolean(), resolved.toString());
            assertEquals(a.get("/info").json().get("head"), b.get("/info").json().get("head"));
            assertEquals(9, b.balance("abe"));
            assertEquals(0, b.balance("bea"), "b's own block was dropped");
            assertEquals("pending", b.get("/transactions/" + onlyOnB).json().get("status").asText(),
                    "a dropped block's transaction returns to the mempool");
            assertEquals(200, b.get("/mine").status());
            assertEquals(7, b.balance("bea"));
            assertEquals(484, b.balance("shared"));
            assertTrue(b.get("/validate").json().get("valid").asBoolean());
        }
    }

    /**
     * The slow peer never answers while the resolve runs (it waits for this test to let it go), so
     * the resolve answering at all (NodeProcess waits for it a bounded time) shows the node gave up on
     * that peer by itself; how long that takes is not asserted.
     */
    @Test
    void lyingSlowAndHugePeersCannotHangOrCorruptTheNode() throws Exception {
        HttpServer liar = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        CountDownLatch slowMayAnswer = new CountDownLatch(1);
        String genesis;
        try (NodeProcess node = NodeProcess.serve()) {
            genesis = node.get("/info").json().get("genesis").asText();
            String head = node.get("/info").json().get("head").asText();
            liar.createContext("/claims-long/info", ex -> reply(ex,
                    "{\"height\":1000000,\"head\":\"" + "ab".repeat(32) + "\",\"genesis\":\"" + genesis + "\"}"));
            liar.createContext("/claims-long/chain", ex -> reply(ex, "{\"chain\":[{\"height\":0,\"timestamp\":1,"
                    + "\"previous_hash\":\"" + "00".repeat(32) + "\",\"merkle_root\":\"" + "00".repeat(32)
                    + "\",\"difficulty\":0,\"nonce\":0,\"transactions\":[]}]}"));
            liar.createContext("/huge/info", ex -> {
                ex.sendResponseHeaders(200, 0);
                try (OutputStream out = ex.getResponseBody()) {
                    byte[] chunk = ("{\"pad\":\"" + "x".repeat(1 << 16)).getBytes(StandardCharsets.UTF_8);
                    for (int i = 0; i < 400; i++) {
                        out.write(chunk);
                    }
                } catch (java.io.IOException closedByNode) {
                    // the node hung up once it had enough: that is the point
                }
            });
            liar.createContext("/slow/info", ex -> {
                try {
                    slowMayAnswer.await(120, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                reply(ex, "{}");
            });
            liar.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
            liar.start();
            String base = "http://127.0.0.1:" + liar.getAddress().getPort();
            assertEquals(201, node.post("/nodes/register", "{\"nodes\":[\"" + base + "/claims-long\",\""
                    + base + "/huge\",\"" + base + "/slow\"]}").status());

            NodeProcess.Reply resolved = node.get("/nodes/resolve");
            assertEquals(200, resolved.status(), resolved.json().toString());
            assertFalse(resolved.json().get("replaced").asBoolean());
            assertEquals(3, resolved.json().get("peers").size());
            resolved.json().get("peers").forEach(p ->
                    assertFalse(p.get("outcome").asText().startsWith("adopted"), p.toString()));
            assertEquals(head, node.get("/info").json().get("head").asText());
            assertTrue(node.get("/validate").json().get("valid").asBoolean());
        } finally {
            slowMayAnswer.countDown();
            liar.stop(0);
        }
    }

    private static void reply(com.sun.net.httpserver.HttpExchange exchange, String body) throws java.io.IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
