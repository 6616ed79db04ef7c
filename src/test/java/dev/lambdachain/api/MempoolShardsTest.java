package dev.lambdachain.api;

import dev.lambdachain.core.Block;
import dev.lambdachain.core.Transaction;
import dev.lambdachain.node.Node;
import dev.lambdachain.node.NodeConfig;
import dev.lambdachain.support.LocalDynamo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** With the mempool over several index shards, mining still takes the oldest pending transactions first. */
class MempoolShardsTest {
    @RegisterExtension
    static final LocalDynamo dynamo = new LocalDynamo();

    /** A clock one millisecond later at every reading: every acceptance has its own arrival time. */
    private static final class TickingClock extends Clock {
        private final AtomicLong millis = new AtomicLong(1_800_000_000_000L);

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis.incrementAndGet());
        }
    }

    @Test
    void miningTakesTheOldestPendingTransactionsFirstAcrossFourShards() {
        String table = "shards" + System.nanoTime();
        dynamo.connection().createTableIfMissing(table);
        Node node = new Node(NodeConfig.from(Map.of(NodeConfig.TABLE_NAME, table, NodeConfig.MEMPOOL_SHARDS, "4", NodeConfig.SIGNATURE_MODE, "dev",
                NodeConfig.DIFFICULTY, "1")), dynamo.connection(), new TickingClock());
        Api api = new Api(node);
        List<String> submitted = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            assertEquals(201, api.send("genesis", "r" + i, 1 + i).getStatusCode());
            submitted.add("r" + i);
        }
        Set<String> shards = new HashSet<>();
        dynamo.client().scan(b -> b.tableName(table).filterExpression("attribute_exists(mp)")).items()
                .forEach(item -> shards.add(item.get("mp").s()));
        assertTrue(shards.size() > 1, "the pending transactions spread over the shards: " + shards);
        assertTrue(shards.stream().allMatch(s -> s.matches("P#[0-3]")), shards.toString());

        assertEquals(200, api.mine().getStatusCode());
        assertEquals(200, api.mine().getStatusCode());
        List<String> mined = new ArrayList<>();
        for (Block block : node.queries().blocks(1, 2).blocks()) {
            block.transactions().stream().filter(tx -> !tx.isCoinbase()).map(Transaction::recipient).forEach(mined::add);
        }
        assertEquals(submitted, mined, "in acceptance order, the oldest first, across blocks");
        assertEquals(0, node.queries().mempoolSize(10));
    }
}
