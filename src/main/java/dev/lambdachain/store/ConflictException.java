package dev.lambdachain.store;

/**
 * Another writer got there first: the height was taken, the transaction already submitted, the
 * lease is held, the peer list is full. Repeating the same request will not help as it is.
 */
public final class ConflictException extends StoreException {
    public ConflictException(String message) {
        super(message);
    }
}
