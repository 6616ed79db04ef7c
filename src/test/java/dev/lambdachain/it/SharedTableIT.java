package dev.lambdachain.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lambdachain.core.Hash;
import dev.lambdachain.core.Transaction;
import dev.lambdachain.support.NodeProcess;
import dev.lambdachain.support.TestKey;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;


import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Several "Lambda containers" on one table: separate `serve` JVMs on one Dynoxide server (`dynamodb` command).
 * Only DynamoDB conditions and transactions can keep them consistent; these tests would catch a
 * node that relied on a lock or cache inside one process.
 */
class SharedTableIT {

    /** Two `serve --dynamodb` processes on {@code dynamo}'s default table, started together, with {@code settings}. */
    static NodeProcess[] serveTwo(NodeProcess dynamo, String... settings) throws Exception {
        List<String> args = new ArrayList<>(List.of("--dynamodb", dynamo.url()));
        args.addAll(List.of(settings));
        ExecutorService starter = Executors.newFixedThreadPool(2);
        Future<NodeProcess> first = starter.submit(() -> NodeProcess.serve(args.toArray(String[]::new)));
        Future<NodeProcess> second = starter.submit(() -> NodeProcess.serve(args.toArray(String[]::new)));
        starter.shutdown();
        return new NodeProcess[]{first.get(), second.get()};
    }

    @Test
    void eightClientsOnTwoProcessesLeaveOneChainWithEveryAcceptedTransactionOnce() throws Exception {
        try (NodeProcess dynamo = NodeProcess.dynamodb()) {
            NodeProcess[] nodes = serveTwo(dynamo);
            try (NodeProcess p1 = nodes[0]; NodeProcess p2 = nodes[1]) {
                int clients = 8;
                for (int c = 0; c < clients; c++) {
                    assertEquals(201, p1.send("genesis", "client" + c, 10_000).status());
                }
                assertEquals(200, p2.get("/mine").status());

                Set<String> accepted = ConcurrentHashMap.newKeySet();
                AtomicInteger mined = new AtomicInteger();
                AtomicInteger lostRaces = new AtomicInteger();
                List<String> serverErrors = new java.util.concurrent.CopyOnWriteArrayList<>();
                ExecutorService pool = Executors.newFixedThreadPool(clients);
                CountDownLatch go = new CountDownLatch(1);
                List<Future<?>> work = new ArrayList<>();
                int requestsPerClient = 30;
                for (int c = 0; c < clients; c++) {
                    NodeProcess via = c % 2 == 0 ? p1 : p2;
                    String sender = "client" + c;
                    work.add(pool.submit(() -> {
                        go.await();
                        for (int i = 0; i < requestsPerClient; i++) {
                            NodeProcess.Reply reply = i % 6 == 5 ? via.get("/mine")
                                    : via.send(sender, "payee" + ThreadLocalRandom.current().nextInt(20),
                                    1 + ThreadLocalRandom.current().nextInt(3));
                            if (reply.status() >= 500) {
                                serverErrors.add(reply.status() + " " + reply.json());
                            } else if (reply.status() == 201) {
                                accepted.add(reply.json().get("transaction").get("id").asText());
                            } else if (reply.status() == 200) {
                                mined.incrementAndGet();
                            } else if (reply.status() == 409) {
                                lostRaces.incrementAndGet();
                            }
                        }
                        return null;
                    }));
                }
                go.countDown();
                for (Future<?> w : work) {
                    w.get();
                }
                pool.shutdown();
                assertEquals(List.of(), serverErrors, "no 5xx");
                assertTrue(accepted.size() > 20 && mined.get() > 0, "the load happened: " + accepted.size()
                        + " accepted, " + mined.get() + " mined, " + lostRaces.get() + " lost races");

                for (int i = 0; i < 200 && p1.get("/info").json().get("mempool").asLong() > 0; i++) {
                    int status = (i % 2 == 0 ? p1 : p2).get("/mine").status();
                    assertTrue(status == 200 || status == 409, "mine answered " + status);
                }
                assertEquals(0, p2.get("/info").json().get("mempool").asLong());
                assertTrue(p1.get("/validate").json().get("valid").asBoolean());
                assertTrue(p2.get("/validate").json().get("valid").asBoolean());
                JsonNode info1 = p1.get("/info").json();
                assertEquals(info1.get("head"), p2.get("/info").json().get("head"));

                Map<String, Integer> confirmations = new HashMap<>();
                long height = -1;
                for (long from = 0; from >= 0; ) {
                    JsonNode page = p2.get("/chain?from=" + from + "&limit=500").json();
                    for (JsonNode block : page.get("chain")) {
                        assertEquals(++height, block.get("height").asLong(), "one block per height, no gaps");
                        block.get("transactions").forEach(tx ->
                                confirmations.merge(tx.get("id").asText(), 1, Integer::sum));
                    }
                    from = page.hasNonNull("next") ? page.get("next").asLong() : -1;
                }
                assertEquals(info1.get("height").asLong(), height);
                for (String id : accepted) {
                    assertEquals(1, confirmations.getOrDefault(id, 0), "accepted transaction " + id + " confirmed once");
                }
            }
        }
    }

