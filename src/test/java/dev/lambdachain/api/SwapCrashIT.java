package dev.lambdachain.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lambdachain.core.Block;
import dev.lambdachain.core.ChainSlice;
import dev.lambdachain.core.ChainWork;
import dev.lambdachain.core.Head;
import dev.lambdachain.node.Node;
import dev.lambdachain.store.ChainStore;
import dev.lambdachain.support.LocalDynamo;
import dev.lambdachain.support.NodeProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link SwapCrashTest} with the reader in another operating-system process: a `serve --dynamodb`
 * JVM on the same table (another "Lambda container"), asked over HTTP between every two writes of
 * a chain swap that this JVM stops after each of its writes in turn. It sees the whole old chain
 * or the whole new one on /chain, /info, /balance and /validate, never a mix or a shortened chain.
 */
class SwapCrashIT {
    @RegisterExtension
    static final LocalDynamo dynamo = new LocalDynamo();

    @Test
    void aReaderInAnotherProcessNeverSeesASwapHalfDone() throws Exception {
        int total = run(Integer.MAX_VALUE);
        assertTrue(total > 5, "a swap of this size takes several writes, counted " + total);
        for (int stopAfter = 1; stopAfter < total; stopAfter++) {
            run(stopAfter);
        }
    }

    private static int run(int stopAfter) throws Exception {
        Node node = dynamo.newNode();
        SwapCrashTest.Fork fork = SwapCrashTest.Fork.on(node);
        String t1 = fork.t1();
        ChainSlice old = fork.old();
        Block genesis = fork.genesis();
        List<Block> incoming = fork.incoming();
        List<String> oldChain = fork.oldChain();
        List<String> newChain = fork.newChain();

        int[] writes = {0};
        try (NodeProcess reader = NodeProcess.serve("--dynamodb", dynamo.endpoint().toString(),
                "--table", node.config().tableName())) {
            ChainStore crashing = dynamo.connection().chainStore(node.config().tableName(), node.clock(),
                    node.config().mempoolShards(), genesis.hash(), write -> {
                writes[0] = write;
                assertWhole(reader, oldChain, newChain, "after write " + write);
                if (write == stopAfter) {
                    throw new SwapCrashTest.Crash(write);
                }
            });
            try {
                crashing.reorganise().run(old.head(), new Head(0, genesis.hash(), ChainWork.ZERO),
                        old.blocks().subList(1, old.blocks().size()), incoming);
            } catch (SwapCrashTest.Crash stopped) {
                assertWhole(reader, oldChain, newChain, "after the swap stopped at write " + stopAfter);
            }
            assertEquals(200, reader.get("/mine").status(), "the next call, in the other process, finishes the swap");
            assertTrue(reader.get("/validate").json().get("valid").asBoolean());
            String status = reader.get("/transactions/" + t1).json().get("status").asText();
            assertTrue(List.of("pending", "confirmed").contains(status), "T1 is " + status);
        }
        return writes[0];
    }

    private static void assertWhole(NodeProcess reader, List<String> oldChain, List<String> newChain, String when) {
        JsonNode chain = reader.get("/chain?limit=500").json();
        List<String> hashes = new ArrayList<>();
        chain.get("chain").forEach(b -> hashes.add(b.get("hash").asText()));
        boolean isOld = hashes.equals(oldChain);
        assertTrue(isOld || hashes.equals(newChain), when + ": /chain mixes or shortens: " + hashes);
        String head = reader.get("/info").json().get("head").asText();
        assertTrue(head.equals(oldChain.get(oldChain.size() - 1)) || head.equals(newChain.get(newChain.size() - 1)),
                when + ": /info head " + head);
        long alice = reader.balance("alice");
        assertTrue(alice == 40 || alice == 0, when + ": alice has " + alice);
        JsonNode valid = reader.get("/validate").json();
        assertTrue(valid.get("valid").asBoolean(), when + ": " + valid);
    }
}
