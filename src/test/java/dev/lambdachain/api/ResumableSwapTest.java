package dev.lambdachain.api;

import dev.lambdachain.core.Transaction;
import dev.lambdachain.node.Node;
import dev.lambdachain.store.ChainStore;
import dev.lambdachain.store.StaleViewException;
import dev.lambdachain.store.SwapStoppedException;
import dev.lambdachain.support.LocalDynamo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A swap onto big blocks ({@link BigSwapCrashTest.BigFork}) whose time budget is spent before it
 * starts stops after one write per call, with nothing visible, and each next call carries it on
 * where the last stopped: the writes of all the calls together are exactly the writes of the same
 * swap run without a budget, so nothing is begun again; once it is done the chain, the
 * transfers and the balances are exact.
 */
class ResumableSwapTest {
    @RegisterExtension
    static final LocalDynamo dynamo = new LocalDynamo();

    @Test
    void aSwapOutOfTimeStopsInvisiblyAndEachNextCallCarriesItOnWithoutRedoingAnything() {
        List<String> whole = writesOfAWholeSwap();
        int beforeFlip = whole.indexOf("flip");
        assertTrue(beforeFlip > 5, "a swap of big blocks stages in several transactions: " + whole);

        BigSwapCrashTest.BigFork fork = BigSwapCrashTest.BigFork.on(dynamo);
        Api reader = new Api(new Node(fork.node().config(), dynamo.connection()));
        List<String> written = new ArrayList<>();
        ChainStore store = fork.store((kind, write) -> written.add(kind));
        int stops = 0;
        while (true) {
            assertTrue(stops < beforeFlip, "every call moves the swap on, so it ends within " + beforeFlip + " calls");
            int before = written.size();
            try {
                fork.swap(store, fork.node().clock().millis()); // a budget already spent
                break;
            } catch (SwapStoppedException outOfTime) {
                stops++;
                assertEquals(before + 1, written.size(), "a call out of time still makes one write, and only one");
                assertTrue(fork.assertWhole(reader, "after stop " + stops), "nothing of a stopped swap is visible");
            }
        }
        assertEquals(beforeFlip - 1, stops, "one call per write before the flip, the last one flipping too");
        assertEquals(whole.subList(0, beforeFlip + 1), written, "the claim, every staging write once, the flip");
        assertFalse(fork.assertWhole(reader, "after the flip, its fold not begun for lack of time"));

        int[] folded = {0};
        ChainStore crashing = fork.store((kind, write) -> {
            written.add(kind);
            if (kind.equals("fold") && ++folded[0] == 2) {
                throw new SwapCrashTest.Crash(write);
            }
        });
        assertThrows(SwapCrashTest.Crash.class, () -> crashing.reorganise().finish());
        assertFalse(fork.assertWhole(reader, "with the fold stopped part way"));
        store.reorganise().finish();
        assertEquals(whole, written, "the fold carried on from its recorded chunk, nothing folded twice");
        assertFalse(fork.assertWhole(reader, "folded"));

        assertEquals(200, fork.api().mine().getStatusCode());
        fork.assertCompleted("after the resumed swap and one /mine");
    }

    @Test
    void aSwapStoppedOnceItsBlocksAreStagedIsCarriedOnByTheNextMine() {
        List<String> whole = writesOfAWholeSwap();
        int stagedBlocks = Collections.frequency(whole, "staged block");

        BigSwapCrashTest.BigFork fork = BigSwapCrashTest.BigFork.on(dynamo);
        Api reader = new Api(new Node(fork.node().config(), dynamo.connection()));
        List<String> written = new ArrayList<>();
        ChainStore store = fork.store((kind, write) -> written.add(kind));
        while (Collections.frequency(written, "staged block") < stagedBlocks) {
            assertTrue(written.size() < whole.size(), "every call moves the swap on: " + written);
            assertThrows(SwapStoppedException.class, () -> fork.swap(store, fork.node().clock().millis()));
        }
        assertTrue(fork.assertWhole(reader, "stopped with its blocks staged"));

        assertEquals(200, fork.api().mine().getStatusCode(), "/mine carries the swap on, then mines on the branch");
        fork.assertCompleted("after /mine carried the stopped swap on");
    }

