package dev.lambdachain.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import dev.lambdachain.core.Block;
import dev.lambdachain.core.Transaction;
import dev.lambdachain.node.Node;
import dev.lambdachain.node.NodeConfig;
import dev.lambdachain.support.Events;
import dev.lambdachain.support.LocalDynamo;
import dev.lambdachain.support.LyingPeers;
import dev.lambdachain.wire.Json;
import dev.lambdachain.wire.ProtocolJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Races the five-node network (FiveNodeNetworkIT) ran into, each made to happen once by a fake
 * peer: a peer whose chain moves while we resolve against it, and our own chain moving while we
 * check the peer's blocks. Neither may cost an honest peer back-off or keep its heavier chain out.
 */
class ResolveRacesTest {
    @RegisterExtension
    static final LocalDynamo dynamo = new LocalDynamo();
    @RegisterExtension
    static final LyingPeers peers = new LyingPeers();

    /**
     * The peer shows another block at our height 1 when the fork is searched and our block 1 when
     * its chain is downloaded: the blocks we share are not dropped and taken again (one swap writing
     * the same transaction twice, which DynamoDB refuses), the chain above them is adopted.
     */
    @Test
    void aPeerWhoseChainMovedOntoOursWhileTheForkWasSearchedIsAdoptedAboveOurBlocks() {
        Node node = newNode();
        Api api = new Api(node);
        String paid = ReorganisationTest.id(api, "genesis", "alice", 5);
        assertEquals(200, api.mine().getStatusCode());
        Block genesis = block(node, 0);
        Block ours = block(node, 1);
        Block c2 = LyingPeers.mine(ours, "peer-miner", List.of());
        Block c3 = LyingPeers.mine(c2, "peer-miner", List.of());
        Block elsewhere = LyingPeers.mine(genesis, "elsewhere", List.of());
        AtomicBoolean firstLook = new AtomicBoolean(true);
        String peer = peers.add("moving-" + System.nanoTime(), (exchange, what) -> {
            long from = query(exchange, "from");
            boolean moved = from == 1 && query(exchange, "limit") == 1 && firstLook.getAndSet(false);
            serve(exchange, what, List.of(genesis, moved ? elsewhere : ours, c2, c3));
        });
        ResolveConvergesTest.register(node, peer);

        JsonNode resolved = ResolveConvergesTest.resolve(node);

        assertTrue(resolved.get("replaced").asBoolean(), resolved.toString());
        assertEquals(4, resolved.get("length").asLong());
        assertEquals(ours.hash().hex(), block(node, 1).hash().hex(), "our block 1 stays");
        assertEquals("confirmed", ReorganisationTest.status(api, paid).get("status").asText());
        assertTrue(api.validate().get("valid").asBoolean());
    }

    /**
     * We mine a block holding transaction X while the peer's blocks, which hold X too, are being
     * checked: that resolve answers 409 (try again) and the peer does not wait; the next resolve
     * adopts its heavier chain, X confirmed once.
     */
    @Test
    void aBlockWeMineWhileAPeersBlocksAreCheckedCostsThePeerNothing() {
        Node node = newNode();
        Api api = new Api(node);
        assertEquals(200, api.mine().getStatusCode());
        String paid = ReorganisationTest.id(api, "genesis", "alice", 5);
        Transaction x = node.queries().mempool(1).get(0).transaction();
        Block genesis = block(node, 0);
        Block c1 = LyingPeers.mine(genesis, "peer-miner", List.of(x));
        Block c2 = LyingPeers.mine(c1, "peer-miner", List.of());
        Block c3 = LyingPeers.mine(c2, "peer-miner", List.of());
        AtomicBoolean mineFirst = new AtomicBoolean(true);
        String peer = peers.add("racing-" + System.nanoTime(), (exchange, what) -> {
            if (what.equals("chain") && query(exchange, "limit") > 1 && mineFirst.getAndSet(false)) {
                assertEquals(200, api.mine().getStatusCode(), "our block 2, holding X, before the peer's blocks arrive");
            }
            serve(exchange, what, List.of(genesis, c1, c2, c3));
        });
        ResolveConvergesTest.register(node, peer);

        APIGatewayV2HTTPResponse raced = new ResolveHandler(node).handleRequest(Events.get("/nodes/resolve"), null);
        assertEquals(409, raced.getStatusCode(), raced.getBody());
        assertEquals(2, block(node, 2).height(), "our block 2 was mined meanwhile");

        JsonNode resolved = ResolveConvergesTest.resolve(node);
        assertTrue(resolved.get("replaced").asBoolean(), resolved.toString());
        assertEquals(4, resolved.get("length").asLong());
        assertEquals(c1.hash().hex(), block(node, 1).hash().hex());
        assertEquals("confirmed", ReorganisationTest.status(api, paid).get("status").asText());
        assertTrue(api.validate().get("valid").asBoolean());
    }

    private static Node newNode() {
        Node node = dynamo.newNode(Map.of(NodeConfig.DIFFICULTY, "1", NodeConfig.MINING_THREADS, "1",
                NodeConfig.PEER_TIMEOUT_MILLIS, "5000"));
        node.prepareChain();
        return node;
    }

    private static Block block(Node node, long height) {
        return node.queries().blocks(height, 1).blocks().get(0);
    }

    /** /info claiming {@code chain}'s top, or the page of /chain asked for, from {@code chain} (genesis first). */
    private static void serve(HttpExchange exchange, String what, List<Block> chain) throws IOException {
        Block top = chain.get(chain.size() - 1);
        if (what.equals("info")) {
            ObjectNode info = Json.object();
            info.put("height", top.height());
            info.put("head", top.hash().hex());
            info.put("genesis", chain.get(0).hash().hex());
            LyingPeers.reply(exchange, 200, Json.write(info));
            return;
        }
        long from = query(exchange, "from");
        long limit = query(exchange, "limit");
        ObjectNode page = Json.object();
        ArrayNode blocks = page.putArray("chain");
        for (long h = from; h < from + limit && h < chain.size(); h++) {
            blocks.add(ProtocolJson.block(chain.get((int) h)));
        }
        LyingPeers.reply(exchange, 200, Json.write(page));
    }

    private static long query(HttpExchange exchange, String name) {
        String query = exchange.getRequestURI().getQuery();
        for (String pair : query == null ? new String[0] : query.split("&")) {
            if (pair.startsWith(name + "=")) {
                return Long.parseLong(pair.substring(name.length() + 1));
            }
        }
        return -1;
    }
}
