package dev.lambdachain.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import dev.lambdachain.core.Block;
import dev.lambdachain.node.Node;
import dev.lambdachain.node.NodeConfig;
import dev.lambdachain.store.ChainStore;
import dev.lambdachain.support.Events;
import dev.lambdachain.support.LocalDynamo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The explorer's data routes: a block by height or hash, an address's history, the mempool; their headers. */
class ExplorerDataTest {
    @RegisterExtension
    static final LocalDynamo DYNAMO = new LocalDynamo();
    private static int tables;

    private record Chain(Node node, Api api, ChainStore store) {
    }

    private static Chain chain() {
        String table = "explorer" + (++tables) + "x" + System.nanoTime();
        Node node = DYNAMO.newNode(Map.of(NodeConfig.DIFFICULTY, "1", NodeConfig.TABLE_NAME, table));
        return new Chain(node, new Api(node), DYNAMO.connection().chainStore(table, Clock.systemUTC(),
                node.config().mempoolShards(), node.validator().genesisHash()));
    }

    @Test
    void aBlockByHashIsCachedForGoodAndByHeightNotAtAll() {
        Chain c = chain();
        c.api().send("genesis", "alice", 100);
        assertEquals(200, c.api().mine().getStatusCode());

        APIGatewayV2HTTPResponse byHeight = block(c, "1");
        assertEquals(200, byHeight.getStatusCode(), byHeight.getBody());
        assertEquals("no-store", byHeight.getHeaders().get("Cache-Control"));
        JsonNode body = Api.json(byHeight);
        assertEquals(1, body.path("confirmations").asLong());
        assertEquals(2, body.path("block").path("transactions").size());

        String hash = body.path("block").path("hash").asText();
        APIGatewayV2HTTPResponse byHash = block(c, hash);
        assertEquals(200, byHash.getStatusCode(), byHash.getBody());
        assertEquals("public, max-age=31536000, immutable", byHash.getHeaders().get("Cache-Control"));
        assertEquals(body, Api.json(byHash));
        assertEquals(0, Api.json(block(c, "0")).path("block").path("height").asLong());
        assertEquals(2, Api.json(block(c, "0")).path("confirmations").asLong());

        Api.assertError(block(c, "2"), 404, "height 2");
        Api.assertError(block(c, "9999999999999999999"), 404, "height");
        Api.assertError(block(c, "f".repeat(64)), 404, "no block");
        Api.assertError(block(c, "g".repeat(64)), 400, "hash");
        Api.assertError(block(c, "-1"), 400, "height");
    }

    @Test
    void historyListsSentReceivedAndRewardsNewestFirstInPages() {
        Chain c = chain();
        String first = id(c.api().send("genesis", "alice", 100));
        c.api().mine();
        String second = id(c.api().send("alice", "bob", 30));
        c.api().mine();

        assertEquals(List.of("2 out " + second, "1 in " + first), entries(c, "alice"));
        assertEquals(List.of("2 in " + second), entries(c, "bob"));
        List<String> genesis = entries(c, "genesis");
        assertEquals(2, genesis.size());
        assertEquals("1 out " + first, genesis.get(0));
        assertTrue(genesis.get(1).startsWith("0 in "), "the genesis supply is in the genesis address's history");
        List<String> miner = entries(c, "miner");
        assertEquals(2, miner.size(), "each block's reward is in the miner's history: " + miner);
        assertTrue(miner.get(0).startsWith("2 in ") && miner.get(1).startsWith("1 in "), miner.toString());
        assertEquals(List.of(), entries(c, "nobody"));

        JsonNode page1 = history(c, "alice", null, 1);
        assertEquals(1, page1.path("history").size());
        assertEquals(second, page1.path("history").get(0).path("transaction").path("id").asText());
        JsonNode page2 = history(c, "alice", page1.path("next").asText(), 1);
        assertEquals(first, page2.path("history").get(0).path("transaction").path("id").asText());
        assertFalse(page2.has("next"), "the last page has no cursor: " + page2);

        Api.assertError(historyResponse(c, "alice", "not-a-cursor", 5), 400, "cursor");
        Api.assertError(historyResponse(c, "not an address", null, 5), 400, "address");
    }

