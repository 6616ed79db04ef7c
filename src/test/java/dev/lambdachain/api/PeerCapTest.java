package dev.lambdachain.api;

import dev.lambdachain.node.Node;
import dev.lambdachain.node.PeerRegistry;
import dev.lambdachain.support.Events;
import dev.lambdachain.support.LocalDynamo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The peer cap is a condition on the write, so registrations racing in any processes cannot pass it. */
class PeerCapTest {
    @RegisterExtension
    static final LocalDynamo dynamo = new LocalDynamo();

    private static String register(int firstPort, int count) {
        StringBuilder body = new StringBuilder("{\"nodes\":[");
        for (int i = 0; i < count; i++) {
            body.append(i == 0 ? "" : ",").append("\"127.0.0.1:").append(firstPort + i).append('"');
        }
        return body.append("]}").toString();
    }

    @Test
    void concurrentRegistrationsCannotTakeThePeerCountPastTheCap() throws Exception {
        Node node = dynamo.newNode();
        RegisterNodesHandler handler = new RegisterNodesHandler(node);
        int prefilled = PeerRegistry.MAX_PEERS - 4;
        assertEquals(201, handler.handleRequest(Events.post("/nodes/register", register(10_000, prefilled)), null)
                .getStatusCode());

        int racers = 4; // two of them fit, each adding 2 peers of its own
        ExecutorService pool = Executors.newFixedThreadPool(racers);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Integer>> calls = new ArrayList<>();
        for (int r = 0; r < racers; r++) {
            String body = register(20_000 + 10 * r, 2);
            calls.add(pool.submit(() -> {
                go.await();
                return handler.handleRequest(Events.post("/nodes/register", body), null).getStatusCode();
            }));
        }
        go.countDown();
        int added = 0;
        int refused = 0;
        for (Future<Integer> call : calls) {
            int status = call.get();
            added += status == 201 ? 1 : 0;
            refused += status == 409 ? 1 : 0;
        }
        pool.shutdown();

        assertEquals(PeerRegistry.MAX_PEERS, node.queries().peers().size(), "the list is full, never past it");
        assertEquals(2, added);
        assertEquals(2, refused);
    }
}
