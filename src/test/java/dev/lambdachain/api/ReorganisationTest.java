package dev.lambdachain.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lambdachain.core.Block;
import dev.lambdachain.node.Node;
import dev.lambdachain.node.NodeConfig;
import dev.lambdachain.support.Events;
import dev.lambdachain.support.LocalDynamo;
import dev.lambdachain.support.LyingPeers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A reorganisation loses nothing that was accepted: transactions of dropped blocks return to the
 * mempool in their original order, and one whose funding is pending too waits for a later block
 * instead of being rejected.
 */
class ReorganisationTest {
    @RegisterExtension
    static final LocalDynamo dynamo = new LocalDynamo();
    @RegisterExtension
    static final LyingPeers peers = new LyingPeers();

    @Test
    void aSpendWhoseFundingWasDroppedTooWaitsForALaterBlockInsteadOfBeingRejected() {
        Node node = dynamo.newNode(Map.of(NodeConfig.PEER_TIMEOUT_MILLIS, "2000", NodeConfig.MINING_THREADS, "2"));
        node.prepareChain();
        Api api = new Api(node);
        Block genesis = node.queries().blocks(0, 1).blocks().get(0);
        String t1 = id(api, "genesis", "alice", 100);
        assertEquals(200, api.mine().getStatusCode());
        String t2 = id(api, "alice", "bob", 60);
        assertEquals(200, api.mine().getStatusCode());
        ResolveConvergesTest.register(node, peers.serving("b-" + System.nanoTime(),
                LyingPeers.honestChain(genesis, 4), 4, genesis.hash()));

        JsonNode resolved = ResolveConvergesTest.resolve(node);

        assertTrue(resolved.get("replaced").asBoolean(), resolved.toString());
        assertEquals("pending", status(api, t1).get("status").asText());
        assertEquals("pending", status(api, t2).get("status").asText());
        JsonNode alice = Api.json(api.balance.handleRequest(
                Events.get("/balance/{address}", Map.of("address", "alice"), null), null));
        assertTrue(alice.get("available").asLong() >= 0, alice.toString());
        for (int i = 0; i < 3 && !"confirmed".equals(status(api, t2).get("status").asText()); i++) {
            assertEquals(200, api.mine().getStatusCode());
        }
        JsonNode first = status(api, t1);
        JsonNode second = status(api, t2);
        assertEquals("confirmed", first.get("status").asText(), first.toString());
        assertEquals("confirmed", second.get("status").asText(), second.toString());
        assertTrue(second.get("height").asLong() > first.get("height").asLong(), first + " " + second);
        assertEquals(40, api.balanceOf("alice"));
        assertEquals(60, api.balanceOf("bob"));
        assertTrue(api.validate().get("valid").asBoolean());
    }

    @Test
    void transactionsOfDroppedBlocksReturnAheadOfThoseThatArrivedAfterThem() {
        Node node = dynamo.newNode(Map.of(NodeConfig.PEER_TIMEOUT_MILLIS, "2000", NodeConfig.MINING_THREADS, "2"));
        node.prepareChain();
        Api api = new Api(node);
        Block genesis = node.queries().blocks(0, 1).blocks().get(0);
        java.util.List<String> order = new java.util.ArrayList<>();
        for (String recipient : new String[] {"carol", "dave", "erin"}) {
            order.add(id(api, "genesis", recipient, 5));
        }
        assertEquals(200, api.mine().getStatusCode());
        for (String recipient : new String[] {"frank", "grace"}) {
            order.add(id(api, "genesis", recipient, 5));
        }
        assertEquals(200, api.mine().getStatusCode());
        order.add(id(api, "genesis", "heidi", 5));
        ResolveConvergesTest.register(node, peers.serving("b-" + System.nanoTime(),
                LyingPeers.honestChain(genesis, 3), 3, genesis.hash()));
        assertTrue(ResolveConvergesTest.resolve(node).get("replaced").asBoolean());

        JsonNode block = Api.json(api.mine()).get("block");

        java.util.List<String> mined = new java.util.ArrayList<>();
        block.get("transactions").forEach(tx -> mined.add(tx.get("id").asText()));
        assertEquals(order, mined.subList(1, mined.size()), "coinbase, then the original arrival order");
    }

    static String id(Api api, String sender, String recipient, long amount) {
        var response = api.send(sender, recipient, amount);
        assertEquals(201, response.getStatusCode(), response.getBody());
        return Api.json(response).get("transaction").get("id").asText();
    }

    static JsonNode status(Api api, String id) {
        return Api.json(api.status.handleRequest(Events.get("/transactions/{id}", Map.of("id", id), null), null));
    }
}
