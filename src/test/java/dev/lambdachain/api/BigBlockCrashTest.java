package dev.lambdachain.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lambdachain.core.Block;
import dev.lambdachain.core.ChainStateException;
import dev.lambdachain.core.Hash;
import dev.lambdachain.core.Head;
import dev.lambdachain.core.Transaction;
import dev.lambdachain.core.TransactionRecord;
import dev.lambdachain.node.Node;
import dev.lambdachain.node.NodeConfig;
import dev.lambdachain.store.ChainStore;
import dev.lambdachain.support.Events;
import dev.lambdachain.support.LocalDynamo;
import dev.lambdachain.support.LyingPeers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.ObjIntConsumer;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A block too large for one DynamoDB transaction (60 transfers to 60 new accounts: 2 + 61 + 62 =
 * 125 items) is appended in stages; stopped after any of its writes (an injected failure, as a
 * crash would), a second node on the same table reads /chain, /info, /balance, /transactions and
 * /validate between every two writes and sees wholly the old head or wholly the new one. The next
 * /mine completes or redoes it; every transfer ends confirmed exactly once with exact balances.
 */
class BigBlockCrashTest {
    @RegisterExtension
    static final LocalDynamo dynamo = new LocalDynamo();

    private static final int TRANSFERS = 60;

    /** A fresh dev chain with {@link #TRANSFERS} pending transfers from genesis to r0, r1, ... (r_i gets i + 1). */
    record Pending(Node node, Api api, List<String> ids, Block genesis, List<Transaction> pending,
                   Set<Hash> pendingIds) {
        static Pending posted() {
            return posted(dynamo, TRANSFERS);
        }

        /** As {@link #posted()}, with {@code transfers} transfers on a table of {@code engine}. */
        static Pending posted(LocalDynamo engine, int transfers) {
            Node node = engine.newNode(Map.of(NodeConfig.MAX_TRANSACTIONS_PER_BLOCK, "1000"));
            node.prepareChain();
            Api api = new Api(node);
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < transfers; i++) {
                ids.add(ReorganisationTest.id(api, "genesis", "r" + i, i + 1));
            }
            List<Transaction> pending = node.queries().mempool(2 * transfers).stream()
                    .map(TransactionRecord::transaction).toList();
            assertEquals(transfers, pending.size());
            return new Pending(node, api, ids, node.queries().blocks(0, 1).blocks().get(0), pending,
                    pending.stream().map(Transaction::id).collect(Collectors.toSet()));
        }

        /**
         * Appends {@code block} on genesis through a store on {@code engine} that tells
         * {@code between} the kind and number of each of its writes and stops, as a crash would,
         * after write {@code stopAfter}.
         *
         * @return true when the append ran to its end
         */
        boolean appendStoppedAfter(LocalDynamo engine, Block block, int stopAfter, ObjIntConsumer<String> between) {
            ChainStore crashing = engine.connection().chainStore(node.config().tableName(), node.clock(),
                    node.config().mempoolShards(), genesis.hash(), (kind, write) -> {
                between.accept(kind, write);
                if (write == stopAfter) {
                    throw new SwapCrashTest.Crash(write);
                }
            });
            try {
                crashing.append().run(block, node.queries().head(), pendingIds);
                return true;
            } catch (SwapCrashTest.Crash stopped) {
                return false;
            }
        }

