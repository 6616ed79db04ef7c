package dev.lambdachain.api;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lambdachain.core.Amount;
import dev.lambdachain.core.Block;
import dev.lambdachain.core.Hash;
import dev.lambdachain.core.ProofOfWork;
import dev.lambdachain.core.Transaction;
import dev.lambdachain.node.Node;
import dev.lambdachain.node.NodeConfig;
import dev.lambdachain.store.ChainStore.MiningLease;
import dev.lambdachain.support.Events;
import dev.lambdachain.support.LocalDynamo;
import dev.lambdachain.support.LyingPeers;
import dev.lambdachain.wire.Json;
import dev.lambdachain.wire.ProtocolJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Hostile-input sweep (branch sweep): GET /nodes/resolve against fake peers that lie, over real
 * HTTP on 127.0.0.1, through the real handlers on Dynoxide. The contract: resolve answers
 * within a bounded time with a per-peer outcome, never a 5xx, and the chain stays valid.
 *
 * <p>Each test below a lie pins the fix of a fault the sweep found; the lie catalogue pins what
 * held from the start.
 */
class LyingPeerTest {
    private static final long MAX = Long.MAX_VALUE;
    @RegisterExtension
    static final LocalDynamo dynamo = new LocalDynamo();
    @RegisterExtension
    static final LyingPeers peers = new LyingPeers();

    private static Node freshNode(Map<String, String> settings) {
        Map<String, String> all = new java.util.HashMap<>(Map.of(NodeConfig.PEER_TIMEOUT_MILLIS, "500",
                NodeConfig.MINING_THREADS, "2"));
        all.putAll(settings);
        Node node = dynamo.newNode(all);
        node.prepareChain();
        return node;
    }

    private static Block genesis(Node node) {
        return node.queries().blocks(0, 1).blocks().get(0);
    }

    private static void register(Node node, String... urls) {
        StringBuilder body = new StringBuilder("{\"nodes\":[");
        for (int i = 0; i < urls.length; i++) {
            body.append(i == 0 ? "" : ",").append('"').append(urls[i]).append('"');
        }
        APIGatewayV2HTTPResponse response = new RegisterNodesHandler(node)
                .handleRequest(Events.post("/nodes/register", body.append("]}").toString()), null);
        assertEquals(201, response.getStatusCode(), response.getBody());
    }

    private static APIGatewayV2HTTPResponse resolve(Node node, Context context) {
        return new ResolveHandler(node).handleRequest(Events.get("/nodes/resolve"), context);
    }

    private static void assertChainValid(Node node) {
        JsonNode valid = Api.json(new ValidateHandler(node).handleRequest(Events.get("/validate"), null));
        assertTrue(valid.get("valid").asBoolean(), valid.toString());
    }

    // ---- findings -------------------------------------------------------------------------------

    /**
     * A peer serves a block with real proof of work whose second spend is Long.MAX_VALUE, so the
     * block's spending overflows: that block is rejected as that peer's outcome, and the honest
     * chain of another peer is still adopted (the liar stays registered and claims the greatest
     * height, so an escaping overflow would block every later resolve).
     */
    @Test
    void aPeerWhoseBlockAmountsOverflowIsRejectedAndTheHonestChainIsStillAdopted() {
        // honest peers must answer in time even on a loaded machine's first HTTP call
        Node node = freshNode(Map.of(NodeConfig.PEER_TIMEOUT_MILLIS, "3000"));
        Block genesis = genesis(node);
        Block overflowing = LyingPeers.mine(genesis, "liar", List.of(
                new Transaction("genesis", "bob", Amount.of(1), System.currentTimeMillis(), 0, null, null),
                new Transaction("genesis", "carol", Amount.of(MAX), System.currentTimeMillis(), 0, null, null)));
        String liar = peers.serving("overflow-" + System.nanoTime(),
                List.of(ProtocolJson.block(genesis), ProtocolJson.block(overflowing)), 50, genesis.hash());
        String honest = peers.serving("honest-" + System.nanoTime(), LyingPeers.honestChain(genesis, 2), 2,
                genesis.hash());
        register(node, liar, honest);

        APIGatewayV2HTTPResponse response = resolve(node, null);

        assertEquals(200, response.getStatusCode(), response.getBody());
        JsonNode body = Api.json(response);
        assertTrue(body.get("replaced").asBoolean(), body.toString());
        assertEquals(3, body.get("length").asLong());
        for (JsonNode line : body.get("peers")) {
            if (line.get("peer").asText().equals(liar)) {
                assertTrue(line.get("outcome").asText().startsWith("rejected"), line.toString());
            }
        }
        assertChainValid(node);
    }

