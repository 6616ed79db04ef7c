package dev.lambdachain.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lambdachain.consensus.Consensus;
import dev.lambdachain.consensus.PeerOutcome;
import dev.lambdachain.core.Block;
import dev.lambdachain.node.Node;
import dev.lambdachain.node.NodeConfig;
import dev.lambdachain.support.LocalDynamo;
import dev.lambdachain.support.LyingPeers;
import dev.lambdachain.wire.Json;
import dev.lambdachain.wire.ProtocolJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Stalling peers cannot keep the best chain out (issue 20): peers that claim the most work and
 * never answer /chain cost one call's timeout, all at once, and then wait out a back-off; the fork
 * point with a long chain is found in a number of calls logarithmic in its length. Real HTTP on
 * 127.0.0.1, the real handlers on Dynoxide.
 */
class StallingPeersTest {
    private static final int STALLERS = 9;
    private static final String CLAIMED_WORK = "1" + "0".repeat(40);
    @RegisterExtension
    static final LocalDynamo dynamo = new LocalDynamo();
    @RegisterExtension
    static final LyingPeers peers = new LyingPeers();

    @Test
    void nineStallingPeersClaimingTheMostWorkDoNotKeepOutTheHonestChainAndAreBackedOff() throws InterruptedException {
        Node node = dynamo.newNode(Map.of(NodeConfig.PEER_TIMEOUT_MILLIS, "2000", NodeConfig.MINING_THREADS, "2"));
        node.prepareChain();
        Block genesis = node.queries().blocks(0, 1).blocks().get(0);
        CountDownLatch released = new CountDownLatch(1);
        Map<String, AtomicInteger> chainCalls = new ConcurrentHashMap<>();
        List<String> urls = new ArrayList<>();
        Map<String, String> nameOf = new HashMap<>();
        for (int i = 0; i < STALLERS; i++) {
            String name = "stall-" + i + "-" + System.nanoTime();
            AtomicInteger calls = new AtomicInteger();
            chainCalls.put(name, calls);
            String url = peers.add(name, (exchange, what) -> {
                if (what.equals("info")) {
                    ObjectNode info = Json.object();
                    info.put("height", 1_000_000);
                    info.put("chainwork", CLAIMED_WORK);
                    info.put("head", genesis.hash().hex());
                    info.put("genesis", genesis.hash().hex());
                    LyingPeers.reply(exchange, 200, Json.write(info));
                    return;
                }
                calls.incrementAndGet();
                try {
                    // never answers while the test runs; bounded so that the server's thread ends
                    released.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            urls.add(url);
            nameOf.put(url, name);
        }
        List<JsonNode> honestChain = LyingPeers.honestChain(genesis, 4);
        String honest = peers.serving("honest-" + System.nanoTime(), honestChain, 4, genesis.hash());
        urls.add(honest);
        try {
            ResolveConvergesTest.register(node, urls.toArray(String[]::new));

            JsonNode first = ResolveConvergesTest.resolve(node);
            Map<String, Integer> asked = new HashMap<>();
            chainCalls.forEach((name, calls) -> asked.put(name, calls.get()));
            JsonNode second = ResolveConvergesTest.resolve(node);

            assertTrue(first.get("replaced").asBoolean(), first.toString());
            assertEquals(5, first.get("length").asLong(), first.toString());
            assertEquals(honestChain.get(4).get("hash").asText(), first.get("head").asText(), first.toString());
            assertTrue(ResolveConvergesTest.outcome(first, honest).startsWith("adopted"), first.toString());
            for (int i = 0; i < STALLERS; i++) {
                String staller = urls.get(i);
                String outcome = ResolveConvergesTest.outcome(first, staller);
                assertTrue(outcome.startsWith("stalled") && outcome.contains("not asked again"), first.toString());
                assertTrue(asked.get(nameOf.get(staller)) >= 1, "the staller was asked /chain: " + staller);
                assertTrue(ResolveConvergesTest.outcome(second, staller).startsWith("waiting"), second.toString());
            }
            chainCalls.forEach((name, calls) ->
                    assertEquals(asked.get(name), calls.get(), "a staller waiting out its back-off is not asked /chain"));
            assertEquals(5, second.get("length").asLong(), second.toString());
        } finally {
            released.countDown();
        }
    }

    @Test
    void theForkPointWithAThousandBlockChainIsFoundInLogarithmicallyManyCalls() {
        int length = 1000;
        Synced synced = synced(length, "5000");
        Node node = synced.node();
        Block genesis = synced.genesis();
        List<JsonNode> ours = synced.chain();

        // a heavier branch that forks 10 blocks below our head
        List<JsonNode> branch = branch(ours, genesis, length - 10, 15);
        List<Long> singleBlockCalls = new ArrayList<>();
        String forked = peers.add("fork-" + System.nanoTime(), (exchange, what) -> {
            if (what.equals("info")) {
                LyingPeers.reply(exchange, 200, info(branch, genesis, null));
                return;
            }
            long from = query(exchange.getRequestURI().getQuery(), "from");
            long limit = query(exchange.getRequestURI().getQuery(), "limit");
            if (limit == 1) {
                synchronized (singleBlockCalls) {
                    singleBlockCalls.add(from);
                }
            }
            ObjectNode page = Json.object();
            ArrayNode blocks = page.putArray("chain");
            for (long h = from; h < from + limit && h < branch.size(); h++) {
                blocks.add(branch.get((int) h));
            }
            LyingPeers.reply(exchange, 200, Json.write(page));
        });
        ResolveConvergesTest.register(node, forked);

        JsonNode resolved = ResolveConvergesTest.resolve(node);

        assertTrue(resolved.get("replaced").asBoolean(), resolved.toString());
        assertEquals(branch.size(), resolved.get("length").asLong(), resolved.toString());
        assertEquals(branch.get(branch.size() - 1).get("hash").asText(), resolved.get("head").asText());
        // gallop 1000, 999, 997, 993, 985; then halve between 985 and 993: 989, 991, 990
        assertEquals(List.of(1000L, 999L, 997L, 993L, 985L, 989L, 991L, 990L), singleBlockCalls);
        assertTrue(singleBlockCalls.size() <= 2 * Math.log(length) / Math.log(2) + 2, singleBlockCalls.toString());
    }

    /**
     * Issue 20: "one peer answering each /chain page in 2.8 s did the same [kept the honest heavier
     * chain out] against a node of 850 blocks". Here a peer that claims the most work answers the
     * fork point's one-block calls at once and then each page, of one block, in 1.5 s: within the
     * 2 s call timeout every time, so no call of it ever times out. The honest heavier chain is
     * still adopted within the one resolve's budget, and the slow peer, which spent that budget
     * serving less than our chain's work, counts as stalled and waits.
     */
    @Test
    void aPeerAnsweringEachPageSlowlyWithinTheCallTimeoutDoesNotKeepOutTheHonestChainAndIsBackedOff() {
        int length = 200;
        Synced synced = synced(length, "2000");
        Node node = synced.node();
        Block genesis = synced.genesis();
        List<JsonNode> ours = synced.chain();

        List<JsonNode> heavier = branch(ours, genesis, length, 5);
        String honest = peers.serving("heavier-" + System.nanoTime(), heavier, heavier.size() - 1, genesis.hash());
        // a branch from 50 blocks below our head, longer than ours when whole, served one slow block at a time
        List<JsonNode> branch = branch(ours, genesis, length - 50, 60);
        AtomicInteger slowPages = new AtomicInteger();
        String slow = peers.add("slow-" + System.nanoTime(), (exchange, what) -> {
            if (what.equals("info")) {
                LyingPeers.reply(exchange, 200, info(branch, genesis, CLAIMED_WORK));
                return;
            }
            long from = query(exchange.getRequestURI().getQuery(), "from");
            if (query(exchange.getRequestURI().getQuery(), "limit") > 1) {
                slowPages.incrementAndGet();
                try {
                    Thread.sleep(1_500);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            ObjectNode page = Json.object();
            ArrayNode blocks = page.putArray("chain");
            if (from < branch.size()) {
                blocks.add(branch.get((int) from));
            }
            LyingPeers.reply(exchange, 200, Json.write(page));
        });
        ResolveConvergesTest.register(node, honest, slow);

        Consensus.Outcome first = node.consensus().resolve(8_000);
        int pagesAsked = slowPages.get();
        Consensus.Outcome second = node.consensus().resolve(8_000);

        assertTrue(first.replaced(), first.toString());
        assertEquals(heavier.get(heavier.size() - 1).get("hash").asText(), first.head().hash().hex(), first.toString());
        assertEquals(PeerOutcome.Kind.ADOPTED, outcome(first, honest).kind(), first.toString());
        PeerOutcome stalled = outcome(first, slow);
        assertEquals(PeerOutcome.Kind.STALLED, stalled.kind(), stalled.text());
        assertTrue(stalled.text().contains("served too slowly") && stalled.text().contains("not asked again"),
                stalled.text());
        assertTrue(pagesAsked >= 2, "the slow peer was asked for pages: " + pagesAsked);
        assertEquals(PeerOutcome.Kind.BACKING_OFF, outcome(second, slow).kind(), second.toString());
        assertEquals(pagesAsked, slowPages.get(), "a slow peer waiting out its back-off is not asked for pages");
    }

    /** A node at difficulty 1, its genesis, and the chain of {@code length} blocks above it that it adopted from a peer. */
    private record Synced(Node node, Block genesis, List<JsonNode> chain) {
    }

    private static Synced synced(int length, String peerTimeoutMillis) {
        Node node = dynamo.newNode(Map.of(NodeConfig.DIFFICULTY, "1", NodeConfig.MINING_THREADS, "1",
                NodeConfig.PEER_TIMEOUT_MILLIS, peerTimeoutMillis));
        node.prepareChain();
        Block genesis = node.queries().blocks(0, 1).blocks().get(0);
        List<JsonNode> chain = LyingPeers.honestChain(genesis, length);
        ResolveConvergesTest.register(node, peers.serving("long-" + System.nanoTime(), chain, length, genesis.hash()));
        JsonNode resolved = null;
        for (int call = 0; call < 5 && (resolved == null || resolved.get("length").asLong() < length + 1); call++) {
            resolved = ResolveConvergesTest.resolve(node);
        }
        assertEquals(length + 1, resolved.get("length").asLong(), resolved.toString());
        return new Synced(node, genesis, chain);
    }

    /** {@code chain} up to height {@code fork}, then {@code blocks} new blocks mined on it. */
    private static List<JsonNode> branch(List<JsonNode> chain, Block genesis, int fork, int blocks) {
        List<JsonNode> branch = new ArrayList<>(chain.subList(0, fork + 1));
        Block parent = ProtocolJson.readBlock(chain.get(fork), genesis.hash());
        for (int i = 0; i < blocks; i++) {
            parent = LyingPeers.mine(parent, "branch-miner", List.of());
            branch.add(ProtocolJson.block(parent));
        }
        return branch;
    }

    /** The /info of a peer serving {@code chain}, claiming {@code chainwork} when it is not null. */
    private static String info(List<JsonNode> chain, Block genesis, String chainwork) {
        ObjectNode info = Json.object();
        info.put("height", chain.size() - 1);
        if (chainwork != null) {
            info.put("chainwork", chainwork);
        }
        info.put("head", chain.get(chain.size() - 1).get("hash").asText());
        info.put("genesis", genesis.hash().hex());
        return Json.write(info);
    }

    private static PeerOutcome outcome(Consensus.Outcome outcome, String peer) {
        return outcome.peers().stream().filter(report -> report.peer().equals(peer)).findFirst()
                .orElseThrow(() -> new AssertionError(peer + " is not in " + outcome)).outcome();
    }

    private static long query(String query, String name) {
        for (String pair : query.split("&")) {
            if (pair.startsWith(name + "=")) {
                return Long.parseLong(pair.substring(name.length() + 1));
            }
        }
        throw new IllegalArgumentException("no " + name + " in " + query);
    }
}
