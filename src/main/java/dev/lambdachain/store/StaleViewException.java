package dev.lambdachain.store;

/** A transaction or balance moved under a block being written: assemble it again from fresh reads. */
public final class StaleViewException extends StoreException {
    public StaleViewException(String message) {
        super(message);
    }
}
