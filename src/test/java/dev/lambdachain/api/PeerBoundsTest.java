package dev.lambdachain.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import dev.lambdachain.core.Amount;
import dev.lambdachain.core.Block;
import dev.lambdachain.core.Hash;
import dev.lambdachain.core.Transaction;
import dev.lambdachain.node.Node;
import dev.lambdachain.node.NodeConfig;
import dev.lambdachain.support.LocalDynamo;
import dev.lambdachain.support.LyingPeers;
import dev.lambdachain.support.TestKey;
import dev.lambdachain.wire.Json;
import dev.lambdachain.wire.ProtocolJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A peer cannot make the node buffer more than a bounded number of bytes (issue 19,
 * docs/CONSENSUS.md "Byte bounds"), and a chain of big blocks still comes over in pages cut by
 * bytes. Fake peers on real HTTP on 127.0.0.1 stream their answers as they generate them, so the
 * test holds no 50 MB itself; the node runs the real handlers on Dynoxide.
 */
class PeerBoundsTest {
    private static final long FIFTY_MB = 50L << 20;
    /** More than one answer's bound plus what the loopback socket buffers can hold, far below 50 MB. */
    private static final long SENT_BEFORE_HANG_UP = 24L << 20;
    @RegisterExtension
    static final LocalDynamo dynamo = new LocalDynamo();
    @RegisterExtension
    static final LyingPeers peers = new LyingPeers();

    /** What a streaming fake peer sent before the node hung up (or it was done), once it stopped. */
    private static final class Sent {
        private final AtomicLong bytes = new AtomicLong();
        private final CountDownLatch stopped = new CountDownLatch(1);

        void stoppedAfter(long sent) {
            bytes.set(sent);
            stopped.countDown();
        }

        long afterStopping() throws InterruptedException {
            assertTrue(stopped.await(60, TimeUnit.SECONDS), "the fake peer was still sending 60 s after resolve");
            return bytes.get();
        }
    }

    @Test
    void peersServingFiftyMegabytesOrBlocksOverTheLimitAreCutOffReportedAndBackedOff() throws InterruptedException {
        Node node = dynamo.newNode(Map.of(NodeConfig.PEER_TIMEOUT_MILLIS, "15000", NodeConfig.MINING_THREADS, "1"));
        node.prepareChain();
        Block genesis = node.queries().blocks(0, 1).blocks().get(0);
        String tx = Json.write(ProtocolJson.transaction(
                new Transaction("genesis", "bob", Amount.of(1), genesis.timestamp(), 0, null, null)));
        String memo = ",\"memo\":\"" + "m".repeat(10_000) + "\"";
        String paddedTx = tx.substring(0, tx.length() - 1) + memo + "}";

        Sent bigPage = new Sent();
        Sent bigInfo = new Sent();
        Sent manyTransactions = new Sent();
        Sent manyBytes = new Sent();
        Map<String, Sent> sent = new HashMap<>();
        // 100 valid blocks of 3,500 transfers each, mined as they are sent, about 50 MB: each block is
        // within the limit and verifies, the page is not within its bound
        String pagePeer = peers.add("page-" + System.nanoTime(), (exchange, what) -> {
            if (!answeredSmall(exchange, what, genesis)) {
                bigPage.stoppedAfter(streamValidBlocks(exchange, genesis, 100, 3_500));
            }
        });
        String infoPeer = peers.add("info-" + System.nanoTime(), (exchange, what) ->
                bigInfo.stoppedAfter(LyingPeers.stream(exchange, "{\"height\":5,\"pad\":[", "0,", "", FIFTY_MB)));
        // one block whose transactions never end
        String countPeer = peers.add("count-" + System.nanoTime(), (exchange, what) -> {
            if (!answeredSmall(exchange, what, genesis)) {
                manyTransactions.stoppedAfter(LyingPeers.stream(exchange,
                        "{\"chain\":[" + LyingPeers.unworkedHeader(1, genesis.hash()) + tx, "," + tx, "", FIFTY_MB));
            }
        });
        // one block of 1,000 transactions, each padded to 10 kB: far fewer than the limit, but 10 MB
        String bytesPeer = peers.add("bytes-" + System.nanoTime(), (exchange, what) -> {
            if (!answeredSmall(exchange, what, genesis)) {
                manyBytes.stoppedAfter(LyingPeers.streamBlocks(exchange, 1, 1_000, paddedTx));
            }
        });
        sent.put(pagePeer, bigPage);
        sent.put(infoPeer, bigInfo);
        sent.put(countPeer, manyTransactions);
        sent.put(bytesPeer, manyBytes);
        ResolveConvergesTest.register(node, pagePeer, infoPeer, countPeer, bytesPeer);

        JsonNode first = ResolveConvergesTest.resolve(node);
        JsonNode second = ResolveConvergesTest.resolve(node);

        assertFalse(first.get("replaced").asBoolean(), first.toString());
        assertEquals(genesis.hash().hex(), first.get("head").asText());
        assertCutOff(first, pagePeer, "/chain?from=1&limit=100 with more than 5242880 bytes (larger than it may send)");
        assertCutOff(first, infoPeer, "/info with more than 65536 bytes (larger than it may send)");
        assertCutOff(first, countPeer, "sent block 1 with more than 4096 transactions, the block limit");
        assertCutOff(first, bytesPeer, "sent block 1 of more than 2462720 bytes, more than a block of at most 4096");
        for (Map.Entry<String, Sent> peer : sent.entrySet()) {
            assertTrue(ResolveConvergesTest.outcome(second, peer.getKey()).startsWith("waiting"), second.toString());
            long bytes = peer.getValue().afterStopping();
            assertTrue(bytes < SENT_BEFORE_HANG_UP, peer.getKey() + " could send " + bytes + " bytes before the node hung up");
        }
        JsonNode valid = new Api(node).validate();
        assertTrue(valid.get("valid").asBoolean(), valid.toString());
    }

