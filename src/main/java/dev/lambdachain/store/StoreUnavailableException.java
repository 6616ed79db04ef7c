package dev.lambdachain.store;

/**
 * The store cannot answer now but may in a moment: no chain written yet, writes that kept
 * colliding, a retry interrupted. The same request is worth sending again.
 */
public final class StoreUnavailableException extends StoreException {
    public StoreUnavailableException(String message) {
        super(message);
    }

    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
