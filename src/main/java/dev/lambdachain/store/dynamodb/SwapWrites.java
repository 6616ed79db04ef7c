package dev.lambdachain.store.dynamodb;

import dev.lambdachain.store.StaleViewException;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.Update;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * How one run of a chain swap (or of a block appended in stages) commits its writes, at most 100 to a transaction, and counts them:
 * after each commit the test hook hears the count and may stop the swap there, as a crash would.
 */
final class SwapWrites {
    private static final int CHUNK = 100;

    private final Transactor transactor;
    private final IntConsumer afterWrite;
    private int count;

    SwapWrites(Transactor transactor, IntConsumer afterWrite) {
        this.transactor = transactor;
        this.afterWrite = afterWrite;
    }

    static TransactWriteItem update(Update update) {
        return TransactWriteItem.builder().update(update).build();
    }

    /** One transaction, counted once it committed. */
    void commit(List<TransactWriteItem> writes) throws Transactor.Cancelled {
        transactor.commit(writes);
        wrote();
    }

    /** One transaction whose refused condition means it was done before (repeatable): counted either way. */
    void commitUnlessDone(List<TransactWriteItem> writes) {
        try {
            transactor.commit(writes);
        } catch (Transactor.Cancelled done) {
            // done before this call
        }
        wrote();
    }

    /**
     * Staging writes in chunks; a refused one means an item changed since the swap read it.
     *
     * @throws StaleViewException when a condition failed: nothing of the swap is visible yet
     */
    void commitInChunks(List<TransactWriteItem> all, String what) {
        for (int from = 0; from < all.size(); from += CHUNK) {
            try {
                commit(all.subList(from, Math.min(all.size(), from + CHUNK)));
            } catch (Transactor.Cancelled e) {
                throw new StaleViewException(what + " changed while the swap was staged; nothing changed, try again: "
                        + e.getMessage());
            }
        }
    }

    /**
     * Staging writes in chunks of at most 99, each with {@code guard} (the check that the
     * stager still holds its claim) in the same transaction.
     *
     * @throws StaleViewException when a condition failed, the guard's included: nothing of the
     *         change is visible yet
     */
    void stageInChunks(List<TransactWriteItem> all, String what, TransactWriteItem guard) {
        stageInChunks(all, what, CHUNK - 1, guard);
    }

    /** As above, at most {@code chunk} writes besides the guard to a transaction (large items: fewer). */
    void stageInChunks(List<TransactWriteItem> all, String what, int chunk, TransactWriteItem guard) {
        int size = Math.min(chunk, CHUNK - 1);
        for (int from = 0; from < all.size(); from += size) {
            List<TransactWriteItem> guarded = new ArrayList<>(all.subList(from, Math.min(all.size(), from + size)));
            guarded.add(guard);
            try {
                commit(guarded);
            } catch (Transactor.Cancelled e) {
                throw new StaleViewException(what + " changed, or another writer began a change of the chain,"
                        + " while this one was staged; nothing changed, try again: " + e.getMessage());
            }
        }
    }

    /**
     * The fold's conditional writes in chunks; a chunk refused because part of it was folded before
     * (a stopped swap) is done again one write at a time.
     */
    void foldInChunks(List<TransactWriteItem> all) {
        for (int from = 0; from < all.size(); from += CHUNK) {
            List<TransactWriteItem> chunk = all.subList(from, Math.min(all.size(), from + CHUNK));
            try {
                commit(chunk);
            } catch (Transactor.Cancelled partlyFolded) {
                chunk.forEach(write -> commitUnlessDone(List.of(write)));
            }
        }
    }

    private void wrote() {
        afterWrite.accept(++count);
    }
}