    /**
     * A chain of ten blocks of 1,000 signed transfers each, about 5.3 MB of /chain JSON, served as
     * a node serves it: pages end before the block that would take them past 4 MB. The node
     * adopts it over several pages, and every balance comes out exact.
     */
    @Test
    void aChainOfBigBlocksIsAdoptedOverPagesCutByBytes() {
        int blocks = 10;
        int transfers = 1_000;
        Node node = dynamo.newNode(Map.of(NodeConfig.PEER_TIMEOUT_MILLIS, "15000", NodeConfig.MINING_THREADS, "1"));
        node.prepareChain();
        Block genesis = node.queries().blocks(0, 1).blocks().get(0);
        Hash network = genesis.hash();
        TestKey payer = TestKey.numbered(19);
        List<JsonNode> chain = new ArrayList<>();
        chain.add(ProtocolJson.block(genesis));
        Block parent = LyingPeers.mine(genesis, "big-miner", List.of(new Transaction("genesis", payer.address(),
                Amount.of(100_000), genesis.timestamp(), 0, null, null)));
        chain.add(ProtocolJson.block(parent));
        long sequence = 0;
        for (int b = 0; b < blocks; b++) {
            List<Transaction> body = new ArrayList<>();
            for (int i = 0; i < transfers; i++) {
                body.add(payer.pay(network, payee(i % 10), 1 + i % 3, parent.timestamp(), sequence++));
            }
            parent = LyingPeers.mine(parent, "big-miner", body);
            chain.add(ProtocolJson.block(parent));
        }
        long height = chain.size() - 1;
        AtomicInteger pages = new AtomicInteger();
        LyingPeers.Behaviour honest = peers.servingBehaviour(chain, height, network, null);
        String peer = peers.add("big-" + System.nanoTime(), (exchange, what) -> {
            // the fork point is our genesis, found with one call from 0; every other call is a page above it
            if (what.equals("chain") && !exchange.getRequestURI().getQuery().startsWith("from=0&")) {
                pages.incrementAndGet();
            }
            honest.answer(exchange, what);
        });
        ResolveConvergesTest.register(node, peer);

        // on a loaded machine the budget may end between pages: the next resolve goes on from there
        JsonNode resolved = ResolveConvergesTest.resolve(node);
        assertTrue(resolved.get("replaced").asBoolean(), resolved.toString());
        for (int call = 1; call < 4 && resolved.get("length").asLong() < height + 1; call++) {
            resolved = ResolveConvergesTest.resolve(node);
        }

        assertEquals(height + 1, resolved.get("length").asLong(), resolved.toString());
        assertEquals(parent.hash().hex(), resolved.get("head").asText());
        assertTrue(pages.get() >= 2, "the chain came in " + pages.get() + " page(s)");
        Api api = new Api(node);
        JsonNode valid = api.validate();
        assertTrue(valid.get("valid").asBoolean(), valid.toString());
        long paid = 0;
        for (int i = 0; i < transfers; i++) {
            paid += 1 + i % 3;
        }
        // each payee got every tenth transfer of each block: amounts 1, 2, 3 in turn
        for (int p = 0; p < 10; p++) {
            long each = 0;
            for (int i = p; i < transfers; i += 10) {
                each += 1 + i % 3;
            }
            assertEquals(blocks * each, api.balanceOf(payee(p)), payee(p));
        }
        assertEquals(100_000 - blocks * paid, api.balanceOf(payer.address()));
        assertEquals(1_000_000 - 100_000, api.balanceOf("genesis"));
        assertEquals(10L * (blocks + 1), api.balanceOf("big-miner"));
    }

