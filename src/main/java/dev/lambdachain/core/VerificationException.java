package dev.lambdachain.core;

/**
 * A block broke a consensus rule (docs/PROTOCOL.md, "Block rules"). Names the height and what
 * was expected against what was found; knows no transport.
 */
public final class VerificationException extends RuntimeException {
    private final long height;
    private final String reason;

    public VerificationException(long height, String message) {
        super("block " + height + ": " + message);
        this.height = height;
        this.reason = message;
    }

    /** The broken rule in words, without the height: what a refused pending transaction is told. */
    public String reason() {
        return reason;
    }

    public long height() {
        return height;
    }
}
