package dev.lambdachain.it;

import dev.lambdachain.support.NodeProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The README's first command, for real: the jar serves the seed's flow over HTTP with its bugs fixed. */
class SeedFlowOverHttpIT {
    private NodeProcess node;

    @BeforeEach
    void start() throws Exception {
        node = NodeProcess.serve();
    }

    @AfterEach
    void stop() {
        if (node != null) { // null when skipped: no engine on this machine
            node.close();
        }
    }

    @Test
    void seedFlowOverHttp() {
        assertEquals(201, node.send("genesis", "alice", 100).status());
        assertEquals(201, node.send("genesis", "bob", 50).status());
        assertEquals(200, node.get("/mine").status());
        assertEquals(201, node.send("alice", "bob", 25).status());
        assertEquals(201, node.send("bob", "charlie", 30).status());
        assertEquals(200, node.get("/mine").status());
        assertTrue(node.get("/validate").json().get("valid").asBoolean());
        NodeProcess.Reply refused = node.send("alice", "bob", 1000);
        assertTrue(refused.status() >= 400 && refused.status() < 500);
        assertTrue(refused.json().get("error").asText().contains("insufficient funds"));
        assertEquals(75, node.balance("alice"));
        assertEquals(45, node.balance("bob"));
        assertEquals(30, node.balance("charlie"));
        assertEquals(20, node.balance("miner"));
        assertEquals(999_850, node.balance("genesis"));
    }

    @Test
    void twoSpendsOfTheSameThirtyOverHttpAcceptOne() throws Exception {
        node.send("genesis", "frank", 30);
        node.get("/mine");
        ExecutorService pool = Executors.newFixedThreadPool(2);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Integer>> replies = new ArrayList<>();
        for (String to : List.of("gina", "hank")) {
            replies.add(pool.submit(() -> {
                go.await();
                return node.send("frank", to, 30).status();
            }));
        }
        go.countDown();
        int accepted = 0;
        for (Future<Integer> reply : replies) {
            accepted += reply.get() == 201 ? 1 : 0;
        }
        pool.shutdown();
        assertEquals(1, accepted);
    }

    @Test
    void hostileRequestsGetJsonErrorsAndTheNodeKeepsServing() {
        NodeProcess.Reply huge = node.post("/transactions/new", "{\"pad\":\"" + "x".repeat(10 * 1024 * 1024) + "\"}");
        assertEquals(413, huge.status());
        assertTrue(huge.json().has("error"));
        NodeProcess.Reply unknown = node.get("/no/such/route");
        assertEquals(404, unknown.status());
        assertTrue(unknown.json().has("error"));
        assertEquals(400, node.post("/transactions/new", "{\"sender\":").status());
        assertEquals(400, node.post("/transactions/new",
                "{\"sender\":\"alice\",\"recipient\":\"bob\",\"amount\":1.5}").status());
        assertEquals(200, node.get("/info").status());
    }
}
