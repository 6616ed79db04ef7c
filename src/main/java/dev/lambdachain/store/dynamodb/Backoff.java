package dev.lambdachain.store.dynamodb;

import dev.lambdachain.store.StoreUnavailableException;
import java.util.concurrent.ThreadLocalRandom;

/** Jittered exponential back-off between retries of a write or a batch read: 1 ms up to ~320 ms. */
final class Backoff {
    private Backoff() {
    }

    /** Sleeps before retry number {@code attempt}; an interrupt ends the retries as unavailable. */
    static void pause(int attempt) {
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(1, 5L << Math.min(attempt, 6)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreUnavailableException("interrupted while retrying a store request; try again", e);
        }
    }
}
