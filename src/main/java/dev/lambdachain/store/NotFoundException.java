package dev.lambdachain.store;

/** The item asked for is not in the store (an unknown transaction id, a height above the head). */
public final class NotFoundException extends StoreException {
    public NotFoundException(String message) {
        super(message);
    }
}
