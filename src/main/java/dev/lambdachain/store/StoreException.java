package dev.lambdachain.store;

/**
 * Why the store refused or could not do what was asked. Knows no transport: the API layer maps
 * each subclass to a status in one place. Messages are written for the user who has to act.
 */
public abstract class StoreException extends RuntimeException {
    protected StoreException(String message) {
        super(message);
    }

    protected StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
