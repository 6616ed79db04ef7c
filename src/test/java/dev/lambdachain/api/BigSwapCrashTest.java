package dev.lambdachain.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import dev.lambdachain.core.Account;
import dev.lambdachain.core.Amount;
import dev.lambdachain.core.Block;
import dev.lambdachain.core.ChainSlice;
import dev.lambdachain.core.ChainWork;
import dev.lambdachain.core.Head;
import dev.lambdachain.core.Transaction;
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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A chain swap onto a branch of big blocks (three of 60, 90 and 120 transfers, each beyond one
 * DynamoDB transaction, and three empty ones) stopped after each of its writes: a second node on
 * the same table reads /chain, /info, /balance, /transactions/{id}, /blocks/{id} and /validate
 * between every two writes and after the stop, and sees wholly the old chain or wholly the new
 * one. The next /mine completes the swap (or, stopped before its blocks were staged, mines on the
 * old chain and the next resolve swaps again); then every transfer is confirmed exactly once and
 * every balance is exact.
 */
class BigSwapCrashTest {
    @RegisterExtension
    static final LocalDynamo dynamo = new LocalDynamo();

    /** Transfers in the branch's three big blocks: genesis pays y0 1, y1 2, ... */
    static final int[] BIG_BLOCKS = {60, 90, 120};
    static final int TRANSFERS = 60 + 90 + 120;

    /**
     * On a fresh table of {@code engine}: T1 genesis→alice 100 and T2 alice→bob 60 mined into a
     * 3-block chain ({@link SwapCrashTest.Fork}); {@code incoming} is a heavier 6-block branch from genesis: the big blocks (T1 in the second,
     * at height 2) and then three empty ones. T2 is not in it: the swap returns it to the mempool.
     */
    record BigFork(LocalDynamo engine, Node node, Api api, String t1, String t2, ChainSlice old, Block genesis,
                   List<Block> incoming, List<String> transferIds, List<String> oldChain, List<String> newChain) {
        static BigFork on(LocalDynamo engine) {
            Node node = engine.newNode(Map.of(NodeConfig.MAX_TRANSACTIONS_PER_BLOCK, "1000"));
            SwapCrashTest.Fork small = SwapCrashTest.Fork.on(node); // the same chain of ours; its branch is not used
            Api api = small.api();
            String t1 = small.t1();
            String t2 = small.t2();
            ChainSlice old = small.old();
            Block genesis = small.genesis();
            Transaction t1Tx = old.blocks().get(1).transactions().get(1);
            assertEquals(t1, t1Tx.id().hex());

            List<Block> incoming = new ArrayList<>();
            List<String> transferIds = new ArrayList<>();
            Block parent = genesis;
            int next = 0;
            for (int b = 0; b < BIG_BLOCKS.length; b++) {
                List<Transaction> body = new ArrayList<>();
                if (b == 1) {
                    body.add(t1Tx);
                }
                for (int i = 0; i < BIG_BLOCKS[b]; i++, next++) {
                    Transaction tx = new Transaction("genesis", "y" + next, Amount.of(next + 1), genesis.timestamp() + 1,
                            0, null, null);
                    body.add(tx);
                    transferIds.add(tx.id().hex());
                }
                parent = LyingPeers.mine(parent, "other-miner", body);
                incoming.add(parent);
            }
            for (int i = 0; i < 3; i++) {
                parent = LyingPeers.mine(parent, "other-miner", List.of());
                incoming.add(parent);
            }
            List<String> newChain = new ArrayList<>(List.of(genesis.hash().hex()));
            incoming.forEach(block -> newChain.add(block.hash().hex()));
            return new BigFork(engine, node, api, t1, t2, old, genesis, incoming, transferIds,
                    old.blocks().stream().map(block -> block.hash().hex()).toList(), newChain);
        }

        /** A store on this fork's table, telling {@code afterWrite} the kind and number of each write of a swap. */
        ChainStore store(ObjIntConsumer<String> afterWrite) {
            return engine.connection().chainStore(node.config().tableName(), node.clock(),
                    node.config().mempoolShards(), genesis.hash(), afterWrite);
        }

        /** Swaps to {@code incoming} from whatever our chain is now, through {@code store}, within {@code deadlineMillis}. */
        void swap(ChainStore store, long deadlineMillis) {
            Head now = node.queries().head();
            List<Block> dropped = node.queries().blocks(1, (int) now.height()).blocks();
            store.reorganise().run(now, new Head(0, genesis.hash(), ChainWork.ZERO), dropped, incoming, deadlineMillis);
        }

        /**
         * The reader sees wholly the old chain or wholly the new one on every route; true for the
         * old. In the old chain the branch's transfers are unknown (404), or, once staged, rejected as
         * "only in a chain this node has not adopted", or pending when accepted here: never confirmed.
         */
        boolean assertWhole(Api reader, String when) {
            List<String> hashes = SwapCrashTest.chainHashes(reader, when);
            boolean isOld = hashes.equals(oldChain);
            assertTrue(isOld || hashes.equals(newChain), when + ": /chain mixes or shortens: " + hashes);
            JsonNode info = Api.json(reader.info.handleRequest(Events.get("/info"), null));
            assertEquals(hashes.get(hashes.size() - 1), info.get("head").asText(), when + ": /info follows /chain");
            assertEquals(isOld ? 40 : 100, reader.balanceOf("alice"), when + ": alice");
            assertEquals(isOld ? 60 : 0, reader.balanceOf("bob"), when + ": bob");
            JsonNode t1Status = ReorganisationTest.status(reader, t1);
            assertEquals("confirmed", t1Status.get("status").asText(), when + ": T1");
            assertEquals(isOld ? 1 : 2, t1Status.get("height").asLong(), when + ": T1's height");
            assertEquals(isOld ? "confirmed" : "pending", ReorganisationTest.status(reader, t2).get("status").asText(),
                    when + ": T2");
            for (int k : List.of(0, 59, 60, TRANSFERS - 1)) { // both ends of the first big block, ends of the others
                assertEquals(isOld ? 0 : k + 1, reader.balanceOf("y" + k), when + ": y" + k);
                APIGatewayV2HTTPResponse status = reader.status.handleRequest(
                        Events.get("/transactions/{id}", Map.of("id", transferIds.get(k)), null), null);
                if (isOld) { // unknown, staged (rejected until the swap commits) or accepted here: never confirmed
                    assertTrue(status.getStatusCode() == 404
                            || !Api.json(status).get("status").asText().equals("confirmed"), when + ": " + status.getBody());
                } else {
                    assertEquals("confirmed", Api.json(status).get("status").asText(), when + ": transfer " + k);
                }
            }
            JsonNode second = Api.json(PartItemCrashTest.blockById(reader, "2")).get("block");
            assertEquals(isOld ? oldChain.get(2) : newChain.get(2), second.get("hash").asText(), when + ": /blocks/2");
            Block lastBig = incoming.get(BIG_BLOCKS.length - 1);
            APIGatewayV2HTTPResponse byHash = PartItemCrashTest.blockById(reader, lastBig.hash().hex());
            assertEquals(isOld ? 404 : 200, byHash.getStatusCode(), when + ": the last big block by hash");
            if (!isOld) {
                assertEquals(lastBig.transactions().size(), Api.json(byHash).get("block").get("transactions").size(), when);
            }
            assertEquals(isOld ? 200 : 404, PartItemCrashTest.blockById(reader, oldChain.get(3)).getStatusCode(),
                    when + ": our old block 3 by hash");
            JsonNode valid = reader.validate();
            assertTrue(valid.get("valid").asBoolean(), when + ": " + valid);
            return isOld;
        }

        /**
         * The end state after the swap and one /mine on the new chain: the branch plus that block,
         * T2 confirmed in it, every transfer confirmed once, every balance exact, nothing pending.
         */
        void assertCompleted(String when) {
            JsonNode valid = api.validate();
            assertTrue(valid.get("valid").asBoolean(), when + ": " + valid);
            List<String> hashes = SwapCrashTest.chainHashes(api, when);
            assertEquals(newChain, hashes.subList(0, Math.min(hashes.size(), newChain.size())), when);
            assertEquals(newChain.size() + 1, hashes.size(), when + ": the branch and one block mined on it");
            JsonNode t2Status = ReorganisationTest.status(api, t2);
            assertEquals("confirmed", t2Status.get("status").asText(), when + ": T2");
            assertEquals(newChain.size(), t2Status.get("height").asLong(), when + ": T2 in the block mined on the branch");
            assertEquals(40, api.balanceOf("alice"), when);
            assertEquals(60, api.balanceOf("bob"), when);
            long paid = 100;
            for (int k = 0; k < TRANSFERS; k++) {
                assertEquals("confirmed", ReorganisationTest.status(api, transferIds.get(k)).get("status").asText(),
                        when + ": transfer " + k);
                assertEquals(k + 1, api.balanceOf("y" + k), when + ": y" + k + " is paid exactly once");
                paid += k + 1;
            }
            assertEquals(1_000_000 - paid, api.balanceOf("genesis"), when);
            assertEquals(10L * incoming.size(), api.balanceOf("other-miner"), when);
            assertEquals(10, api.balanceOf("miner"), when + ": only the block mined on the branch pays our miner");
            for (String address : List.of("genesis", "alice")) {
                Account account = node.queries().account(address);
                assertEquals(0, account.pendingOut(), when + ": no reservation of " + address + " left behind");
                assertEquals(account.balance(), account.available(), when + ": " + address);
            }
            assertEquals(0, node.queries().mempoolSize(10), when + ": nothing left pending");
        }
    }