    @Test
    void undoingABlockTakesItsTransactionsOutOfHistoryAndRemingPutsThemBack() {
        Chain c = chain();
        c.api().send("genesis", "alice", 100);
        c.api().mine();
        String spend = id(c.api().send("alice", "bob", 30));
        c.api().mine();
        Block head = c.store().blocks().block(2).orElseThrow();
        Block parent = c.store().blocks().block(1).orElseThrow();

        // a swap to the shorter chain that ends at the parent: the head block is dropped, nothing adopted
        c.store().reorganise().run(c.store().blocks().head(), new dev.lambdachain.core.Head(1, parent.hash(),
                c.store().blocks().work(1).orElseThrow()), List.of(head), List.of());

        assertEquals(1, entries(c, "alice").size(), "the undone spend left alice's history");
        assertEquals(List.of(), entries(c, "bob"));
        assertEquals(1, entries(c, "miner").size(), "the undone block's reward left the miner's history");
        JsonNode mempool = Api.json(new MempoolHandler(c.node()).handleRequest(Events.get("/mempool"), null));
        assertEquals(spend, mempool.path("transactions").get(0).path("id").asText());
        assertEquals(1, mempool.path("count").asLong());
        Api.assertError(block(c, head.hash().hex()), 404, "no block");

        c.api().mine();
        assertEquals(List.of("2 in " + spend), entries(c, "bob"));
        assertEquals(0, Api.json(new MempoolHandler(c.node()).handleRequest(Events.get("/mempool"), null))
                .path("transactions").size());
    }

    @Test
    void readRoutesAndNewTransactionsAllowAnyOriginMiningAndPeersDoNot() {
        Chain c = chain();
        assertEquals("*", c.api().send("genesis", "alice", 1).getHeaders().get("Access-Control-Allow-Origin"));
        assertEquals("*", c.api().info.handleRequest(Events.get("/info"), null).getHeaders().get("Access-Control-Allow-Origin"));
        assertEquals("*", block(c, "0").getHeaders().get("Access-Control-Allow-Origin"));
        assertEquals("*", historyResponse(c, "alice", null, 5).getHeaders().get("Access-Control-Allow-Origin"));
        assertNull(c.api().mine().getHeaders().get("Access-Control-Allow-Origin"));
        assertNull(new ResolveHandler(c.node()).handleRequest(Events.get("/nodes/resolve"), null).getHeaders()
                .get("Access-Control-Allow-Origin"));
    }

    private static APIGatewayV2HTTPResponse block(Chain c, String id) {
        return new BlockHandler(c.node()).handleRequest(Events.get("/blocks/{id}", Map.of("id", id), null), null);
    }

    private static APIGatewayV2HTTPResponse historyResponse(Chain c, String address, String before, int limit) {
        Map<String, String> query = new HashMap<>(Map.of("limit", Integer.toString(limit)));
        if (before != null) {
            query.put("before", before);
        }
        return new AddressHistoryHandler(c.node()).handleRequest(Events.get("/addresses/{address}/history",
                Map.of("address", address), query), null);
    }

    private static JsonNode history(Chain c, String address, String before, int limit) {
        APIGatewayV2HTTPResponse response = historyResponse(c, address, before, limit);
        assertEquals(200, response.getStatusCode(), response.getBody());
        return Api.json(response);
    }

    /** "height direction id" per entry of the first page of 100. */
    private static List<String> entries(Chain c, String address) {
        List<String> entries = new ArrayList<>();
        history(c, address, null, 100).path("history").forEach(entry -> entries.add(entry.path("height").asLong() + " "
                + entry.path("direction").asText() + " " + entry.path("transaction").path("id").asText()));
        return entries;
    }

    private static String id(APIGatewayV2HTTPResponse accepted) {
        assertEquals(201, accepted.getStatusCode(), accepted.getBody());
        return Api.json(accepted).path("transaction").path("id").asText();
    }
}
