package dev.lambdachain.store;

import dev.lambdachain.core.ChainStateException;

/**
 * A stored item that this node cannot read: a missing attribute, a body that does not decode,
 * or a format version it does not know. Never the caller's fault; the message names the item
 * for the log and is not for a response.
 */
public final class CorruptItemException extends ChainStateException {
    public CorruptItemException(String message) {
        super(Reason.CORRUPT, message, null);
    }

    public CorruptItemException(String message, Throwable cause) {
        super(Reason.CORRUPT, message, cause);
    }
}
