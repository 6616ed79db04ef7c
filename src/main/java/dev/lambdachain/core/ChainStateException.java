package dev.lambdachain.core;

/**
 * The chain's state refused a request or could not serve it now. The {@link Reason} says which,
 * in the domain's words; the API maps each reason to a status in one place. Thrown by the store
 * (its typed subclasses) and by the node's services.
 */
public abstract class ChainStateException extends RuntimeException {

    /** Why, as far as the caller is concerned. */
    public enum Reason {
        /** Another writer got there first; the same request will not succeed as it is. */
        CONFLICT,
        /** The sender's available balance does not cover the spend. */
        INSUFFICIENT_FUNDS,
        /** The item asked for does not exist. */
        NOT_FOUND,
        /** Not now, through no fault of the caller: the same request is worth sending again. */
        TRY_AGAIN,
        /** Stored state this node cannot read: a fault to log, never the caller's. */
        CORRUPT,
        /** The store refused the request for a reason no retry fixes (configuration, permission): a fault to log. */
        FAULT
    }

    private final Reason reason;

    protected ChainStateException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
