package dev.lambdachain.store;

import dev.lambdachain.core.ChainStateException;

/**
 * A chain swap ran out of its time budget before its commit point: nothing of it is visible, what
 * it staged is kept, and the next call that makes the same change (or mining's
 * {@link ChainStore.ReorganiseChain#finish}) carries it on from there.
 */
public final class SwapStoppedException extends ChainStateException {
    public SwapStoppedException(String message) {
        super(Reason.TRY_AGAIN, message, null);
    }
}
