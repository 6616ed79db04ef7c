package dev.lambdachain.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lambdachain.core.Block;
import dev.lambdachain.node.Node;
import dev.lambdachain.node.NodeConfig;
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
 * A heavier chain that forked 600 blocks below our head wins (at difficulty 1, so the test mines
 * fast), and every transaction of the dropped blocks is pending again in its original order.
 */
class DeepForkTest {
    private static final int OUR_BLOCKS = 600;
    @RegisterExtension
    static final LocalDynamo dynamo = new LocalDynamo();
    @RegisterExtension
    static final LyingPeers peers = new LyingPeers();

    @Test
    void aHeavierChainForked600BlocksBackIsAdoptedAndEveryDroppedTransactionIsPendingInOrder() {
        Node node = dynamo.newNode(Map.of(NodeConfig.DIFFICULTY, "1", NodeConfig.MINING_THREADS, "1",
                NodeConfig.PEER_TIMEOUT_MILLIS, "5000"));
        node.prepareChain();
        Api api = new Api(node);
        Block genesis = node.queries().blocks(0, 1).blocks().get(0);
        List<String> accepted = new ArrayList<>();
        for (int i = 0; i < OUR_BLOCKS; i++) {
            if (i % 40 == 0) {
                accepted.add(ReorganisationTest.id(api, "genesis", "payee-" + i, 1 + i));
            }
            assertEquals(200, api.mine().getStatusCode());
        }
        ResolveConvergesTest.register(node, peers.serving("deep-" + System.nanoTime(),
                LyingPeers.honestChain(genesis, OUR_BLOCKS + 1), OUR_BLOCKS + 1, genesis.hash()));

        JsonNode resolved = null;
        for (int call = 0; call < 10 && (resolved == null || !resolved.get("replaced").asBoolean()); call++) {
            resolved = ResolveConvergesTest.resolve(node);
        }

        assertTrue(resolved.get("replaced").asBoolean(), resolved.toString());
        assertEquals(OUR_BLOCKS + 2, resolved.get("length").asLong());
        for (String id : accepted) {
            assertEquals("pending", ReorganisationTest.status(api, id).get("status").asText(), id);
        }
        List<String> mined = new ArrayList<>();
        Api.json(api.mine()).get("block").get("transactions").forEach(tx -> mined.add(tx.get("id").asText()));
        assertEquals(accepted, mined.subList(1, mined.size()), "coinbase, then the dropped ones in their original order");
        assertTrue(api.validate().get("valid").asBoolean());
    }
}
