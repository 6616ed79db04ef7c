package dev.lambdachain.consensus;

import dev.lambdachain.core.Block;
import dev.lambdachain.core.ChainWork;
import dev.lambdachain.core.Hash;
import dev.lambdachain.core.Head;
import dev.lambdachain.core.Ledger;
import dev.lambdachain.core.Transaction;
import dev.lambdachain.core.TransactionRecord;
import dev.lambdachain.node.Node;
import dev.lambdachain.node.NodeConfig;
import dev.lambdachain.store.ChainStore;
import dev.lambdachain.store.SwapStoppedException;
import dev.lambdachain.support.LocalDynamo;
import dev.lambdachain.support.LyingPeers;
import dev.lambdachain.support.TestKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Adopting a verified suffix while our chain grew under it. */
class ChainSwapTest {
    @RegisterExtension
    static final LocalDynamo dynamo = new LocalDynamo();

    private static final TestKey OWNER = TestKey.numbered(1);
    private static final TestKey PAYEE = TestKey.numbered(2);
    private static final TestKey THIEF = TestKey.numbered(3);
    private static final TestKey MINER = TestKey.numbered(4);

    /**
     * The suffix was verified when our chain had one block above the fork; a second one, spending
     * OWNER's sequence 1, was mined before the swap took the lease. The swap drops both, and the
     * transaction of the second goes stale too: the adopted chain spent sequence 1 elsewhere.
     */
    @Test
    void aBlockMinedAfterTheDownloadIsDroppedAndItsStaleTransactionsRejected() {
        Node node = dynamo.newNode(Map.of(NodeConfig.SIGNATURE_MODE, "required",
                NodeConfig.GENESIS_ADDRESS, OWNER.address(), NodeConfig.MINER_ADDRESS, MINER.address(),
                NodeConfig.MINING_THREADS, "2"));
        node.prepareChain();
        ChainStore store = dynamo.connection().chainStore(node.config().tableName(), node.clock(),
                node.config().mempoolShards(), node.validator().genesisHash());
        Hash network = node.validator().genesisHash();
        Block genesis = node.config().chain().genesis();
        long now = node.clock().millis();
        Transaction first = OWNER.pay(network, PAYEE.address(), 5, now, 0);
        store.accept().run(first, now);
        node.mining().mine(MINER.address(), 60_000);
        Block seenAtDownload = node.queries().block(1).orElseThrow();
        Transaction minedMeanwhile = OWNER.pay(network, PAYEE.address(), 6, now, 1);
        store.accept().run(minedMeanwhile, now);
        assertEquals(2, node.mining().mine(MINER.address(), 60_000).height());

        Block p1 = LyingPeers.mine(genesis, MINER.address(), List.of(first));
        Block p2 = LyingPeers.mine(p1, MINER.address(), List.of(OWNER.pay(network, THIEF.address(), 9, now, 1)));
        Block p3 = LyingPeers.mine(p2, MINER.address(), List.of());
        List<Block> incoming = List.of(p1, p2, p3);
        Ledger adopted = Ledger.empty();
        adopted.apply(genesis);
        ChainWork work = ChainWork.ZERO;
        for (Block block : incoming) {
            adopted.apply(block);
            work = work.plus(block.powTarget());
        }
        VerifiedSuffix suffix = new VerifiedSuffix(new Head(0, genesis.hash(), ChainWork.ZERO), List.of(seenAtDownload),
                incoming, work, adopted, null);

        Head head = new ChainSwap(store, Duration.ofSeconds(30), node.clock(), node.log(), node.metrics()).adopt(suffix,
                Long.MAX_VALUE);

        assertEquals(p3.hash(), head.hash());
        TransactionRecord stale = store.transactions().transaction(minedMeanwhile.id()).orElseThrow();
        assertEquals(TransactionRecord.Status.REJECTED, stale.status(), stale.toString());
        assertTrue(stale.reason().contains("stale sequence"), stale.reason());
        assertEquals(TransactionRecord.Status.CONFIRMED,
                store.transactions().transaction(first.id()).orElseThrow().status());
        assertEquals(2, store.accounts().account(OWNER.address()).nextSequence());
        assertTrue(node.audit().run().valid(), node.audit().run().toString());
    }
    /**
     * A swap whose deadline has passed stops after one write with nothing visible and gives the
     * mining lease back; the next adoption of the same suffix carries it on, until one commits it.
     */
    @Test
    void aSwapOutOfTimeGivesTheLeaseBackAndTheNextAdoptionCarriesItOn() {
        Node node = dynamo.newNode();
        node.prepareChain();
        ChainStore store = dynamo.connection().chainStore(node.config().tableName(), node.clock(),
                node.config().mempoolShards(), node.validator().genesisHash());
        Block genesis = node.config().chain().genesis();
        Block p1 = LyingPeers.mine(genesis, "other-miner", List.of());
        Block p2 = LyingPeers.mine(p1, "other-miner", List.of());
        Ledger adopted = Ledger.empty();
        adopted.apply(genesis);
        adopted.apply(p1);
        adopted.apply(p2);
        VerifiedSuffix suffix = new VerifiedSuffix(node.queries().head(), List.of(), List.of(p1, p2),
                ChainWork.ZERO.plus(p1.powTarget()).plus(p2.powTarget()), adopted, null);
        ChainSwap swap = new ChainSwap(store, Duration.ofSeconds(30), node.clock(), node.log(), node.metrics());

        int stops = 0;
        while (true) {
            assertTrue(stops < 10, "every adoption moves the swap on");
            try {
                assertEquals(p2.hash(), swap.adopt(suffix, node.clock().millis()).hash());
                break;
            } catch (SwapStoppedException outOfTime) {
                stops++;
                assertEquals(genesis.hash(), store.blocks().head().hash(), "nothing of a stopped swap is visible");
                String holder = ChainStore.MiningLease.holder("test");
                store.lease().acquire(holder, Duration.ofSeconds(5)); // free: the stopped swap gave it back
                store.lease().release(holder);
            }
        }
        assertTrue(stops > 1, "stopped more than once, counted " + stops);
        assertEquals(20, store.accounts().account("other-miner").balance());
        assertTrue(node.audit().run().valid(), node.audit().run().toString());
    }
}
