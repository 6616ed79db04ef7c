package dev.lambdachain.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lambdachain.core.Block;
import dev.lambdachain.node.Node;
import dev.lambdachain.node.NodeConfig;
import dev.lambdachain.store.ConflictException;
import dev.lambdachain.store.ChainStore.MiningLease;
import dev.lambdachain.support.LocalDynamo;
import dev.lambdachain.support.LyingPeers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Mining and a chain swap share the lease: neither starves the other, and a 409 names what holds it. */
class LeaseFairnessTest {
    @RegisterExtension
    static final LocalDynamo dynamo = new LocalDynamo();
    @RegisterExtension
    static final LyingPeers peers = new LyingPeers();

    @Test
    void aRefusedLeaseNamesItsHolder() {
        Node node = dynamo.newNode();
        node.prepareChain();
        MiningLease lease = dynamo.connection().chainStore(node.config().tableName(), node.clock(),
                node.config().mempoolShards(), node.validator().genesisHash()).lease();
        String miner = MiningLease.holder("mining");
        lease.acquire(miner, Duration.ofSeconds(30));
        try {
            ConflictException refused = assertThrows(ConflictException.class,
                    () -> lease.acquire(MiningLease.holder("resolve"), Duration.ofSeconds(30)));
            assertTrue(refused.getMessage().contains("held by mining in process "), refused.getMessage());
            assertTrue(lease.queue("a resolve", System.currentTimeMillis() + 30_000));
        } finally {
            lease.release(miner);
        }
        ConflictException promised = assertThrows(ConflictException.class,
                () -> lease.acquire(MiningLease.holder("mining"), Duration.ofSeconds(30)));
        assertTrue(promised.getMessage().contains("promised to a resolve"), promised.getMessage());
        lease.acquire("a resolve", Duration.ofSeconds(30));
    }

    @Test
    void resolveWinsTheLeaseOnANodeThatMinesContinuously() throws Exception {
        Node node = dynamo.newNode(Map.of(NodeConfig.DIFFICULTY, "2", NodeConfig.MINING_THREADS, "1",
                NodeConfig.PEER_TIMEOUT_MILLIS, "5000"));
        node.prepareChain();
        Api api = new Api(node);
        Block genesis = node.queries().blocks(0, 1).blocks().get(0);
        ResolveConvergesTest.register(node, peers.serving("far-ahead-" + System.nanoTime(),
                LyingPeers.honestChain(genesis, 400), 400, genesis.hash()));
        AtomicBoolean mining = new AtomicBoolean(true);
        AtomicInteger mined = new AtomicInteger();
        Thread miner = new Thread(() -> {
            while (mining.get()) {
                if (api.mine().getStatusCode() == 200) {
                    mined.incrementAndGet();
                }
            }
        });
        miner.start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (mined.get() < 5 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertTrue(mined.get() >= 5, "the miner never got going: " + mined.get() + " blocks");
            JsonNode resolved = ResolveConvergesTest.resolve(node);
            assertTrue(resolved.get("replaced").asBoolean(), resolved.toString());
        } finally {
            mining.set(false);
            miner.join(TimeUnit.SECONDS.toMillis(60));
        }
        assertFalse(miner.isAlive(), "the miner did not stop");
        assertTrue(api.validate().get("valid").asBoolean());
        assertEquals(true, node.queries().head().height() >= 400);
    }
}
