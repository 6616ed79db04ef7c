package dev.lambdachain.store;

import dev.lambdachain.core.ChainStateException;

/**
 * The store cannot answer now but may in a moment: no chain written yet, writes that kept
 * colliding, a retry interrupted. The same request is worth sending again.
 */
public final class StoreUnavailableException extends ChainStateException {
    public StoreUnavailableException(String message) {
        super(Reason.TRY_AGAIN, message, null);
    }

    public StoreUnavailableException(String message, Throwable cause) {
        super(Reason.TRY_AGAIN, message, cause);
    }
}
