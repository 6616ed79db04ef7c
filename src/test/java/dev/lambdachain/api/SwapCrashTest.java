package dev.lambdachain.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lambdachain.core.Block;
import dev.lambdachain.core.ChainSlice;
import dev.lambdachain.core.ChainWork;
import dev.lambdachain.core.Head;
import dev.lambdachain.node.Node;
import dev.lambdachain.store.ChainStore;
import dev.lambdachain.support.Events;
import dev.lambdachain.support.LocalDynamo;
import dev.lambdachain.support.LyingPeers;
import dev.lambdachain.wire.ProtocolJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntUnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A chain swap stopped after any number of its writes (an injected failure, as a crash would) is
 * never visible half-done: between every two of its writes, and after it stopped, a second node
 * on the same table (its own store objects, sharing nothing but the table) reads /chain, /info,
 * /balance, /transactions and /validate and sees either the whole old chain or the whole new one.
 * The next mining call finishes or abandons the swap, and nothing accepted is lost.
 */
class SwapCrashTest {
    @RegisterExtension
    static final LocalDynamo dynamo = new LocalDynamo();

    /** Stops the swap, as a crashed process would. */
    static final class Crash extends RuntimeException {
        Crash(int write) {
            super("stopped after write " + write);
        }
    }

    /**
     * The swap both crash tests stop: on {@code node}, T1 genesis→alice 100 and T2 alice→bob 60 are
     * mined into a 3-block chain; {@code incoming} is a heavier 5-block branch from genesis without them.
     */
    record Fork(Api api, String t1, String t2, ChainSlice old, Block genesis, List<Block> incoming,
                List<String> oldChain, List<String> newChain) {
        static Fork on(Node node) {
            node.prepareChain();
            Api api = new Api(node);
            String t1 = ReorganisationTest.id(api, "genesis", "alice", 100);
            assertEquals(200, api.mine().getStatusCode());
            String t2 = ReorganisationTest.id(api, "alice", "bob", 60);
            assertEquals(200, api.mine().getStatusCode());
            assertEquals(200, api.mine().getStatusCode());
            ChainSlice old = node.queries().blocks(0, 100);
            Block genesis = old.blocks().get(0);
            List<Block> incoming = new ArrayList<>();
            Block parent = genesis;
            for (int i = 0; i < 5; i++) {
                parent = ProtocolJson.readBlock(ProtocolJson.block(LyingPeers.mine(parent, "other-miner", List.of())),
                        genesis.hash());
                incoming.add(parent);
            }
            List<String> newChain = new ArrayList<>(List.of(genesis.hash().hex()));
            incoming.forEach(b -> newChain.add(b.hash().hex()));
            return new Fork(api, t1, t2, old, genesis, incoming,
                    old.blocks().stream().map(b -> b.hash().hex()).toList(), newChain);
        }
    }

    @Test
    void aSwapStoppedAfterAnyOfItsWritesIsNeverSeenHalfDoneAndTheNextCallLeavesAValidChain() {
        stopAfterEachWrite(SwapCrashTest::run, 5);
    }

    /**
     * Runs {@code run} to its end, then once stopped after each of its writes but the last, each on
     * a fresh table; {@code run} takes the write to stop after and returns how many it made.
     */
    static void stopAfterEachWrite(IntUnaryOperator run, int moreThan) {
        int total = run.applyAsInt(Integer.MAX_VALUE);
        assertTrue(total > moreThan, "it takes several writes, counted " + total);
        for (int stopAfter = 1; stopAfter < total; stopAfter++) {
            run.applyAsInt(stopAfter);
        }
    }

    /** The block hashes a /chain page shows, which must be as many as the length it reports. */
    static List<String> chainHashes(Api reader, String when) {
        JsonNode chain = Api.json(reader.chain.handleRequest(Events.get("/chain", null, Map.of("limit", "500")), null));
        List<String> hashes = new ArrayList<>();
        chain.get("chain").forEach(b -> hashes.add(b.get("hash").asText()));
        assertEquals(hashes.size(), chain.get("length").asInt(), when);
        return hashes;
    }

    /** One swap on a fresh table, stopped after write {@code stopAfter}; returns how many writes it made. */
    private static int run(int stopAfter) {
        Node node = dynamo.newNode();
        Fork prepared = Fork.on(node);
        Api api = prepared.api();
        String t1 = prepared.t1();
        String t2 = prepared.t2();
        ChainSlice old = prepared.old();
        Block genesis = prepared.genesis();
        List<Block> incoming = prepared.incoming();
        List<String> oldChain = prepared.oldChain();
        List<String> newChain = prepared.newChain();

        Api reader = new Api(new Node(node.config(), dynamo.connection()));
        int[] writes = {0};
        Set<Boolean> seen = new java.util.HashSet<>();
        ChainStore crashing = dynamo.connection().chainStore(node.config().tableName(), node.clock(),
                node.config().mempoolShards(), genesis.hash(), write -> {
            writes[0] = write;
            seen.add(assertWhole(reader, oldChain, newChain, t1, t2, "after write " + write));
            if (write == stopAfter) {
                throw new Crash(write);
            }
        });
        Head fork = new Head(0, genesis.hash(), ChainWork.ZERO);
        try {
            crashing.reorganise().run(old.head(), fork, old.blocks().subList(1, old.blocks().size()), incoming);
            assertEquals(Set.of(true, false), seen, "between its writes the swap was seen undone, then done");
        } catch (Crash stopped) {
            assertWhole(reader, oldChain, newChain, t1, t2, "after the swap stopped at write " + stopAfter);
        }

        assertEquals(200, api.mine().getStatusCode(), "the next call finishes or abandons the swap");
        JsonNode valid = api.validate();
        assertTrue(valid.get("valid").asBoolean(), "stopped after " + stopAfter + ": " + valid);
        for (String id : List.of(t1, t2)) {
            String status = ReorganisationTest.status(api, id).get("status").asText();
            assertTrue(Set.of("pending", "confirmed").contains(status), id + " is " + status);
        }
        return writes[0];
    }

    /** What the reader sees is wholly the old chain or wholly the new one, on every route; true for the old. */
    private static boolean assertWhole(Api reader, List<String> oldChain, List<String> newChain, String t1, String t2,
                                    String when) {
        List<String> hashes = chainHashes(reader, when);
        boolean isOld = hashes.equals(oldChain);
        assertTrue(isOld || hashes.equals(newChain), when + ": /chain mixes or shortens: " + hashes);
        JsonNode info = Api.json(reader.info.handleRequest(Events.get("/info"), null));
        String head = info.get("head").asText();
        assertTrue(head.equals(oldChain.get(oldChain.size() - 1)) || head.equals(newChain.get(newChain.size() - 1)),
                when + ": /info head " + head);
        long alice = reader.balanceOf("alice");
        assertTrue(alice == 40 || alice == 0, when + ": alice has " + alice);
        String status = ReorganisationTest.status(reader, t2).get("status").asText();
        assertTrue(status.equals("confirmed") || status.equals("pending"), when + ": T2 is " + status);
        assertTrue(ReorganisationTest.status(reader, t1).has("status"), when);
        JsonNode valid = reader.validate();
        assertTrue(valid.get("valid").asBoolean(), when + ": " + valid);
        assertEquals(isOld ? 40 : 0, alice, when + ": alice's balance belongs to the chain /chain shows");
        return isOld;
    }
}
