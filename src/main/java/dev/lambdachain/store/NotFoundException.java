package dev.lambdachain.store;

import dev.lambdachain.core.ChainStateException;

/** The item asked for is not in the store (an unknown transaction id, a height above the head). */
public final class NotFoundException extends ChainStateException {
    public NotFoundException(String message) {
        super(Reason.NOT_FOUND, message, null);
    }
}