    /**
     * A transfer of the branch that this node accepts while the swap is stopped, before its staged
     * status is written, is staged as the pending transaction it now is when the next resolve
     * carries the swap on: confirmed once, its sender's reservation released.
     */
    @Test
    void aBranchTransferAcceptedWhileTheSwapIsStoppedIsConfirmedOnceAndItsReservationReleased() {
        BigSwapCrashTest.BigFork fork = BigSwapCrashTest.BigFork.on(dynamo);
        List<String> written = new ArrayList<>();
        ChainStore store = fork.store((kind, write) -> written.add(kind));
        while (!written.contains("transaction")) {
            assertThrows(SwapStoppedException.class, () -> fork.swap(store, fork.node().clock().millis()));
        }
        List<Transaction> lastBig = fork.incoming().get(BigSwapCrashTest.BIG_BLOCKS.length - 1).transactions();
        Transaction late = lastBig.get(lastBig.size() - 1);
        store.accept().run(late, fork.node().clock().millis());
        assertEquals("pending", ReorganisationTest.status(fork.api(), late.id().hex()).get("status").asText());

        fork.swap(store, Long.MAX_VALUE);
        assertEquals(200, fork.api().mine().getStatusCode());
        fork.assertCompleted("with a branch transfer accepted while the swap was stopped");
    }

    /**
     * A stopped swap whose next call fails a staging condition (a branch transfer accepted here
     * while it ran) is abandoned: nothing visible, the head names no staging any more, and the
     * call after stages the swap anew, with that transfer pending, to an exact end.
     */
    @Test
    void aStoppedSwapThatNoLongerFitsIsAbandonedAndTheNextCallStagesItAnew() {
        BigSwapCrashTest.BigFork fork = BigSwapCrashTest.BigFork.on(dynamo);
        Api reader = new Api(new Node(fork.node().config(), dynamo.connection()));
        List<String> written = new ArrayList<>();
        ChainStore store = fork.store((kind, write) -> written.add(kind));
        while (!written.contains("staged block")) {
            assertThrows(SwapStoppedException.class, () -> fork.swap(store, fork.node().clock().millis()));
        }
        List<Transaction> lastBig = fork.incoming().get(BigSwapCrashTest.BIG_BLOCKS.length - 1).transactions();
        Transaction late = lastBig.get(lastBig.size() - 1);
        boolean[] accepted = {false};
        ChainStore racing = fork.store((kind, write) -> {
            if (!accepted[0]) { // after the first write of the call that carries the swap on
                accepted[0] = true;
                store.accept().run(late, fork.node().clock().millis());
            }
        });
        assertThrows(StaleViewException.class, () -> fork.swap(racing, Long.MAX_VALUE));
        assertTrue(fork.assertWhole(reader, "after the swap no longer fitted"));
        Map<String, AttributeValue> head = dynamo.connection().client().getItem(request -> request
                .tableName(fork.node().config().tableName())
                .key(Map.of("pk", AttributeValue.fromS("META"), "sk", AttributeValue.fromS("HEAD")))).item();
        assertFalse(head.containsKey("stagingEpoch"), "abandoned: " + head);

        fork.swap(store, Long.MAX_VALUE);
        assertEquals(200, fork.api().mine().getStatusCode());
        fork.assertCompleted("after a swap abandoned and staged anew");
    }

    /** The kinds of the writes of the swap run to its end without a budget, on a table of its own. */
    private static List<String> writesOfAWholeSwap() {
        BigSwapCrashTest.BigFork reference = BigSwapCrashTest.BigFork.on(dynamo);
        List<String> kinds = new ArrayList<>();
        reference.swap(reference.store((kind, write) -> kinds.add(kind)), Long.MAX_VALUE);
        return kinds;
    }
}
