package dev.lambdachain.node;

/**
 * A request that could not finish now through no fault of the caller and may succeed if sent
 * again: no proof of work within the time budget, a mempool or chain that kept moving.
 */
public final class TryAgainException extends RuntimeException {
    public TryAgainException(String message) {
        super(message);
    }

    public TryAgainException(String message, Throwable cause) {
        super(message, cause);
    }
}
