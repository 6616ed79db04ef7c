package dev.lambdachain.store.dynamodb;

import dev.lambdachain.store.StaleViewException;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.Update;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import java.util.function.ObjIntConsumer;

/**
 * How one run of a chain swap (or of a block appended in stages) commits its writes, at most 100
 * to a transaction, within its time budget, and counts them: after each commit the test hook hears
 * the count and the kind of write ({@link Kind}) and may stop the run there, as a crash would.
 */
final class SwapWrites {
    private static final int CHUNK = 100;

    /** What a transaction of a change in stages writes, as the test hook hears it. */
    enum Kind {
        CLAIM("claim"), PART("part"), STAGED_BLOCK("staged block"), ACCOUNT("account"), TRANSACTION("transaction"),
        FLIP("flip"), MAIN_BLOCK("main block"), FOLD("fold"), END_OVERLAY("end of overlay"), CLEANUP("cleanup"),
        ABANDON("abandon");

        private final String text;

        Kind(String text) {
            this.text = text;
        }

        String text() {
            return text;
        }
    }

    /** One staging transaction of a change, before its guard: what it writes and of which kind. */
    record Step(Kind kind, List<TransactWriteItem> writes) {
    }

    private final Transactor transactor;
    private final ObjIntConsumer<String> afterWrite;
    private final Clock clock;
    private final long deadlineMillis;
    private int count;

    /**
     * @param afterWrite     hears the kind and the count of this run's writes after each commit
     * @param deadlineMillis epoch milliseconds by {@code clock} after which the run starts no
     *                       staging or fold transaction (once it made one: every run gets on)
     */
    SwapWrites(Transactor transactor, ObjIntConsumer<String> afterWrite, Clock clock, long deadlineMillis) {
        this.transactor = transactor;
        this.afterWrite = afterWrite;
        this.clock = clock;
        this.deadlineMillis = deadlineMillis;
    }

    static TransactWriteItem update(Update update) {
        return TransactWriteItem.builder().update(update).build();
    }

    /** Appends {@code all} to {@code steps} in transactions of at most {@code size} writes (large items: fewer), leaving room for a guard. */
    static void chunk(List<Step> steps, Kind kind, List<TransactWriteItem> all, int size) {
        int most = Math.min(size, CHUNK - 1);
        for (int from = 0; from < all.size(); from += most) {
            steps.add(new Step(kind, all.subList(from, Math.min(all.size(), from + most))));
        }
    }

    /** True once the budget is spent, but never before this run committed a write: each run moves the change on. */
    boolean outOfTime() {
        return count > 0 && clock.millis() >= deadlineMillis;
    }

    /** One transaction, counted once it committed. */
    void commit(Kind kind, List<TransactWriteItem> writes) throws Transactor.Cancelled {
        transactor.commit(writes);
        wrote(kind);
    }

    /** One transaction whose refused condition means it was done before (repeatable): counted either way. */
    void commitUnlessDone(Kind kind, List<TransactWriteItem> writes) {
        try {
            transactor.commit(writes);
        } catch (Transactor.Cancelled done) {
            // done before this call
        }
        wrote(kind);
    }

    /**
     * Writes in chunks; a refused one means an item changed since the swap read it.
     *
     * @throws StaleViewException when a condition failed: nothing of the swap is visible yet
     */
    void commitInChunks(Kind kind, List<TransactWriteItem> all, String what) {
        for (int from = 0; from < all.size(); from += CHUNK) {
            try {
                commit(kind, all.subList(from, Math.min(all.size(), from + CHUNK)));
            } catch (Transactor.Cancelled e) {
                throw new StaleViewException(what + " changed while the swap was staged; nothing changed, try again: "
                        + e.getMessage());
            }
        }
    }

    /**
     * Commits {@code steps} from number {@code done} on, each with {@code guard.apply(n)} (the check
     * that the stager still holds its claim, recording that {@code n} steps are committed) in the
     * same transaction, until all are or the budget is spent.
     *
     * @return how many steps are committed now: {@code steps.size()} unless the budget ran out
     * @throws StaleViewException when a condition failed, the guard's included: nothing of the
     *                            change is visible yet
     */
    int stage(List<Step> steps, int done, IntFunction<TransactWriteItem> guard) {
        for (int step = done; step < steps.size(); step++) {
            if (outOfTime()) {
                return step;
            }
            List<TransactWriteItem> guarded = new ArrayList<>(steps.get(step).writes());
            guarded.add(guard.apply(step + 1));
            try {
                commit(steps.get(step).kind(), guarded);
            } catch (Transactor.Cancelled e) {
                throw new StaleViewException("a " + steps.get(step).kind().text() + " changed, or another writer began"
                        + " a change of the chain, while this one was staged; nothing changed, try again: "
                        + e.getMessage());
            }
        }
        return steps.size();
    }

    /**
     * The fold's conditional writes in chunks of at most 99, from chunk {@code done} on, each with
     * {@code guard.apply(n)} (recording that {@code n} chunks are folded), until all are or the
     * budget is spent. A chunk refused because part of it was folded before (by another writer)
     * is done again one write at a time.
     *
     * @return true when every chunk is folded, false when the budget ran out first
     */
    boolean foldInChunks(List<TransactWriteItem> all, int done, IntFunction<TransactWriteItem> guard) {
        List<Step> chunks = new ArrayList<>();
        chunk(chunks, Kind.FOLD, all, CHUNK - 1);
        for (int chunk = done; chunk < chunks.size(); chunk++) {
            if (outOfTime()) {
                return false;
            }
            List<TransactWriteItem> writes = chunks.get(chunk).writes();
            List<TransactWriteItem> guarded = new ArrayList<>(writes);
            guarded.add(guard.apply(chunk + 1));
            try {
                commit(Kind.FOLD, guarded);
            } catch (Transactor.Cancelled partlyFolded) {
                writes.forEach(write -> commitUnlessDone(Kind.FOLD, List.of(write)));
            }
        }
        return true;
    }

    private void wrote(Kind kind) {
        afterWrite.accept(kind.text(), ++count);
    }
}