    /**
     * Resolve consults the longer peers one after the other with no overall deadline: each slow
     * peer costs up to two peer timeouts, and /nodes/register takes 100 peers a call, as often as
     * anyone likes. With the default 3 s timeout, 12 slow peers took 36 s in the sweep, past the
     * template's 29 s function Timeout (API Gateway then answers 503 without our JSON). The handler
     * never looks at the invocation's remaining time (ResolveHandler, Consensus.resolve).
     */
    @Test
    void resolveAnswersWithinTheInvocationsTimeBudgetHoweverManySlowPeersAreRegistered() {
        Node node = freshNode(Map.of());
        Block genesis = genesis(node);
        List<String> slow = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            slow.add(peers.add("slow-" + i + "-" + System.nanoTime(), (exchange, what) -> {
                if (what.equals("info")) {
                    LyingPeers.reply(exchange, 200, "{\"height\":1000,\"head\":\"" + "ab".repeat(32)
                            + "\",\"genesis\":\"" + genesis.hash() + "\"}");
                    return;
                }
                sleep(3_000);
                LyingPeers.reply(exchange, 200, "{\"chain\":[]}");
            }));
        }
        register(node, slow.toArray(String[]::new));

        APIGatewayV2HTTPResponse response = resolve(node, new Budget(2_500));