    @Test
    void aSwapOntoBigBlocksStoppedAfterAnyOfItsWritesIsNeverSeenHalfDoneAndTheNextCallCompletesIt() {
        SwapCrashTest.stopAfterEachWrite(BigSwapCrashTest::run, 10);
    }

    /** One swap on a fresh table, stopped after write {@code stopAfter}; returns how many writes it made. */
    private static int run(int stopAfter) {
        BigFork fork = BigFork.on(dynamo);
        Api reader = new Api(new Node(fork.node().config(), dynamo.connection()));
        int[] writes = {0};
        String[] kind = {""};
        Set<Boolean> seen = new HashSet<>();
        ChainStore crashing = fork.store((what, write) -> {
            writes[0] = write;
            kind[0] = what;
            seen.add(fork.assertWhole(reader, "after write " + write + " (" + what + ")"));
            if (write == stopAfter) {
                throw new SwapCrashTest.Crash(write);
            }
        });
        try {
            fork.swap(crashing, Long.MAX_VALUE);
            assertEquals(Set.of(true, false), seen, "between its writes the swap was seen undone, then done");
        } catch (SwapCrashTest.Crash stopped) {
            fork.assertWhole(reader, "after the swap stopped at write " + stopAfter);
        }

        String when = "stopped after " + stopAfter + " (" + kind[0] + ")";
        assertEquals(200, fork.api().mine().getStatusCode(), when + ": the next call");
        if (!SwapCrashTest.chainHashes(fork.api(), when).contains(fork.newChain().get(1))) {
            // stopped before its blocks were staged: /mine built on the old chain; the next resolve swaps anew
            fork.swap(fork.store((what, write) -> { }), Long.MAX_VALUE);
            assertEquals(200, fork.api().mine().getStatusCode(), when);
        }
        fork.assertCompleted(when);
        return writes[0];
    }
}
