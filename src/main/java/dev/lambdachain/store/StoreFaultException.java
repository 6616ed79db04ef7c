package dev.lambdachain.store;

import dev.lambdachain.core.ChainStateException;

/**
 * The storage engine refused this node's request for a reason no retry fixes: access denied, no
 * such table, a request it does not accept. A configuration or code fault, never the caller's;
 * the message names the engine's error for the log and is not for a response.
 */
public final class StoreFaultException extends ChainStateException {
    public StoreFaultException(String message, Throwable cause) {
        super(Reason.FAULT, message, cause);
    }
}
