package dev.lambdachain.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lambdachain.core.Block;
import dev.lambdachain.core.Transaction;
import dev.lambdachain.node.Node;
import dev.lambdachain.core.TransactionRecord;
import dev.lambdachain.support.LocalDynamo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Invariants 1 and 2 of docs/DYNAMODB.md: many miners on one table, one block per height, nothing lost. */
class MiningRaceTest {
    @RegisterExtension
    static final LocalDynamo dynamo = new LocalDynamo();

    @Test
    void eightMinersRacingProduceOneBlockPerHeightAndLoseNoTransaction() throws Exception {
        Node node = dynamo.newNode(Map.of("MINING_THREADS", "1"));
        Api api = new Api(node);
        Set<String> accepted = new HashSet<>();
        int miners = 8;
        int rounds = 4;
        int ok = 0;
        int conflicts = 0;
        ExecutorService pool = Executors.newFixedThreadPool(miners);
        for (int round = 0; round < rounds; round++) {
            for (int i = 0; i < 10; i++) {
                JsonNode tx = Api.json(api.send("genesis", "r" + round + "x" + i, 1 + i));
                accepted.add(tx.get("transaction").get("id").asText());
            }
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Integer>> calls = new ArrayList<>();
            for (int m = 0; m < miners; m++) {
                calls.add(pool.submit(() -> {
                    go.await();
                    return api.mine().getStatusCode();
                }));
            }
            go.countDown();
            for (Future<Integer> call : calls) {
                int status = call.get();
                assertTrue(status == 200 || status == 409, "a miner answered " + status);
                ok += status == 200 ? 1 : 0;
                conflicts += status == 409 ? 1 : 0;
            }
        }
        pool.shutdown();
        assertTrue(conflicts > 0, "no miner lost a race: the test did not race");
        assertEquals(ok + 1, node.queries().head().height() + 1, "each 200 is one block on top of genesis");

        List<Block> chain = node.queries().blocks(0, 500).blocks();
        assertEquals(ok + 1, chain.size());
        for (int h = 0; h < chain.size(); h++) {
            assertEquals(h, chain.get(h).height());
        }
        Map<String, Integer> confirmations = new HashMap<>();
        chain.forEach(block -> block.transactions().stream().filter(tx -> !tx.isCoinbase())
                .map(Transaction::id).forEach(id -> confirmations.merge(id.hex(), 1, Integer::sum)));
        for (String id : accepted) {
            TransactionRecord record = node.queries().transaction(dev.lambdachain.core.Hash.parse(id, "id"));
            if (record.status() == TransactionRecord.Status.CONFIRMED) {
                assertEquals(1, confirmations.get(id), "confirmed exactly once: " + id);
            } else {
                assertEquals(TransactionRecord.Status.PENDING, record.status(), "never lost: " + id);
                assertTrue(!confirmations.containsKey(id));
            }
        }
        // a block takes up to 32 transactions: far fewer rounds than this empty any mempool of the race
        for (int round = 0; round < 100 && node.queries().mempoolSize(1) > 0; round++) {
            assertEquals(200, api.mine().getStatusCode());
        }
        assertEquals(0, node.queries().mempoolSize(1), "the mempool never emptied");
        Set<String> inChain = new HashSet<>();
        node.queries().blocks(0, 500).blocks().forEach(b -> b.transactions().stream().filter(tx -> !tx.isCoinbase())
                .forEach(tx -> assertTrue(inChain.add(tx.id().hex()), "duplicated " + tx.id())));
        assertEquals(accepted, inChain);
        assertEquals(true, api.validate().get("valid").asBoolean());
    }
}