    @Test
    void twoSignedTransactionsOfOneSenderRacingThroughTwoProcessesNeverBothTakeASequenceOrTheCoins() throws Exception {
        TestKey owner = TestKey.numbered(1);
        TestKey spender = TestKey.numbered(2);
        try (NodeProcess dynamo = NodeProcess.dynamodb()) {
            NodeProcess[] nodes = serveTwo(dynamo, "--signature-mode", "required",
                    "--genesis-address", owner.address(), "--miner", TestKey.numbered(9).address());
            try (NodeProcess p1 = nodes[0]; NodeProcess p2 = nodes[1]) {
                Hash genesis = Hash.parse(p1.get("/info").json().get("genesis").asText(), "genesis");
                assertEquals("required", p2.get("/info").json().get("signature_mode").asText());
                Transaction funding = owner.pay(genesis, spender.address(), 500, System.currentTimeMillis(), 0);
                assertEquals(201, p1.post("/transactions/new", TestKey.write(TestKey.body(funding))).status());
                assertEquals(200, p2.get("/mine").status());
                int accepted = 0;
                for (int round = 0; round < 6; round++) {
                    long sequence = accepted;
                    // both take the one next sequence, and together they spend more than is left in the last round
                    Transaction viaOne = spender.pay(genesis, TestKey.numbered(3).address(), 100, System.currentTimeMillis(), sequence);
                    Transaction viaTwo = spender.pay(genesis, TestKey.numbered(4).address(), 100, System.currentTimeMillis(), sequence);
                    ExecutorService pool = Executors.newFixedThreadPool(2);
                    CountDownLatch go = new CountDownLatch(1);
                    Future<NodeProcess.Reply> one = pool.submit(() -> {
                        go.await();
                        return p1.post("/transactions/new", TestKey.write(TestKey.body(viaOne)));
                    });
                    Future<NodeProcess.Reply> two = pool.submit(() -> {
                        go.await();
                        return p2.post("/transactions/new", TestKey.write(TestKey.body(viaTwo)));
                    });
                    go.countDown();
                    int won = (one.get().status() == 201 ? 1 : 0) + (two.get().status() == 201 ? 1 : 0);
                    pool.shutdown();
                    assertEquals(round < 5 ? 1 : 0, won, "round " + round + ": " + one.get() + " / " + two.get());
                    for (NodeProcess.Reply reply : List.of(one.get(), two.get())) {
                        assertTrue(reply.status() == 201 || reply.status() == 409 || reply.status() == 422,
                                reply.toString());
                    }
                    accepted += won;
                    JsonNode balance = p2.get("/balance/" + spender.address()).json();
                    assertEquals(accepted, balance.get("next_sequence").asLong(), balance.toString());
                    assertEquals(100L * accepted, balance.get("pending_outgoing").asLong(), balance.toString());
                }
                assertEquals(5, accepted, "one winner a round until the 500 coins are spent");
                assertEquals(200, p1.get("/mine").status());
                JsonNode validate = p2.get("/validate").json();
                assertTrue(validate.get("valid").asBoolean(), validate.toString());
                JsonNode spent = p1.get("/balance/" + spender.address()).json();
                assertEquals(0, spent.get("balance").asLong(), spent.toString());
                assertEquals(5, spent.get("next_sequence").asLong(), spent.toString());
            }
        }
    }