    /**
     * Answers 200 with a /chain page of {@code count} valid blocks on {@code genesis}, each of
     * {@code transfers} transfers of 1 from genesis, each block mined as it is sent (the test holds
     * one at a time); returns the bytes that went out before the node hung up, or all of them.
     */
    private static long streamValidBlocks(HttpExchange exchange, Block genesis, int count, int transfers) {
        long sent = 0;
        try (OutputStream out = exchange.getResponseBody()) {
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, 0);
            byte[] start = "{\"chain\":[".getBytes(StandardCharsets.UTF_8);
            out.write(start);
            sent += start.length;
            Block parent = genesis;
            for (int h = 1; h <= count; h++) {
                List<Transaction> body = new ArrayList<>();
                for (int i = 0; i < transfers; i++) {
                    body.add(new Transaction("genesis", "bob", Amount.of(1), genesis.timestamp() + h * 10_000L + i, 0,
                            null, null));
                }
                parent = LyingPeers.mine(parent, "page-miner", body);
                byte[] block = ((h == 1 ? "" : ",") + Json.write(ProtocolJson.block(parent))).getBytes(StandardCharsets.UTF_8);
                out.write(block);
                sent += block.length;
            }
            out.write("]}".getBytes(StandardCharsets.UTF_8));
            sent += 2;
        } catch (IOException hungUp) {
            // the node cut us off: what the test is about
        }
        return sent;
    }

    /** A named account of the longest name allowed (64 characters), so that big blocks take fewer transactions. */
    private static String payee(int n) {
        return ("payee-" + n + "-").repeat(8).substring(0, 64);
    }

    private static void assertCutOff(JsonNode resolved, String peer, String words) {
        String outcome = ResolveConvergesTest.outcome(resolved, peer);
        assertTrue(outcome.startsWith("cut off: ") && outcome.contains(words) && outcome.contains("not asked again"),
                outcome);
    }

    /**
     * Answers /info (claiming 1,000 blocks) and the one-block calls that look for the fork point
     * (our genesis) honestly; false for the /chain pages, which the caller answers.
     */
    private static boolean answeredSmall(HttpExchange exchange, String what, Block genesis) throws IOException {
        if (what.equals("info")) {
            LyingPeers.reply(exchange, 200, "{\"height\":1000,\"head\":\"" + "ab".repeat(32) + "\",\"genesis\":\""
                    + genesis.hash().hex() + "\"}");
            return true;
        }
        if (exchange.getRequestURI().getQuery().endsWith("limit=1")) {
            LyingPeers.reply(exchange, 200, "{\"chain\":[" + Json.write(ProtocolJson.block(genesis)) + "]}");
            return true;
        }
        return false;
    }
}
