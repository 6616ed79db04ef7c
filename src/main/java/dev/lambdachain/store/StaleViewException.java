package dev.lambdachain.store;

import dev.lambdachain.core.ChainStateException;

/** A transaction or balance moved under a block being written: assemble it again from fresh reads. */
public final class StaleViewException extends ChainStateException {
    public StaleViewException(String message) {
        super(Reason.TRY_AGAIN, message, null);
    }
}