        /** After the call that followed a stop: a valid chain, every transfer confirmed once in block 1, balances exact, nothing pending. */
        void assertConfirmedOnce(String when) {
            JsonNode valid = api.validate();
            assertTrue(valid.get("valid").asBoolean(), when + ": " + valid);
            long paid = 0;
            for (int i = 0; i < ids.size(); i++) {
                JsonNode status = ReorganisationTest.status(api, ids.get(i));
                assertEquals("confirmed", status.get("status").asText(), when + ": " + status);
                assertEquals(1, status.get("height").asLong(), when + ": every transfer in the first block");
                assertEquals(i + 1, api.balanceOf("r" + i), when + ": r" + i + " is paid exactly once");
                paid += i + 1;
            }
            assertEquals(1_000_000 - paid, api.balanceOf("genesis"), when);
            assertEquals(0, node.queries().mempoolSize(10), when + ": nothing left pending");
        }
    }

    @Test
    void aBigAppendStoppedAfterAnyOfItsWritesIsNeverSeenHalfDoneAndTheNextMineCompletesIt() {
        SwapCrashTest.stopAfterEachWrite(BigBlockCrashTest::run, 3);
    }

    /**
     * Two writers append different big blocks on one parent at once (a lease that ran out): the one
     * that claims the staging last commits (here it stops right after its flip, leaving its block
     * unfolded), the other's remaining staging writes and its flip are refused, so they cannot
     * overwrite the staged values the next writer folds: one block holds the height and every
     * transfer is confirmed once.
     */
    @Test
    void twoBigAppendsOnOneParentLeaveOneBlockAndEveryTransferConfirmedOnce() {
        Pending setup = Pending.posted();
        Node node = setup.node();
        Api api = setup.api();
        Block genesis = setup.genesis();
        List<Transaction> pending = setup.pending();
        Set<Hash> pendingIds = setup.pendingIds();
        Block first = LyingPeers.mine(genesis, "miner-a", pending);
        Block second = LyingPeers.mine(genesis, "miner-b", pending);
        Head parent = node.queries().head();
        ChainStore other = dynamo.connection().chainStore(node.config().tableName(), node.clock(),
                node.config().mempoolShards(), genesis.hash(), write -> {
            if (node.queries().head().height() == 1) {
                throw new SwapCrashTest.Crash(write); // flipped: stops before its fold
            }
        });
        boolean[] raced = {false};
        ChainStore racing = dynamo.connection().chainStore(node.config().tableName(), node.clock(),
                node.config().mempoolShards(), genesis.hash(), write -> {
            if (write == 2 && !raced[0]) { // claimed and staged its block item: the other writer runs
                raced[0] = true;
                assertThrows(SwapCrashTest.Crash.class, () -> other.append().run(second, parent, pendingIds));
            }
        });
        assertThrows(ChainStateException.class, () -> racing.append().run(first, parent, pendingIds));
        assertTrue(raced[0]);
        assertEquals(List.of(genesis.hash().hex(), second.hash().hex()), SwapCrashTest.chainHashes(api, "after the race"));
        assertEquals(TRANSFERS, api.balanceOf("r" + (TRANSFERS - 1)), "read through the open overlay");

        assertEquals(200, api.mine().getStatusCode(), "the next call folds the committed block");
        setup.assertConfirmedOnce("after the race");
        assertEquals(10, api.balanceOf("miner-b"));
        assertEquals(0, api.balanceOf("miner-a"));
    }

    /** One big append on a fresh table, stopped after write {@code stopAfter}; returns how many writes it made. */
    private static int run(int stopAfter) {
        Pending setup = Pending.posted();
        Node node = setup.node();
        Api api = setup.api();
        List<String> ids = setup.ids();
        Block genesis = setup.genesis();
        Block block = LyingPeers.mine(genesis, "miner", setup.pending());

        Api reader = new Api(new Node(node.config(), dynamo.connection()));
        List<String> oldChain = List.of(genesis.hash().hex());
        List<String> newChain = List.of(genesis.hash().hex(), block.hash().hex());
        int[] writes = {0};
        Set<Boolean> seen = new HashSet<>();
        if (setup.appendStoppedAfter(dynamo, block, stopAfter, (kind, write) -> {
            writes[0] = write;
            seen.add(assertWhole(reader, oldChain, newChain, ids, "after write " + write));
        })) {
            assertEquals(Set.of(true, false), seen, "between its writes the block was seen absent, then whole");
        } else {
            assertWhole(reader, oldChain, newChain, ids, "after the append stopped at write " + stopAfter);
        }

        assertEquals(200, api.mine().getStatusCode(), "the next call completes the append or mines the transfers");
        setup.assertConfirmedOnce("stopped after " + stopAfter);
        return writes[0];
    }

    /** The reader sees wholly the old head (no transfer confirmed) or wholly the new one; true for the old. */
    private static boolean assertWhole(Api reader, List<String> oldChain, List<String> newChain, List<String> ids,
                                       String when) {
        List<String> hashes = SwapCrashTest.chainHashes(reader, when);
        boolean isOld = hashes.equals(oldChain);
        assertTrue(isOld || hashes.equals(newChain), when + ": /chain mixes or shortens: " + hashes);
        if (!isOld) {
            assertEquals(TRANSFERS + 1, reader.node.queries().block(1).orElseThrow().transactions().size(), when);
        }
        JsonNode info = Api.json(reader.info.handleRequest(Events.get("/info"), null));
        assertEquals(hashes.get(hashes.size() - 1), info.get("head").asText(), when + ": /info follows /chain");
        for (int i : List.of(0, TRANSFERS / 2, TRANSFERS - 1)) {
            assertEquals(isOld ? 0 : i + 1, reader.balanceOf("r" + i), when + ": r" + i);
            String status = ReorganisationTest.status(reader, ids.get(i)).get("status").asText();
            assertEquals(isOld ? "pending" : "confirmed", status, when + ": transfer " + i);
        }
        JsonNode valid = reader.validate();
        assertTrue(valid.get("valid").asBoolean(), when + ": " + valid);
        return isOld;
    }
}
