package dev.lambdachain.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lambdachain.support.NodeProcess;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A network that runs itself (issue 20): real nodes over real HTTP on 127.0.0.1, each with its own
 * engine, mining and resolving on the runner's schedules, learning the peers of their peers and
 * dropping peers that stopped answering.
 */
class PeerDiscoveryIT {
    /** Far longer than the few scheduled rounds convergence takes; only bounds the wait. */
    private static final long CONVERGENCE_WAIT_MILLIS = 120_000;

    /**
     * A is told only of B, B only of C; C mines every 2 s, all resolve every second. With no
     * /mine and no /nodes/resolve from outside, A learns C from B's list and ends on C's head.
     */
    @Test
    void aNodeToldOfOnePeerReachesTheRestAndFollowsTheMinerOnItsOwn() throws Exception {
        try (NodeProcess c = NodeProcess.serve("--mine-every", "2s", "--resolve-every", "1s");
             NodeProcess b = NodeProcess.serve("--resolve-every", "1s");
             NodeProcess a = NodeProcess.serve("--resolve-every", "1s")) {
            assertEquals(201, b.post("/nodes/register", "{\"nodes\":[\"" + c.address() + "\"]}").status());
            assertEquals(201, a.post("/nodes/register", "{\"nodes\":[\"" + b.address() + "\"]}").status());
            assertEquals(201, c.send("genesis", "alice", 5).status());

            long deadline = System.currentTimeMillis() + CONVERGENCE_WAIT_MILLIS;
            while (true) {
                JsonNode onC = c.get("/info").json();
                JsonNode onA = a.get("/info").json();
                boolean knowsC = peers(a).contains("http://" + c.address());
                if (knowsC && onC.get("height").asLong() >= 1 && onC.get("head").equals(onA.get("head"))) {
                    break;
                }
                if (System.currentTimeMillis() > deadline) {
                    fail("A did not reach C: A knows " + peers(a) + ", A " + onA + ", C " + onC);
                }
                Thread.sleep(250);
            }
            assertEquals(5, a.balance("alice"), "A holds the block C mined on its own");
            assertEquals(List.of("http://" + c.address()), peers(b), "C knows nobody, so B learned nothing");
        }
    }

    /**
     * A peer that does not answer is dropped after PEER_DROP_AFTER_FAILURES resolves in a row,
     * the live one stays; with PEER_SHARING false nothing is learned from a peer's list.
     */
    @Test
    void aDeadPeerIsDroppedAfterItsMissesAndSharingOffLearnsNothing() throws Exception {
        String dead = "localhost:" + NodeProcess.freePort();
        String listedOnly = "localhost:" + NodeProcess.freePort();
        try (NodeProcess b = NodeProcess.serve();
             NodeProcess a = NodeProcess.serve("--peer-drop-after-failures", "2", "--peer-sharing", "false")) {
            assertEquals(201, b.post("/nodes/register", "{\"nodes\":[\"" + listedOnly + "\"]}").status());
            assertEquals(201, a.post("/nodes/register",
                    "{\"nodes\":[\"" + b.address() + "\",\"" + dead + "\"]}").status());

            JsonNode first = a.get("/nodes/resolve").json();
            assertEquals(List.of(), texts(first.get("dropped")), first.toString());
            assertTrue(peers(a).contains("http://" + dead), "one miss is not enough: " + peers(a));

            JsonNode second = a.get("/nodes/resolve").json();
            assertEquals(List.of("http://" + dead), texts(second.get("dropped")), second.toString());
            assertEquals(List.of("http://" + b.address()), peers(a), "the live peer stays, nothing is learned");
            assertEquals(List.of(), texts(second.get("learned")), second.toString());
        }
    }

    /**
     * With sharing on (the default), a resolve registers what a peer lists that we do not know
     * and that answers, but not an address that is this node itself, nor one that does not answer.
     */
    @Test
    void aResolveLearnsThePeersOfItsPeersButNeitherItselfNorTheDead() throws Exception {
        String dead = "localhost:" + NodeProcess.freePort();
        try (NodeProcess c = NodeProcess.serve(); NodeProcess b = NodeProcess.serve(); NodeProcess a = NodeProcess.serve()) {
            assertEquals(201, a.post("/nodes/register", "{\"nodes\":[\"" + b.address() + "\"]}").status());
            assertEquals(201, b.post("/nodes/register",
                    "{\"nodes\":[\"" + c.address() + "\",\"" + a.address() + "\",\"" + dead + "\"]}").status());
            JsonNode resolved = a.get("/nodes/resolve").json();
            assertEquals(List.of("http://" + c.address()), texts(resolved.get("learned")), resolved.toString());
            assertEquals(Set.of("http://" + b.address(), "http://" + c.address()), Set.copyOf(peers(a)));
            JsonNode again = a.get("/nodes/resolve").json();
            assertFalse(again.get("learned").elements().hasNext(), "known peers are not learned again: " + again);
        }
    }

    private static List<String> peers(NodeProcess node) {
        return texts(node.get("/nodes").json().get("nodes"));
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(item -> texts.add(item.asText()));
        return texts;
    }
}
