package dev.lambdachain.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import dev.lambdachain.core.Block;
import dev.lambdachain.node.Node;
import dev.lambdachain.support.Events;
import dev.lambdachain.support.LocalDynamo;
import dev.lambdachain.support.LyingPeers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A block whose body needs part items (600 transfers to 600 new accounts: more than the 500
 * transactions one body item holds, so 2 part items; 2 + 601 + 602 items in all) is appended in
 * stages; a second node on the same table reads /chain, /info, /balance, /transactions/{id},
 * /blocks/{id} (by height and by hash) and /validate between every two of its writes and after it
 * stopped, and sees wholly the old head or wholly the new one. The next /mine completes the append
 * (or mines the transfers anew): every transfer ends confirmed exactly once, balances exact.
 *
 * <p>Why a sample of stops: the append makes about 35 writes, and each stopped run needs a fresh
 * table with 600 transfers posted first. So the run to the end reads every route after each write,
 * and the append is then stopped after the first and the last write of every kind (claim, part,
 * staged block, account, transaction, flip, main block, fold, end of overlay, cleanup; the kinds
 * {@code SwapWrites} reports): writes of one kind between its first and last differ only in which
 * items they touch, not in what a crash there leaves for the next writer.
 */
class PartItemCrashTest {
    @RegisterExtension
    static final LocalDynamo dynamo = new LocalDynamo();

    private static final int TRANSFERS = 600;

    @Test
    void aBlockWithPartItemsStoppedAfterTheFirstAndLastWriteOfEachKindIsNeverSeenHalfDoneAndTheNextMineCompletesIt() {
        List<String> kinds = new ArrayList<>();
        run(Integer.MAX_VALUE, kinds);
        assertEquals(2, Collections.frequency(kinds, "part"), "600 transactions take 2 part items: " + kinds);
        assertTrue(kinds.containsAll(List.of("claim", "staged block", "account", "transaction", "flip", "main block",
                "fold", "end of overlay", "cleanup")), kinds.toString());
        for (int stopAfter : firstAndLastOfEachKind(kinds)) {
            run(stopAfter, new ArrayList<>());
        }
    }

    /**
     * The write numbers (from 1) of the first and the last write of each run of one kind in
     * {@code kinds} (the kind of write n at index n - 1), but the very last write, which stops
     * nothing.
     */
    static SortedSet<Integer> firstAndLastOfEachKind(List<String> kinds) {
        SortedSet<Integer> stops = new TreeSet<>();
        for (int i = 0; i < kinds.size(); i++) {
            if (i == 0 || !kinds.get(i).equals(kinds.get(i - 1))) {
                stops.add(i + 1);
            }
            if (i == kinds.size() - 1 || !kinds.get(i).equals(kinds.get(i + 1))) {
                stops.add(i + 1);
            }
        }
        stops.remove(kinds.size());
        return stops;
    }

    /** One append on a fresh table, stopped after write {@code stopAfter}; adds the kind of each write to {@code kinds}. */
    private static void run(int stopAfter, List<String> kinds) {
        BigBlockCrashTest.Pending setup = BigBlockCrashTest.Pending.posted(dynamo, TRANSFERS);
        Block block = LyingPeers.mine(setup.genesis(), "miner", setup.pending());
        Api reader = new Api(new Node(setup.node().config(), dynamo.connection()));
        Set<Boolean> seen = new HashSet<>();
        if (setup.appendStoppedAfter(dynamo, block, stopAfter, (kind, write) -> {
            kinds.add(kind);
            seen.add(assertWhole(reader, setup.genesis(), block, setup.ids(), "after write " + write + " (" + kind + ")"));
        })) {
            assertEquals(Set.of(true, false), seen, "between its writes the block was seen absent, then whole");
        } else {
            assertWhole(reader, setup.genesis(), block, setup.ids(), "after the append stopped at write " + stopAfter);
        }

        String when = "stopped after " + stopAfter + " (" + kinds.get(Math.min(stopAfter, kinds.size()) - 1) + ")";
        assertEquals(200, setup.api().mine().getStatusCode(), when + ": the next call completes the append or mines anew");
        setup.assertConfirmedOnce(when);
    }

    /** The reader sees wholly the old head (genesis only, nothing confirmed) or wholly the new one; true for the old. */
    private static boolean assertWhole(Api reader, Block genesis, Block block, List<String> ids, String when) {
        List<String> hashes = SwapCrashTest.chainHashes(reader, when);
        boolean isOld = hashes.equals(List.of(genesis.hash().hex()));
        assertTrue(isOld || hashes.equals(List.of(genesis.hash().hex(), block.hash().hex())),
                when + ": /chain mixes or shortens: " + hashes);
        JsonNode info = Api.json(reader.info.handleRequest(Events.get("/info"), null));
        assertEquals(hashes.get(hashes.size() - 1), info.get("head").asText(), when + ": /info follows /chain");
        for (String id : List.of("1", block.hash().hex())) {
            APIGatewayV2HTTPResponse found = blockById(reader, id);
            assertEquals(isOld ? 404 : 200, found.getStatusCode(), when + ": /blocks/" + id);
            if (!isOld) {
                JsonNode shown = Api.json(found).get("block");
                assertEquals(block.hash().hex(), shown.get("hash").asText(), when);
                assertEquals(TRANSFERS + 1, shown.get("transactions").size(), when + ": the whole body, every part");
            }
        }
        for (int i : List.of(0, 498, 499, TRANSFERS - 1)) { // in the first part item and in the second
            assertEquals(isOld ? 0 : i + 1, reader.balanceOf("r" + i), when + ": r" + i);
            JsonNode status = ReorganisationTest.status(reader, ids.get(i));
            assertEquals(isOld ? "pending" : "confirmed", status.get("status").asText(), when + ": transfer " + i);
        }
        JsonNode valid = reader.validate();
        assertTrue(valid.get("valid").asBoolean(), when + ": " + valid);
        return isOld;
    }

    static APIGatewayV2HTTPResponse blockById(Api reader, String id) {
        return new BlockHandler(reader.node).handleRequest(Events.get("/blocks/{id}", Map.of("id", id), null), null);
    }
}
