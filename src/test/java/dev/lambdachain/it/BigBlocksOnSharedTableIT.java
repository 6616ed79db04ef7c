package dev.lambdachain.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lambdachain.support.NodeProcess;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two `serve` processes on one table mine big blocks at the same time while transfers arrive on
 * both over real HTTP: the chain both serve has one block per height, every accepted transaction
 * is confirmed exactly once, blocks far past one DynamoDB transaction's 100 items are among
 * them, and /validate accepts it on both.
 */
class BigBlocksOnSharedTableIT {
    private static final int CLIENTS = 8;
    private static final int TRANSFERS_PER_CLIENT = 400;
    /** Miners start once this many transfers are pending, so at least one block is big. */
    private static final int PENDING_BEFORE_MINING = 200;

    @Test
    void twoProcessesMiningBigBlocksWithPostsOnBothConfirmEveryAcceptedTransactionOnce() throws Exception {
        try (NodeProcess dynamo = NodeProcess.dynamodb()) {
            NodeProcess[] nodes = SharedTableIT.serveTwo(dynamo, "--difficulty", "2", "--mining-threads", "1");
            try (NodeProcess p1 = nodes[0]; NodeProcess p2 = nodes[1]) {
                for (int c = 0; c < CLIENTS; c++) {
                    assertEquals(201, p1.send("genesis", "client" + c, 100_000).status());
                }
                assertEquals(200, p2.get("/mine").status());

                Set<String> accepted = ConcurrentHashMap.newKeySet();
                List<String> failures = new CopyOnWriteArrayList<>();
                AtomicInteger blocksMined = new AtomicInteger();
                AtomicBoolean posting = new AtomicBoolean(true);
                ExecutorService pool = Executors.newFixedThreadPool(CLIENTS + 2);
                List<Future<?>> clients = new ArrayList<>();
                for (int c = 0; c < CLIENTS; c++) {
                    NodeProcess via = c % 2 == 0 ? p1 : p2;
                    String sender = "client" + c;
                    clients.add(pool.submit(() -> {
                        for (int i = 0; i < TRANSFERS_PER_CLIENT; i++) {
                            // a recipient of its own: no two transfers are the same transaction
                            NodeProcess.Reply reply = via.send(sender, sender + "-payee" + i, 1 + i % 3);
                            if (reply.status() == 201) {
                                accepted.add(reply.json().get("transaction").get("id").asText());
                            } else {
                                failures.add("POST " + reply.status() + " " + reply.json());
                            }
                        }
                        return null;
                    }));
                }
                List<Future<?>> miners = new ArrayList<>();
                for (NodeProcess via : List.of(p1, p2)) {
                    miners.add(pool.submit(() -> {
                        long startBy = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
                        while (accepted.size() < PENDING_BEFORE_MINING && System.nanoTime() < startBy) {
                            Thread.sleep(20);
                        }
                        while (posting.get()) {
                            NodeProcess.Reply reply = via.get("/mine");
                            if (reply.status() == 200) {
                                blocksMined.incrementAndGet();
                            } else if (reply.status() != 409 && reply.status() != 503) {
                                // 409: the other process holds the lease or took the height; 503: no nonce in time
                                failures.add("/mine " + reply.status() + " " + reply.json());
                            }
                        }
                        return null;
                    }));
                }
                try {
                    for (Future<?> client : clients) {
                        client.get(10, TimeUnit.MINUTES);
                    }
                } finally {
                    posting.set(false);
                    pool.shutdown();
                }
                for (Future<?> miner : miners) {
                    miner.get(5, TimeUnit.MINUTES);
                }
                assertEquals(List.of(), failures);
                assertEquals(CLIENTS * TRANSFERS_PER_CLIENT, accepted.size(), "every transfer accepted");
                assertTrue(blocksMined.get() > 0, "the miners mined while transfers arrived");

                for (int i = 0; i < 50 && p1.get("/info").json().get("mempool").asLong() > 0; i++) {
                    int status = (i % 2 == 0 ? p1 : p2).get("/mine").status();
                    assertTrue(status == 200 || status == 409 || status == 503, "mine answered " + status);
                }
                assertEquals(0, p2.get("/info").json().get("mempool").asLong(), "everything accepted was mined");

                List<JsonNode> chain = chain(p1);
                List<JsonNode> seenByOther = chain(p2);
                assertEquals(chain.size(), seenByOther.size(), "both serve the same chain");
                Map<String, Integer> confirmations = new HashMap<>();
                int largest = 0;
                for (int h = 0; h < chain.size(); h++) {
                    JsonNode block = chain.get(h);
                    assertEquals(h, block.get("height").asLong(), "one block per height, no gaps");
                    assertEquals(block.get("hash"), seenByOther.get(h).get("hash"), "one block at height " + h);
                    JsonNode transactions = block.get("transactions");
                    transactions.forEach(tx -> confirmations.merge(tx.get("id").asText(), 1, Integer::sum));
                    largest = Math.max(largest, transactions.size() - 1);
                }
                assertEquals(p2.get("/info").json().get("height").asLong(), chain.size() - 1);
                for (String id : accepted) {
                    assertEquals(1, confirmations.getOrDefault(id, 0), "accepted transaction " + id + " confirmed once");
                }
                assertTrue(largest > 32, "a block past the old limit of 32 transfers: the largest held " + largest);
                for (NodeProcess node : List.of(p1, p2)) {
                    JsonNode validate = node.get("/validate").json();
                    assertTrue(validate.get("valid").asBoolean(), validate.toString());
                }
            }
        }
    }

    /** Every block of {@code node}'s chain, genesis first, through the pages /chain answers. */
    private static List<JsonNode> chain(NodeProcess node) {
        List<JsonNode> blocks = new ArrayList<>();
        for (long from = 0; from >= 0; ) {
            JsonNode page = node.get("/chain?from=" + from + "&limit=500").json();
            page.get("chain").forEach(blocks::add);
            from = page.hasNonNull("next") ? page.get("next").asLong() : -1;
        }
        return blocks;
    }
}
