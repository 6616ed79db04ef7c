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

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * No set of pending transactions stops the others: transfers that a reorganisation returned and
 * that fund only each other, in a cycle, can never be mined and are rejected with their reason,
 * even when they fill the whole window assembly looks at; a spend whose funding is itself pending
 * but mineable waits for it and is mined after it.
 */
class MempoolCycleTest {
    @RegisterExtension
    static final LocalDynamo dynamo = new LocalDynamo();
    @RegisterExtension
    static final LyingPeers peers = new LyingPeers();

    /** Blocks of a coinbase and 3 transfers: assembly looks at the 8 oldest pending, which the cycles fill. */
    private static final String MAX_TRANSACTIONS = "4";
    private static final int PAIRS = 4;
    private static final long REWARD = 10;

    @Test
    void transfersFundingEachOtherInACycleAreRejectedAndAnotherTransferIsMinedInTheNextBlock() {
        Node node = dynamo.newNode(Map.of(NodeConfig.MAX_TRANSACTIONS_PER_BLOCK, MAX_TRANSACTIONS,
                NodeConfig.PEER_TIMEOUT_MILLIS, "5000", NodeConfig.MINING_THREADS, "2"));
        node.prepareChain();
        Api api = new Api(node);
        Block genesis = node.queries().blocks(0, 1).blocks().get(0);
        // each of a0..a3, b0..b3 owns one block reward, which the heavier chain below does not have
        for (int i = 0; i < PAIRS; i++) {
            mineFor(api, "a" + i);
            mineFor(api, "b" + i);
        }
        List<String> cycle = new ArrayList<>();
        for (int i = 0; i < PAIRS; i++) {
            cycle.add(ReorganisationTest.id(api, "a" + i, "b" + i, REWARD));
            cycle.add(ReorganisationTest.id(api, "b" + i, "a" + i, REWARD));
        }
        // a chain of spends, each funded by the one before: pending together only after the reorganisation
        String toPat = ReorganisationTest.id(api, "genesis", "pat", 30);
        mineUntilConfirmed(api, cycle);
        mineUntilConfirmed(api, List.of(toPat));
        String patToQuin = ReorganisationTest.id(api, "pat", "quin", 20);
        mineUntilConfirmed(api, List.of(patToQuin));
        String quinToRex = ReorganisationTest.id(api, "quin", "rex", 15);
        mineUntilConfirmed(api, List.of(quinToRex));
        long height = node.queries().head().height();

        ResolveConvergesTest.register(node, peers.serving("heavier-" + System.nanoTime(),
                LyingPeers.honestChain(genesis, (int) height + 1), height + 1, genesis.hash()));
        assertTrue(ResolveConvergesTest.resolve(node).get("replaced").asBoolean());
        for (String id : cycle) {
            assertEquals("pending", ReorganisationTest.status(api, id).get("status").asText(), "returned: " + id);
        }
        assertEquals(0, api.balanceOf("a0"), "the cycle's senders lost their rewards with the dropped blocks");
        String toSam = ReorganisationTest.id(api, "genesis", "sam", 5);

        assertEquals(200, api.mine().getStatusCode());

        assertConfirmed(api, toSam);
        for (String id : cycle) {
            JsonNode status = ReorganisationTest.status(api, id);
            assertEquals("rejected", status.get("status").asText(), status.toString());
            assertTrue(status.get("reason").asText().contains("overspends"), status.toString());
        }
        assertConfirmed(api, toPat);
        assertEquals("pending", ReorganisationTest.status(api, patToQuin).get("status").asText(),
                "waits for its funding, confirmed in this block");
        assertEquals("pending", ReorganisationTest.status(api, quinToRex).get("status").asText());

        assertEquals(200, api.mine().getStatusCode());
        assertConfirmed(api, patToQuin);
        assertEquals("pending", ReorganisationTest.status(api, quinToRex).get("status").asText());
        assertEquals(200, api.mine().getStatusCode());
        assertConfirmed(api, quinToRex);

        assertEquals(10, api.balanceOf("pat"));
        assertEquals(5, api.balanceOf("quin"));
        assertEquals(15, api.balanceOf("rex"));
        assertEquals(5, api.balanceOf("sam"));
        for (int i = 0; i < PAIRS; i++) {
            assertEquals(0, api.balanceOf("a" + i));
            assertEquals(0, api.balanceOf("b" + i));
        }
        assertEquals(0, Api.json(api.info.handleRequest(Events.get("/info"), null)).get("mempool").asLong());
        JsonNode valid = api.validate();
        assertTrue(valid.get("valid").asBoolean(), valid.toString());
    }

    private static void mineFor(Api api, String miner) {
        var response = api.mine.handleRequest(Events.get("/mine", null, Map.of("miner", miner)), null);
        assertEquals(200, response.getStatusCode(), response.getBody());
    }

    /** Mines (at most 10 blocks) until every one of {@code ids} is confirmed. */
    private static void mineUntilConfirmed(Api api, List<String> ids) {
        for (int i = 0; i < 10 && !ids.stream().allMatch(id -> isConfirmed(api, id)); i++) {
            assertEquals(200, api.mine().getStatusCode());
        }
        ids.forEach(id -> assertConfirmed(api, id));
    }

    private static boolean isConfirmed(Api api, String id) {
        return "confirmed".equals(ReorganisationTest.status(api, id).get("status").asText());
    }

    private static void assertConfirmed(Api api, String id) {
        JsonNode status = ReorganisationTest.status(api, id);
        assertEquals("confirmed", status.get("status").asText(), status.toString());
    }
}
