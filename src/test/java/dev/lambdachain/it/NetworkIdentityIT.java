package dev.lambdachain.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lambdachain.support.NodeProcess;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every rule is part of a network's identity, between real `serve` processes (each with its own
 * Dynoxide) over real HTTP on 127.0.0.1: nodes that differ in one rule register each other, and
 * resolving names the rule instead of refusing blocks and putting the peer on back-off; nodes
 * with equal rules converge. The runner takes each setting as a flag or as its environment variable.
 */
class NetworkIdentityIT {

    @Test
    void nodesThatDifferOnlyInTheRetargetIntervalAreAnotherNetworkToEachOtherAndNeitherWaits() throws Exception {
        try (NodeProcess a = NodeProcess.serve("--retarget-interval", "10");
             NodeProcess b = NodeProcess.serve("--retarget-interval", "20")) {
            assertEquals(10, a.get("/info").json().at("/rules/retarget_interval").asInt());
            assertEquals(20, b.get("/info").json().at("/rules/retarget_interval").asInt());
            assertMeetAsAnotherNetwork(a, b, "retarget interval 20 vs 10 here", "retarget interval 10 vs 20 here");
        }
    }

    @Test
    void nodesThatDifferOnlyInTheBlockLimitAreAnotherNetworkToEachOtherAndNeitherWaits() throws Exception {
        try (NodeProcess a = NodeProcess.serve("--max-transactions-per-block", "16");
             NodeProcess b = NodeProcess.serve()) {
            assertMeetAsAnotherNetwork(a, b, "max transactions per block 4096 vs 16 here",
                    "max transactions per block 16 vs 4096 here");
        }
    }

    /**
     * Both register each other and resolve twice: every time each names the rule, and the second
     * time too (a peer put on back-off would be reported as waiting instead).
     */
    private static void assertMeetAsAnotherNetwork(NodeProcess a, NodeProcess b, String aSees, String bSees)
            throws InterruptedException {
        assertNotEquals(a.get("/info").json().get("network"), b.get("/info").json().get("network"));
        assertNotEquals(a.get("/info").json().get("genesis"), b.get("/info").json().get("genesis"));
        assertEquals(201, a.post("/nodes/register", "{\"nodes\":[\"" + b.address() + "\"]}").status());
        assertEquals(201, b.post("/nodes/register", "{\"nodes\":[\"" + a.address() + "\"]}").status());
        for (int round = 1; round <= 2; round++) {
            assertOnlyPeerOutcome(a, "another network: " + aSees, round);
            assertOnlyPeerOutcome(b, "another network: " + bSees, round);
        }
        assertCountedAsAnotherNetwork(a);
        assertCountedAsAnotherNetwork(b);
    }

    /** The resolve metric (an EMF line on the node's stderr) counts the peer as {@code other-network}. */
    private static void assertCountedAsAnotherNetwork(NodeProcess node) throws InterruptedException {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
        while (!node.output().contains("\"Outcome\":\"other-network\"") && System.nanoTime() < deadline) {
            Thread.sleep(50); // the line is written before the answer, but read from the pipe by another thread
        }
        assertTrue(node.output().contains("\"Outcome\":\"other-network\""), node.output());
    }

    private static void assertOnlyPeerOutcome(NodeProcess node, String outcome, int round) {
        JsonNode resolved = node.get("/nodes/resolve").json();
        assertFalse(resolved.get("replaced").asBoolean(), resolved.toString());
        assertEquals(1, resolved.get("peers").size(), resolved.toString());
        assertEquals(outcome, resolved.at("/peers/0/outcome").asText(), "resolve " + round + ": " + resolved);
    }

    @Test
    void nodesWithEqualRetargetingRulesConverge() throws Exception {
        try (NodeProcess a = NodeProcess.serve("--retarget-interval", "2", "--difficulty", "1");
             NodeProcess b = NodeProcess.serve("--retarget-interval", "2", "--difficulty", "1")) {
            assertEquals(a.get("/info").json().get("genesis"), b.get("/info").json().get("genesis"));
            a.send("genesis", "alice", 100);
            for (int i = 0; i < 5; i++) {
                assertEquals(200, a.get("/mine").status());
            }
            assertEquals(201, b.post("/nodes/register", "{\"nodes\":[\"" + a.address() + "\"]}").status());
            JsonNode resolved = b.get("/nodes/resolve").json();
            assertTrue(resolved.get("replaced").asBoolean(), resolved.toString());
            assertEquals(a.get("/info").json().get("head"), b.get("/info").json().get("head"));
            assertEquals(100, b.balance("alice"));
            assertTrue(b.get("/validate").json().get("valid").asBoolean());
        }
    }

    @Test
    void serveTakesASettingFromItsEnvironmentVariableAndTheFlagWins() throws Exception {
        try (NodeProcess byVariable = NodeProcess.serveWith(Map.of("DIFFICULTY", "2", "RETARGET_INTERVAL", "10"));
             NodeProcess byFlag = NodeProcess.serveWith(Map.of("DIFFICULTY", "2"), "--difficulty", "3")) {
            JsonNode info = byVariable.get("/info").json();
            assertEquals(2, info.get("difficulty").asInt(), info.toString());
            assertEquals(2, info.get("header_version").asInt(), "RETARGET_INTERVAL=10 runs a retargeting chain");
            assertEquals(10, info.get("retarget_interval").asInt());
            assertEquals(3, byFlag.get("/info").json().get("difficulty").asInt());
            assertEquals(1, byFlag.get("/info").json().get("header_version").asInt());
        }
    }
}
