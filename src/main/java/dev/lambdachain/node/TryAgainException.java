package dev.lambdachain.node;

import dev.lambdachain.core.ChainStateException;

/**
 * A request that could not finish now through no fault of the caller and may succeed if sent
 * again: no proof of work within the time budget, a mempool or chain that kept moving.
 */
public final class TryAgainException extends ChainStateException {
    public TryAgainException(String message, Throwable cause) {
        super(Reason.TRY_AGAIN, message, cause);
    }
}
