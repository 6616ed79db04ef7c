package dev.lambdachain.store;

import dev.lambdachain.core.ChainStateException;

/**
 * Another writer got there first: the height was taken, the transaction already submitted, the
 * lease is held, the peer list is full. Repeating the same request will not help as it is.
 */
public final class ConflictException extends ChainStateException {
    public ConflictException(String message) {
        super(Reason.CONFLICT, message, null);
    }
}