        assertEquals(200, response.getStatusCode(), response.getBody());
        JsonNode body = Api.json(response);
        assertFalse(body.get("replaced").asBoolean());
        assertEquals(20, body.get("peers").size());
        // each slow peer costs more than the whole budget: most were left untried for want of time
        long leftForTime = 0;
        for (JsonNode line : body.get("peers")) {
            leftForTime += line.get("outcome").asText().contains("time budget") ? 1 : 0;
        }
        assertTrue(leftForTime >= 18, "peers left for want of time: " + leftForTime + " in " + body.get("peers"));
        assertChainValid(node);
    }

    /**
     * A resolve that finds the mining lease taken (a miner, or another resolve, is at work) is
     * answered 200 {"replaced":false,"message":"Our chain is authoritative"} and the honest,
     * longer peer is listed as "rejected: a miner holds the lease...": Consensus.resolve turns
     * the CONFLICT from swap() into a peer outcome. The README promises 409 for a lost race.
     */
    @Test
    void resolveThatFindsTheLeaseTakenIsA409NotAnAuthoritativeChain() {
        Node node = freshNode(Map.of());
        Block genesis = genesis(node);
        register(node, peers.serving("honest-lease-" + System.nanoTime(), LyingPeers.honestChain(genesis, 2), 2,
                genesis.hash()));
        MiningLease lease = dynamo.connection().chainStore(node.config().tableName(), node.clock(),
                node.config().mempoolShards(), node.validator().genesisHash()).lease();
        lease.acquire("sweep-test-miner", Duration.ofSeconds(30));
        APIGatewayV2HTTPResponse whileLeased;
        try {
            whileLeased = resolve(node, null);
        } finally {
            lease.release("sweep-test-miner");
        }
        JsonNode afterwards = Api.json(resolve(node, null));
        assertTrue(afterwards.get("replaced").asBoolean(), "once the lease is free the chain is adopted: " + afterwards);

        assertEquals(409, whileLeased.getStatusCode(), whileLeased.getBody());
        assertTrue(Api.json(whileLeased).get("error").asText().contains("try again"), whileLeased.getBody());
    }

    /**
     * PeerClient.get gives up after twice the peer timeout (future.get), but never cancels the
     * exchange: the CappedBody subscriber keeps reading a trickling answer (up to 8 MiB) for as
     * long as the peer cares to send it. In the sweep a peer trickling a byte every 0.5 s kept
     * the connection for its full 120 s after each of 5 resolves.
     */
    @Test
    void aPeerCallThatTimedOutHangsUpInsteadOfReadingOnInTheBackground() {
        Node node = freshNode(Map.of(NodeConfig.PEER_TIMEOUT_MILLIS, "300"));
        CountDownLatch hungUp = new CountDownLatch(1);
        register(node, peers.add("trickle-" + System.nanoTime(), (exchange, what) -> {
            exchange.sendResponseHeaders(200, 0);
            OutputStream out = exchange.getResponseBody();
            // far longer than the wait below: a node still reading would keep it going past that wait
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            try {
                out.write("{\"height\":".getBytes(StandardCharsets.UTF_8));
                while (System.nanoTime() < until) {
                    out.write(' ');
                    out.flush();
                    sleep(100);
                }
            } catch (IOException closed) {
                hungUp.countDown();
            }
        }));

        APIGatewayV2HTTPResponse response = resolve(node, null);
        assertEquals(200, response.getStatusCode(), response.getBody());
        String outcome = Api.json(response).get("peers").get(0).get("outcome").asText();
        assertTrue(outcome.contains("timed out"), outcome);

        boolean closed;
        try {
            closed = hungUp.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closed = false;
        }
        assertTrue(closed, "60 s after resolve answered, the node was still reading the trickling peer");
    }

    // ---- what already holds --------------------------------------------------------------------

    static Stream<Arguments> lies() {
        return Stream.of(
                Arguments.of("blocks that do not link", "previous_hash"),
                Arguments.of("a block without proof of work", "leading zero"),
                Arguments.of("a block whose stated hash is not its header's", "states hash"),
                Arguments.of("another genesis", "another genesis"),
                Arguments.of("a block that overspends", "overspends"),
                Arguments.of("a coinbase of a million", "coinbase amount"),
                Arguments.of("more blocks than asked for", "were asked for"),
                Arguments.of("a chain that is not an array", "without a chain array"),
                Arguments.of("an answer that is not JSON", "not JSON"),
                Arguments.of("10,000-deep nesting", "not JSON"),
                Arguments.of("a height of 1e400", "whole number"),
                Arguments.of("a height of Long.MAX_VALUE and nothing to show for it", "served only up to"),
                Arguments.of("a redirect to the metadata service", "HTTP 302"),
                Arguments.of("a redirect to a file: URL", "HTTP 302"),
                Arguments.of("an HTTP 500", "HTTP 500"),
                Arguments.of("a 50 MB answer", "larger than"),
                Arguments.of("no answer at all", "timed out"));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("lies")
    void aLyingPeerIsRejectedWithItsOwnOutcomeAndTheChainStaysValid(String lie, String outcomeWords) {
        Node node = freshNode(Map.of());
        Block genesis = genesis(node);
        String head = genesis.hash().hex();
        String url = peers.add("lie-" + System.nanoTime(), liar(lie, genesis));
        register(node, url);

        APIGatewayV2HTTPResponse response = resolve(node, null);

        assertEquals(200, response.getStatusCode(), response.getBody());
        JsonNode body = Api.json(response);
        assertFalse(body.get("replaced").asBoolean(), body.toString());
        assertEquals(head, body.get("head").asText());
        assertEquals(1, body.get("peers").size());
        String outcome = body.get("peers").get(0).get("outcome").asText();
        assertTrue(outcome.contains(outcomeWords), "outcome '" + outcome + "' should mention '" + outcomeWords + "'");
        assertChainValid(node);
    }

    private static LyingPeers.Behaviour liar(String lie, Block genesis) {
        String info = "{\"height\":5,\"head\":\"" + "cd".repeat(32) + "\",\"genesis\":\"" + genesis.hash() + "\"}";
        JsonNode genesisJson = ProtocolJson.block(genesis);
        return (exchange, what) -> {
            boolean forInfo = what.equals("info");
            boolean firstPage = exchange.getRequestURI().getQuery() != null
                    && exchange.getRequestURI().getQuery().startsWith("from=0&");
            if (!forInfo && firstPage && !lie.contains("more blocks")) {
                LyingPeers.reply(exchange, 200, "{\"chain\":[" + genesisJson + "]}");
                return;
            }
            switch (lie) {
                case "blocks that do not link" -> chainOr(exchange, forInfo, info,
                        ProtocolJson.block(LyingPeers.mine(unlinkedParent(genesis), "liar", List.of())));
                case "a block without proof of work" -> chainOr(exchange, forInfo, info, ProtocolJson.block(withoutWork(genesis)));
                case "a block whose stated hash is not its header's" -> {
                    ObjectNode block = ProtocolJson.block(LyingPeers.mine(genesis, "liar", List.of()));
                    block.put("hash", "00".repeat(32));
                    chainOr(exchange, forInfo, info, block);
                }
                case "another genesis" -> LyingPeers.reply(exchange, 200,
                        info.replace(genesis.hash().hex(), "ef".repeat(32)));
                case "a block that overspends" -> chainOr(exchange, forInfo, info, ProtocolJson.block(LyingPeers.mine(genesis,
                        "liar", List.of(new Transaction("genesis", "bob", Amount.of(2_000_000),
                                System.currentTimeMillis(), 0, null, null)))));
                case "a coinbase of a million" -> {
                    long now = System.currentTimeMillis();
                    Block template = Block.assemble(1, now, genesis.hash(), 4,
                            List.of(Transaction.coinbase("liar", Amount.of(1_000_000), 1, now)));
                    chainOr(exchange, forInfo, info, ProtocolJson.block(ProofOfWork.search(template, 2,
                            System.nanoTime() + TimeUnit.SECONDS.toNanos(60)).orElseThrow()));
                }
                case "more blocks than asked for" -> chainOr(exchange, forInfo, info,
                        genesisJson, genesisJson, genesisJson);
                case "a chain that is not an array" -> LyingPeers.reply(exchange, 200, forInfo ? info : "{\"chain\":{}}");
                case "an answer that is not JSON" -> LyingPeers.reply(exchange, 200, "hello, I am not JSON");
                case "10,000-deep nesting" -> LyingPeers.reply(exchange, 200, "[".repeat(10_000) + "]".repeat(10_000));
                case "a height of 1e400" -> LyingPeers.reply(exchange, 200, info.replace("\"height\":5", "\"height\":1e400"));
                case "a height of Long.MAX_VALUE and nothing to show for it" -> LyingPeers.reply(exchange, 200,
                        forInfo ? info.replace("\"height\":5", "\"height\":" + MAX) : "{\"chain\":[]}");
                case "a redirect to the metadata service" -> redirect(exchange, "http://169.254.169.254/latest/meta-data/");
                case "a redirect to a file: URL" -> redirect(exchange, "file:///etc/passwd");
                case "an HTTP 500" -> LyingPeers.reply(exchange, 500, "{\"error\":\"boom\"}");
                case "a 50 MB answer" -> {
                    exchange.sendResponseHeaders(200, 50L << 20);
                    byte[] spaces = new byte[1 << 20];
                    java.util.Arrays.fill(spaces, (byte) ' ');
                    try (OutputStream out = exchange.getResponseBody()) {
                        for (int i = 0; i < 50; i++) {
                            out.write(spaces);
                        }
                    }
                }
                case "no answer at all" -> sleep(5_000);
                default -> throw new IllegalArgumentException(lie);
            }
        };
    }

    private static void chainOr(com.sun.net.httpserver.HttpExchange exchange, boolean forInfo, String info,
                                JsonNode... blocks) throws IOException {
        if (forInfo) {
            LyingPeers.reply(exchange, 200, info);
            return;
        }
        StringBuilder chain = new StringBuilder("{\"chain\":[");
        for (int i = 0; i < blocks.length; i++) {
            chain.append(i == 0 ? "" : ",").append(blocks[i]);
        }
        LyingPeers.reply(exchange, 200, chain.append("]}").toString());
    }

    private static void redirect(com.sun.net.httpserver.HttpExchange exchange, String location) throws IOException {
        exchange.getResponseHeaders().set("Location", location);
        exchange.sendResponseHeaders(302, -1);
    }

    /** A stand-in parent at height 0 that is not our genesis, so the mined child links to nothing we have. */
    private static Block unlinkedParent(Block genesis) {
        return new Block(0, genesis.timestamp(), Hash.of(new byte[]{42}), genesis.merkleRoot(), genesis.difficulty(),
                genesis.nonce(), genesis.transactions());
    }

    private static Block withoutWork(Block genesis) {
        long now = System.currentTimeMillis();
        Block block = Block.assemble(1, now, genesis.hash(), 4,
                List.of(Transaction.coinbase("liar", Amount.of(10), 1, now)));
        while (ProofOfWork.meets(block)) {
            block = block.withNonce(block.nonce() + 1);
        }
        return block;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A Lambda context with {@code millis} left, as the runtime hands one to a handler. */
    private record Budget(long deadlineNanos) implements Context {
        Budget(int millis) {
            this(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis));
        }

        @Override
        public int getRemainingTimeInMillis() {
            return (int) ((deadlineNanos - System.nanoTime()) / 1_000_000);
        }

        @Override
        public String getAwsRequestId() {
            return "sweep";
        }

        @Override
        public String getLogGroupName() {
            return "sweep";
        }

        @Override
        public String getLogStreamName() {
            return "sweep";
        }

        @Override
        public String getFunctionName() {
            return "ResolveFunction";
        }

        @Override
        public String getFunctionVersion() {
            return "$LATEST";
        }

        @Override
        public String getInvokedFunctionArn() {
            return "arn:aws:lambda:local:000000000000:function:ResolveFunction";
        }

        @Override
        public CognitoIdentity getIdentity() {
            return null;
        }

        @Override
        public ClientContext getClientContext() {
            return null;
        }

        @Override
        public int getMemoryLimitInMB() {
            return 1024;
        }

        @Override
        public LambdaLogger getLogger() {
            return null;
        }
    }
}