    @Test
    void aTransactionAcceptedByOneProcessIsSeenByTheOtherAndADoubleSpendAcrossThemFails() throws Exception {
        try (NodeProcess dynamo = NodeProcess.dynamodb()) {
            NodeProcess[] nodes = serveTwo(dynamo);
            try (NodeProcess p1 = nodes[0]; NodeProcess p2 = nodes[1]) {
                p1.send("genesis", "ivy", 30);
                p1.get("/mine");
                assertEquals(201, p1.send("ivy", "jack", 10).status());
                JsonNode seenByOther = p2.get("/balance/ivy").json();
                assertEquals(30, seenByOther.get("balance").asLong());
                assertEquals(10, seenByOther.get("pending_outgoing").asLong());
                assertEquals(20, seenByOther.get("available").asLong());
                assertEquals(1, p2.get("/info").json().get("mempool").asLong());

                p2.send("genesis", "kim", 30);
                p2.get("/mine");
                for (int round = 0; round < 5; round++) {
                    String sender = "kim" + round;
                    p1.send("genesis", sender, 30);
                    p1.get("/mine");
                    ExecutorService pool = Executors.newFixedThreadPool(2);
                    CountDownLatch go = new CountDownLatch(1);
                    Future<Integer> viaOne = pool.submit(() -> {
                        go.await();
                        return p1.send(sender, "lou", 30).status();
                    });
                    Future<Integer> viaTwo = pool.submit(() -> {
                        go.await();
                        return p2.send(sender, "max", 30).status();
                    });
                    go.countDown();
                    int accepted = (viaOne.get() == 201 ? 1 : 0) + (viaTwo.get() == 201 ? 1 : 0);
                    pool.shutdown();
                    assertEquals(1, accepted, "round " + round + ": " + viaOne.get() + " / " + viaTwo.get());
                }
            }
        }
    }

    @Test
    void aMinerKilledHoldingTheLeaseBlocksMiningOnlyUntilTheLeaseExpires() throws Exception {
        int leaseSeconds = 3;
        try (NodeProcess dynamo = NodeProcess.dynamodb();
             DynamoDbClient db = DynamoDbClient.builder()
                     .endpointOverride(URI.create(dynamo.url()))
                     .region(Region.US_EAST_1)
                     .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                     .httpClient(UrlConnectionHttpClient.builder().build())
                     .build()) {
            String[] settings = {"--lease-seconds", Integer.toString(leaseSeconds), "--difficulty", "6"};
            NodeProcess[] nodes = serveTwo(dynamo, settings);
            NodeProcess victim = nodes[0];
            try (NodeProcess survivor = nodes[1]) {
                String txId = victim.send("genesis", "nina", 5).json().get("transaction").get("id").asText();
                boolean killedWhileHolding = false;
                long deadLeaseExpiresAt = 0;
                for (int attempt = 0; attempt < 6 && !killedWhileHolding; attempt++) {
                    long heightBefore = survivor.get("/info").json().get("height").asLong();
                    NodeProcess miner = victim;
                    Thread mining = new Thread(() -> {
                        try {
                            miner.get("/mine");
                        } catch (RuntimeException killed) {
                            // the connection dies with the process
                        }
                    });
                    mining.setDaemon(true);
                    mining.start();
                    deadLeaseExpiresAt = awaitLease(db);
                    victim.kill();
                    killedWhileHolding = survivor.get("/info").json().get("height").asLong() == heightBefore;
                    if (!killedWhileHolding) {
                        victim = NodeProcess.serve(concat(new String[]{"--dynamodb", dynamo.url()}, settings));
                    }
                }
                assertTrue(killedWhileHolding, "never caught the miner holding the lease before it committed");

                long deadline = System.nanoTime() + 60_000_000_000L;
                int status;
                int refused = 0;
                do {
                    status = survivor.get("/mine").status();
                    if (status == 409) {
                        refused++;
                        Thread.sleep(200);
                    }
                    // 503: the lease was free but no nonce was found inside it (a busy machine); try again
                } while ((status == 409 || status == 503) && System.nanoTime() < deadline);
                long minedAt = System.currentTimeMillis();
                assertEquals(200, status, "mining resumed once the dead miner's lease expired");
                assertTrue(refused > 0, "the dead miner's lease was honoured while live");
                assertTrue(minedAt >= deadLeaseExpiresAt, "mined at " + minedAt + ", before the dead miner's lease expired at "
                        + deadLeaseExpiresAt);
                assertEquals("confirmed", survivor.get("/transactions/" + txId).json().get("status").asText(),
                        "the transaction accepted before the crash is mined");
                assertTrue(survivor.get("/validate").json().get("valid").asBoolean());
            } finally {
                victim.close();
            }
        }
    }

    /** Waits (at most 10 s) until some process holds the mining lease; returns when it expires, in epoch millis. */
    private static long awaitLease(DynamoDbClient db) throws InterruptedException {
        Map<String, AttributeValue> key = Map.of("pk", AttributeValue.fromS("META"), "sk", AttributeValue.fromS("LEASE"));
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline) {
            Map<String, AttributeValue> lease = db.getItem(b -> b.tableName("lambdachain").key(key).consistentRead(true)).item();
            if (lease != null && lease.containsKey("expiresAt")
                    && Long.parseLong(lease.get("expiresAt").n()) > System.currentTimeMillis()) {
                return Long.parseLong(lease.get("expiresAt").n());
            }
            Thread.sleep(2);
        }
        throw new AssertionError("the miner never took the lease");
    }

    private static String[] concat(String[] a, String[] b) {
        String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
